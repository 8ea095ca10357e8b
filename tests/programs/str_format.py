# String formatting: f-strings with format specs, format(), str.format,
# format_map, %-formatting, and their error messages.

def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "!!", type(e).__name__ + ":", e)
    else:
        print(label, "->", repr(r))

x, y, name = 3.14159, 1234567, "rupy"
print(f"{x:.2f} {x:10.3f}| {x:<10.1f}| {x:^10.2e}| {y:,} {y:_} {y:>12,}|")
print(f"{name!r} {name:>8} {name:*^10} {name:.2} {name!a:8}|")
print(f"{255:x} {255:#X} {255:#o} {255:b} {255:#010b} {0xdeadbeef:_x} {-42:+06d} {42: d}")
print(f"{65:c} {1e10:g} {1e-5:g} {123456789.0:g} {0.5:%} {0.25:.1%} {1.0:.3} {1e22:.3}")
print(f"{-0.0:z.1f} {-0.00001:z.2f} {float('inf'):010} {float('nan'):+} {-float('inf'):e}")
print(f"{1234.5678:,.2f} {1234.5678:012,.1f} {-1234:08,} {12345:010_}")
print(f"{True} {True:d} {True:>6} {None!s:>6} {[1, 2]!r:>10}")
w, p = 10, 3
print(f"{x:{w}.{p}f}|{name:{'>'}{w}}|")
print(f"{123.456:.0f} {0.5:.0f} {1.5:.0f} {2.5:.0f} {1.25:.1f} {1e16:.0f} {2**70:e}")
print(f"{3.0:g} {3.0:#g} {100000.0:g} {1000000.0:g} {1.5e300:.3g} {0.0001234:.2e}")
print(f"{12:n} {1.5:n} {1234567.0} {1e16} {1.0e-5} {123e-310}")

show("format()", lambda: (format(5), format(5, "03"), format("a", "^5"), format(2.5, ".3e")))
show("format bad code", lambda: format(1, "q"))
show("format float d", lambda: format(1.5, "d"))
show("format str d", lambda: format("a", "d"))
show("format comma x", lambda: format(1, ",x"))
show("format both seps", lambda: format(1, ",_"))
show("format str =", lambda: format("a", "=5"))
show("format str sign", lambda: format("a", "+"))
show("format invalid", lambda: format(1, "cc"))
show("format object", lambda: format(object(), "x"))
show("format c range", lambda: format(-1, "c"))
show("format int precision", lambda: format(1, ".2d"))
show("format missing precision", lambda: format(1.5, "."))
show("format spec type", lambda: format(1, 2))
show("fraction groups", lambda: (format(1234567.1234567, "_._f"), format(1234.5, ",.3_f")))

class Money:
    def __init__(self, v):
        self.v = v
    def __format__(self, spec):
        return "$" + format(self.v, spec or ".2f")
    def __repr__(self):
        return "Money(%r)" % self.v

show("custom __format__", lambda: (f"{Money(3)}", f"{Money(3):.1f}", format(Money(2), "")))

class Bad:
    def __format__(self, spec):
        return 42

show("bad __format__", lambda: format(Bad()))

show("str.format", lambda: "{} and {}".format("a", "b"))
show("str.format idx", lambda: "{1}{0}{1}".format("a", "b"))
show("str.format kw", lambda: "{name} is {age}".format(name="Bob", age=3))
show("str.format attr", lambda: "{0.real} {0.imag}".format(5))
show("str.format item", lambda: "{0[1]} {d[k]} {d[k]!r}".format([1, 2], d={"k": "v"}))
show("str.format spec", lambda: "{:>8.3f}|{:<5}|{:^7}|".format(3.14159, "ab", "mid"))
show("str.format nested", lambda: "{:{}{}}".format(3.5, ">", 8))
show("str.format conv", lambda: "{!r} {!s} {!a}".format("é", "é", "é"))
show("str.format braces", lambda: "{{}} {{{}}}".format(1))
show("format_map", lambda: "{a}-{b}".format_map({"a": 1, "b": 2}))
show("format missing", lambda: "{}".format())
show("format switch 1", lambda: "{0}{}".format(1, 2))
show("format switch 2", lambda: "{}{0}".format(1, 2))
show("format key", lambda: "{a}".format())
show("format single {", lambda: "{".format())
show("format single }", lambda: "a}b".format())
show("format conv bad", lambda: "{0!x}".format(1))
show("format unclosed", lambda: "{0".format(1))
show("format attr bad", lambda: "{0.nope}".format(1))
show("format index bad", lambda: "{0[5]}".format([1]))
show("format empty attr", lambda: "{0.}".format(1))

show("% basic", lambda: "%s is %d years" % ("Bob", 30))
show("% single", lambda: "value: %r" % "x")
show("% float", lambda: "%.2f %5.1f %-8.3e| %g %G %E" % (3.14159, 2.5, 12345.678, 0.00001, 1e20, 1.5))
show("% int", lambda: "%5d|%-5d|%05d|%+d|% d|%x|%#x|%X|%#o|%o" % (42, 42, 42, 42, 42, 255, 255, 255, 8, 8))
show("% star", lambda: "%*d|%-*s|%.*f" % (5, 1, 4, "ab", 2, 3.14159))
show("% dict", lambda: "%(name)s=%(val)05.1f" % {"name": "pi", "val": 3.14159})
show("% char", lambda: "%c%c" % (72, "i"))
show("% percent", lambda: "100%% %s" % "done")
show("% prec int", lambda: "%.3d %#.3x" % (5, 5))
show("% str prec", lambda: "%.2s|%5.1s|" % ("abc", "xyz"))
show("% d float", lambda: "%d %i" % (3.99, -2.5))
show("% neg hex", lambda: "%x %#X" % (-255, -255))
show("% inf", lambda: "%05f %f %-6f|" % (float("inf"), float("nan"), float("-inf")))
show("% not enough", lambda: "%s %s" % (1,))
show("% too many", lambda: "%s" % (1, 2))
show("% no mapping", lambda: "%(a)s" % 1)
show("% bad char", lambda: "%z" % 1)
show("% c str", lambda: "%c" % "ab")
show("% c float", lambda: "%c" % 1.5)
show("% x float", lambda: "%x" % 1.5)
show("% d str", lambda: "%d" % "a")
show("% f str", lambda: "%f" % "a")
show("% star bad", lambda: "%*d" % ("a", 1))
show("% key missing", lambda: "%(a)s" % {})
show("% incomplete", lambda: "abc %" % ())
show("% unused", lambda: "abc" % 5)
show("% list arg", lambda: "abc" % [1])
show("% tuple in tuple", lambda: "%s" % ((1, 2),))

# Malformed fields (3.14's parse_field messages).
for t in ['{0', '{0[1]', '{0:{1}', '{0{}', '{0!r{}', '{0:{{}}}', '{0!}', '{0!:}', '{0!rx}', '{0!', '{0[a:b]}', '{0!s:>4}']:
    show("field " + t, lambda: t.format({'a:b': 'k'} if '[a' in t else 1, '<', 5))
