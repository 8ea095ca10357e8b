# Exceptions raised inside __exit__, handlers and finally replace the original one.
class Bad:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        raise RuntimeError("from __exit__")
try:
    with Bad():
        raise ValueError("original")
except RuntimeError as e:
    print(repr(e), "context:", repr(e.__context__))
try:
    try:
        raise KeyError("a")
    except KeyError:
        raise IndexError("b")
except IndexError as e:
    print(repr(e), "context:", repr(e.__context__))
try:
    try:
        raise KeyError("a")
    finally:
        raise TypeError("from finally")
except TypeError as e:
    print(repr(e), "context:", repr(e.__context__))
def cleanup():
    try:
        return 1
    finally:
        print("cleanup ran")
print(cleanup())
