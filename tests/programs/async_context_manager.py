# async with and __aenter__/__aexit__, __aiter__/__anext__ classes.
class Pause:
    def __await__(self):
        yield
class Conn:
    def __init__(self, name):
        self.name = name
    async def __aenter__(self):
        await Pause()
        print("open", self.name)
        return self
    async def __aexit__(self, et, ev, tb):
        await Pause()
        print("close", self.name, et.__name__ if et else None)
        return et is KeyError
class Ticker:
    def __init__(self, n):
        self.i, self.n = 0, n
    def __aiter__(self):
        return self
    async def __anext__(self):
        await Pause()
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i
async def main():
    async with Conn("db") as c:
        print("using", c.name)
    async with Conn("swallow"):
        raise KeyError("k")
    try:
        async with Conn("propagate"):
            raise ValueError("v")
    except ValueError as e:
        print("caught", e)
    return [i async for i in Ticker(3)]
coro = main()
steps = 0
while True:
    try:
        coro.send(None)
        steps += 1
    except StopIteration as e:
        print("result", e.value, "steps", steps)
        break
