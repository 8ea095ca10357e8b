# Short-circuit evaluation of and/or/not and conditional expressions, with side effects.
calls = []
def v(x):
    calls.append(x)
    return x
print(v(0) and v(1), calls); calls.clear()
print(v(2) and v(3), calls); calls.clear()
print(v(0) or v(4), calls); calls.clear()
print(v(5) or v(6), calls); calls.clear()
print(v(0) or v("") or v(None), calls); calls.clear()
print(v(1) and v(2) and v(0) and v(9), calls); calls.clear()
print(v(True) if v(False) else v("else"), calls); calls.clear()
print(not v([]), calls); calls.clear()
print(all(v(x) for x in [1, 0, 2]), calls); calls.clear()
print(any(v(x) for x in [0, 3, 4]), calls); calls.clear()
class Loud:
    def __init__(self, t):
        self.t = t
    def __bool__(self):
        calls.append(f"bool {self.t}")
        return self.t
r = Loud(False) or Loud(True)
print(r.t, calls); calls.clear()
if Loud(True) and Loud(False):
    pass
print(calls)
