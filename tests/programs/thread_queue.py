# queue.Queue work distribution with sentinels; results sorted for determinism.
import queue
import threading
tasks = queue.Queue()
results = queue.Queue()
def worker():
    while True:
        item = tasks.get()
        if item is None:
            tasks.task_done()
            break
        results.put((item, item ** 2))
        tasks.task_done()
workers = [threading.Thread(target=worker) for _ in range(4)]
for w in workers: w.start()
for i in range(100):
    tasks.put(i)
for _ in workers:
    tasks.put(None)
tasks.join()
for w in workers: w.join()
out = sorted(results.get() for _ in range(results.qsize()))
print(len(out), out[:5], out[-1], sum(v for _, v in out))
q = queue.Queue(maxsize=2)
q.put(1); q.put(2)
print(q.full(), q.qsize())
try:
    q.put(3, block=False)
except queue.Full:
    print("queue.Full")
print(q.get(), q.get(), q.empty())
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("queue.Empty")
lq = queue.LifoQueue()
pq = queue.PriorityQueue()
for v in [3, 1, 2]:
    lq.put(v); pq.put(v)
print([lq.get() for _ in range(3)], [pq.get() for _ in range(3)])
