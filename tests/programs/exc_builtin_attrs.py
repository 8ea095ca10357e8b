# Attributes, constructors, str/repr and __reduce__ of the builtin exceptions.
names = ["BaseException", "Exception", "ArithmeticError", "FloatingPointError", "OverflowError",
         "ZeroDivisionError", "AssertionError", "AttributeError", "BufferError", "EOFError",
         "ImportError", "ModuleNotFoundError", "LookupError", "IndexError", "KeyError",
         "MemoryError", "NameError", "UnboundLocalError", "OSError", "BlockingIOError",
         "ChildProcessError", "ConnectionError", "BrokenPipeError", "ConnectionAbortedError",
         "ConnectionRefusedError", "ConnectionResetError", "FileExistsError", "FileNotFoundError",
         "InterruptedError", "IsADirectoryError", "NotADirectoryError", "PermissionError",
         "ProcessLookupError", "TimeoutError", "ReferenceError", "RuntimeError",
         "NotImplementedError", "PythonFinalizationError", "RecursionError", "StopAsyncIteration",
         "StopIteration", "SyntaxError", "IndentationError", "TabError", "SystemError",
         "TypeError", "ValueError", "UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError",
         "UnicodeTranslateError", "Warning", "UserWarning", "DeprecationWarning",
         "PendingDeprecationWarning", "SyntaxWarning", "RuntimeWarning", "FutureWarning",
         "ImportWarning", "UnicodeWarning", "BytesWarning", "ResourceWarning", "EncodingWarning",
         "GeneratorExit", "KeyboardInterrupt", "SystemExit", "BaseExceptionGroup", "ExceptionGroup",
         "EnvironmentError", "IOError"]
b = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)
for n in names:
    t = b[n]
    print(n, t.__name__, [c.__name__ for c in t.__mro__[1:]])

print(IOError is OSError, EnvironmentError is OSError)
for args in [(), (1,), (1, "a"), ("x", [1, 2])]:
    e = ValueError(*args)
    print(repr(e), "|", str(e), "|", e.args, e.__reduce__())
e = ValueError("v")
e.extra = 5
print(e.__reduce__())
e.__setstate__({"extra": 6, "more": "m"})
print(e.extra, e.more)
try:
    e.__setstate__(3)
except TypeError as x:
    print("TypeError:", x)
e.args = [1, 2]
print(e.args)
print(repr(KeyError("k")), str(KeyError("k")), str(KeyError("a", "b")), str(KeyError()))
print(StopIteration().value, StopIteration(1, 2).value)
print(SystemExit().code, SystemExit(3).code, SystemExit(1, 2).code)

# ImportError / NameError / AttributeError keywords
ie = ImportError("no module", name="mod", path="/p")
print(ie.msg, ie.name, ie.path, ie.name_from, str(ie), ie.__reduce__())
print(ModuleNotFoundError("m", name="x").name)
for bad in ["ImportError('x', foo=1)", "NameError(bar=2)", "AttributeError(baz=3)", "ValueError(k=1)",
            "OSError(k=1)"]:
    try:
        eval(bad)
    except TypeError as x:
        print("TypeError:", x)
ne = NameError("n", name="zz")
print(ne.name, NameError("q").name)
ae = AttributeError("a", name="nm", obj=[1])
print(ae.name, ae.obj, ae.__reduce__())

# OSError and its errno subclasses
# Linux errno values: ENOENT EEXIST EACCES EPERM EISDIR ENOTDIR EINTR ECHILD ESRCH
# ETIMEDOUT EPIPE ECONNRESET ECONNREFUSED ECONNABORTED EAGAIN, and an unmapped one.
for code in [2, 17, 13, 1, 21, 20, 4, 10, 3, 110, 32, 104, 111, 103, 11, 999]:
    e = OSError(code, "message")
    print(type(e).__name__, e.errno, e.strerror, e.filename, str(e))
e = OSError(2, "No such file or directory", "a.txt")
print(repr(e), str(e), e.args, e.__reduce__())
e = OSError(2, "No such file or directory", "a.txt", None, "b.txt")
print(str(e), e.filename2, e.__reduce__())
print(str(OSError("just a message")), OSError(1, 2, 3, 4, 5, 6).args, OSError().errno)
bi = BlockingIOError(11, "would block", 7)
print(bi.characters_written, bi.filename)
try:
    OSError(1, "x").characters_written
except AttributeError as x:
    print("AttributeError:", x)
class MyOSError(OSError):
    def __init__(self, a, b, c):
        super().__init__(a, b)
        self.c = c
m = MyOSError(2, "x", "extra")
print(type(m).__name__, m.errno, m.c, m.args)

# SyntaxError
se = SyntaxError("bad syntax", ("/some/dir/file.py", 3, 5, "x = = 1\n", 3, 8))
print(se.msg, se.filename, se.lineno, se.offset, se.text, se.end_lineno, se.end_offset)
print(str(se), repr(se))
print(str(SyntaxError("m", (None, 1, 2, "t"))), str(SyntaxError("m", ("f.py", None, 2, "t"))), str(SyntaxError("only")))
for info in [1, ("f", 1), ("f", 1, 2, "t", 1), ("f", 1, 2, "t", 1, 2, 3, 4)]:
    try:
        SyntaxError("m", info)
    except TypeError as x:
        print("TypeError:", x)
print(IndentationError("i").msg, TabError("t").print_file_and_line)

# Unicode errors
ude = UnicodeDecodeError("utf-8", b"ab\xff", 2, 3, "invalid start byte")
print(ude.encoding, ude.object, ude.start, ude.end, ude.reason)
print(str(ude))
print(str(UnicodeDecodeError("ascii", b"abcd", 1, 3, "bad")))
print(str(UnicodeEncodeError("ascii", "a\xe9b", 1, 2, "nope")))
print(str(UnicodeEncodeError("ascii", "a\u1234b", 1, 2, "nope")))
print(str(UnicodeEncodeError("ascii", "a\U00012345b", 1, 2, "nope")))
print(str(UnicodeEncodeError("ascii", "abcd", 0, 3, "nope")))
print(str(UnicodeTranslateError("abc", 1, 2, "tr")), str(UnicodeTranslateError("abc", 0, 2, "tr")))
print(UnicodeError("x").args, str(UnicodeError()))
for bad in ["UnicodeDecodeError('a', 'str', 0, 1, 'r')", "UnicodeDecodeError(1, b'', 0, 1, 'r')",
            "UnicodeDecodeError('a', b'')", "UnicodeEncodeError('a', b'x', 0, 1, 'r')"]:
    try:
        eval(bad)
    except TypeError as x:
        print("TypeError:", x)
try:
    bytes([255]).decode("utf-8")
except UnicodeDecodeError as x:
    print(x.start, x.end, x.reason, x)

# notes and with_traceback
e = ValueError("with notes")
e.add_note("first")
e.add_note("second")
print(e.__notes__)
try:
    e.add_note(3)
except TypeError as x:
    print("TypeError:", x)
e.__notes__ = "not a list"
try:
    e.add_note("x")
except TypeError as x:
    print("TypeError:", x)
try:
    raise ValueError("tb")
except ValueError as x:
    tb = x.__traceback__
print(type(tb).__name__, tb.tb_lineno, tb.tb_next)
e2 = RuntimeError("other")
print(e2.with_traceback(tb) is e2, e2.__traceback__ is tb)
try:
    e2.with_traceback(5)
except TypeError as x:
    print("TypeError:", x)
print(e2.with_traceback(None).__traceback__)
for attr, val in [("__cause__", 1), ("__context__", "x"), ("__suppress_context__", 1)]:
    try:
        setattr(e2, attr, val)
    except TypeError as x:
        print("TypeError:", x)
e2.__cause__ = ValueError()
print(e2.__suppress_context__, repr(e2.__cause__))
