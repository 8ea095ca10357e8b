# int <-> str in every base 2..36, with prefixes, underscores, signs and whitespace.
n = 123456789
digits = "0123456789abcdefghijklmnopqrstuvwxyz"
def to_base(v, b):
    if v == 0:
        return "0"
    sign, v = ("-", -v) if v < 0 else ("", v)
    out = ""
    while v:
        v, r = divmod(v, b)
        out = digits[r] + out
    return sign + out
for b in [2, 3, 7, 8, 10, 16, 20, 36]:
    s = to_base(n, b)
    print(b, s, int(s, b) == n, int(s.upper(), b) == n)
print(int("-0x_ff", 16), int(" +0b1_0 ", 0), int("0o777", 8), int("Z", 36), int("10", 36))
for bad, base in [("0x1g", 16), ("12", 2), ("_1", 10), ("1_", 10), ("0b", 0), ("09", 0)]:
    try:
        int(bad, base)
    except ValueError as e:
        print("ValueError:", e)
print(int("00", 0), int("0_0", 0), format(n, "#x"), format(-n, "#o"), format(n, "_b")[:20])
