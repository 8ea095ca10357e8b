# operator module: function forms, itemgetter, attrgetter, methodcaller.
import operator as op
print(op.add(2, 3), op.sub(5, 2), op.mul("ab", 2), op.truediv(7, 2), op.floordiv(7, 2), op.mod(7, 3), op.pow(2, 5))
print(op.neg(3), op.not_(0), op.truth([1]), op.eq(1, 1.0), op.lt("a", "b"), op.is_(None, None), op.contains([1], 1))
print(op.and_(6, 3), op.or_(6, 3), op.xor(6, 3), op.invert(5), op.lshift(1, 4), op.index(7))
rows = [{"n": "b", "v": 2}, {"n": "a", "v": 3}]
print(sorted(rows, key=op.itemgetter("n")), op.itemgetter(0, 2)("abc"), op.itemgetter(slice(1, None))([1, 2, 3]))
class P:
    def __init__(self, name, inner=None):
        self.name, self.inner = name, inner
    def greet(self, g):
        return f"{g}, {self.name}"
ps = [P("zed"), P("amy", P("inner"))]
print([p.name for p in sorted(ps, key=op.attrgetter("name"))], op.attrgetter("inner.name")(ps[1]))
print(op.methodcaller("greet", "hi")(ps[0]), op.methodcaller("upper")("x"))
l = [1, 2, 3]
op.setitem(l, 0, 9); op.delitem(l, 1)
print(l, op.getitem(l, -1), op.concat([1], [2]), op.length_hint(iter(range(5))))
x = [1]
print(op.iadd(x, [2]) is x, x, op.call(len, "abc"))
