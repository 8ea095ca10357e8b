# _queue.SimpleQueue under real threads: producers and consumers with
# blocking, non-blocking and timed gets; every item arrives exactly once.
import threading
import time
from _queue import Empty, SimpleQueue

N_PRODUCERS = 4
N_CONSUMERS = 4
PER_PRODUCER = 5000
STOP = object()


def produce(q, base):
    for i in range(PER_PRODUCER):
        q.put(base + i)


def consume_blocking(q, out):
    while True:
        item = q.get()
        if item is STOP:
            return
        out.append(item)


def consume_nonblocking(q, out):
    while True:
        try:
            item = q.get(block=False)
        except Empty:
            time.sleep(0)
            continue
        if item is STOP:
            return
        out.append(item)


def consume_timeout(q, out):
    while True:
        try:
            item = q.get(timeout=0.001)
        except Empty:
            continue
        if item is STOP:
            return
        out.append(item)


def run(consumer):
    q = SimpleQueue()
    outs = [[] for _ in range(N_CONSUMERS)]
    consumers = [threading.Thread(target=consumer, args=(q, outs[i])) for i in range(N_CONSUMERS)]
    producers = [threading.Thread(target=produce, args=(q, i * PER_PRODUCER)) for i in range(N_PRODUCERS)]
    for t in consumers + producers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:
        q.put(STOP)
    for t in consumers:
        t.join()
    got = [x for out in outs for x in out]
    total = N_PRODUCERS * PER_PRODUCER
    print(consumer.__name__, "items", len(got), "sum", sum(got),
          "exact", sorted(got) == list(range(total)),
          "empty", q.empty(), q.qsize())
    # Each consumer sees each producer's items in the order they were put.
    ordered = all(
        [x for x in out if base <= x < base + PER_PRODUCER] == sorted(x for x in out if base <= x < base + PER_PRODUCER)
        for out in outs for base in range(0, total, PER_PRODUCER))
    print(consumer.__name__, "per-producer order kept", ordered)


for consumer in (consume_blocking, consume_nonblocking, consume_timeout):
    run(consumer)


# Consumers that are already waiting when the items come are handed them.
q = SimpleQueue()
results = []
lock = threading.Lock()


def waiter():
    item = q.get()
    with lock:
        results.append(item)


waiters = [threading.Thread(target=waiter) for _ in range(8)]
for t in waiters:
    t.start()
time.sleep(0.2)
for i in range(8):
    q.put(i)
for t in waiters:
    t.join()
print("handed off", sorted(results), "left", q.qsize())

# A timed get gives up with Empty, one that is fed in time does not.
q = SimpleQueue()
t0 = time.monotonic()
try:
    q.get(timeout=0.05)
except Empty:
    print("timed out after >= 0.05 s:", time.monotonic() - t0 >= 0.05)
timer = threading.Timer(0.05, q.put, args=("late",))
timer.start()
print("got", q.get(timeout=10))
timer.join()
