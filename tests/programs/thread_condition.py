# Condition variable: bounded buffer with producers and consumers.
import threading
buf, CAP = [], 3
cond = threading.Condition()
consumed = []
def producer(base):
    for i in range(50):
        with cond:
            while len(buf) >= CAP:
                cond.wait()
            buf.append(base + i)
            cond.notify_all()
def consumer(count):
    got = []
    for _ in range(count):
        with cond:
            while not buf:
                cond.wait()
            got.append(buf.pop(0))
            cond.notify_all()
    with cond:
        consumed.extend(got)
ps = [threading.Thread(target=producer, args=(b,)) for b in (0, 1000)]
cs = [threading.Thread(target=consumer, args=(25,)) for _ in range(4)]
for t in ps + cs: t.start()
for t in ps + cs: t.join()
print(len(consumed), sorted(consumed) == sorted(list(range(50)) + list(range(1000, 1050))), buf)
c = threading.Condition()
with c:
    print("wait_for true immediately:", c.wait_for(lambda: True, timeout=0.1))
    print("wait timeout:", c.wait(timeout=0.01))
try:
    c.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
