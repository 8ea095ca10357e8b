# N-queens: count all solutions with set-based backtracking, and list the first few via permutations.
def count_solutions(n):
    cols, d1, d2 = set(), set(), set()
    def place(row):
        if row == n:
            return 1
        total = 0
        for c in range(n):
            if c in cols or row + c in d1 or row - c in d2:
                continue
            cols.add(c); d1.add(row + c); d2.add(row - c)
            total += place(row + 1)
            cols.discard(c); d1.discard(row + c); d2.discard(row - c)
        return total
    return place(0)
def permutations(seq):
    if len(seq) <= 1:
        yield tuple(seq)
        return
    for i in range(len(seq)):
        for rest in permutations(seq[:i] + seq[i + 1:]):
            yield (seq[i],) + rest
def solutions_by_permutation(n):
    cols = list(range(n))
    return [vec for vec in permutations(cols)
            if n == len({vec[i] + i for i in cols}) == len({vec[i] - i for i in cols})]
def main():
    counts = [count_solutions(n) for n in range(4, 12)]
    sols = solutions_by_permutation(8)
    print(counts, len(sols), sols[0])
main()
