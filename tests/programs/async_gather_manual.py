# A hand-written gather(): run coroutines concurrently on a tick-based loop, keep result order.
class Sleep:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        for _ in range(self.n):
            yield
class Loop:
    def __init__(self):
        self.tick = 0
    def gather(self, *coros):
        results = [None] * len(coros)
        pending = list(enumerate(coros))
        while pending:
            still = []
            for i, c in pending:
                try:
                    c.send(None)
                    still.append((i, c))
                except StopIteration as e:
                    results[i] = e.value
                    print(f"  tick {self.tick}: task {i} done")
                except Exception as e:
                    results[i] = e
                    print(f"  tick {self.tick}: task {i} raised {e!r}")
            pending = still
            self.tick += 1
        return results
async def fetch(name, cost):
    await Sleep(cost)
    if cost < 0:
        raise ValueError(name)
    return f"{name}({cost})"
async def pipeline():
    a = await fetch("a", 1)
    b = await fetch("b", 1)
    return a + b
loop = Loop()
print(loop.gather(fetch("slow", 5), fetch("fast", 1), pipeline(), fetch("bad", -1), fetch("mid", 3)))
print("ticks:", loop.tick)
