# How builtin methods are named: __qualname__ uses the class of __self__
# (or __self__ itself for class methods), and so do argument errors
# (methodobject.c: meth_get__qualname__; call.c: _PyStack_UnpackDict).

class A:
    class B(int):
        pass


print(int.mro.__qualname__, bool.from_bytes.__qualname__, [].append.__qualname__)
print(A.B.from_bytes.__qualname__, A.B(1).bit_length.__qualname__, A.B.mro.__qualname__)
print(True.bit_length.__qualname__, dict.fromkeys.__qualname__)

for call in [
    lambda: int.mro(1),
    lambda: A.B.mro(1),
    lambda: [].append(1, 2),
    lambda: [].append(x=1),
    lambda: True.bit_length(1),
    lambda: A.B(2).bit_length(3),
    lambda: "".upper(1),
    lambda: {}.keys(a=1),
]:
    try:
        call()
    except TypeError as e:
        print(e)


def f(**kw):
    return kw


def g(a):
    return a


for call in [lambda: f(**{1: 2}), lambda: g(**{1: 2}), lambda: dict(**{1: 2}), lambda: print(**{1: 2})]:
    try:
        call()
    except TypeError as e:
        print(e)


class Plugin:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)


try:
    class Bad(Plugin, unknown=1):
        pass
except TypeError as e:
    print(e)
