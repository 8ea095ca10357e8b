# Async generators, async for and async comprehensions, driven manually.
class Tick:
    def __await__(self):
        yield "tick"
async def agen(n):
    for i in range(n):
        await Tick()
        yield i * 10
async def main():
    out = []
    async for v in agen(3):
        out.append(v)
    squares = [v * v async for v in agen(4) if v]
    return out, squares
def drive(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as e:
        return e.value, ticks
print(drive(main()))
g = agen(2)
print(type(g).__name__, hasattr(g, "__anext__"), hasattr(g, "asend"))
async def first_two():
    it = aiter(agen(5))
    return [await anext(it), await anext(it)]
print(drive(first_two()))
async def exhausted():
    it = agen(0)
    return await anext(it, "default")
print(drive(exhausted()))
