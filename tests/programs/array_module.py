# The array module: typecodes, conversions and their errors, slicing,
# methods, comparisons, pickling, the buffer export, and threads.
import array
import copy
import io
import pickle
import struct
import sys
import threading
import warnings
import weakref


def show(label, f):
    try:
        r = repr(f())
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)
    else:
        print(label, "=", r)


class Idx:
    def __index__(self):
        return 7

    def __repr__(self):
        return "Idx()"


print(array.typecodes)
print(array.ArrayType is array.array, array.array.__module__, array.array.__name__)
for tc in array.typecodes:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        a = array.array(tc)
    print(tc, a.itemsize, a.typecode, repr(a), [str(x.message) for x in w])

warnings.simplefilter("ignore", DeprecationWarning)

values = [0, 1, -1, 127, 128, -128, -129, 255, 256, 2**15, -2**15 - 1, 2**16, 2**31,
          -2**31 - 1, 2**32, 2**63, -2**63 - 1, 2**64, 1.5, "a", "ab", None, Idx(), True, 1e300]
for tc in "bBhHiIlLqQfduw":
    for v in values:
        show(f"{tc} {v!r}", lambda: array.array(tc, [v]))

show("bad typecode", lambda: array.array("x"))
show("long typecode", lambda: array.array("ii"))
show("int typecode", lambda: array.array(1))
show("no args", lambda: array.array())
show("kwargs", lambda: array.array("i", initializer=[1]))
show("str init", lambda: array.array("i", "abc"))
show("unicode array init", lambda: array.array("i", array.array("w", "ab")))
show("bad iterable", lambda: array.array("i", 5))
show("bytes init", lambda: array.array("h", b"\x01\x00\x02\x00"))
show("bytes odd", lambda: array.array("h", b"\x01\x00\x02"))
show("bytearray init", lambda: array.array("B", bytearray(b"xyz")))
show("tuple init", lambda: array.array("d", (1, 2.5)))
show("gen init", lambda: array.array("i", (i * i for i in range(5))))
show("array init", lambda: array.array("d", array.array("i", [1, 2])))
show("array same", lambda: array.array("i", array.array("i", [1, 2])))
show("str u", lambda: array.array("u", "h\u00e9\U0001f600"))
show("str w", lambda: array.array("w", "h\u00e9\U0001f600"))

a = array.array("i", range(10))
show("len", lambda: len(a))
show("a[3]", lambda: a[3])
show("a[-1]", lambda: a[-1])
show("a[10]", lambda: a[10])
show("a['x']", lambda: a["x"])
show("a[2:5]", lambda: a[2:5])
show("a[::2]", lambda: a[::2])
show("a[::-3]", lambda: a[::-3])
show("a[8:2:-2]", lambda: a[8:2:-2])
show("a[100:]", lambda: a[100:])


def assign(a, k, v):
    a[k] = v
    return a


def delete(a, k):
    del a[k]
    return a


show("set item", lambda: assign(array.array("i", [1, 2, 3]), 1, 20))
show("set item neg", lambda: assign(array.array("i", [1, 2, 3]), -1, 30))
show("set item out", lambda: assign(array.array("i", [1, 2, 3]), 3, 30))
show("set item bad", lambda: assign(array.array("i", [1, 2, 3]), 0, "x"))
show("set slice", lambda: assign(array.array("i", [1, 2, 3, 4]), slice(1, 3), array.array("i", [9, 9, 9])))
show("set slice shrink", lambda: assign(array.array("i", [1, 2, 3, 4]), slice(0, 3), array.array("i", [7])))
show("set slice list", lambda: assign(array.array("i", [1, 2, 3]), slice(0, 1), [5]))
show("set slice kind", lambda: assign(array.array("i", [1, 2, 3]), slice(0, 1), array.array("l", [5])))
show("set ext slice", lambda: assign(array.array("i", range(6)), slice(None, None, 2), array.array("i", [7, 8, 9])))
show("set ext slice size", lambda: assign(array.array("i", range(6)), slice(None, None, 2), array.array("i", [7])))
show("set self slice", lambda: (lambda b: assign(b, slice(1, 2), b))(array.array("i", [1, 2, 3])))
show("set reversed insert", lambda: assign(array.array("i", [1, 2, 3]), slice(2, 1), array.array("i", [8, 9])))
show("del item", lambda: delete(array.array("i", [1, 2, 3]), 0))
show("del item out", lambda: delete(array.array("i", [1, 2, 3]), 5))
show("del slice", lambda: delete(array.array("i", range(8)), slice(2, 5)))
show("del ext slice", lambda: delete(array.array("i", range(10)), slice(1, None, 3)))
show("del neg ext slice", lambda: delete(array.array("i", range(10)), slice(None, None, -2)))

b = array.array("i", [1, 2])
show("concat", lambda: b + array.array("i", [3]))
show("concat list", lambda: b + [3])
show("concat kind", lambda: b + array.array("h", [3]))
show("repeat", lambda: b * 3)
show("rrepeat", lambda: 2 * b)
show("repeat neg", lambda: b * -1)
c = array.array("i", [1])
c += array.array("i", [2, 3])
print("iadd", c)
show("iadd list", lambda: c.__iadd__([1]))
c *= 2
print("imul", c)
c *= 0
print("imul 0", c)
show("in", lambda: (2 in b, 5 in b, 2.0 in b))
show("hash", lambda: hash(b))

for x, y in [([1, 2], [1, 2]), ([1, 2], [1, 3]), ([1, 2], [1]), ([], []), ([3], [1, 2])]:
    ax, ay = array.array("i", x), array.array("i", y)
    print(x, y, ax == ay, ax != ay, ax < ay, ax <= ay, ax > ay, ax >= ay)
print(array.array("i", [1, 2]) == array.array("d", [1.0, 2.0]))
print(array.array("B", [200]) < array.array("b", [-1]), array.array("B", [200]) > array.array("B", [1]))
print(array.array("Q", [2**64 - 1]) > array.array("Q", [1]), array.array("q", [-5]) < array.array("q", [1]))
nan = float("nan")
print(array.array("d", [nan]) == array.array("d", [nan]), array.array("d", [1, nan]) < array.array("d", [2, nan]))
print(array.array("w", "ab") < array.array("w", "b"), array.array("u", "ab") == array.array("w", "ab"))
print(array.array("i") == [], array.array("i").__eq__([]))
wide = array.array("u")
wide.frombytes(b"\xff\xff\xff\xff")
print(wide < array.array("u", "a"), wide > array.array("u", "a"))
wide = array.array("w")
wide.frombytes(b"\xff\xff\xff\xff")
print(wide < array.array("w", "a"), wide > array.array("w", "a"))
print(array.array("L", [2**63]) > array.array("L", [1]), array.array("l", [-2]) < array.array("l", [1]))

show("iter", lambda: list(iter(array.array("h", [5, 6, 7]))))
show("reversed", lambda: list(reversed(array.array("h", [5, 6, 7]))))
it = iter(array.array("i", [1, 2, 3]))
next(it)
print(type(it).__name__, it.__reduce__()[1:], list(it), it.__reduce__()[1:])

m = array.array("i", [1, 2, 3, 2])
m.append(4)
show("append bad", lambda: m.append(1.5))
print(m, m.count(2), m.index(2), m.index(2, 2), m.index(2, -2))
show("index missing", lambda: m.index(9))
show("index stop", lambda: m.index(4, 0, 3))
show("index bad start", lambda: m.index(1, "x"))
m.insert(0, -1)
m.insert(-1, 99)
m.insert(100, 100)
m.insert(-100, -100)
print(m)
show("pop", lambda: (m.pop(), m.pop(0), m.pop(-2), m))
show("pop out", lambda: m.pop(50))
show("pop empty", lambda: array.array("i").pop())
m.remove(2)
print(m)
show("remove missing", lambda: m.remove(42))
m.reverse()
print(m)
m.extend([7, 8])
m.extend(array.array("i", [9]))
show("extend kind", lambda: m.extend(array.array("d", [1.0])))
show("extend bad", lambda: m.extend([1, "x"]))
print(m)
m.fromlist([10, 11])
show("fromlist bad", lambda: m.fromlist([1, "z"]))
show("fromlist tuple", lambda: m.fromlist((1,)))
print(m, m.tolist())
m.clear()
print(m, len(m))

h = array.array("H", [1, 0x0102])
h.byteswap()
print(h, h.tobytes())
d = array.array("d", [1.0])
d.byteswap()
d.byteswap()
print(d)
f = array.array("f")
f.frombytes(struct.pack("=2f", 1.5, -2.0))
print(f)
show("frombytes odd", lambda: f.frombytes(b"\x00"))
show("frombytes str", lambda: f.frombytes("ab"))
show("frombytes array", lambda: f.frombytes(array.array("i", [1])))
f.frombytes(array.array("B", [0, 0, 128, 63]))
print(f)

u = array.array("w", "abc")
u.fromunicode("d\u20ac")
print(u, u.tounicode(), u[4], len(u))
show("fromunicode int", lambda: u.fromunicode(5))
show("fromunicode kind", lambda: array.array("i").fromunicode("a"))
show("tounicode kind", lambda: array.array("i").tounicode())
show("u set bad", lambda: assign(u, 0, "xy"))
show("u set int", lambda: assign(u, 0, 65))
bad = array.array("w")
bad.frombytes(b"\xff\xff\xff\xff")
show("bad char item", lambda: bad[0])
show("bad char repr", lambda: repr(bad))

buf = io.BytesIO()
array.array("i", [1, 2, 3]).tofile(buf)
print(buf.getvalue())
buf.seek(0)
r = array.array("i")
r.fromfile(buf, 2)
print(r)
show("fromfile short", lambda: (r.fromfile(buf, 5), r))
print(r)
show("fromfile negative", lambda: r.fromfile(buf, -1))


class NotBytes:
    def read(self, n):
        return "x"


show("fromfile not bytes", lambda: r.fromfile(NotBytes(), 1))

for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for a in [array.array("i", [1, -2]), array.array("d", [0.5]), array.array("w", "xy"), array.array("B")]:
        p = pickle.loads(pickle.dumps(a, proto))
        print(proto, p, p == a, type(p) is type(a))
print(array.array("i", [1]).__reduce_ex__(2))
print(array.array("i", [1]).__reduce_ex__(3))
show("reduce_ex bad", lambda: array.array("i").__reduce_ex__("x"))
rec = array._array_reconstructor
print(rec(array.array, "i", 8, b"\x01\x00\x00\x00"))
print(rec(array.array, "i", 9, b"\x00\x00\x00\x01"))
print(rec(array.array, "l", 6, b"\x01\x00\x00\x00"))
print(rec(array.array, "d", 17, struct.pack(">d", 2.5)))
print(rec(array.array, "w", 19, "hi".encode("utf-16-be")))
show("rec not type", lambda: rec(1, "i", 8, b""))
show("rec not subtype", lambda: rec(int, "i", 8, b""))
show("rec typecode", lambda: rec(array.array, "x", 8, b""))
show("rec mcode", lambda: rec(array.array, "i", 99, b""))
show("rec items", lambda: rec(array.array, "i", 8, []))
show("rec size", lambda: rec(array.array, "i", 9, b"\x00"))


class Sub(array.array):
    pass


s = Sub("i", [1, 2])
s.attr = 5
print(repr(s), type(s[:1]).__name__, type(copy.copy(s)).__name__, s.attr)
p = pickle.loads(pickle.dumps(s, 4))
print(type(p).__name__, p, p.attr)
print(copy.deepcopy(array.array("d", [1.5])))
wr = weakref.ref(s)
print(wr() is s)
print(array.array[int], Sub.__mro__[1] is array.array)
print(array.array("i", [1]).__sizeof__() > 0, array.array("i").buffer_info()[1])

# The buffer export.
mv = memoryview(array.array("i", [1, -2, 3]))
print(mv.format, mv.itemsize, mv.nbytes, len(mv), mv.tolist(), mv[1], mv.readonly)
ba = array.array("h", [1, 2, 3])
mv = memoryview(ba)
mv[0] = 100
print(ba)
show("resize while exported", lambda: ba.append(4))
show("pop while exported", lambda: ba.pop())
show("clear while exported", lambda: ba.clear())
show("del slice while exported", lambda: delete(ba, slice(0, 1)))
show("extend while exported", lambda: ba.extend([1]))
ba[1] = 7
print(ba, mv.tolist())
mv.release()
ba.append(4)
print(ba)
with memoryview(ba) as view:
    print(view.cast("B").tolist()[:4])
ba.append(5)
print(bytes(array.array("b", [1, -1])), bytearray(array.array("B", [65, 66])))
print(struct.unpack("2h", array.array("h", [3, 4])))
target = array.array("b", [0, 0, 0, 0])
struct.pack_into("2b", target, 1, 5, 6)
print(target)
fb = io.BytesIO()
fb.write(array.array("h", [1, 2]))
print(fb.getvalue())
into = array.array("h", [0, 0, 0])
print(io.BytesIO(b"\x01\x00\x02\x00").readinto(into), into)
print(memoryview(array.array("w", "ab")).format)
show("mv u item", lambda: memoryview(array.array("w", "ab"))[0])
print(b"ab" + array.array("B", [67]), b"".join([array.array("B", [68])]))

import inspect
bo = array.array("i", [1, 2])
view = bo.__buffer__(inspect.BufferFlags.FULL)
print(view.format, view.tolist())
show("append while __buffer__", lambda: bo.append(3))
print(bo.__release_buffer__(view))
bo.append(3)
print(bo)
show("__buffer__ flags", lambda: bo.__buffer__(2**40))
show("__release_buffer__ int", lambda: bo.__release_buffer__(1))
show("__release_buffer__ other", lambda: bo.__release_buffer__(memoryview(b"x")))
gone = memoryview(bo)
gone.release()
show("__release_buffer__ released", lambda: bo.__release_buffer__(gone))


class WithInit(array.array):
    def __init__(self, typecode, data=(), **kw):
        self.kw = kw


show("subclass kwargs", lambda: (WithInit("b", [1], flag=True).kw))
show("subclass no init kwargs", lambda: Sub("b", [1], flag=True))

# Edge cases.
a = array.array("i", [1, 2, 3])
it = iter(a)
next(it)
show("size growth", lambda: a.__sizeof__() - array.array("i").__sizeof__())
show("hash attr", lambda: array.array.__hash__)
show("big index", lambda: a[2**100])
show("big neg index", lambda: a[-2**100])
show("float index", lambda: a[1.0])
show("big repeat", lambda: a * 2**62)
show("huge repeat", lambda: a * 2**100)
show("zero step", lambda: a[::0])
show("del zero step", lambda: a.__delitem__(slice(None, None, 0)))
show("add none", lambda: a + None)
show("insert str", lambda: a.insert('x', 1))
show("insert big", lambda: a.insert(2**100, 1))
show("index big stop", lambda: a.index(3, 0, 2**100))
show("index neg big", lambda: a.index(1, -2**100))
show("fromfile big", lambda: a.fromfile(None, 2**62))
show("pop big", lambda: a.pop(2**100))
show("pop str", lambda: a.pop('x'))
show("reduce_ex 0", lambda: a.__reduce_ex__(0))
show("reduce_ex big", lambda: a.__reduce_ex__(2**100))
show("iter pickle mid", lambda: list(pickle.loads(pickle.dumps(it))))
show("iter setstate", lambda: (it.__setstate__(-5), list(it)))
show("iter type new", lambda: type(it)())
show("dir", lambda: [n for n in dir(a) if not n.startswith('__') or n in ('__buffer__','__copy__','__deepcopy__','__reduce_ex__','__sizeof__','__class_getitem__','__release_buffer__')])
show("doc", lambda: array.array.__doc__[:40])
show("buffer_info len", lambda: a.buffer_info()[1])
show("deepcopy", lambda: copy.deepcopy(a))
show("copy bad arg", lambda: a.__deepcopy__())
show("contains str", lambda: 'x' in a)
show("count str", lambda: a.count('x'))
show("u index", lambda: array.array('w', 'abc').index('c'))
show("imul big", lambda: a.__imul__(2**100))
show("bool", lambda: (bool(array.array('i')), bool(a)))
show("eq other", lambda: a == [1, 2, 3])
show("typecodes type", lambda: type(array.typecodes))
show("module dir", lambda: sorted(n for n in dir(array) if not n.startswith('__')))
show("setitem slice bytes", lambda: a.__setitem__(slice(0,1), b'x'))
show("frombytes mv", lambda: array.array('B').frombytes(memoryview(b'ab')))
show("frombytes mv i", lambda: array.array('B').frombytes(memoryview(array.array('i',[1]))))
show("extend self", lambda: (a.extend(a), a))
show("slice assign self ext", lambda: (a.__setitem__(slice(None,None,-1), a), a))
show("rmul", lambda: 0 * a)
show("class getitem", lambda: array.array[int])
show("iter of sub", lambda: list(iter(type('S', (array.array,), {})('d', [1.5]))))
show("sub repr", lambda: type('S', (array.array,), {})('d', [1.5]))
show("f nan", lambda: array.array('f', [float('nan'), float('inf')]))
show("d repr neg zero", lambda: array.array('d', [-0.0, 1e-300]))
show("w surrogate", lambda: array.array('w', '\ud800'))
show("w surrogate tounicode", lambda: array.array('w', '\ud800').tounicode())
show("u surrogate", lambda: array.array('u', '\ud800'))
show("u tounicode", lambda: array.array('u', 'a\U00010000').tounicode())

# Threads appending and popping on one array.
shared = array.array("i")
errors = []


def worker(n):
    try:
        for i in range(2000):
            shared.append(i)
            if i % 3 == 0:
                shared.pop()
            if i % 200 == 0:
                len(shared)
                shared[0:1]
    except Exception as e:
        errors.append(e)


threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
expected = 4 * (2000 - len(range(0, 2000, 3)))
print("threads", len(shared), len(shared) == expected, errors)
