# An uncaught, nested exception group: causes and notes inside the boxes.
def fail(n):
    if n % 3 == 0:
        raise ValueError(f"bad value {n}")
    raise TypeError(f"bad type {n}")

def collect(ns):
    errs = []
    for n in ns:
        try:
            fail(n)
        except Exception as e:
            e.add_note(f"while handling item {n}")
            errs.append(e)
    return errs

try:
    {}["key"]
except KeyError as k:
    inner = ExceptionGroup("inner batch", collect([3, 4]))
    try:
        raise inner from k
    except ExceptionGroup as g:
        outer = ExceptionGroup("outer batch", [g, RuntimeError("plain")] + collect([6]))
outer.add_note("outer note\nspanning two lines")
print("about to raise")
raise outer
