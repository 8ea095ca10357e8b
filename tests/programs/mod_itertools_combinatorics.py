# itertools: product, permutations, combinations, groupby.
import itertools as it
print(list(it.product("ab", [0, 1])), len(list(it.product(range(3), repeat=3))))
print(list(it.permutations("abc", 2)), len(list(it.permutations(range(5)))))
print(list(it.combinations("abcd", 2)), list(it.combinations_with_replacement("ab", 2)))
data = sorted(["apple", "avocado", "banana", "blueberry", "cherry", "apricot"])
for k, g in it.groupby(data, key=lambda w: w[0]):
    print(k, list(g))
print([(k, len(list(g))) for k, g in it.groupby("aaabccdddd")])
print(sum(1 for c in it.combinations(range(10), 4)), list(it.permutations([])))
total = 0
for a, b, c in it.product(range(1, 21), repeat=3):
    if a < b < c and a * a + b * b == c * c:
        print("triple", a, b, c)
