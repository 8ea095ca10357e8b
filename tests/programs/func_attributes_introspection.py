# Function objects: names, docstrings, defaults, code attributes, custom attributes.
def outer(a, b=2, *args, c, d=4, **kw):
    """Outer docstring."""
    def inner(x):
        return x + a
    return inner
print(outer.__name__, outer.__qualname__, outer.__doc__, outer.__module__)
print(outer.__defaults__, outer.__kwdefaults__)
code = outer.__code__
print(code.co_name, code.co_argcount, code.co_kwonlyargcount, code.co_varnames[:6], code.co_flags & 0x0C)
inn = outer(1, c=3)
print(inn.__qualname__, inn.__code__.co_freevars, inn(10))
outer.custom = "attached"
print(outer.custom, sorted(outer.__dict__))
print((lambda: None).__name__, type(outer).__name__, callable(outer))
def no_doc():
    pass
print(no_doc.__doc__, no_doc.__defaults__, no_doc())
import inspect
print(inspect.signature(outer), list(inspect.signature(outer).parameters))
print(inspect.signature(lambda x, /, y=1, *, z: 0))
