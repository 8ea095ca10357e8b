"""CPU-bound pure-Python work on N threads (argv[1], default 1), each
thread doing the same amount; with perfect scaling the wall time does not
grow with N. benches/python/threads_scaling.sh computes the speedup
N*t1/tN for rupy and the reference CPython 3.14."""
import sys
import _thread


def work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def main():
    nthreads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    results = [0] * nthreads

    def run(t):
        results[t] = work(3_000_000)

    handles = [_thread.start_joinable_thread(lambda t=t: run(t)) for t in range(nthreads)]
    for h in handles:
        h.join()
    assert len(set(results)) == 1, results
    print(nthreads, results[0])


main()
