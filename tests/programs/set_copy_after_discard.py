# A set copied from a set that has deleted slots must keep every key
# reachable: copying the table in place without its dummy markers left
# keys that iteration shows but lookups cannot find.
for seed_text in ["abc", "bcd", "abcdefgh", "hello world"]:
    for n in range(1, 40):
        src = set(range(n)) | set(seed_text)
        for k in list(src)[::2]:
            src.discard(k)
        copy = set(src)
        assert all(k in copy for k in src), (seed_text, n)
        assert copy == src and src == copy
r1 = set("abc"); r2 = set("bcd")
t = r1 ^ r2
b = set(t)
print(sorted(b), "a" in b, "d" in b, b == {"a", "d"}, {"a", "d"} == b)
print(frozenset(t) == t, set(frozenset(t)) == t)
