# operator: methodcaller and itemgetter objects are traversed by the
# cycle collector, so cycles through their arguments are freed.
import gc
import operator
import weakref


class C:
    pass


c = C()
ref = weakref.ref(c)
c.m = operator.methodcaller("foo", c, key=c)
del c
gc.collect()
print("methodcaller cycle freed:", ref() is None)

c = C()
ref = weakref.ref(c)
c.g = operator.itemgetter(c, 1)
del c
gc.collect()
print("itemgetter cycle freed:", ref() is None)

c = C()
c.g = operator.itemgetter("x")
print(gc.is_tracked(c.g), c.g({"x": 42}))
mc = operator.methodcaller("append", 5)
lst = []
mc(lst)
print(lst, repr(mc))
