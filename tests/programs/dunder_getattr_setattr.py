# __getattr__, __getattribute__, __setattr__, __delattr__, __dir__.
class Record:
    def __init__(self):
        object.__setattr__(self, "_data", {})
    def __getattr__(self, name):
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(f"no field {name!r}") from None
    def __setattr__(self, name, value):
        print(f"set {name}={value!r}")
        self._data[name] = value
    def __delattr__(self, name):
        print(f"del {name}")
        del self._data[name]
    def __dir__(self):
        return sorted(self._data)
r = Record()
r.x = 1
r.y = "two"
print(r.x, r.y, dir(r), getattr(r, "z", "default"), hasattr(r, "z"))
del r.x
try:
    r.x
except AttributeError as e:
    print("AttributeError:", e)
class Logged:
    def __init__(self):
        self.a = 1
    def __getattribute__(self, name):
        if not name.startswith("__"):
            print("lookup", name)
        return super().__getattribute__(name)
lg = Logged()
print(lg.a)
setattr(lg, "b", 2)
print(getattr(lg, "b"))
delattr(lg, "b")
print(hasattr(lg, "b"))
