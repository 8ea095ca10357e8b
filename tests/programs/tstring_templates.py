# PEP 750 template strings (t-strings) in Python 3.14.
from string.templatelib import Template, Interpolation
name = "world"
n = 3
t = t"hello {name}, n={n!r:>4}"
print(type(t).__name__, t.strings)
for i in t.interpolations:
    print(i.value, i.expression, i.conversion, repr(i.format_spec))
print(t.values)
for part in t:
    print(type(part).__name__, repr(part) if isinstance(part, str) else part.expression)
def render(tmpl):
    out = []
    for part in tmpl:
        if isinstance(part, str):
            out.append(part)
        else:
            v = part.value
            if part.conversion == "r":
                v = repr(v)
            out.append(format(v, part.format_spec))
    return "".join(out)
print(render(t))
print(render(t"{n * 10:05d} and {'x'}"))
t2 = t"a" + t"{n}"
print(t2.strings, t2.values)
print(render(Template("x=", Interpolation(5, "five"), "!")))
print(t"{n=}".strings)
try:
    t"x" + "y"
except TypeError as e:
    print("TypeError:", e)
