# Many threads append to per-thread slots and a locked shared list; results checked after join.
import threading
N = 8
slots = [[] for _ in range(N)]
shared = []
lock = threading.Lock()
def run(i):
    for k in range(500):
        slots[i].append(i * 1000 + k)
        if k % 50 == 0:
            with lock:
                shared.append((i, k))
threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
for t in threads: t.start()
for t in threads: t.join()
print([len(s) for s in slots], [s[-1] for s in slots])
print(len(shared), sorted(shared)[:4], sorted(shared)[-1])
print(sum(sum(s) for s in slots))
print(threading.active_count())
