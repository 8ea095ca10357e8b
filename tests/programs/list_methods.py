# list methods.
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5); print(a)
a.extend([3, 5]); print(a)
a.insert(0, 0); a.insert(100, 99); a.insert(-1, 98); print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1); print(a)
print(a.index(5), a.index(5, 4), a.count(5), a.count(7))
a.sort(); print(a)
a.sort(reverse=True); print(a)
a.reverse(); print(a)
b = a.copy(); b.clear(); print(a, b)
words = ["pear", "Fig", "apple", "kiwi", "banana"]
words.sort(key=len); print(words)
words.sort(key=str.lower, reverse=True); print(words)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    a.remove(42)
except ValueError as e:
    print("ValueError:", e)
try:
    a.index(42)
except ValueError as e:
    print("ValueError:", e)
print([1, 2] + [3], [0] * 3, [[]] * 2, 3 in [1, 2, 3], [1, 2] < [1, 3], [1, 2] == [1, 2])
