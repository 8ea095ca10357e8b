# The _string helpers (formatter_parser, formatter_field_name_split) and
# string.Formatter built on them.
import _string
print(list(_string.formatter_parser('a{{b}}c{0!r:>{w}}d{x.y[1]}e{}{:}{!s}')))
print(list(_string.formatter_parser('')), list(_string.formatter_parser('abc')), list(_string.formatter_parser('{}')))
f, r = _string.formatter_field_name_split('0.a[1][k].2'); print(repr(f), list(r))
f, r = _string.formatter_field_name_split('name'); print(repr(f), list(r))
try: _string.formatter_parser(1)
except Exception as e: print(type(e).__name__, e)
try: list(_string.formatter_parser('{'))
except Exception as e: print(type(e).__name__, e)
print(_string.__doc__)
import string
print(string.Formatter().format("{0:>5}|{name!r}|{1[0]}", 7, [8], name="n"), string.ascii_letters[:5], string.capwords("hello  world"))
