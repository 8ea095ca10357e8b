# ExceptionGroup construction, subgroup, split, derive.
eg = ExceptionGroup("batch", [ValueError("v1"), TypeError("t1"), ValueError("v2"),
                              ExceptionGroup("inner", [KeyError("k"), ValueError("v3")])])
print(eg, len(eg.exceptions), eg.message)
print(repr(eg.exceptions[0]))
vals = eg.subgroup(ValueError)
print(repr(vals))
match, rest = eg.split(lambda e: isinstance(e, (KeyError, TypeError)))
print(repr(match))
print(repr(rest))
print(eg.subgroup(OSError))
try:
    ExceptionGroup("empty", [])
except ValueError as e:
    print("ValueError:", e)
try:
    ExceptionGroup("bad", [1])
except ValueError as e:
    print("ValueError:", e)
beg = BaseExceptionGroup("base", [KeyboardInterrupt()])
print(type(beg).__name__, type(BaseExceptionGroup("x", [ValueError()])).__name__)
print(issubclass(ExceptionGroup, Exception), issubclass(BaseExceptionGroup, Exception))
