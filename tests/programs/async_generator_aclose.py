# Async generators: aclose() runs finally blocks, asend(), athrow(), driven without asyncio.
class Tick:
    def __await__(self):
        yield
async def agen():
    try:
        v = 0
        while True:
            got = yield v
            v = (got or 0) + 1
            await Tick()
    finally:
        print("agen finally")
def drive(aw):
    try:
        while True:
            aw.send(None)
    except StopIteration as e:
        return e.value
g = agen()
print(drive(g.asend(None)))
print(drive(g.asend(10)))
print(drive(g.asend(20)))
drive(g.aclose())
print("closed")
async def catcher():
    try:
        yield 1
    except ValueError as e:
        yield f"caught {e}"
c = catcher()
print(drive(c.asend(None)), drive(c.athrow(ValueError("boom"))))
try:
    drive(c.asend(None))
except StopAsyncIteration:
    print("StopAsyncIteration")
