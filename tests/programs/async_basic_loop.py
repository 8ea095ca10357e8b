# async/await driven by a tiny hand-written event loop (no asyncio).
class Sleep:
    def __init__(self, ticks):
        self.ticks = ticks
    def __await__(self):
        yield self.ticks
def run(coros):
    ready = [(0, i, c, None) for i, c in enumerate(coros)]
    now = 0
    results = {}
    while ready:
        ready.sort(key=lambda t: (t[0], t[1]))
        when, i, coro, value = ready.pop(0)
        now = max(now, when)
        try:
            ticks = coro.send(value)
            ready.append((now + ticks, i, coro, None))
        except StopIteration as e:
            results[i] = e.value
            print(f"t={now} task {i} finished -> {e.value}")
    return results
async def worker(name, steps, delay):
    total = 0
    for s in range(steps):
        print(f"{name} step {s}")
        await Sleep(delay)
        total += s
    return f"{name}:{total}"
async def helper(x):
    await Sleep(1)
    return x * 2
async def composite():
    a = await helper(3)
    b = await helper(a)
    return a + b
print(run([worker("A", 3, 2), worker("B", 2, 3), composite()]))
c = helper(1)
print(type(c).__name__, c.cr_running)
c.close()
