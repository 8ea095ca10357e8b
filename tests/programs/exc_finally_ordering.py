# Ordering of try/except/else/finally across nested functions and loops.
log = []
def inner(x):
    try:
        log.append(f"inner try {x}")
        if x:
            raise ValueError(x)
        return "inner ok"
    finally:
        log.append(f"inner finally {x}")
def outer(x):
    try:
        r = inner(x)
    except ValueError as e:
        log.append(f"outer except {e}")
        r = "recovered"
    else:
        log.append("outer else")
    finally:
        log.append("outer finally")
    return r
print(outer(0), outer(1))
for line in log:
    print(line)
def count():
    n = 0
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            n += 10
        finally:
            n += 1
    return n
print(count())
def gen():
    try:
        yield 1
        yield 2
    finally:
        print("generator finally")
for v in gen():
    print("got", v)
    break
print("after loop")
