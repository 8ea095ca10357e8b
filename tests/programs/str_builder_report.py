# Building a formatted text report with alignment, totals and wrapping.
sales = [("North", "Widgets", 1200.5, 14), ("South", "Gadgets", 830.0, 9), ("East", "Widgets", 99.99, 1),
         ("West", "Doohickeys", 15420.75, 120), ("North", "Gadgets", 0.0, 0)]
header = f"{'Region':<8}|{'Product':^12}|{'Revenue':>12}|{'Units':>6}|{'Avg':>9}"
print(header)
print("-" * len(header))
for region, product, rev, units in sales:
    avg = f"{rev / units:9.2f}" if units else f"{'n/a':>9}"
    print(f"{region:<8}|{product:^12}|{rev:>12,.2f}|{units:>6d}|{avg}")
print("=" * len(header))
total = sum(r for _, _, r, _ in sales)
units = sum(u for *_, u in sales)
print(f"{'TOTAL':<8}|{'':^12}|{total:>12,.2f}|{units:>6d}|{total / units:9.2f}")
by_product = {}
for _, p, r, _ in sales:
    by_product[p] = by_product.get(p, 0) + r
for p, r in sorted(by_product.items(), key=lambda kv: -kv[1]):
    bar = "#" * round(r / total * 40)
    print(f"{p:>10} {r / total:6.1%} {bar}")
