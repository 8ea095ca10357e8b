# tracemalloc: start/stop, limits, where an object was allocated, the
# traced memory going up and down, the argument errors.
import tracemalloc
import _tracemalloc


def make(n):
    return bytearray(n)


print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())
tracemalloc.start(3)
print(tracemalloc.is_tracing(), tracemalloc.get_traceback_limit())
obj = make(100_000)
tb = tracemalloc.get_object_traceback(obj)
print(len(tb), [(f.filename, f.lineno) for f in tb])
cur, peak = tracemalloc.get_traced_memory()
print(cur >= 100_000, peak >= cur)
del obj
cur2, peak2 = tracemalloc.get_traced_memory()
print(cur2 < cur, peak2 == peak)
tracemalloc.reset_peak()
print(tracemalloc.get_traced_memory()[1] < peak)
snap = tracemalloc.take_snapshot()
keep = [make(50_000) for _ in range(3)]
snap2 = tracemalloc.take_snapshot()
top = snap2.compare_to(snap, "lineno")[0]
print(top.traceback[0].lineno, top.count_diff, top.size_diff >= 150_000)
print(tracemalloc.get_tracemalloc_memory() > 0)
tracemalloc.clear_traces()
print(tracemalloc.get_object_traceback(keep[0]))
tracemalloc.stop()
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory(), tracemalloc.get_object_traceback(keep[1]))
for call in (lambda: tracemalloc.start(0), lambda: tracemalloc.start(70000),
             lambda: _tracemalloc.start(1, 2), lambda: _tracemalloc.stop(1),
             lambda: tracemalloc.take_snapshot()):
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
