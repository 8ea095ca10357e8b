# f-string features from PEP 701 (3.12+): reused quotes, multi-line expressions with comments, backslashes.
names = ["ann", "bob"]
print(f"{", ".join(names)}")
print(f"{'\t'.join(names)!r}")
print(f"{
    sum(
        x * 2       # doubled
        for x in range(5)
    )
}")
d = {"k": {"inner": "v"}}
print(f"{d["k"]["inner"]}")
print(f"{f"{f"{1 + 1}"}"}")
value = 42
print(f"{value:{'>' if value > 10 else '<'}{8}}|")
print(f"{'a' 'b'}", f"{value!r:^8}", f"{value = :#x}")
print(f"{ (lambda: 'lambda in parens')() }")
print(f"{value:}", f"{'':>3}|", F"{value}")
x = 3.14159
print(f"{x:.{2}f} {x!s:.4} {x!r:>12}")
