# RLock allows recursive acquisition by the owning thread; a plain Lock would deadlock.
import threading
rl = threading.RLock()
def fact(n):
    with rl:
        return 1 if n <= 1 else n * fact(n - 1)
results = {}
def worker(i):
    v = fact(10 + i)
    with rl:
        results[i] = v
ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(results.items()))
lock = threading.Lock()
print(lock.acquire(), lock.acquire(timeout=0.01), "second acquire timed out")
lock.release()
print(rl.acquire(), rl.acquire(), "rlock acquired twice")
rl.release(); rl.release()
try:
    rl.release()
except RuntimeError as e:
    print("RuntimeError:", e)
