# decimal.Decimal: exact decimal arithmetic, contexts, quantize, rounding.
from decimal import Decimal as D, getcontext, localcontext, ROUND_HALF_UP, ROUND_DOWN, InvalidOperation
print(D("0.1") + D("0.2"), D("0.1") + D("0.2") == D("0.3"), 0.1 + 0.2)
print(D(1) / D(7))
getcontext().prec = 50
print(D(1) / D(7))
getcontext().prec = 28
with localcontext() as ctx:
    ctx.prec = 5
    print(D(2).sqrt(), D(10) / 3)
print(D("2.675").quantize(D("0.01")), D("2.675").quantize(D("0.01"), rounding=ROUND_HALF_UP), D("-2.679").quantize(D("0.1"), ROUND_DOWN))
print(D("1.10") * 3, D("1.30") + D("1.20"), D("100").normalize(), D("1E+2") + 0, D(3.5), D("-0"))
print(D("NaN"), D("Infinity") > 10 ** 100, D(7) // D(2), D(-7) // D(2), D(-7) % D(2))
try:
    D("abc")
except InvalidOperation:
    print("InvalidOperation")
print(sum(D("0.01") for _ in range(100)), D(10) ** -2, D("3.14159").as_tuple())
