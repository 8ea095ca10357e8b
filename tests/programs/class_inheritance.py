# Single inheritance, overriding, super(), isinstance/issubclass.
class Animal:
    sound = "..."
    def __init__(self, name):
        self.name = name
    def speak(self):
        return f"{self.name} says {self.sound}"
    def kind(self):
        return "animal"
class Cat(Animal):
    sound = "meow"
    def kind(self):
        return "cat, a kind of " + super().kind()
class Lion(Cat):
    sound = "roar"
    def __init__(self, name, pride):
        super().__init__(name)
        self.pride = pride
    def speak(self):
        return super().speak().upper() + f" ({self.pride})"
for a in [Animal("generic"), Cat("Tom"), Lion("Leo", "east")]:
    print(a.speak(), "|", a.kind())
print(issubclass(Lion, Animal), issubclass(Animal, Lion), isinstance(Lion("x", "y"), Cat))
print(Lion.__bases__, Lion.__mro__)
print(issubclass(Cat, (int, Animal)), isinstance(3, (str, int)), issubclass(bool, int))
print(Cat.__base__.__name__, object.__bases__, type(Lion).__name__)
print([c.__name__ for c in Animal.__subclasses__()])
