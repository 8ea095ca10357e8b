# except* with nested groups, leftovers re-raised, and the original tree shape kept.
def raise_tree():
    raise ExceptionGroup("top", [
        ValueError("v1"),
        ExceptionGroup("mid", [TypeError("t1"), ValueError("v2"), KeyError("k1")]),
        OSError("o1"),
    ])
try:
    try:
        raise_tree()
    except* ValueError as g:
        print("values:", repr(g))
    except* TypeError as g:
        print("types:", repr(g))
except ExceptionGroup as rest:
    print("rest:", repr(rest))
    print("leaves:", [repr(e) for e in rest.exceptions])
try:
    raise_tree()
except* Exception as g:
    print("everything:", len(g.exceptions))
def walk(e, depth=0):
    print("  " * depth + (f"{type(e).__name__}: {e.message}" if isinstance(e, BaseExceptionGroup) else repr(e)))
    if isinstance(e, BaseExceptionGroup):
        for sub in e.exceptions:
            walk(sub, depth + 1)
try:
    raise_tree()
except ExceptionGroup as eg:
    walk(eg)
