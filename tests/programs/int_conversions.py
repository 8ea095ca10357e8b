# int() from strings and other types, and back.
print(int("42"), int("-42"), int("  17  "), int("+8"))
print(int("ff", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0))
print(int("z", 36), int("1_000_000"), int("10", 2))
print(int(3.99), int(-3.99), int(True), int(False))
print(int(1e20), int(-0.0))
for bad in ["", "abc", "1.5", "0x", "1__0", "0b2"]:
    try:
        int(bad, 0) if bad.startswith("0") else int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("5", 1)
except ValueError as e:
    print("ValueError:", e)
try:
    int(float("inf"))
except OverflowError as e:
    print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
print(str(-0), repr(10 ** 25), format(255, "x"), format(255, "#b"))
print(round(1234, -2), round(1250, -2), round(1350, -2))
class Num:
    def __index__(self):
        return 9
print(int(Num()) if hasattr(Num, "__int__") else bin(Num()), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100][Num()])
