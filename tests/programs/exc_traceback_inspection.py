# Inspecting tracebacks programmatically: frames, line numbers, traceback.format_exception_only.
import traceback
def a():
    b()
def b():
    c()
def c():
    raise LookupError("deep")
try:
    a()
except LookupError as e:
    tb = e.__traceback__
    names = []
    while tb:
        names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    print(names)
    print(traceback.format_exception_only(e))
    frames = traceback.extract_tb(e.__traceback__)
    print([(f.name, f.lineno, f.line) for f in frames])
    print(frames[0].filename.rsplit("/", 1)[-1])
try:
    {}["x"]
except KeyError as e:
    print("".join(traceback.format_exception(e)).replace(__file__, "FILE"))
