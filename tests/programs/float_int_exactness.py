# Exact comparisons between ints and floats, and float->int boundaries.
big = 2 ** 53
print(float(big) == big, float(big + 1) == big + 1, big + 1 > float(big), float(big + 1))
print(10 ** 16 == 1e16, 10 ** 23 == 1e23, int(1e23), 1e23 > 10 ** 23)
print(2 ** 1023 * 2 < float("inf"), float(2 ** 1023), 0.1 == 3602879701896397 / 2 ** 55)
try:
    float(2 ** 1024)
except OverflowError as e:
    print("OverflowError:", e)
try:
    2 ** 1024 / 1
except OverflowError as e:
    print("OverflowError:", e)
print(2 ** 1024 // 2 ** 1000, (2 ** 1024) / (2 ** 1000), 10 ** 400 / 10 ** 399)
print(1 / 3 == 0.3333333333333333, 7 / 7, 9007199254740993 / 1, (-3) / 2)
print(int(0.1 + 0.7) , int((0.1 + 0.7) * 10), round((0.1 + 0.7) * 10))
print(max(1, 1.0), min(1.0, 1), sorted([1, 1.0, True], key=lambda x: 0))
print(hash(0.5), hash(-1), hash(-2), hash(10 ** 20) == hash(float(10 ** 20)), hash(float("inf")))
