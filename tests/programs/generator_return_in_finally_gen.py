# Generator details: return values through yield from, gi_ attributes, generator in try/finally.
def sub():
    yield 1
    return "sub-done"
def main():
    r = yield from sub()
    yield r
    try:
        yield "in try"
    finally:
        yield "in finally"
g = main()
print(list(g))
def inspectable():
    x = yield 1
    yield x
h = inspectable()
print(h.gi_running, h.gi_frame is not None, h.gi_code.co_name, h.gi_yieldfrom)
next(h)
print(h.gi_frame.f_locals, h.send("sent"))
def outer():
    yield from inner()
def inner():
    yield "a"
    yield "b"
o = outer()
next(o)
print(o.gi_yieldfrom.__name__ if o.gi_yieldfrom else None)
gen = (i for i in range(3))
print(gen.__name__, gen.__qualname__, next(gen), list(gen))
