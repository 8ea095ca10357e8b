# Built-in exception hierarchy and matching by base class.
for exc in [ZeroDivisionError, KeyError, IndexError, FileNotFoundError, UnicodeDecodeError,
            RecursionError, ModuleNotFoundError, StopIteration, KeyboardInterrupt, NotImplementedError,
            TimeoutError, BrokenPipeError, UnboundLocalError, TabError, OverflowError, ExceptionGroup]:
    print(exc.__name__, [c.__name__ for c in exc.__mro__[1:]])
try:
    {}["k"]
except LookupError as e:
    print("LookupError caught", type(e).__name__, e.args)
try:
    [][0]
except Exception as e:
    print("Exception caught", type(e).__name__)
print(issubclass(KeyboardInterrupt, Exception), issubclass(SystemExit, BaseException))
e = OSError(2, "No such file")
print(type(e).__name__, e.errno, e.strerror, e)
print(type(OSError(13, "x")).__name__, IOError is OSError, EnvironmentError is OSError)
