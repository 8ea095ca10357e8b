# pass, Ellipsis as a placeholder, and docstrings on modules, classes and functions.
"""Module docstring for this test program."""
def todo():
    ...
def nothing():
    pass
class Empty:
    """An empty class with a docstring."""
class Stub:
    def method(self): ...
print(todo(), nothing(), Empty.__doc__, Stub().method())
print(__doc__)
def documented(a, b):
    """Return a + b.

    The second paragraph is kept verbatim.
    """
    return a + b
print(documented.__doc__)
print(..., type(...).__name__, Ellipsis is ..., bool(...))
for _ in range(2):
    pass
while False:
    pass
if True:
    pass
else:
    ...
print([...], {...: 1}[...], "done")
def only_docstring():
    "Single-quoted docstring."
print(only_docstring.__doc__, only_docstring())
