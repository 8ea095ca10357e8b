# The native _functools module: partial (Placeholder, nesting, keywords,
# repr, pickling, __setstate__, method binding), reduce, cmp_to_key and
# _lru_cache_wrapper (unbounded, bounded, uncached, typed, statistics,
# clearing, parallel callers), with CPython's error messages.
import copy
import functools
import pickle
import threading
import _functools
from functools import Placeholder, partial, reduce, cmp_to_key, lru_cache


def show(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


print(functools.partial is _functools.partial, functools.reduce is _functools.reduce)
print(type(Placeholder).__name__, repr(Placeholder), Placeholder is type(Placeholder)())
print(Placeholder.__reduce__(), pickle.loads(pickle.dumps(Placeholder)) is Placeholder)
show("placeholder args", lambda: type(Placeholder)(1))


class F:
    def __call__(self, *args, **kw):
        return args, kw

    def __repr__(self):
        return "F"


f = F()


# partial
p = partial(f, 1, 2, a=3)
print(p(3, b=4), p.func is f, p.args, p.keywords)
print(repr(p))
q = partial(p, 4, a=5)
print(q.func is f, q.args, q.keywords, q())
ph = partial(f, Placeholder, 2, Placeholder, 4)
print(ph.args, ph("x", "y"), ph("x", "y", "z", k=1))
ph2 = partial(ph, "first")
print(ph2.args, ph2("second"))
show("too few", lambda: ph("x"))
show("trailing", lambda: partial(f, 1, Placeholder))
show("keyword placeholder", lambda: partial(f, a=Placeholder))
show("no args", lambda: partial())
show("not callable", lambda: partial(1))
p.keywords["late"] = True
print(p())
print(repr(partial(f, Placeholder, "s")))


class Sub(partial):
    pass


s = Sub(f, 1)
print(repr(s), s(2), isinstance(s, partial))
s.attr = "x"
print(s.__dict__, partial(s, 2).func is s)
r = p.__reduce__()
print(r[0] is partial, r[1][0] is f, r[2][1:])
p2 = pickle.loads(pickle.dumps(partial(max, 3, key=abs)))
print(p2(-5, 1), p2.args, p2.keywords)
c = copy.deepcopy(partial(f, [1], k=[2]))
print(c())
st = partial(f)
st.__setstate__((max, (1, 2), None, {"d": 1}))
print(st(), st.keywords, st.__dict__)
for bad in [(), (f,), (1, (), {}, None), (f, [1], {}, None), (f, (), 1, None), (f, (), {}, 1)]:
    show("setstate " + repr(bad)[:20], lambda: partial(f).__setstate__(bad))
show("setstate trailing", lambda: partial(f).__setstate__((f, (1, Placeholder), {}, None)))


class A:
    meth = partial(f, "bound")


a = A()
print(a.meth(1)[0][0] is a, A.meth(2), type(A.__dict__["meth"].__get__(a)).__name__)
rec = partial(f)
rec.__setstate__((f, (), {"me": rec}, None))
print(repr(rec))
print(partial(f, 1)(*range(3)), partial(f)(k=1), partial(partial(partial(f, 1), 2), 3)(4))

# reduce
print(reduce(lambda x, y: x + y, [1, 2, 3, 4]), reduce(lambda x, y: x * y, [], 7))
print(reduce(lambda x, y: x + y, "abc", "z"), reduce(max, iter([3, 9, 2])), reduce(f, [1], initial=0))
show("reduce empty", lambda: reduce(f, []))
show("reduce noniter", lambda: reduce(f, 1))
show("reduce none", lambda: reduce())
show("reduce one", lambda: reduce(f))
show("reduce many", lambda: reduce(f, [], 1, 2))
show("reduce kw", lambda: reduce(f, [], initial=1, x=2))
show("reduce raising", lambda: reduce(lambda x, y: 1 / 0, [1, 2]))

# cmp_to_key
K = cmp_to_key(lambda x, y: (x > y) - (x < y))
print(sorted([3, 1, 2], key=K), sorted("bca", key=cmp_to_key(lambda a, b: (a < b) - (a > b))))
k1, k2 = K(1), K(2)
print(k1 < k2, k1 > k2, k1 == k2, k1 <= K(1), k1 != k2, k1.obj, type(k1).__name__)
k1.obj = 5
print(k1 > k2)
show("K no arg", lambda: K())
show("K other", lambda: k1 < 3)
show("K hash", lambda: hash(k1))
show("K type", lambda: type(K)())
show("cmp_to_key none", lambda: cmp_to_key())
show("K unset", lambda: K < K)


# lru_cache
@lru_cache(maxsize=2)
def sq(x):
    calls.append(x)
    return x * x


calls = []
print([sq(i) for i in (1, 2, 1, 3, 2, 1)], calls, sq.cache_info())
sq.cache_clear()
print(sq.cache_info(), sq.cache_parameters(), sq.__wrapped__.__name__, sq.__name__)


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info())


@lru_cache(maxsize=0)
def ident(x):
    return x


print(ident(1), ident(1), ident.cache_info())


@lru_cache(typed=True)
def typed(x):
    return type(x).__name__


print(typed(1), typed(1.0), typed(True), typed.cache_info())


@lru_cache
def kw(a, b=2, **rest):
    return (a, b, sorted(rest.items()))


print(kw(1), kw(1, b=2), kw(a=1), kw(1, 2), kw(1, c=3), kw.cache_info())
show("unhashable", lambda: kw([1]))
show("lru bad maxsize", lambda: lru_cache(maxsize="x"))
show("wrapper args", lambda: _functools._lru_cache_wrapper(len))
show("wrapper callable", lambda: _functools._lru_cache_wrapper(1, 1, False, tuple))
print(lru_cache(-5)(len).cache_info(), copy.copy(sq) is sq, copy.deepcopy(sq) is sq)


class M:
    @lru_cache
    def m(self, x):
        return (type(self).__name__, x)


print(M().m(1), M.m.__get__(None, M) is M.m, pickle.loads(pickle.dumps(fib)) is fib)


# Parallel callers: each key's function runs at least once, results agree,
# and the statistics add up.
@lru_cache(maxsize=16)
def work(x):
    return x * 3


results = []


def run(seed):
    out = [work((seed * 7 + i) % 40) for i in range(2000)]
    results.append(out == [((seed * 7 + i) % 40) * 3 for i in range(2000)])


ts = [threading.Thread(target=run, args=(n,)) for n in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
info = work.cache_info()
print(results, info.hits + info.misses, info.currsize <= 16)
