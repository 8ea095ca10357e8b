# global and nonlocal declarations.
x = "global x"
def read_global():
    return x
def write_global():
    global x
    x = "changed by function"
def shadow():
    x = "local"
    return x
print(read_global(), shadow(), x)
write_global()
print(x)
def outer():
    y = 0
    def bump():
        nonlocal y
        y += 1
    for _ in range(3):
        bump()
    return y
print(outer())
def unbound():
    try:
        print(z)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    z = 1
z = 0
unbound()
def make_global():
    global created_later
    created_later = 42
make_global()
print(created_later)
def nested_nonlocal():
    a = 1
    def l1():
        def l2():
            nonlocal a
            a = 3
        l2()
    l1()
    return a
print(nested_nonlocal())
counter = 0
def incr():
    global counter
    counter += 1
[incr() for _ in range(5)]
print(counter, "counter" in globals(), "zzz" in globals())
