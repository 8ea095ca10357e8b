# except* handling of exception groups.
def run(excs):
    try:
        raise ExceptionGroup("group", excs)
    except* ValueError as g:
        print("  ValueErrors:", [str(e) for e in g.exceptions])
    except* (TypeError, KeyError) as g:
        print("  Type/Key:", [repr(e) for e in g.exceptions])
for excs in [[ValueError("a"), TypeError("b")], [KeyError("c")], [ValueError("x"), ValueError("y")]]:
    print("run", [type(e).__name__ for e in excs])
    run(excs)
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), OSError(2)])
    except* ValueError:
        print("handled ValueError part")
except ExceptionGroup as rest:
    print("unhandled rest:", repr(rest))
try:
    raise TypeError("naked")
except* TypeError as g:
    print("naked wrapped:", repr(g))
try:
    try:
        raise ExceptionGroup("eg", [ValueError("v")])
    except* ValueError:
        raise KeyError("new")
except Exception as e:
    print("raised in handler:", repr(e), "context:", repr(e.__context__))
