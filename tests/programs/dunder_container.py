# Container protocol: __len__, __getitem__, __setitem__, __delitem__, __contains__, __iter__, __reversed__, __missing__.
class Grid:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.cells = {}
    def __len__(self):
        return self.w * self.h
    def __getitem__(self, key):
        x, y = key
        if not (0 <= x < self.w and 0 <= y < self.h):
            raise IndexError(f"{key} out of grid")
        return self.cells.get(key, ".")
    def __setitem__(self, key, v):
        self.cells[key] = v
    def __delitem__(self, key):
        del self.cells[key]
    def __contains__(self, v):
        return v in self.cells.values()
    def __iter__(self):
        for y in range(self.h):
            yield "".join(self[x, y] for x in range(self.w))
g = Grid(4, 2)
g[1, 0] = "#"
g[3, 1] = "@"
print(len(g), list(g), "#" in g, "?" in g, g[0, 0])
del g[1, 0]
print(list(g))
try:
    g[9, 9]
except IndexError as e:
    print("IndexError:", e)
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * 10
print(list(Seq()), 20 in Seq(), 25 in Seq(), list(reversed([1, 2])))
class Rev:
    def __reversed__(self):
        return iter("cba")
print(list(reversed(Rev())))
class Defaulting(dict):
    def __missing__(self, key):
        return key * 2
d = Defaulting(a=1)
print(d["a"], d["zz"], d.get("zz"), len(d))
class Sliceable:
    def __getitem__(self, item):
        return repr(item)
s = Sliceable()
print(s[1], s[1:2], s[::3], s[1, 2:3], s[...])
