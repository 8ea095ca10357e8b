# printf-style % formatting.
print("%d %i %u" % (42, -7, 3))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%x %X %o %#x %#o %#X" % (255, 255, 8, 255, 8, 255))
print("%e %E %.2e %g %G %.3g" % (12345.678, 12345.678, 0.000123, 1e-5, 1e20, 3.14159))
print("%f %.0f %.1f %10.3f %-10.3f|" % (3.14159, 2.5, 0.05, 3.14159, 3.14159))
print("%s %r %a" % ("str", "str", "café"))
print("%c%c%c" % (72, "i", 33))
print("%%done %s%%" % 50)
print("%(name)s is %(age)d" % {"name": "Ann", "age": 30})
print("%*d|%-*s|%.*f" % (6, 42, 4, "ab", 2, 3.14159))
print("%s" % (1, 2) if False else "%s %s" % (1, 2), "%s" % [1, 2], "%s" % ((1, 2),))
for bad in [("%d", "x"), ("%s %s", (1,)), ("%s", (1, 2)), ("%z", 1)]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
print(b"%s-%d-%x" % (b"ab", 5, 255))
