# Chained comparisons evaluate each operand once and short-circuit.
calls = []
def v(x):
    calls.append(x)
    return x
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1.0 == True)
print(v(1) < v(5) < v(3) < v(10))
print(calls)
calls.clear()
print(v(5) < v(1) < v(10))
print(calls)
x = 5
print(0 <= x < 10, 0 < x != 5, x in [5] in [[5]], 1 < x is not None)
a = [1]
print(a == [1] is not a, None is None is None)
print("a" < "b" <= "b" < "c", (1, 2) < (1, 3) < (2,))
class Cmp:
    def __init__(self, n):
        self.n = n
    def __lt__(self, other):
        print(f"  {self.n} < {other.n}")
        return self.n < other.n
print(Cmp(1) < Cmp(2) < Cmp(0) < Cmp(5))
