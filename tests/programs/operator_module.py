# The _operator module: every function, itemgetter/attrgetter/methodcaller
# (calls, reprs, pickling), and the error messages of bad calls.
import _operator as op
import operator
import pickle


def show(label, f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "=", repr(r))


print(operator.add is op.add, operator.__add__ is op.add, operator.itemgetter is op.itemgetter)
print(sorted(n for n in dir(op) if not n.startswith("__")))

for name in ["add", "sub", "mul", "floordiv", "truediv", "mod", "pow", "lshift",
             "rshift", "and_", "or_", "xor", "eq", "ne", "lt", "le", "gt", "ge"]:
    show(name, getattr(op, name), 13, 4)
show("matmul", op.matmul, 1, 2)
for name in ["neg", "pos", "abs", "inv", "invert", "not_", "truth", "index",
             "is_none", "is_not_none"]:
    show(name, getattr(op, name), -7)
    show(name + "(None)", getattr(op, name), None)
show("pos str", op.pos, "a")
show("inv str", op.inv, "a")
show("is_", op.is_, None, None)
show("is_not", op.is_not, 1, None)

# In-place operators on mutable and immutable values.
lst = [1, 2]
show("iadd list", op.iadd, lst, [3])
print("lst", lst)
for name in ["iadd", "isub", "imul", "ifloordiv", "itruediv", "imod", "ipow",
             "ilshift", "irshift", "iand", "ior", "ixor"]:
    show(name, getattr(op, name), 12, 5)
show("imatmul", op.imatmul, 1, 2)


class Seq:
    def __init__(self, items):
        self.items = items

    def __getitem__(self, i):
        return self.items[i]

    def __add__(self, other):
        return ("added", self.items, other.items)


show("concat", op.concat, [1], [2])
show("concat tuple", op.concat, (1,), (2,))
show("concat seqs", op.concat, Seq([1]), Seq([2]))
show("concat int", op.concat, 1, 2)
show("concat list+tuple", op.concat, [1], (2,))
show("iconcat", op.iconcat, [1], [2])
show("iconcat int", op.iconcat, 1, 0.5)
show("contains", op.contains, [1, 2], 2)
show("contains int", op.contains, 1, 2)
show("countOf", op.countOf, [1, 2, 1, 1], 1)
show("countOf int", op.countOf, 3, 1)
show("indexOf", op.indexOf, "abcd", "c")
show("indexOf missing", op.indexOf, [1], 2)

d = {"a": 1}
show("getitem", op.getitem, d, "a")
show("setitem", op.setitem, d, "b", 2)
show("delitem", op.delitem, d, "a")
print("d", d)
show("getitem missing", op.getitem, d, "zz")


class Hint:
    def __init__(self, v):
        self.v = v

    def __length_hint__(self):
        if isinstance(self.v, type):
            raise self.v
        return self.v


class NoLen:
    pass


show("length_hint list", op.length_hint, [1, 2, 3])
show("length_hint iter", op.length_hint, iter(range(5)))
show("length_hint hint", op.length_hint, Hint(4))
show("length_hint NotImplemented", op.length_hint, Hint(NotImplemented), 9)
show("length_hint TypeError", op.length_hint, Hint(TypeError), 7)
show("length_hint str", op.length_hint, Hint("x"))
show("length_hint neg", op.length_hint, Hint(-1))
show("length_hint KeyError", op.length_hint, Hint(KeyError))
show("length_hint default", op.length_hint, NoLen(), 11)
show("length_hint bad default", op.length_hint, NoLen(), "x")
show("length_hint default -1", op.length_hint, NoLen(), -1)

show("digest eq", op._compare_digest, b"abc", b"abc")
show("digest ne", op._compare_digest, b"abc", b"abd")
show("digest len", op._compare_digest, b"abc", b"ab")
show("digest str", op._compare_digest, "abc", "abc")
show("digest bytearray", op._compare_digest, bytearray(b"x"), b"x")
show("digest non-ascii", op._compare_digest, "\xe9", "e")
show("digest mixed", op._compare_digest, b"a", "a")
show("digest ints", op._compare_digest, 1, 2)


def f(*args, **kwargs):
    return args, kwargs


show("call", op.call, f, 1, 2, x=3, obj=4)
show("call empty", op.call)

# Argument errors.
show("add 1 arg", op.add, 1)
show("add 3 args", op.add, 1, 2, 3)
show("add kw", op.add, a=1, b=2)
show("truth 0 args", op.truth)
show("truth 2 args", op.truth, 1, 2)
show("setitem 2 args", op.setitem, {}, 1)
show("length_hint 0 args", op.length_hint)
show("index float", op.index, 1.5)

# itemgetter.
ig = op.itemgetter(1)
print(repr(ig), ig([10, 20]), ig((10, 20)), ig("ab"), ig({1: "one"}))
ig3 = op.itemgetter(2, 0, slice(1, 3))
print(repr(ig3), ig3("abcd"))
show("itemgetter -1", op.itemgetter(-1), (1, 2, 3))
show("itemgetter big", op.itemgetter(2**70), (1,))
show("itemgetter out of range", op.itemgetter(5), (1,))
show("itemgetter no args", op.itemgetter)
show("itemgetter kw", op.itemgetter, 1, x=1)
show("itemgetter call 0", ig)
show("itemgetter call 2", ig, 1, 2)
show("itemgetter call kw", ig, [1], x=2)
print(sorted([("b", 2), ("a", 3), ("c", 1)], key=op.itemgetter(1)))
print(ig.__reduce__(), ig3.__reduce__())

# attrgetter.


class A:
    pass


a = A()
a.x = 1
a.y = A()
a.y.z = "deep"
ag = op.attrgetter("x")
ag2 = op.attrgetter("x", "y.z")
ag3 = op.attrgetter("y.z")
print(repr(ag), repr(ag2), repr(ag3), ag(a), ag2(a), ag3(a))
print(ag2.__reduce__(), ag3.__reduce__())
show("attrgetter missing", op.attrgetter("nope"), a)
show("attrgetter dotted missing", op.attrgetter("y.q"), a)
show("attrgetter trailing dot", op.attrgetter("y."), a)
show("attrgetter int", op.attrgetter, 1)
show("attrgetter no args", op.attrgetter)
show("attrgetter tuple", op.attrgetter, ("x",))
show("attrgetter call 0", ag)

# methodcaller.
mc = op.methodcaller("split", ",", maxsplit=1)
print(repr(mc), mc("a,b,c"))
mc0 = op.methodcaller("upper")
print(repr(mc0), mc0("abc"), mc0.__reduce__())
mc1 = op.methodcaller("replace", "a", "b")
print(repr(mc1), mc1("banana"), mc1.__reduce__())
red = mc.__reduce__()
print(type(red[0]).__name__, red[0].args, red[0].keywords, red[1])
show("methodcaller no args", op.methodcaller)
show("methodcaller int", op.methodcaller, 1)
show("methodcaller call 0", mc0)
show("methodcaller call kw", mc0, x=1)
show("methodcaller missing", op.methodcaller("nope"), 1)

# Pickling round trips.
for obj in [ig, ig3, ag, ag2, ag3, mc, mc0, mc1]:
    for proto in (0, 2, 5):
        back = pickle.loads(pickle.dumps(obj, proto))
        assert repr(back) == repr(obj), (obj, back)
print("pickled ok")

# Recursive reprs.
rec = op.itemgetter([])
rec_list = []
rec2 = op.itemgetter(rec_list)
rec_list.append(rec2)
print(repr(rec), repr(rec2))
print(op.itemgetter.__text_signature__, op.attrgetter.__text_signature__, op.methodcaller.__text_signature__)
print(ig.__text_signature__, type(ig).__name__, type(ig).__module__)
show("subclass itemgetter", type, "X", (op.itemgetter,), {})
