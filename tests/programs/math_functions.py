# The math module against CPython: domain/range errors with 3.14 messages,
# gamma/lgamma/fsum/hypot algorithms, big-int logs and integer functions.
import math
vals = [0.5, 1.0, 2.0, 10.0, -3.5, 1e-300, 1e300]
for name in ['sqrt', 'exp', 'log', 'sin', 'cos', 'tan', 'atan', 'sinh', 'tanh', 'erf', 'gamma', 'lgamma', 'expm1', 'log1p', 'exp2', 'log2', 'log10', 'acos', 'asinh', 'floor', 'ceil', 'trunc', 'fabs', 'degrees', 'radians', 'frexp', 'modf', 'ulp', 'isfinite']:
    out = []
    for v in vals:
        try:
            out.append(repr(getattr(math, name)(v)))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__ + ':' + str(e))
    print(name, ' '.join(out))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.hypot(3e200, 4e200), math.hypot(1, 2, 3), math.dist([1, 2, 3], [4, 5, 6]))
print(math.factorial(30), math.comb(50, 20), math.perm(10, 3), math.perm(5), math.isqrt(10**40 + 1), math.gcd(12, 18, 27), math.lcm(4, 6, 10), math.gcd(), math.lcm())
print(math.log(10**1000), math.log2(2**2000), math.log10(10**500), math.log(2**100, 2))
print(math.remainder(5, 2), math.remainder(7, 2), math.remainder(-7.5, 2), math.fmod(-7.5, 2), math.copysign(3, -0.0))
print(math.prod([1, 2, 3, 4]), math.prod([1.5, 2], start=2), math.sumprod([1, 2, 3], [4, 5, 6]), math.fma(2, 3, 4))
print(math.ldexp(1.5, 10), math.ldexp(1, -1074), math.nextafter(1, 2), math.nextafter(0, 1, steps=3), math.isclose(1, 1 + 1e-10), math.isclose(1, 1.1, abs_tol=0.2))
print(math.pow(2, 10), math.pow(-2, 3), math.pow(2, 0.5), math.atan2(1, -1), math.floor(-2.5), math.ceil(2.1), math.trunc(-9.9))
for bad in ['math.pow(0, -1)', 'math.fmod(1, 0)', 'math.sqrt("x")', 'math.factorial(1.5)', 'math.comb(-1, 2)', 'math.acos(2)', 'math.log(-1)', 'math.log1p(-1)', 'math.atanh(1)', 'math.gamma(0)', 'math.sin(math.inf)', 'math.isqrt(-1)', 'math.trunc("x")', 'math.exp(1000)']:
    try:
        eval(bad)
    except Exception as e:
        print(bad, type(e).__name__, e)
