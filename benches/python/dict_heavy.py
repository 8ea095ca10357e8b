# Dictionary-heavy workload: counting, grouping, merging, lookups with str and int keys.
def work():
    words = [f"w{i % 997}_{i % 13}" for i in range(60000)]
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    groups = {}
    for w, c in counts.items():
        groups.setdefault(c, []).append(w)
    index = {i: str(i) for i in range(50000)}
    hits = 0
    for i in range(0, 150000, 3):
        if i in index:
            hits += len(index[i])
    merged = {}
    for k in range(200):
        merged |= {f"k{j}": j * k for j in range(k, k + 50)}
    inverted = {v: k for k, v in merged.items()}
    return (len(counts), sorted(groups)[:5], hits, len(merged), len(inverted), sum(merged.values()))
def main(rounds=20):
    results = [work() for _ in range(rounds)]
    assert all(r == results[0] for r in results)
    print(*results[0])
main()
