# collections.namedtuple, defaultdict, OrderedDict, ChainMap.
from collections import namedtuple, defaultdict, OrderedDict, ChainMap
Point = namedtuple("Point", "x y")
p = Point(3, 4)
print(p, p.x, p[1], p._asdict(), p._replace(x=9), Point._fields, Point._make([5, 6]))
x, y = p
print(x + y, p == (3, 4), isinstance(p, tuple), len(p))
P3 = namedtuple("P3", ["x", "y", "z"], defaults=[0])
print(P3(1, 2), P3._field_defaults)
try:
    namedtuple("Bad", ["class", "ok"])
except ValueError as e:
    print("ValueError:", e)
dd = defaultdict(list)
for w in "apple avocado banana cherry cranberry".split():
    dd[w[0]].append(w)
print(dict(dd), dd["z"], len(dd))
cnt = defaultdict(int)
for ch in "hello":
    cnt[ch] += 1
print(cnt)
od = OrderedDict(a=1, b=2, c=3)
od.move_to_end("a")
print(od, od.popitem(), od.popitem(last=False), od)
print(OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), dict(a=1, b=2) == dict(b=2, a=1))
defaults = {"color": "red", "size": "M"}
user = {"size": "L"}
cm = ChainMap(user, defaults)
print(cm["color"], cm["size"], len(cm), sorted(cm))
cm["color"] = "blue"
print(user, defaults, cm.maps[0] is user)
