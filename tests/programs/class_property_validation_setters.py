# Properties enforcing invariants across related attributes (a Range with lo <= hi).
class Range:
    def __init__(self, lo, hi):
        self._lo, self._hi = lo, hi
        self._check()
    def _check(self):
        if self._lo > self._hi:
            raise ValueError(f"lo {self._lo} > hi {self._hi}")
    @property
    def lo(self):
        return self._lo
    @lo.setter
    def lo(self, v):
        old, self._lo = self._lo, v
        try:
            self._check()
        except ValueError:
            self._lo = old
            raise
    @property
    def hi(self):
        return self._hi
    @hi.setter
    def hi(self, v):
        old, self._hi = self._hi, v
        try:
            self._check()
        except ValueError:
            self._hi = old
            raise
    @property
    def width(self):
        return self._hi - self._lo
    def __contains__(self, x):
        return self._lo <= x <= self._hi
    def __repr__(self):
        return f"Range({self._lo}, {self._hi})"
r = Range(1, 10)
r.lo = 5
print(r, r.width, 7 in r, 11 in r)
for attr, v in [("lo", 20), ("hi", 2), ("hi", 50)]:
    try:
        setattr(r, attr, v)
        print("set", attr, v, "->", r)
    except ValueError as e:
        print("ValueError:", e, "| unchanged:", r)
try:
    Range(3, 1)
except ValueError as e:
    print("ValueError:", e)
