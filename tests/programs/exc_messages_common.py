# Exact messages of common built-in errors.
tests = [
    lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: [][5], lambda: ()[0], lambda: "abc"[9],
    lambda: {}["k"], lambda: {}[("a", 1)], lambda: int("4.5"), lambda: float("x1"), lambda: None + 1,
    lambda: "a" * "b", lambda: len(5), lambda: 5(), lambda: [1, 2] + (3,), lambda: {1, 2} + {3},
    lambda: -"x", lambda: ~1.5, lambda: abs("s"), lambda: hash([]), lambda: iter(5), lambda: next(iter([])),
    lambda: [].pop(3), lambda: "x".join([1]), lambda: chr(-1), lambda: ord("ab"), lambda: divmod(1, 0),
    lambda: object().x, lambda: setattr(object(), "x", 1), lambda: int.x, lambda: sorted([None, 1]),
    lambda: range(1.5), lambda: [1][1.0], lambda: {}.get(), lambda: dict(1), lambda: list(1, 2),
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(f"{type(e).__name__}: {e}")
