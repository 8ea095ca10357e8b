# Uncaught chained exception: both tracebacks are printed.
def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise RuntimeError(f"cannot parse {s!r}") from e
print("start")
parse("abc")
