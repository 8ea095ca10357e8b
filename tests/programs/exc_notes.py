# add_note and __notes__ (PEP 678).
try:
    try:
        raise ValueError("bad value")
    except ValueError as e:
        e.add_note("while parsing line 3")
        e.add_note("in file data.txt")
        raise
except ValueError as e:
    print(e, e.__notes__)
e = KeyError("k")
print(hasattr(e, "__notes__"))
try:
    e.add_note(42)
except TypeError as te:
    print("TypeError:", te)
e.__notes__ = ["replaced"]
e.add_note("appended")
print(e.__notes__)
