# Generator pipelines processing a stream lazily.
def read_lines():
    data = """# comment
alpha 3
beta 7

gamma 12
# another
delta 1"""
    for line in data.splitlines():
        yield line
def non_comment(lines):
    for line in lines:
        if line and not line.startswith("#"):
            yield line
def parse(lines):
    for line in lines:
        name, value = line.split()
        yield name, int(value)
def running_total(pairs):
    total = 0
    for name, v in pairs:
        total += v
        yield name, v, total
for row in running_total(parse(non_comment(read_lines()))):
    print(*row)
def take(n, it):
    for i, v in enumerate(it):
        if i >= n:
            return
        yield v
def naturals():
    n = 0
    while True:
        yield n
        n += 1
squares = (x * x for x in naturals())
evens = (x for x in squares if x % 2 == 0)
print(list(take(6, evens)))
def windows(seq, k):
    buf = []
    for x in seq:
        buf.append(x)
        if len(buf) > k:
            buf.pop(0)
        if len(buf) == k:
            yield tuple(buf)
print(list(windows(range(6), 3)))
