# bool as an int subclass, truthiness, and/or/not.
print(True + True, True * 10, False - 1, True / 2, -True)
print(isinstance(True, int), bool.__mro__, type(True + 1))
print(repr(True), str(False), int(True), True == 1, hash(True) == hash(1))
for v in [0, 1, -1, 0.0, "", "a", [], [0], (), {}, {0: 0}, set(), None, 0j, range(0), range(1)]:
    print(repr(v), bool(v), not v)
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "x", "" and "y")
print(True & False, True | False, True ^ True, type(True & False))
print(sum([True, False, True, True]), max(True, 2))
class Z:
    def __len__(self):
        return 0
class B:
    def __bool__(self):
        return False
    def __len__(self):
        return 5
print(bool(Z()), bool(B()))
print(bool.__name__, True.__class__.__name__)
try:
    class X(bool): pass
except TypeError as e:
    print("TypeError:", e)
