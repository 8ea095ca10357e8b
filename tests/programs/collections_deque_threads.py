# Four threads append to one deque, then four threads pop from it: every
# item is there exactly once (the deque's operations are atomic).
import _thread
from collections import deque

d = deque()
N = 5000

def producer(base):
    for i in range(N):
        d.append(base + i)

handles = [_thread.start_joinable_thread(lambda k=k: producer(k * N)) for k in range(4)]
for h in handles:
    h.join()
print(len(d), sorted(d) == list(range(4 * N)))

popped = [[] for _ in range(4)]

def consumer(k):
    out = popped[k]
    while True:
        try:
            out.append(d.popleft() if k % 2 else d.pop())
        except IndexError:
            return

handles = [_thread.start_joinable_thread(lambda k=k: consumer(k)) for k in range(4)]
for h in handles:
    h.join()
allp = sorted(x for p in popped for x in p)
print(len(d), len(allp), allp == list(range(4 * N)))
