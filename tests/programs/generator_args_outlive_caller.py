# A generator keeps its arguments alive after the caller rebinds the
# names they came from.
def passthrough(values):
    for x in values:
        yield x

def rebind(data):
    data = passthrough(data)
    return list(data)

print(rebind([40, 60]))
print(rebind([[1, 2], {"k": 3}]))

def chain(data):
    data = passthrough(data)
    data = passthrough(data)
    return [x * 2 for x in data]

print(chain([1.5, 2.5, 3.5]))

def make(items):
    gen = passthrough(items)
    del items
    return gen

print(list(make([str(i) * 2 for i in range(4)])))

async def agen(values):
    for v in values:
        yield v

async def collect(data):
    data = agen(data)
    return [v async for v in data]

c = collect([7, 8, 9])
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
