# f-strings: expressions, conversions, nesting, debugging `=`.
name, n, pi = "rupy", 42, 3.14159265
print(f"{name} {n} {pi}")
print(f"{name!r} {name!s} {'é'!a} {n:05d} {pi:.3f} {pi:10.2e}")
print(f"{n + 1} {n * 2 = } {name.upper()=} {pi=:.2f} {n=!r}")
print(f"{ n = }")
width, prec = 10, 4
print(f"[{pi:{width}.{prec}f}] [{name:>{width}}] [{name:^{width}}]")
print(f"{'nested ' + f'{n}'}", f"{{braces}}", f"{3 if n > 10 else 4}")
items = [1, 2, 3]
print(f"{items} {items[0]} {len(items)} {sum(x * x for x in items)}")
d = {"key": "val"}
print(f"{d['key']} {d["key"]}")
print(f"{'\n'.join(['a', 'b'])}")
print(f"{n:#x} {n:#o} {n:b} {n:,} {1234567.891:,.2f} {0.25:%}")
print(f"""multi
{name}
line""")
print(rf"\n{n}", fr"{name}\t")
print(f"{(lambda x: x * 2)(21)}", f"{[x for x in range(3)]}")
print(f"{n!r:>6}", f"{name!r:*^12}")
