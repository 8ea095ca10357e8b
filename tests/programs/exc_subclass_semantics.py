# Exception subclasses, constructors without super().__init__, __dict__, reduce, errno mapping edge cases.
class E1(Exception):
    def __init__(self, a, b=2, *, c=3):
        self.a = a
e = E1(1, c=5)
print(repr(e), str(e), e.args, e.a)
class E2(Exception):
    def __init__(self, x):
        super().__init__(f"msg {x}", x)
print(repr(E2(4)), str(E2(4)), E2(4).args)
class E3(ValueError):
    def __str__(self): return "custom str"
    def __repr__(self): return "E3!"
print(str(E3()), repr(E3()), [E3()])
try:
    raise E1
except TypeError as x:
    print("TypeError:", x)
print(Exception.__new__(Exception, 1, 2).args)
e = Exception.__new__(ValueError)
print(repr(e), e.args)
print(BaseException.__dict__.keys() >= {'with_traceback', 'add_note', '__reduce__', 'args'})
print(ValueError.__doc__, KeyError.__doc__)
print(OSError.__doc__, ExceptionGroup.__doc__, BaseExceptionGroup.__doc__)
print(ExceptionGroup.__module__, ValueError.__module__, ExceptionGroup.__qualname__)
print(type(ValueError().__dict__), ValueError().__dict__)
e = ValueError()
e.x = 1
print(e.__dict__, e.__reduce__())
print(hash(ValueError()) is not None, ValueError() == ValueError())
g = ExceptionGroup("g", [ValueError(1)])
print(g.exceptions[0].__traceback__, g.__traceback__)
class G(ExceptionGroup):
    pass
print(repr(G("m", [ValueError()])), type(G("m", [ValueError()]).split(ValueError)[0]).__name__)
e = KeyError()
print(e.__cause__, e.__context__, e.__suppress_context__, e.__traceback__)
try:
    del e.args
except TypeError as x:
    print("TypeError:", x)
try:
    del e.__traceback__
except TypeError as x:
    print("TypeError:", x)
e.__notes__ = ["a"]
e.add_note("b")
print(e.__notes__)
print(isinstance(OSError(2, "x"), FileNotFoundError), OSError(2, "x").__class__ is FileNotFoundError)
print(FileNotFoundError(17, "x").__class__.__name__)
print(repr(OSError(True, "x")), type(OSError(True, "x")).__name__)
print(ImportError().msg, ImportError("a", "b").msg, str(ImportError("a", "b")))
class MyImp(ImportError): pass
print(repr(MyImp("x", name="n")), MyImp("x", name="n").name)
print(AttributeError().name, NameError().name)
try:
    ExceptionGroup("x", [ValueError()]).exceptions = ()
except AttributeError as x:
    print("AttributeError:", x)
