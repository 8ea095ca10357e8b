"""rupy's main job: count primes in parallel with threads and check the
result against a single-threaded count."""

import threading


def count_primes(lo, hi):
    count = 0
    for n in range(max(lo, 2), hi):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def main(limit=200_000, nthreads=4):
    step = limit // nthreads
    results = [0] * nthreads
    lock = threading.Lock()
    done = []

    def work(i):
        lo = i * step
        hi = limit if i == nthreads - 1 else lo + step
        results[i] = count_primes(lo, hi)
        with lock:
            done.append(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = sum(results)
    assert sorted(done) == list(range(nthreads)), done
    assert total == count_primes(0, limit), total
    print(f"{total} primes below {limit}, counted by {nthreads} threads")


if __name__ == "__main__":
    main()
