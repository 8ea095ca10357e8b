# Code object attributes: names, counts, variable tuples, flags, lines, positions, replace().
def outer(a, b, /, c, *args, d, e=1, **kw):
    x = a + b
    def inner(y):
        return x + y + c
    return inner
co = outer.__code__
print(co.co_name, co.co_qualname, co.co_filename.endswith(".py"), co.co_firstlineno)
print(co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount, co.co_nlocals)
print(co.co_varnames, co.co_cellvars, co.co_freevars)
print(co.co_names, co.co_flags & 0x0F, co.co_stacksize > 0)
inner = outer(1, 2, 3, d=4)
ic = inner.__code__
print(ic.co_name, ic.co_qualname, ic.co_varnames, ic.co_freevars, ic.co_cellvars)
print(type(co.co_code).__name__, len(co.co_code) % 2, type(co.co_linetable).__name__)
print(type(co.co_exceptiontable).__name__, type(co.co_consts).__name__)
lines = list(co.co_lines())
print(lines[0][0], all(s < e for s, e, _ in lines), [l for _, _, l in lines if l is not None][:3])
print(lines[-1][1] == len(co.co_code))
pos = list(co.co_positions())
print(len(pos) * 2 == len(co.co_code), pos[-1][0], pos[-1][2] is not None)
def gen():
    yield 1
print(gen.__code__.co_flags & 0x20 != 0, (lambda: 0).__code__.co_name)
c2 = co.replace(co_name="renamed", co_firstlineno=99)
print(c2.co_name, c2.co_firstlineno, c2.co_qualname, co.co_name)
try:
    co.replace(co_name=5)
except TypeError as err:
    print("TypeError:", err)
try:
    co.replace(co_bogus=1)
except TypeError as err:
    print("TypeError:", err)
print(repr(co)[:22])
