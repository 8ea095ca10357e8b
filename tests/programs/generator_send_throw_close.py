# Generator send(), throw() and close().
def accumulator():
    total = 0
    while True:
        try:
            value = yield total
        except ValueError as e:
            print("  caught inside:", e)
            total = 0
            continue
        except GeneratorExit:
            print("  closing with total", total)
            raise
        if value is None:
            break
        total += value
    return total
acc = accumulator()
print(next(acc))
print(acc.send(10), acc.send(5))
print(acc.throw(ValueError("reset")))
print(acc.send(7))
acc.close()
print(acc.gi_frame is None)
try:
    acc.send(1)
except StopIteration:
    print("send after close -> StopIteration")
g = accumulator()
try:
    g.send(5)
except TypeError as e:
    print("TypeError:", e)
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def finishes():
    yield 1
h = finishes()
try:
    h.throw(KeyError("out"))
except KeyError as e:
    print("throw into unstarted generator propagates:", repr(e))
r = accumulator()
next(r)
r.send(3)
try:
    r.send(None)
except StopIteration as e:
    print("final total", e.value)
