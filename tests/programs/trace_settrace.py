# sys.settrace: call/line/return/exception events, line numbers relative to
# each function, local trace functions, f_trace_lines, f_trace_opcodes and
# a trace function that raises.
import sys


def show(frame, event, arg):
    rel = frame.f_lineno - frame.f_code.co_firstlineno
    if event == "exception":
        arg = (arg[0].__name__, str(arg[1]))
    elif event == "return" and arg is not None and not isinstance(arg, (int, str, tuple)):
        arg = type(arg).__name__
    print(f"  {frame.f_code.co_name}:{rel} {event} {arg}")


def tracer(frame, event, arg):
    show(frame, event, arg)
    return tracer


def run(title, func, *args, trace=tracer):
    print(title)
    sys.settrace(trace)
    try:
        r = func(*args)
    except Exception as e:
        r = f"raised {type(e).__name__}: {e}"
    finally:
        sys.settrace(None)
    print("  ->", r)


def simple(a):
    b = a + 1
    return b * 2


def loop(n):
    total = 0
    for i in range(n):
        total += i
    while n > 0:
        n -= 1
    return total


def same_line_loop():
    x = [i for i in range(3)]; return x


def gen(n):
    for i in range(n):
        yield i
    return "done"


def use_gen():
    out = []
    for v in gen(2):
        out.append(v)
    def deleg():
        r = yield from gen(1)
        return r
    out.extend(deleg())
    return out


def raises():
    try:
        1 / 0
    except ZeroDivisionError as e:
        x = str(e)
    try:
        {}["k"]
    finally:
        x = 2


def nested():
    def inner(v):
        if v:
            raise ValueError("bad")
        return v
    inner(0)
    return inner(1)


def with_match(p):
    match p:
        case (0, y):
            return y
        case [x, *_] if x > 5:
            return x
        case {"k": v}:
            return v
        case _:
            return None


class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return True


def with_block():
    with Ctx():
        raise KeyError("swallowed")
    return "after"


run("simple", simple, 1)
run("loop", loop, 3)
run("same_line_loop", same_line_loop)
run("generators", use_gen)
run("exceptions", raises)
run("nested", nested)
for p in [(0, 7), [9, 1], {"k": 3}, "zz"]:
    run(f"match {p!r}", with_match, p)
run("with", with_block)


# A local trace function returned for 'call' gets the later events of that
# frame only; returning None from 'call' stops line events for the frame.
def selective(frame, event, arg):
    show(frame, event, arg)
    if frame.f_code.co_name == "simple":
        return None
    def local(frame, event, arg):
        print("  local:", end="")
        show(frame, event, arg)
        return local
    return local


def caller():
    x = simple(2)
    return x


run("selective", caller, trace=selective)


# f_trace_lines = False silences line events; f_trace_opcodes adds 'opcode'.
def no_lines(frame, event, arg):
    frame.f_trace_lines = False
    show(frame, event, arg)
    return no_lines


run("no lines", simple, 3, trace=no_lines)

opcodes = []


def count_opcodes(frame, event, arg):
    if frame.f_code is simple.__code__:
        frame.f_trace_opcodes = True
        opcodes.append((event, frame.f_lineno - frame.f_code.co_firstlineno))
    return count_opcodes


run("opcodes", simple, 4, trace=count_opcodes)
print("  opcode events:", len([e for e in opcodes if e[0] == "opcode"]) > 0,
      sorted(set(l for e, l in opcodes if e == "line")))

# A trace function that raises turns tracing off and the error propagates.
def bad(frame, event, arg):
    if event == "line":
        raise RuntimeError("from tracer")
    return bad


run("raising tracer", simple, 5, trace=bad)
print("gettrace after error:", sys.gettrace())

# No events inside the trace function itself.
depth = []


def reentrant(frame, event, arg):
    simple(0)
    depth.append(frame.f_code.co_name)
    return reentrant


run("reentrant", caller, trace=reentrant)
print("  frames seen:", sorted(set(depth)))

# f_trace, f_lineno inside the trace function.
def check_attrs(frame, event, arg):
    if event == "call":
        print("  f_trace before:", frame.f_trace)
    elif event == "line":
        print("  f_trace is local:", frame.f_trace is check_attrs, frame.f_lineno - frame.f_code.co_firstlineno)
    return check_attrs


run("attrs", simple, 6, trace=check_attrs)

# Bad attribute values.
f = sys._getframe()
for name in ("f_trace_lines", "f_trace_opcodes"):
    try:
        setattr(f, name, 1)
    except TypeError as e:
        print(name, "TypeError:", e)
print(f.f_trace_lines, f.f_trace_opcodes)
