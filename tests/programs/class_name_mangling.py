# Private name mangling: __attr becomes _Class__attr inside class bodies.
class Account:
    __count = 0
    def __init__(self, owner):
        self.__owner = owner
        Account.__count += 1
    def owner(self):
        return self.__owner
    @classmethod
    def count(cls):
        return cls.__count
    def __secret(self):
        return "secret"
    def reveal(self):
        return self.__secret()
a = Account("ann")
Account("bob")
print(a.owner(), Account.count(), a.reveal())
print(sorted(k for k in vars(a)), "_Account__count" in vars(Account))
try:
    a.__owner
except AttributeError as e:
    print("AttributeError:", e)
print(a._Account__owner, a._Account__secret())
class Sub(Account):
    def __init__(self, owner):
        super().__init__(owner)
        self.__owner = "sub's own"
s = Sub("cy")
print(s.owner(), s._Sub__owner, sorted(vars(s)))
class Dunder:
    __not_mangled__ = 1
    _single = 2
print(Dunder.__not_mangled__, Dunder._single)
def outside():
    class Inner:
        def get(self):
            return __name__
    return Inner().get()
print(outside())
