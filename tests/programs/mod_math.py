# math module functions.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan != math.nan)
print(math.sqrt(2), math.isqrt(99), math.cbrt(-8), round(math.cbrt(27), 12), math.hypot(3, 4), math.dist((0, 0), (1, 1)))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.floor(3), type(math.floor(2.5)))
print(math.factorial(20), math.comb(10, 3), math.perm(5, 2), math.gcd(48, 36, 12), math.lcm(4, 6, 10))
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024), math.log1p(0), math.exp(0))
print(round(math.sin(math.pi / 6), 12), math.cos(0), round(math.tan(math.pi / 4), 12), math.atan2(1, 1))
print(math.degrees(math.pi), math.radians(180), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1e308), math.isinf(math.inf), math.isnan(float("nan")))
print(math.copysign(3, -0.0), math.fabs(-2), math.fmod(-7, 3), -7 % 3, math.remainder(7, 4))
print(math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4), math.prod([1, 2, 3, 4]), math.prod([]))
for bad in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.exp(1000)]:
    try:
        bad()
    except (ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
print(math.nextafter(1.0, 2.0), math.ulp(1.0), math.sumprod([1, 2], [3, 4]))
