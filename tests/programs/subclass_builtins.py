# Subclassing list, dict, int, str and how builtin methods interact.
class Stack(list):
    def push(self, v):
        self.append(v)
    def peek(self):
        return self[-1]
s = Stack([1, 2])
s.push(3)
print(s, s.peek(), len(s), type(s).__name__, type(s + [4]).__name__, type(s[:1]).__name__)
class LowerDict(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k.lower(), v)
    def __getitem__(self, k):
        return super().__getitem__(k.lower())
d = LowerDict()
d["KEY"] = 1
print(d, d["Key"], dict(d), "key" in d)
d2 = LowerDict(ABC=1)
print(d2)
class Celsius(float):
    def __repr__(self):
        return f"{float(self)}°C"
c = Celsius(21.5)
print(repr(c), c + 1, type(c + 1).__name__, str(c))
class CountingList(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.appends = 0
    def append(self, v):
        self.appends += 1
        super().append(v)
cl = CountingList("ab")
cl.append("c")
cl.extend("de")
print(cl, cl.appends)
class Name(str):
    def greet(self):
        return "hi " + self
print(Name("bo").greet(), Name("bo").upper(), type(Name("bo").upper()).__name__)
