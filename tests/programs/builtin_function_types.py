# Builtin functions and methods share one type, builtin_function_or_method
# (CPython's PyCFunction): __self__, __module__, __qualname__, repr,
# equality, pickling, __text_signature__ and inspect.signature.
import builtins
import inspect
import math
import operator
import pickle
import re
import types


def show(label, value):
    text = repr(value)
    text = re.sub(r" at 0x[0-9a-f]+", " at ADDR", text)
    print(f"{label}: {text}")


# One type for module functions, bound methods and class methods.
x = []
for f in (len, x.append, dict.fromkeys, object.__new__, math.sqrt, operator.add):
    show("type", type(f))
print(types.BuiltinFunctionType is types.BuiltinMethodType)
print(type(len) is type(x.append) is types.BuiltinFunctionType)

# __self__: the module for a module function, the object or class else.
print(len.__self__ is builtins, math.sqrt.__self__ is math)
print(x.append.__self__ is x, dict.fromkeys.__self__ is dict)
print(object.__new__.__self__ is object, __import__.__self__ is builtins)

# __module__, __name__, __qualname__.
for f in (len, __import__, math.sqrt, x.append, dict.fromkeys, object.__new__, "".join):
    print(f.__name__, f.__qualname__, f.__module__)

# repr.
for f in (len, math.sqrt, x.append, dict.fromkeys, object.__new__):
    show("repr", f)

# Equality and hashing: same implementation bound to the same object.
y = []
print(x.append == x.append, x.append == y.append, x.append != y.append)
print(hash(x.append) == hash(x.append), len == len, len != abs)
print(dict.fromkeys == dict.fromkeys, {len: 1}[len])

# __reduce__ and pickling.
print(len.__reduce__(), math.sqrt.__reduce__())
r = x.append.__reduce__()
print(r[0] is getattr, r[1][0] is x, r[1][1])
print(pickle.loads(pickle.dumps(len)) is len)
print(pickle.loads(pickle.dumps(math.sqrt)) is math.sqrt)
bound = pickle.loads(pickle.dumps([1, 2].append))
print(type(bound).__name__, bound.__name__, bound.__self__)

# __text_signature__ from the docstring's first line, or implied by the
# calling convention.
for f in (len, divmod, print, sorted, iter, max, __import__, x.append, {}.get,
          dict.fromkeys, "".join, object.__init_subclass__, [].__sizeof__,
          object.__new__, int.__pow__, (1).__pow__, object.__init__,
          type.__call__, object.__reduce_ex__, dict.__dict__["fromkeys"]):
    print(f.__qualname__, repr(f.__text_signature__))
for t in (object, list, dict, tuple, int, str, type, classmethod, staticmethod,
          property, map, zip, enumerate, range, operator.attrgetter):
    print(t.__name__, repr(t.__text_signature__))

# __doc__ leaves the signature line out.
print(len.__doc__)
print(x.append.__doc__)
print(object.__doc__.splitlines()[0])
print(list.__doc__.splitlines()[0])

# inspect.signature of builtins, bound methods, descriptors and classes.
for f in (len, divmod, print, sorted, __import__, x.append, {}.get, dict.fromkeys,
          "".join, object.__init_subclass__, list.append, dict.__dict__["fromkeys"],
          int.__pow__, (1).__pow__, object, list, staticmethod, property,
          operator.attrgetter, operator.itemgetter, operator.methodcaller):
    try:
        print(getattr(f, "__qualname__", f), inspect.signature(f))
    except (ValueError, TypeError) as e:
        print(getattr(f, "__qualname__", f), type(e).__name__, e)
for f in (iter, max, min, next, getattr):
    try:
        inspect.signature(f)
    except ValueError as e:
        print(f.__name__, "ValueError", re.sub(r" at 0x[0-9a-f]+", "", str(e)))
sig = inspect.signature(print)
print([(p.name, p.kind.name, p.default) for p in sig.parameters.values()])

# inspect predicates.
print(inspect.isbuiltin(len), inspect.isbuiltin(x.append), inspect.isbuiltin(list.append))
print(inspect.isroutine(len), inspect.isroutine(x.append), inspect.ismethoddescriptor(list.append))

# Calling: module functions take keywords by name, class method
# descriptors bind to their first argument.
print(sorted([3, 1, 2], reverse=True), divmod(7, 2), pow(2, 5, mod=3))
fromkeys = dict.__dict__["fromkeys"]
print(fromkeys(dict, "ab", 0))
for call in (lambda: fromkeys(), lambda: fromkeys(int, "a"), lambda: fromkeys(3, "a"),
             lambda: len(), lambda: x.append(), lambda: len(x, x), lambda: x.append(1, 2),
             lambda: len(obj=x), lambda: x.append(object=1)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
