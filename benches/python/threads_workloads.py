"""Workloads that ought to scale with threads (issue #7): each of N
threads (argv[2]) runs the same amount of the workload named by argv[1];
prints the wall time in seconds. benches/python/threads_workloads.sh runs
every workload on 1 and N threads under rupy and the reference CPython
and reports speedup = N*t1/tN."""
import sys
import threading
import time

N = 1_000_000


def calls(n):
    def f(x):
        return x + 1
    t = 0
    for i in range(n):
        t = f(t)
    return t


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)


def methods(n):
    p = Point(3, -4)
    t = 0
    for i in range(n):
        t += p.norm1()
    return t


def objects(n):
    last = None
    for i in range(n):
        last = Point(i, i)
    return last.x


def closures(n):
    t = 0
    for i in range(n):
        def add(y, i=i):
            return i + y
        t += add(1)
    return t


def dicts(n):
    t = 0
    for i in range(n):
        d = {'a': i, 'b': i + 1}
        t += d['b']
    return t


def generators(n):
    t = 0
    for i in range(n // 10):
        t += sum(x for x in range(10))
    return t


def floats(n):
    x = 0.5
    for i in range(n):
        x = (x * 1.0000001 + 0.25) / 1.125
    return x


def strings(n):
    out = []
    for i in range(n // 4):
        out.append(f"item-{i}:{i % 7}")
    return len(",".join(out))


SHARED_DICT = {'key': 1, 'other': 2}
SHARED_LIST = list(range(100))
SHARED_OBJ = Point(1, 2)
GLOBAL_VALUE = 7


def shared_dict_read(n):
    d = SHARED_DICT
    t = 0
    for i in range(n):
        t += d['key']
    return t


def shared_list_read(n):
    lst = SHARED_LIST
    t = 0
    for i in range(n):
        t += lst[50]
    return t


def shared_attr_read(n):
    o = SHARED_OBJ
    t = 0
    for i in range(n):
        t += o.x
    return t


def global_read(n):
    t = 0
    for i in range(n):
        t += GLOBAL_VALUE
    return t


def locks(n):
    lock = threading.Lock()
    t = 0
    for i in range(n):
        with lock:
            t += 1
    return t


WORKLOADS = {f.__name__: f for f in [
    calls, methods, objects, closures, dicts, generators, floats, strings,
    shared_dict_read, shared_list_read, shared_attr_read, global_read, locks,
]}


def main():
    fn = WORKLOADS[sys.argv[1]]
    nthreads = int(sys.argv[2])
    results = [None] * nthreads

    def run(k):
        results[k] = fn(N)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(nthreads)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    assert len(set(map(repr, results))) == 1, results
    print(f"{elapsed:.6f}")


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print(" ".join(WORKLOADS))
    else:
        main()
