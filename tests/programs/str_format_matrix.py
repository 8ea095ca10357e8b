# format() and %-formatting over a matrix of values (str, complex, int,
# float, bool) and specs, errors included.
vals = ["", "abc", "é€", 1+2j, -1.5j, complex(0,-0.0), 0, 1, -1, 42, -42, 255, 123456789, -98765, 2**70, -2**65, 0.0, -0.0, 1.5, -2.25, 3.14159, 1e-7, 123456.789, 1e16, 1e22, -1e-300, float('inf'), float('-inf'), float('nan'), True]
specs = ['', '5', '<8', '>8', '^9', '=+9', '08', '+', ' ', '-', ',', '_', '#x', '#o', '#b', 'x', 'X', 'o', 'b', 'c', 'd', 'n', 'e', 'E', 'f', 'F', 'g', 'G', '%', '.0f', '.3e', '.2g', '#.0e', '#g', '10.3f', '010.2f', '+.1%', '*^12,.2f', '_b', ',d', 'z.1f', 'z', '#', '.5', '#10.4', '0=12,', '+010_x', '.0%', '.1', '.15g', 'r', 's']
out = []
for v in vals:
    for sp in specs:
        try:
            r = format(v, sp)
        except Exception as e:
            r = type(e).__name__ + ': ' + str(e)
        out.append(f"{v!r} {sp!r} {r!r}")
pfmt = ['%d', '%5d', '%-5d', '%05d', '%+d', '% d', '%x', '%#X', '%o', '%#o', '%e', '%.2E', '%f', '%10.3f', '%-10.1f|', '%g', '%#g', '%G', '%.0g', '%s', '%r', '%a', '%c', '%.3s', '%i', '%u', '%#.3x', '%+.2e', '%05.1f', '% .3g']
for v in vals:
    for f in pfmt:
        try:
            r = f % (v,)
        except Exception as e:
            r = type(e).__name__ + ': ' + str(e)
        out.append(f"{f!r} {v!r} {r!r}")
print("\n".join(out))
