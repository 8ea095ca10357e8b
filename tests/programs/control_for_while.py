# for/while with else, break, continue.
for i in range(5):
    if i == 3:
        break
    print("for", i)
else:
    print("never")
for i in range(3):
    pass
else:
    print("for-else ran, i =", i)
n = 0
while n < 10:
    n += 1
    if n % 2:
        continue
    if n > 6:
        break
    print("while", n)
else:
    print("never")
k = 3
while k:
    k -= 1
else:
    print("while-else ran")
for x in []:
    print("never")
else:
    print("empty-else")
for outer in range(3):
    for inner in range(3):
        if inner == outer:
            continue
        if inner > outer:
            break
        print(outer, inner)
def find(seq, target):
    for idx, v in enumerate(seq):
        if v == target:
            return idx
    return -1
print(find("abc", "c"), find("abc", "z"))
total = 0
for i in range(1, 101):
    total += i
print(total)
