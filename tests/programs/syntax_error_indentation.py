# An IndentationError is reported at compile time.
def f():
    x = 1
      y = 2
    return x
print(f())
