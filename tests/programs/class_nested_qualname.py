# Nested classes and functions: __qualname__, scope of class bodies, and method references.
class Outer:
    class Inner:
        class Deepest:
            def where(self):
                return type(self).__qualname__
        def method(self):
            pass
    def make(self):
        class Local:
            pass
        def local_fn():
            pass
        return Local, local_fn
print(Outer.Inner.__qualname__, Outer.Inner.Deepest().where(), Outer.Inner.method.__qualname__)
L, fn = Outer().make()
print(L.__qualname__, fn.__qualname__, L.__name__, L.__module__)
print(Outer.Inner.Deepest.__name__, repr(Outer.Inner)[:30])
class Config:
    DEBUG = False
    class Database:
        HOST = "localhost"
        PORT = 5432
    def url(self):
        return f"{self.Database.HOST}:{self.Database.PORT}"
print(Config().url(), Config.Database.PORT)
