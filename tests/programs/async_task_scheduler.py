# A round-robin scheduler with futures and message passing between coroutines.
from collections import deque
class Future:
    def __init__(self):
        self.done, self.value, self.waiters = False, None, []
    def set(self, v):
        self.done, self.value = True, v
        for w in self.waiters:
            sched.ready.append(w)
    def __await__(self):
        if not self.done:
            yield self
        return self.value
class Scheduler:
    def __init__(self):
        self.ready = deque()
    def spawn(self, coro):
        self.ready.append(coro)
    def run(self):
        while self.ready:
            coro = self.ready.popleft()
            try:
                fut = coro.send(None)
                if fut is None:
                    self.ready.append(coro)
                else:
                    fut.waiters.append(coro)
            except StopIteration:
                pass
class Yield:
    def __await__(self):
        yield None
sched = Scheduler()
mailbox = [Future() for _ in range(3)]
async def producer():
    for i, f in enumerate(mailbox):
        print("produce", i)
        f.set(i * i)
        await Yield()
async def consumer(k):
    total = 0
    for f in mailbox:
        v = await f
        print(f"consumer {k} got {v}")
        total += v
    print(f"consumer {k} total {total}")
sched.spawn(consumer(1))
sched.spawn(consumer(2))
sched.spawn(producer())
sched.run()
