# __del__ ordering under reference counting: containers, reassignment, cycles broken by gc.collect.
import gc
class Tracked:
    def __init__(self, name):
        self.name = name
        print("init", name)
    def __del__(self):
        print("del", self.name)
a = Tracked("a")
a = Tracked("b")
print("reassigned")
items = [Tracked("c"), Tracked("d")]
items.pop()
print("popped")
del items
print("deleted list")
def scope():
    t = Tracked("e")
    return "returning"
print(scope())
collected = []
class InCycle:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        collected.append(self.name)
x = InCycle("cycle1")
y = InCycle("cycle2")
x.other, y.other = y, x
del x, y
print("cycle unreachable", collected)
gc.collect()
print("after collect", sorted(collected))
del a
print("end")
