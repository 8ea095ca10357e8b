# object.__reduce_ex__/__reduce__/__getstate__ and the copyreg protocol,
# builtin method introspection, and __abstractmethods__.
import copyreg


class A:
    pass


a = A()
r = a.__reduce_ex__(2)
print(r[0] is copyreg.__newobj__, r[1][0] is A, r[2:])
a.x = 1
print(a.__reduce_ex__(4)[2])
r = a.__reduce_ex__(0)
print(r[0] is copyreg._reconstructor, r[1][0] is A, r[1][1:], r[2])
print(a.__reduce__()[2])


class S:
    __slots__ = ('p', 'q')


s = S()
s.p = 3
print(s.__reduce_ex__(2)[2], S.__slotnames__)
print(s.__getstate__())


class L(list):
    pass


lst = L([1, 2])
lst.y = 5
r = lst.__reduce_ex__(2)
print(r[2], list(r[3]), r[4])


class D(dict):
    pass


r = D(a=1).__reduce_ex__(2)
print(r[2], r[3], list(r[4]))


class N:
    def __getnewargs_ex__(self):
        return ((1,), {'k': 2})


r = N().__reduce_ex__(2)
print(r[0] is copyreg.__newobj_ex__, r[1][1:])


class G:
    def __getnewargs__(self):
        return [1]


try:
    G().__reduce_ex__(2)
except TypeError as e:
    print(e)


class Custom:
    def __reduce__(self):
        return (Custom, ())


print(Custom().__reduce_ex__(2) == (Custom, ()))
print(object().__reduce_ex__(2)[1:])
print(type(object().__sizeof__()))
print(A.__subclasshook__(int))
print((1).__reduce_ex__(2)[1:])


class State:
    def __init__(self):
        self.v = [1]

    def __getstate__(self):
        return {'v': 'custom'}


print(State().__reduce_ex__(3)[2])

# __abstractmethods__ drives instantiation.
class B:
    def f(self):
        pass


B.__abstractmethods__ = frozenset({'g', 'f'})
try:
    B()
except TypeError as e:
    print(e)
B.__abstractmethods__ = frozenset({'f'})
try:
    B()
except TypeError as e:
    print(e)
B.__abstractmethods__ = frozenset()
print(type(B()).__name__)
for t in (int, type):
    try:
        t.__abstractmethods__
    except AttributeError as e:
        print('AttributeError', e)

# Introspection of builtin functions and methods.
for f in (len, [].append, str.join, object.__reduce_ex__, (1).__add__, int.__add__):
    print(f.__name__, f.__qualname__, getattr(f, '__module__', '-'))
print([].append.__self__, len.__module__)
x = []
print(x.append == x.append, x.append == [].append, hash(x.append) == hash(x.append))
print(str.join.__objclass__, (1).__add__.__self__)
