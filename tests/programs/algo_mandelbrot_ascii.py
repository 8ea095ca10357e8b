# ASCII Mandelbrot set using complex arithmetic.
chars = " .:-=+*#%@"
rows = []
for y in range(-12, 13):
    row = ""
    for x in range(-39, 20):
        c = complex(x / 20, y / 10)
        z = 0j
        n = 0
        while abs(z) <= 2 and n < 30:
            z = z * z + c
            n += 1
        row += chars[n * (len(chars) - 1) // 30]
    rows.append(row.rstrip())
print("\n".join(rows))
print(sum(r.count("@") for r in rows))
