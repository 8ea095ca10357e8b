# return/break in finally swallow the exception (PEP 765: a SyntaxWarning in 3.14).
def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"
print(swallow())
def loop():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            break
    return i
print(loop())
