# Event for one-shot signalling between threads.
import threading
ready = threading.Event()
go = threading.Event()
log = []
def worker():
    log.append("worker waiting")
    ready.set()
    go.wait()
    log.append("worker released")
t = threading.Thread(target=worker)
t.start()
ready.wait()
log.append("main saw ready")
print(go.is_set(), ready.is_set())
go.set()
t.join()
print(log)
e = threading.Event()
print(e.wait(timeout=0.01), e.is_set())
e.set(); e.clear()
print(e.is_set())
gates = [threading.Event() for _ in range(4)]
order = []
def relay(i):
    gates[i].wait()
    order.append(i)
    if i + 1 < len(gates):
        gates[i + 1].set()
ts = [threading.Thread(target=relay, args=(i,)) for i in reversed(range(4))]
for t in ts: t.start()
gates[0].set()
for t in ts: t.join()
print(order)
