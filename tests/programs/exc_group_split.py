# BaseExceptionGroup / ExceptionGroup: construction rules, split, subgroup,
# derive, metadata copying, and except* behaviour.
eg = ExceptionGroup("many", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
print(repr(eg))
print(str(eg), eg.message, len(eg.exceptions), type(eg.exceptions).__name__)
print(type(BaseExceptionGroup("b", [ValueError()])).__name__)
print(type(BaseExceptionGroup("b", [KeyboardInterrupt()])).__name__)
print(repr(BaseExceptionGroup("one", (ValueError("x"),))), str(BaseExceptionGroup("one", (ValueError("x"),))))
for args in [(), ("m",), (1, [ValueError()]), ("m", 5), ("m", []), ("m", [1]), ("m", [KeyboardInterrupt()])]:
    try:
        ExceptionGroup(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
class MyGroup(ExceptionGroup):
    pass
try:
    MyGroup("m", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError:", e)
print(isinstance(eg, Exception), issubclass(ExceptionGroup, BaseExceptionGroup))

match, rest = eg.split(ValueError)
print(repr(match))
print(repr(rest))
print(repr(eg.subgroup(KeyError)))
print(eg.subgroup(OSError), eg.split(OSError)[0], repr(eg.split(Exception)[0]) == repr(eg))
print(repr(eg.subgroup(lambda e: isinstance(e, ValueError) and e.args[0] > 1)))
print(repr(eg.split((TypeError, KeyError))[1]))
try:
    eg.split(5)
except TypeError as e:
    print("TypeError:", e)

# metadata copied to the parts
try:
    try:
        raise KeyError("ctx")
    except KeyError:
        raise ExceptionGroup("with meta", [ValueError("a"), TypeError("b")]) from OSError("cause")
except ExceptionGroup as g:
    g.add_note("a note")
    m, r = g.split(ValueError)
    print(repr(m.__cause__), repr(m.__context__), m.__notes__, m.__traceback__ is g.__traceback__)
    print(m.__notes__ is g.__notes__, r.__suppress_context__)

# derive in a subclass keeps the base behaviour unless overridden
class Derived(ExceptionGroup):
    def __new__(cls, msg, excs, extra=None):
        obj = super().__new__(cls, msg, excs)
        obj.extra = extra
        return obj
    def __init__(self, msg, excs, extra=None):
        super().__init__(msg, excs)
    def derive(self, excs):
        return Derived(self.message, excs, self.extra)
d = Derived("d", [ValueError(1), TypeError(2)], "E")
m, r = d.split(ValueError)
print(type(m).__name__, m.extra, repr(r))
print(repr(ExceptionGroup("x", [ValueError()]).derive([TypeError()])))

# except*
def handle(exc):
    try:
        raise exc
    except* ValueError as g:
        print("  ValueError part:", repr(g))
    except* TypeError as g:
        print("  TypeError part:", repr(g))

handle(ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3)]))
handle(ValueError("naked"))
try:
    handle(ExceptionGroup("eg", [ValueError(1), KeyError(2)]))
except ExceptionGroup as rest:
    print("rest:", repr(rest))
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise RuntimeError("from handler")
except ExceptionGroup as g:
    print("combined:", repr(g), [repr(x.__context__) for x in g.exceptions])
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise
except ExceptionGroup as g:
    print("reraised:", repr(g))
try:
    try:
        raise ValueError(5)
    except* ExceptionGroup:
        pass
except TypeError as e:
    print("TypeError:", e)
try:
    try:
        raise ValueError(5)
    except* 42:
        pass
except TypeError as e:
    print("TypeError:", e)
