# Name lookups in a frame whose globals, builtins or locals are a dict
# subclass go through its __getitem__ (and __missing__), as
# annotationlib's fake globals need; builtin functions' docstrings and
# text signatures.
import types, inspect, functools, _functools, annotationlib


class D(dict):
    def __missing__(self, key):
        return "missing:" + key

g = D({"__builtins__": __builtins__})
def f():
    return nonexistent
print(types.FunctionType(f.__code__, g)())

try:
    exec("print(undefined_name)", D())
except TypeError as e:
    print("TypeError", e)

ns = D()
exec("x = len", {"__builtins__": {}}, ns)
print(ns["x"])

class Logged(dict):
    def __getitem__(self, key):
        print("getitem", key)
        return dict.__getitem__(self, key)
lg = Logged({"__builtins__": __builtins__, "y": 5})
def h():
    return y
print(types.FunctionType(h.__code__, lg)())

# Exact dicts are unchanged.
try:
    exec("missing_name", {})
except NameError as e:
    print("NameError", e)


def fwd(a: nonexistent, b: int) -> "str":
    pass
fr = annotationlib.get_annotations(fwd, format=annotationlib.Format.FORWARDREF)
print(type(fr["a"]).__name__, fr["a"].__forward_arg__, fr["b"], fr["return"])
print(annotationlib.get_annotations(fwd, format=annotationlib.Format.STRING))

print(inspect.signature(_functools.cmp_to_key))
print(_functools.cmp_to_key.__text_signature__)
print(_functools.cmp_to_key.__doc__)
print(_functools.reduce.__text_signature__)
print(max.__doc__.splitlines()[0], max.__text_signature__)
print(min.__doc__.splitlines()[0])

def wrapper():
    pass
functools.update_wrapper(wrapper, max)
print(wrapper.__name__, wrapper.__doc__.startswith("max("))
