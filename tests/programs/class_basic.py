# Classes: attributes, methods, class vs instance attributes.
class Dog:
    species = "canis"
    count = 0
    def __init__(self, name):
        self.name = name
        self.tricks = []
        Dog.count += 1
    def add_trick(self, trick):
        self.tricks.append(trick)
        return self
    def __repr__(self):
        return f"Dog({self.name!r}, tricks={self.tricks})"
a = Dog("Rex").add_trick("sit").add_trick("roll")
b = Dog("Fido")
print(a, b, Dog.count, a.species, b.species)
b.species = "wolf"
print(a.species, b.species, Dog.species, "species" in vars(b), sorted(vars(a)))
print(type(a).__name__, type(a) is Dog, isinstance(a, Dog), Dog.__name__, Dog.__qualname__)
print(Dog.add_trick(b, "fetch"), callable(Dog), callable(a))
m = a.add_trick
print(m.__self__ is a, m.__func__ is Dog.add_trick, m == a.add_trick)
try:
    a.missing
except AttributeError as e:
    print("AttributeError:", e)
del b.species
print(b.species)
a.dynamic = 1
print(a.__dict__)
