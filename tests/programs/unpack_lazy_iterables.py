# Unpacking takes only the items it needs (one more to detect too many),
# with CPython's counts for exact tuples, lists and dicts.
class L:
    def __len__(self): return 5
    def __getitem__(self, i): return i*2
for src, v in [("x, y, z = v", L()), ("x, y, z = v", {1:2,3:4,5:6,7:8}), ("x, y, z = v", [1,2]), ("x, y = v", (1,2,3)),
               ("x, *y = v", []), ("x, *y, z = v", iter([1])), ("a, b = v", 5), ("a, *b, c = v", range(5)), ("a, b = v", iter(range(100)))]:
    try:
        exec(src, {"v": v}); print("ok")
    except Exception as e:
        print(type(e).__name__, e)
it = iter(range(100))
try:
    x, y, z = it
except ValueError as e: print(e, next(it))
