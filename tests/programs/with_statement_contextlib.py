# with statements using contextlib helpers.
import contextlib
@contextlib.contextmanager
def tag(name):
    print(f"<{name}>")
    try:
        yield name.upper()
    finally:
        print(f"</{name}>")
with tag("div") as t:
    print("inside", t)
    with tag("span"):
        print("nested")
with contextlib.suppress(KeyError, IndexError):
    {}["x"]
print("suppressed KeyError")
with contextlib.ExitStack() as stack:
    for n in ["a", "b", "c"]:
        stack.enter_context(tag(n))
    stack.callback(print, "callback ran first")
    print("body with three tags")
try:
    with tag("err"):
        raise ValueError("boom")
except ValueError as e:
    print("propagated", e)
with contextlib.nullcontext(42) as v:
    print("nullcontext gives", v)
import io
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    print("captured text")
print("captured:", repr(buf.getvalue()))
