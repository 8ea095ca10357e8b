# Semaphore bounding concurrency and Barrier synchronizing phases.
import threading
sem = threading.BoundedSemaphore(2)
active = 0
peak = 0
guard = threading.Lock()
def limited():
    global active, peak
    with sem:
        with guard:
            active += 1
            peak = max(peak, active)
        for _ in range(2000):
            pass
        with guard:
            active -= 1
ts = [threading.Thread(target=limited) for _ in range(6)]
for t in ts: t.start()
for t in ts: t.join()
print("peak <= 2:", peak <= 2, "active:", active)
try:
    sem.release()
except ValueError as e:
    print("ValueError:", e)
barrier = threading.Barrier(3)
phase_log = [[], []]
def phased(i):
    phase_log[0].append(i)
    barrier.wait()
    phase_log[1].append(i)
ts = [threading.Thread(target=phased, args=(i,)) for i in range(3)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(phase_log[0]), sorted(phase_log[1]), barrier.n_waiting, barrier.parties)
