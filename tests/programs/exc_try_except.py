# try/except/else/finally flow.
def trial(x):
    out = []
    try:
        out.append("try")
        if x == 1:
            raise ValueError("one")
        if x == 2:
            raise KeyError("two")
        if x == 3:
            return out + ["returned"]
    except ValueError as e:
        out.append(f"except ValueError {e}")
    except (KeyError, IndexError) as e:
        out.append(f"except {type(e).__name__} {e}")
    else:
        out.append("else")
    finally:
        out.append("finally")
    return out
for i in range(4):
    print(i, trial(i))
def finally_override():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(finally_override())
def bare():
    try:
        1 / 0
    except:
        return "bare except caught"
print(bare())
try:
    try:
        raise TypeError("inner")
    finally:
        print("inner finally")
except TypeError as e:
    print("outer caught", e)
e = "before"
try:
    raise ValueError
except ValueError as e:
    pass
try:
    print(e)
except NameError as ne:
    print("NameError:", ne)
