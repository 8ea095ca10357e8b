# collections.deque and defaultdict (native, from _collections) against CPython.
from collections import deque, defaultdict, Counter, OrderedDict
d = deque([1, 2, 3], maxlen=5); print(repr(d), repr(deque()), d.maxlen, repr(deque([1], maxlen=None)))
print(d.__reduce__()[:3])
dd = defaultdict(list); dd['a'].append(1); print(repr(dd), repr(defaultdict()), dd.__reduce__()[:2])
try: defaultdict(1)
except TypeError as e: print(e)
for f in (lambda: deque().pop(), lambda: deque().popleft(), lambda: deque([1]).remove(2), lambda: deque([1]).index(2), lambda: deque([1])[5], lambda: deque([1], maxlen=-1), lambda: deque([1], maxlen=1).insert(0, 2), lambda: hash(deque())):
    try: f()
    except Exception as e: print(type(e).__name__, e)
d = deque([1, 2]); it = iter(d); d.append(3)
try: next(it)
except RuntimeError as e: print(e)
print(deque([1, 2]) == deque([1, 2]), deque([1]) < deque([2]), deque([1, 2]) + deque([3]), deque([1, 2]) * 2)
d = deque(range(10), maxlen=4); d.append(10); d.appendleft(-1); print(d, list(reversed(d)), len(d), 7 in d)
d = deque('abcde'); d.rotate(2); print(d); d.rotate(-3); print(d); d.extendleft('xy'); print(d, d.count('a'), d.index('c'))
del d[0]; d[0] = 'Q'; d.insert(2, 'Z'); d.remove('Z'); d.reverse(); print(d, d.copy(), bool(deque()))
dd = defaultdict(int); 
for w in 'the cat the dog the'.split(): dd[w] += 1
print(sorted(dd.items()), dd.default_factory, dd.copy(), type(dd | {'x': 1}).__name__, dict(dd | {'the': 0})['the'])
print(Counter('abracadabra').most_common(2), OrderedDict([(1, 2)]))
class MyDeque(deque): pass
m = MyDeque([1, 2]); m.append(3); print(m, type(m.copy()).__name__)
class MyDD(defaultdict): pass
m = MyDD(list); m[1].append(2); print(m)
print(deque.__class_getitem__(int), defaultdict[str, int])
