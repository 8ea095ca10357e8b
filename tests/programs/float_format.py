# Float formatting with format specs.
x = 1234.5678
for spec in ["", ".2f", "10.3f", "<10.1f", "^12.2f", "+.3e", "e", "E", "g", ".3g", "G",
             "%", ".1%", ",.2f", "_.1f", "015.3f", "=+12.2f", "#.0f", ".0f", "n"]:
    print(repr(spec), repr(format(x, spec)))
for v in [0.0, -0.0, 1e-10, 1e100, 123456789.0, 0.000123, float("inf"), float("nan")]:
    print(format(v, "g"), format(v, ".3e"), format(v, "10.2f"), format(v, "z.1f"))
print(f"{-0.0001:z.2f}", f"{2.5:.0f}", f"{3.5:.0f}", f"{1e16:.1f}")
print("%.3f %e %g %10.4f|%-10.2f|" % (x, x, x, x, x))
print(str(1e16), str(1.5e-7), format(1.5e-7, "f"))
