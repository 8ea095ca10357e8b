# globals(), locals(), vars(), dir(), eval(), exec() and compile() with their namespaces and errors.
counter = 10
def show_locals(a, b=2):
    c = a + b
    return sorted(locals().items())
print(show_locals(1))
print("counter" in globals(), globals()["counter"], globals() is globals())
def closure():
    v = 1
    def f():
        w = v + 1
        return sorted(locals())
    return f()
print(closure())
class K:
    x = 1
    inside = sorted(locals())
print(K.inside)
class P:
    def __init__(self):
        self.a = 1
        self.b = 2
print(vars(P()), sorted(vars(K))[:2])
try:
    vars(5)
except TypeError as e:
    print("TypeError:", e)
class WithDir:
    def __dir__(self):
        return ["zeta", "alpha"]
print(dir(WithDir()), "x" in dir(K), "a" in dir(P()))
def local_dir():
    q = 1
    r = 2
    return dir()
print(local_dir())
print(eval("1 + 2 * counter"), eval("x * 2", {"x": 21}), eval("y", {}, {"y": "local"}))
print(eval("  counter"), eval(b"3 + 4"))
ns = {}
exec("def sq(n):\n    return n * n\nres = sq(12)", ns)
print(ns["res"], "__builtins__" in ns)
loc = {}
exec("a = 5\nb = a + 1", {}, loc)
print(sorted(loc.items()))
code = compile("p + q", "<expr>", "eval")
print(type(code).__name__, code.co_filename, eval(code, {"p": 1, "q": 2}))
code = compile("z = 3", "<stmt>", "exec")
g = {}
print(exec(code, g), g["z"])
single = compile("1 + 1", "<single>", "single")
print(single.co_name)
def inner_exec():
    exec("hidden = 1")
    return "hidden" in locals()
print(inner_exec())
for bad in ("eval('1', [])", "eval('1', {}, 5)", "exec('1', [])", "exec('1', {}, 5)",
            "eval(5)", "exec(5)", "compile('1', 'f', 'bad')", "compile(5, 'f', 'exec')",
            "globals(1)", "dir(1, 2)", "eval('undefined_name')"):
    try:
        eval(bad)
    except (TypeError, ValueError, NameError) as e:
        print(type(e).__name__ + ":", e)
try:
    exec((lambda: counter).__code__)
    print("ran")
except TypeError as e:
    print("TypeError:", e)
