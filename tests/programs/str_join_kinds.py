# str.join and f-string building (BUILD_STRING) across the three string
# kinds: the result takes the widest kind of its pieces and separator.
pieces = ["a", "é", "€", "\U0001F600", "", "\ud800"]
for sep in ["", ",", "é", "€", "\U0001F600"]:
    for n in range(len(pieces) + 1):
        r = sep.join(pieces[:n])
        print(repr(sep), n, ascii(r), len(r))
print(ascii("".join(p * 3 for p in pieces)))
print(ascii("-".join(iter(["x", "y"]))), ascii("-".join(("é",))))


class S(str):
    pass


r = "".join([S("sub")])
print(type(r).__name__, r)
r = ",".join([S("a"), "b"])
print(type(r).__name__, r)
for bad in (["a", 1], [b"x"], [None, "a"]):
    try:
        ",".join(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    ",".join(5)
except TypeError as e:
    print("TypeError:", e)
x, y, z = "é", "€", "\U0001F600"
print(ascii(f"{x}{y}{z}"), ascii(f"a{1}b{x!r}c{y:>3}d{z}"), ascii(f"{''}{''}"))
print(len(",".join(str(i) for i in range(10000))))
