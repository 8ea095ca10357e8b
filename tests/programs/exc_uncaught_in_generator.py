# An exception raised inside a generator propagates to the consumer; traceback shows both frames.
def numbers():
    yield 1
    yield 2
    raise ValueError("generator broke after 2 items")
total = 0
for n in numbers():
    total += n
    print("running total", total)
print("unreachable")
