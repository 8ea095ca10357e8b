# Scoping: LEGB lookup, class bodies, comprehension scopes, builtins shadowing.
x = "global"
def outer():
    x = "enclosing"
    def inner():
        return x
    return inner()
print(outer())
class K:
    x = "class body"
    y = x + "!"
    def method(self):
        return x
    items = [x for _ in range(1)]
print(K.y, K().method(), K.items)
def shadow_builtin():
    len = lambda s: -1
    return len("abc")
print(shadow_builtin(), len("abc"))
import builtins
print(builtins.len is len, type(__builtins__).__name__ in ("module", "dict"))
def late_binding():
    def get():
        return value
    value = "bound later"
    return get()
print(late_binding())
def assign_after_read():
    try:
        print(x)
        x = 1
    except UnboundLocalError as e:
        return str(e)
print(assign_after_read())
def del_local():
    a = 1
    del a
    try:
        return a
    except NameError as e:
        return type(e).__name__ + ": " + str(e)
print(del_local())
for loop_var in range(3):
    pass
print("loop variable leaks:", loop_var)
try:
    print(never_defined)
except NameError as e:
    print("NameError:", e)
