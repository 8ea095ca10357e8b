# Slices passed to __getitem__/__setitem__/__delitem__ of a custom sequence.
class Tape:
    def __init__(self, data):
        self.data = list(data)
    def __len__(self):
        return len(self.data)
    def __getitem__(self, idx):
        if isinstance(idx, slice):
            print("  slice", idx, idx.indices(len(self)))
            return Tape(self.data[idx])
        return self.data[idx]
    def __setitem__(self, idx, v):
        print("  set", idx)
        self.data[idx] = v
    def __delitem__(self, idx):
        print("  del", idx)
        del self.data[idx]
    def __repr__(self):
        return f"Tape({''.join(self.data)})"
t = Tape("abcdefgh")
print(t[2:5], t[::-2], t[-3:], t[:100], t[3])
t[1:3] = "XY"
t[::4] = ["!", "?"]
print(t)
del t[::3]
print(t)
s = slice(1, 10, 2)
print(s.start, s.stop, s.step, s, slice(5), slice(None, 3).indices(10), s == slice(1, 10, 2))
print("abcdefgh"[s], list(range(20))[s], (1, 2, 3, 4)[slice(None, None, -1)])
try:
    hash(slice(1, 2))
    print("slices are hashable in 3.12+")
except TypeError:
    print("unhashable slice")
