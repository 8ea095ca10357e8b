# Assignment expressions (:=).
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list of", n)
values = iter([5, 4, 0, 7])
while (v := next(values)) != 0:
    print("value", v)
print([y for x in data if (y := x * 2) > 6])
print(y)
def f(x):
    return x * 10
print([(x, fx) for x in range(4) if (fx := f(x)) % 20 == 0])
print((total := sum(data)), total / n)
import re
if m := re.match(r"(\w+)@(\w+)", "user@host"):
    print(m.group(1), m.group(2))
stack = [1, 2, 3]
while stack and (top := stack.pop()) != 1:
    print("popped", top)
print(any((hit := x) > 5 for x in data), hit)
def scope():
    [z := i for i in range(3)]
    return z
print(scope())
