# _stat: filemode, the S_IS* predicates, S_IMODE/S_IFMT and their errors.
import _stat
import stat

for mode in (0o100644, 0o040755, 0o120777, 0o020620, 0o060660, 0o010600,
             0o140755, 0o104755, 0o102755, 0o101777, 0o100000, 0o007000,
             0o170777, 0):
    preds = [name for name in ("S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG",
                               "S_ISFIFO", "S_ISLNK", "S_ISSOCK", "S_ISDOOR",
                               "S_ISPORT", "S_ISWHT")
             if getattr(_stat, name)(mode)]
    print(oct(mode), _stat.filemode(mode), oct(_stat.S_IMODE(mode)),
          oct(_stat.S_IFMT(mode)), preds)

print(stat.filemode is _stat.filemode)
names = sorted(n for n in dir(_stat) if n.isupper())
print(len(names), [(n, getattr(_stat, n)) for n in names])

for bad in (-1, 2**32, 2**64, 1.5, "x", None):
    try:
        _stat.filemode(bad)
    except Exception as e:
        print(type(bad).__name__, type(e).__name__, e)
for call in (lambda: _stat.S_ISDIR(), lambda: _stat.S_IMODE(1, 2),
             lambda: _stat.S_IFMT(mode=1)):
    try:
        call()
    except TypeError as e:
        print("TypeError", e)
