# A table of floats in many presentation types, checking rounding at ties.
vals = [0.5, 1.25, 2.675, 1e-5, 123456789.123, -0.000999, 1 / 7]
for v in vals:
    print(f"{v!r:>16} {v:>12.2f} {v:>12.3e} {v:>10.4g} {v:>12.1%} {v:>12,.1f}")
for v in [0.125, 0.375, 0.625, 2.5, 3.5, -2.5]:
    print(v, f"{v:.2f}", f"{v:.0f}", "%.2f" % v, round(v, 2), format(v, ".1f"))
print(f"{1e22:f}", f"{1e-22:g}", f"{123.0:g}", f"{1e6:g}", f"{1e16:g}", f"{12345678.0:.3g}")
