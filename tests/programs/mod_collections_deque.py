# collections.deque: both ends, rotation, maxlen.
from collections import deque
d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, d.pop(), d.popleft(), d)
d.extend([7, 8]); d.extendleft([-1, -2])
print(d, len(d), d[0], d[-1], 7 in d)
d.rotate(2); print(d)
d.rotate(-3); print(d)
d.remove(7)
print(d, d.count(1), d.index(2))
b = deque(maxlen=3)
for i in range(6):
    b.append(i)
    print(list(b))
print(b.maxlen, deque("abc", maxlen=2))
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
d.reverse(); print(d)
d.clear(); print(d, bool(d))
print(deque(range(5))[2], deque([1, 2]) + deque([3]), deque([1]) * 3)
