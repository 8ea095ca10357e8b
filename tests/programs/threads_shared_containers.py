# Four _thread threads mutate one list, one dict and one set at the same
# time; the containers must end up with exactly every item (no lost update,
# no torn state), and a lock-protected counter must be exact.
import _thread

N = 4
ITEMS = 20000
shared_list = []
shared_dict = {}
shared_set = set()
lock = _thread.allocate_lock()
counter = [0]


def work(t):
    for i in range(ITEMS):
        key = t * ITEMS + i
        shared_list.append(key)
        shared_dict[key] = i
        shared_set.add(key)
        if i % 7 == 0:
            with lock:
                counter[0] += 1
    # Readers racing with the other writers.
    total = 0
    for i in range(0, ITEMS, 97):
        total += shared_dict.get(t * ITEMS + i, 0)
    return total


results = [None] * N


def run(t):
    results[t] = work(t)


handles = [_thread.start_joinable_thread(lambda t=t: run(t)) for t in range(N)]
for h in handles:
    h.join()

print(len(shared_list), len(shared_dict), len(shared_set))
print(sorted(shared_list) == list(range(N * ITEMS)))
print(all(shared_dict[k] == k % ITEMS for k in range(N * ITEMS)))
print(shared_set == set(range(N * ITEMS)))
print(counter[0], N * len(range(0, ITEMS, 7)))
print(results)

# Popping from one list in all threads: every item is taken exactly once.
pool = list(range(40000))
taken = [[] for _ in range(N)]


def drain(t):
    out = taken[t]
    while True:
        try:
            out.append(pool.pop())
        except IndexError:
            return


handles = [_thread.start_joinable_thread(lambda t=t: drain(t)) for t in range(N)]
for h in handles:
    h.join()
allt = sorted(x for part in taken for x in part)
print(allt == list(range(40000)), pool)
