# __str__, __repr__, __format__ and how print/str/repr/format/f-strings use them.
class Only:
    def __repr__(self):
        return "Only()"
class Both:
    def __str__(self):
        return "str-of-both"
    def __repr__(self):
        return "Both()"
class Fmt:
    def __format__(self, spec):
        return f"<Fmt spec={spec!r}>"
print(Only(), str(Only()), [Only()], Both(), [Both()], repr(Both()), f"{Both()} {Both()!r}")
print(format(Fmt(), "x>10"), f"{Fmt():abc}", "{:q}".format(Fmt()), f"{Fmt()}")
class Default:
    pass
try:
    format(Default(), "d")
except TypeError as e:
    print("TypeError:", e)
d = Default()
print(format(d, "") == str(d))
class BadRepr:
    def __repr__(self):
        return 5
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
print(str(3), repr("x"), str(None), repr(None), repr(...), repr(NotImplemented), str(type), repr(int))
class Temp:
    def __init__(self, d):
        self.d = d
    def __format__(self, spec):
        if spec.endswith("F"):
            return format(self.d * 9 / 5 + 32, spec[:-1] + "f") + "°F"
        return format(self.d, spec) + "°C"
print(f"{Temp(100):.1F} {Temp(37.5):.2f} {Temp(0):}")
