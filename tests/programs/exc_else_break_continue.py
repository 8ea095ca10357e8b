# try/else/finally interacting with break, continue and return inside loops.
def scan(items):
    out = []
    for x in items:
        try:
            if x is None:
                continue
            if x == "stop":
                break
            v = 10 // x
        except ZeroDivisionError:
            out.append("div0")
        except TypeError:
            out.append(f"bad {x!r}")
        else:
            out.append(v)
        finally:
            out.append("|")
    else:
        out.append("no break")
    return out
print(scan([1, 0, None, "s", 5]))
print(scan([2, "stop", 1]))
def first_positive(xs):
    for x in xs:
        try:
            if x > 0:
                return x
        finally:
            print("  checked", x)
    return None
print(first_positive([-1, 0, 3, 4]))
