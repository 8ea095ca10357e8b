# SyntaxError display through sys.excepthook (into sys.stderr), the
# UnicodeError __str__ checks, AttributeError/ImportError attributes,
# PEP 626 line numbers of finished frames, tracebacks keeping locals,
# sys.setrecursionlimit's depth check and compile() error text.
import io
import sys
import weakref


def hook_output(exc):
    saved = sys.stderr
    sys.stderr = io.StringIO()
    try:
        sys.__excepthook__(type(exc), exc, exc.__traceback__)
        return sys.stderr.getvalue()
    finally:
        sys.stderr = saved


# SyntaxError carets for ranges of offsets (start, end) on "abcdefg".
for start, end in [(2, 7), (2, 3), (2, -2), (4, 2), (-4, -2), (-4, -5), (0, 0), (0, 5), (2, 100)]:
    try:
        raise SyntaxError("bad bad", ("bad.py", 1, start, "abcdefg", 1, end))
    except SyntaxError as e:
        print((start, end), repr(hook_output(e).split("\n", 3)[-1]))


class MySyntaxError(SyntaxError):
    pass


try:
    raise MySyntaxError("bad bad", ("bad.py", 1, 2, "abcdefg", 1, 7))
except SyntaxError as e:
    out = hook_output(e)
    print(repr(out[out.index('  File "bad.py"'):]))


class BrokenStr(Exception):
    def __str__(self):
        raise Exception("str() is broken")


for exc in (ValueError("test message"), BrokenStr("test message")):
    try:
        raise exc
    except Exception as e:
        print(hook_output(e).splitlines()[-1])

# A None sys.stderr: the hook prints nothing and does not fail.
saved = sys.stderr
sys.stderr = None
try:
    sys.__excepthook__(ValueError, ValueError("x"), None)
finally:
    sys.stderr = saved
print("hook with stderr None: ok")


# str() of a Unicode error whose reason or encoding replaces `object`.
def evil_cases(side_effect):
    class Evil(str):
        def __str__(self):
            side_effect(exc)
            return self

    results = []
    for reason, encoding in [("reason", Evil("utf-8")), (Evil("reason"), "utf-8")]:
        for make in (lambda: UnicodeEncodeError(encoding, "x", 0, 1, reason),
                     lambda: UnicodeDecodeError(encoding, b"x", 0, 1, reason)):
            exc = make()
            try:
                results.append(str(exc))
            except TypeError as e:
                results.append(f"TypeError: {e}")
    exc = UnicodeTranslateError("x", 0, 1, Evil("reason"))
    try:
        results.append(str(exc))
    except TypeError as e:
        results.append(f"TypeError: {e}")
    return results


def set_none(exc):
    exc.object = None


def delete(exc):
    del exc.object


print(evil_cases(set_none))
print(evil_cases(delete))
for start, end in [(0, 1), (-1, 0), (2, 3), (1, 0)]:
    print(str(UnicodeEncodeError("ascii", "ab", start, end, "r")),
          "|", str(UnicodeDecodeError("ascii", b"ab", start, end, "r")),
          "|", str(UnicodeTranslateError("ab", start, end, "r")))
print(repr(str(UnicodeEncodeError.__new__(UnicodeEncodeError))))


# AttributeError name/obj from the generic getattr and method loads.
class A:
    def blech(self):
        pass


obj = A()
for get in (lambda: obj.bluch, lambda: object.__getattribute__(obj, "bluch"), lambda: obj.bluch()):
    try:
        get()
    except AttributeError as e:
        print(e, e.name, e.obj is obj)

# ImportError.__init__ resets what it is not given.
exc = ImportError("test", name="name", path="path")
print(exc.args, exc.msg, exc.name, exc.path)
exc.__init__()
print(exc.args, exc.msg, exc.name, exc.path)


# PEP 626: f_lineno of a frame an exception left.
def lines_after_raise(f):
    try:
        f()
    except Exception as ex:
        t = ex.__traceback__.tb_next
    out = []
    while t:
        ln = t.tb_frame.f_lineno
        out.append(None if ln is None else ln - t.tb_frame.f_code.co_firstlineno)
        t = t.tb_next
    return tuple(out)


def simple():
    1/0
    pass


def in_try():
    try:
        1/0
    finally:
        pass


def other_except():
    try:
        1/0
    except TypeError as ex:
        pass


def in_except():
    try:
        1/0
    except:
        1/0
        pass


print(lines_after_raise(simple), lines_after_raise(in_try),
      lines_after_raise(other_except), lines_after_raise(in_except))


def no_lines():
    1/0


no_lines.__code__ = no_lines.__code__.replace(co_linetable=b'\xf8\xf8\xf8\xf9\xf8\xf8\xf8')
print(lines_after_raise(no_lines))


# The traceback keeps the locals of the frames the exception left.
class C:
    pass


wr = None


def inner():
    global wr
    c = C()
    wr = weakref.ref(c)
    1/0


try:
    inner()
except ZeroDivisionError as e:
    print("alive while handled:", wr() is not None)
    print("f_locals:", sorted(e.__traceback__.tb_next.tb_frame.f_locals))
print("freed after:", wr() is None)

# sys.setrecursionlimit refuses a limit the running frames reach.
old = sys.getrecursionlimit()
try:
    sys.setrecursionlimit(1)
except RecursionError as e:
    print("RecursionError:", str(e).split(" at the")[0])
print(sys.getrecursionlimit() == old)

# compile(): errors found after parsing have no text for a non-file name.
for src in ['return "\u00e4"', b'# coding: latin1\nreturn "\xe4"', '\ufeffreturn 1']:
    try:
        compile(src, "<string>", "exec")
    except SyntaxError as e:
        print(e, repr(e.text), e.offset, e.end_offset)
