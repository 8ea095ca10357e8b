# Lock protecting a shared counter under real contention.
import threading
counter = 0
lock = threading.Lock()
N, T = 20000, 4
def inc():
    global counter
    for _ in range(N):
        with lock:
            counter += 1
threads = [threading.Thread(target=inc) for _ in range(T)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter, counter == N * T)
print(lock.locked(), lock.acquire(), lock.locked(), lock.acquire(blocking=False))
lock.release()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
r = threading.RLock()
with r:
    with r:
        print("reentrant ok")
balances = {"a": 1000, "b": 1000}
bank = threading.Lock()
def transfer(src, dst, times):
    for _ in range(times):
        with bank:
            balances[src] -= 1
            balances[dst] += 1
ts = [threading.Thread(target=transfer, args=("a", "b", 3000)),
      threading.Thread(target=transfer, args=("b", "a", 2000))]
for t in ts: t.start()
for t in ts: t.join()
print(balances, sum(balances.values()))
