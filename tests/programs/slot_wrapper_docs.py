# The docstrings of slot wrappers and method-wrappers come from the slot
# table (signature line stripped).
def g():
    yield 1


i = g()
print(i.__next__.__doc__)
print(i.__iter__.__doc__)
print(type(i).__next__.__doc__)
print(list.__iadd__.__doc__)
print(list.__imul__.__doc__)
print(int.__add__.__doc__, "|", int.__radd__.__doc__)
print(object.__init__.__doc__)
print(object.__repr__.__doc__, "|", object.__lt__.__doc__)
print(int.__bool__.__doc__, "|", (1).__add__.__doc__)
print(int.__index__.__doc__)
print(float.__pow__.__doc__)
print(object.__setattr__.__doc__, "|", object.__delattr__.__doc__)
print(object.__hash__.__doc__, "|", object.__str__.__doc__)
print(type.__call__.__doc__)
