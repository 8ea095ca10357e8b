# collections.Counter.
from collections import Counter
c = Counter("abracadabra")
print(c, c["a"], c["z"], c.most_common(2), sorted(c.elements()))
c.update("aaz")
c.subtract({"b": 5})
print(c)
print(+c, -c)
a, b = Counter(a=3, b=1), Counter(a=1, b=2)
print(a + b, a - b, a & b, a | b, a == Counter(b=1, a=3))
words = "the cat and the hat and the bat".split()
print(Counter(words).most_common(), Counter(words).total())
print(Counter({"x": 0, "y": -1}) + Counter(), dict(Counter("aab")))
print(Counter(a=1) <= Counter(a=2), Counter(a=2) < Counter(a=2))
