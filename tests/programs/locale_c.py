# _locale/locale in the C locale: setlocale results, localeconv, langinfo,
# collation, and the errors.
import _locale
import locale

print(_locale.setlocale(_locale.LC_ALL, "C"))
for cat in ("LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY",
            "LC_MESSAGES", "LC_ALL"):
    print(cat, getattr(_locale, cat), _locale.setlocale(getattr(_locale, cat)))
print(_locale.setlocale(_locale.LC_NUMERIC, "POSIX"))
print(_locale.setlocale(_locale.LC_NUMERIC))
print(sorted(_locale.localeconv().items()))
print(_locale.CHAR_MAX)
for name in ("DAY_1", "ABDAY_7", "MON_12", "ABMON_1", "RADIXCHAR", "THOUSEP",
             "D_T_FMT", "D_FMT", "T_FMT", "AM_STR", "PM_STR", "T_FMT_AMPM",
             "ERA", "ALT_DIGITS", "YESEXPR", "NOEXPR", "CRNCYSTR", "_DATE_FMT"):
    print(name, repr(_locale.nl_langinfo(getattr(_locale, name))))
print(_locale.strcoll("a", "b") < 0, _locale.strcoll("b", "a") > 0, _locale.strcoll("x", "x"))
print(repr(_locale.strxfrm("hello")), repr(_locale.strxfrm("")))
print(sorted(["b", "A", "a", "B"], key=locale.strxfrm))
print(locale.format_string("%d %.2f", (1234567, 3.14159), grouping=True))
print(locale.str(1.5), locale.atof("2.5"), locale.atoi("42"))
print(_locale.Error is locale.Error, _locale.Error.__module__, _locale.Error.__mro__[1])

for call in (
    lambda: _locale.setlocale(_locale.LC_ALL, "no_such_locale.XYZ"),
    lambda: _locale.setlocale(_locale.LC_ALL, "C\0"),
    lambda: _locale.setlocale(_locale.LC_ALL, 5),
    lambda: _locale.setlocale(),
    lambda: _locale.setlocale("x"),
    lambda: _locale.nl_langinfo(12345),
    lambda: _locale.strcoll("a", 1),
    lambda: _locale.strcoll("a\0", "b"),
    lambda: _locale.strxfrm("a\0b"),
    lambda: _locale.strxfrm(b"a"),
    lambda: _locale.localeconv(1),
):
    try:
        print(repr(call()))
    except Exception as e:
        print(type(e).__name__, e)
print(_locale.setlocale(_locale.LC_ALL, "C"))
