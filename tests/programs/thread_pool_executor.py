# concurrent.futures.ThreadPoolExecutor: map keeps input order; futures and exceptions.
from concurrent.futures import ThreadPoolExecutor, as_completed
def work(n):
    total = 0
    for i in range(n * 1000):
        total += i % 7
    if n == 13:
        raise ValueError("unlucky")
    return n, total
with ThreadPoolExecutor(max_workers=4) as ex:
    print(list(ex.map(work, [5, 1, 3, 2, 4])))
    futs = {ex.submit(work, n): n for n in [7, 13, 9]}
    done = {}
    for f in as_completed(futs):
        n = futs[f]
        try:
            done[n] = f.result()
        except ValueError as e:
            done[n] = f"error: {e}"
    print(sorted(done.items()))
    f = ex.submit(pow, 2, 10)
    print(f.result(), f.done(), f.exception())
