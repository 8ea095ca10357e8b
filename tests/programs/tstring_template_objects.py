# PEP 750 t-strings: Template and Interpolation objects, BUILD_TEMPLATE and
# BUILD_INTERPOLATION, constructors, concatenation, iteration, errors.
from string.templatelib import Template, Interpolation
x = 5; y = 'hi'
t = t'a{x!r:>3}b{y}'
print(repr(t)); print(t.strings, t.interpolations, t.values, list(t))
i = t.interpolations[0]; print(repr(i), i.value, i.expression, i.conversion, i.format_spec, Interpolation.__match_args__)
print(repr(Template('a', Interpolation(1, 'one'), 'b', 'c')), repr(Template()), repr(t'{x}{y}'))
print(repr(t + t'z'), type(t).__module__, type(t).__name__, type(i).__name__)
for bad in [lambda: t + 'z', lambda: Template(1)]:
    try: bad()
    except TypeError as e: print(e)
print(Interpolation(3), repr(Interpolation(3, 'x', 's', 'f')))
try: Interpolation(1, 'x', 'q')
except ValueError as e: print(e)
match i:
    case Interpolation(v, e, c, f): print(v, e, c, f)
print(t'{x=}'.strings, t'{x + 1:{y}}'.interpolations[0].format_spec)
