# Context chains several levels deep, with __suppress_context__ cutting one.
def level3():
    return {}["missing"]

def level2():
    try:
        level3()
    except KeyError:
        raise ValueError("level2 failed")

def level1():
    try:
        level2()
    except ValueError as e:
        err = RuntimeError("level1 failed")
        err.__suppress_context__ = False
        raise err

def top():
    try:
        level1()
    except RuntimeError:
        raise LookupError("top failed") from None

try:
    top()
except LookupError as e:
    print("suppressed:", e.__suppress_context__, type(e.__context__).__name__)
level1()
