# cmath: complex math functions.
import cmath
print(cmath.sqrt(-1), cmath.sqrt(-4 + 0j), cmath.exp(1j * cmath.pi).real, round(cmath.exp(1j * cmath.pi).imag, 15))
print(cmath.phase(-1), cmath.polar(1j), cmath.rect(2, 0), abs(cmath.rect(1, cmath.pi / 2) - 1j) < 1e-15)
print(cmath.log(-1), cmath.log10(100), cmath.isclose(cmath.sin(1j), 1.1752011936438014j))
print(cmath.isinf(complex("inf")), cmath.isnan(complex("nan")), cmath.pi, cmath.inf)
roots = [cmath.exp(2j * cmath.pi * k / 3) for k in range(3)]
print([f"{z.real:+.3f}{z.imag:+.3f}j" for z in roots], f"{sum(roots).real:.3f}")
