# The _heapq and _bisect modules: heaps (min and max), comparisons that
# mutate the heap, bisection with key/lo/hi, insort on list subclasses,
# argument errors, and heaps shared by threads.
import _bisect
import _heapq
import bisect
import heapq
import random
import threading


def show(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "=", repr(r))


print(heapq.heappush is _heapq.heappush, bisect.bisect is _bisect.bisect_right)
print(sorted(n for n in dir(_heapq) if not n.startswith("__")))
print(sorted(n for n in dir(_bisect) if not n.startswith("__")))

rng = random.Random(5)
data = [rng.randrange(1000) for _ in range(300)]

h = []
for x in data:
    _heapq.heappush(h, x)
print("min pops", [_heapq.heappop(h) for _ in range(10)], len(h))
h2 = list(data)
_heapq.heapify(h2)
print("heapify ok", all(h2[k] <= h2[c] for k in range(len(h2)) for c in (2 * k + 1, 2 * k + 2) if c < len(h2)))
print("replace", _heapq.heapreplace(h2, 500), h2[0])
print("pushpop small", _heapq.heappushpop(h2, -1), "pushpop big", _heapq.heappushpop(h2, 10**6), h2[0])
print("sorted", [_heapq.heappop(h2) for _ in range(len(h2))] == sorted(h2 + sorted(data)[1:] + [500, 10**6])[: len(data) + 1] or "checked")

big = [rng.random() for _ in range(6000)]
hb = list(big)
_heapq.heapify(hb)
print("big heapify", [_heapq.heappop(hb) for _ in range(len(hb))] == sorted(big))

m = []
for x in data:
    _heapq.heappush_max(m, x)
print("max pops", [_heapq.heappop_max(m) for _ in range(10)], len(m))
m2 = list(data)
_heapq.heapify_max(m2)
print("max top", m2[0], max(data))
print("replace_max", _heapq.heapreplace_max(m2, -5), m2[0])
print("pushpop_max", _heapq.heappushpop_max(m2, 10**6), _heapq.heappushpop_max(m2, -10), m2[0])
mb = list(big)
_heapq.heapify_max(mb)
print("big heapify_max", [_heapq.heappop_max(mb) for _ in range(len(mb))] == sorted(big, reverse=True))

show("pop empty", _heapq.heappop, [])
show("pop_max empty", _heapq.heappop_max, [])
show("replace empty", _heapq.heapreplace, [], 1)
show("replace_max empty", _heapq.heapreplace_max, [], 1)
show("pushpop empty", _heapq.heappushpop, [], 3)
show("push tuple", _heapq.heappush, (), 1)
show("pop tuple", _heapq.heappop, ())
show("heapify tuple", _heapq.heapify, (1, 2))
show("push_max tuple", _heapq.heappush_max, (), 1)
show("push 1 arg", _heapq.heappush, [])
show("push kw", _heapq.heappush, [], item=1)
show("pop 2 args", _heapq.heappop, [], 1)
show("heapify 0 args", _heapq.heapify)
show("push uncomparable", _heapq.heappush, [1], "a")


class L(list):
    pass


sub = L([5, 3, 9, 1])
_heapq.heapify(sub)
print("subclass", type(sub).__name__, sub[0])


class Evil:
    def __init__(self, heap, value):
        self.heap = heap
        self.value = value

    def __lt__(self, other):
        self.heap.clear()
        return self.value < other.value


for fname in ["heappush", "heappush_max"]:
    heap = []
    heap.extend(Evil(heap, i) for i in range(5))
    show(fname + " mutating", getattr(_heapq, fname), heap, Evil(heap, -1))
for fname in ["heappop", "heappop_max", "heapify", "heapify_max"]:
    heap = []
    heap.extend(Evil(heap, i) for i in range(5))
    show(fname + " mutating", getattr(_heapq, fname), heap)
heap = []
heap.extend(Evil(heap, i) for i in range(5))
show("heappushpop mutating", _heapq.heappushpop, heap, Evil(heap, 10))


class Appender:
    def __init__(self, heap, value):
        self.heap = heap
        self.value = value

    def __lt__(self, other):
        self.heap.append(Appender(self.heap, 0))
        return self.value < other.value


heap = []
heap.extend(Appender(heap, i) for i in range(3))
show("heappush appending", _heapq.heappush, heap, Appender(heap, -1))

# Threads sharing one heap: each pushes its own numbers, then the heap is
# drained in order.
shared = []
lock = threading.Lock()


def pusher(base):
    for i in range(2000):
        _heapq.heappush(shared, base + i * 7)


threads = [threading.Thread(target=pusher, args=(b,)) for b in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
drained = [_heapq.heappop(shared) for _ in range(len(shared))]
print("threads", len(drained), drained == sorted(drained))

# bisect.
a = [1, 2, 2, 2, 3, 5, 8]
for x in [0, 2, 4, 9]:
    print("bisect", x, _bisect.bisect_left(a, x), _bisect.bisect_right(a, x))
print("lo/hi", _bisect.bisect_left(a, 2, 2), _bisect.bisect_right(a, 2, 0, 3), _bisect.bisect_left(a, 2, hi=None))
print("key", _bisect.bisect_left([("a", 1), ("b", 5)], 3, key=lambda p: p[1]))
b = [1, 3]
_bisect.insort_left(b, 2)
_bisect.insort_right(b, 3)
_bisect.insort(b, 0) if hasattr(_bisect, "insort") else None
bisect.insort(b, 10)
print("insort", b)
kb = [("x", 1), ("y", 4)]
_bisect.insort_right(kb, ("z", 2), key=lambda p: p[1])
print("insort key", kb)
print("range", _bisect.bisect_left(range(0, 100, 3), 50), _bisect.bisect_right(range(10**18), 10**17))
print("tuple", _bisect.bisect_right((1, 2, 3), 2), "str", _bisect.bisect_left("acegi", "d"))


class Inserter(list):
    def insert(self, i, x):
        print("custom insert", i, x)
        super().insert(i, x)


ins = Inserter([1, 5])
_bisect.insort_left(ins, 3)
print("inserter", ins)


class LenOnly:
    def __len__(self):
        return 3


class GetOnly:
    def __getitem__(self, i):
        return i


class Mapping:
    def __len__(self):
        return 2

    def __getitem__(self, k):
        return k

    keys = None


show("lo negative", _bisect.bisect_left, [1], 1, -1)
show("insort lo negative", _bisect.insort_right, [1], 1, -1)
show("hi str", _bisect.bisect_left, [1], 1, 0, "x")
show("lo str", _bisect.bisect_left, [1], 1, "x")
show("lo huge", _bisect.bisect_left, [1], 1, 2**70)
show("hi huge", _bisect.bisect_left, [1, 2], 1, 0, 2**70)
show("hi negative", _bisect.bisect_right, [1, 2], 1, hi=-5)
show("int", _bisect.bisect_left, 1, 1)
show("len only", _bisect.bisect_left, LenOnly(), 1)
show("get only", _bisect.bisect_left, GetOnly(), 1)
show("get only hi", _bisect.bisect_left, GetOnly(), 5, 0, 10)
show("dict", _bisect.bisect_left, {1: 1}, 1)
show("no args", _bisect.bisect_left)
show("one arg", _bisect.bisect_left, [1])
show("too many", _bisect.insort_left, [1], 1, 2, 3, 4, 5)
show("five positional", _bisect.insort_left, [1], 1, 0, 1, None)
show("name and position", _bisect.bisect_left, [1], 1, x=2)
show("unknown kw", _bisect.bisect_left, [1], 1, y=2)
show("kw only", _bisect.bisect_right, x=1, a=[1, 2])
show("key not callable", _bisect.insort_left, [1], 1, key=1)
show("uncomparable", _bisect.bisect_left, [1, 2], "a")


class Weird:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return NotImplemented if self.v == 2 else ("yes" if self.v < other.v else "")

    def __gt__(self, other):
        return self.v > other.v


ws = [Weird(i) for i in range(5)]
print("weird", _bisect.bisect_left(ws, Weird(3)), _bisect.bisect_right(ws, Weird(2)))
