# del on names, items, slices, attributes; __del__ timing for refcounted objects.
a = 1
del a
print("a" in globals())
lst = list(range(10))
del lst[0], lst[-1]
del lst[::3]
print(lst)
d = {"x": 1, "y": 2, "z": 3}
del d["y"]
print(d)
class O:
    pass
o = O()
o.attr = 5
del o.attr
print(hasattr(o, "attr"))
try:
    del d["missing"]
except KeyError as e:
    print("KeyError:", e)
try:
    del undefined
except NameError as e:
    print("NameError:", e)
x, y = 1, 2
del x, y
print("x" in dir(), "y" in dir())
class Noisy:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("finalize", self.n)
n = Noisy(1)
del n
print("after del")
def scope():
    Noisy(2)
    print("in scope")
scope()
m = [Noisy(3)]
m.clear()
print("end")
