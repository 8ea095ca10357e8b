# global/nonlocal interplay with nested functions and class bodies.
x = "module"
def f():
    x = "f-local"
    def g():
        global x
        x = "set by g"
        return x
    g()
    return x
print(f(), x)
class C:
    global y
    y = "class body defines a global"
    z = "class attribute"
print(y, C.z, "z" in globals())
def counter():
    n = 0
    class Inc:
        def bump(self):
            nonlocal n
            n += 1
            return n
    return Inc()
inc = counter()
print(inc.bump(), inc.bump())
def shadow_global():
    global x
    del x
shadow_global()
print("x" in globals())
exec_ns = {"v": 1}
exec("global v\nv = 2", exec_ns)
print(exec_ns["v"])
src = "def h():\n    nonlocal q\n"
try:
    compile(src, "<nl>", "exec")
except SyntaxError as e:
    print("SyntaxError:", e.msg)
try:
    compile("def k():\n    a = 1\n    global a\n", "<gl>", "exec")
except SyntaxError as e:
    print("SyntaxError:", e.msg)
