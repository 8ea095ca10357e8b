# eval, exec and compile with explicit namespaces.
print(eval("1 + 2 * 3"), eval("x * 2", {"x": 21}), eval("len(s)", {"s": "abc"}))
ns = {}
exec("def sq(n):\n    return n * n\nresult = sq(12)", ns)
print(ns["result"], ns["sq"](3), sorted(k for k in ns if k != "__builtins__"))
code = compile("a + b", "<expr>", "eval")
print(type(code).__name__, eval(code, {"a": 1, "b": 2}))
loc = {}
exec("y = 5\nz = y + 1", {}, loc)
print(loc)
try:
    eval("1 +")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno, e.offset)
try:
    exec("x = undefined_name", {})
except NameError as e:
    print("NameError:", e)
try:
    eval("__import__('os')", {"__builtins__": {}})
except NameError as e:
    print("NameError:", e)
print(eval("[i * i for i in range(4)]"), eval("lambda q: q + 1")(1))
exec("print('printed from exec')")
