# complex: construction, repr of signed zeros and special values, the
# 3.14 mixed real/complex arithmetic, powers, hashing and the errors.
def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)

inf = float("inf")
nan = float("nan")
for z in [1 + 2j, 1j, -1j, complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0),
          complex(1e20, 1e-5), complex(nan, inf), complex(1.5, -2.5), 3 + 0j, -(0j)]:
    print(repr(z), str(z), z.real, z.imag, bool(z))

# construction
for args in [(), (2,), (1.5, 2), ("1+2j",), (" ( 1-2.5e3j ) ",), ("j",), ("-J",), ("inf+nanj",),
             ("1_0+2j",), ("1+j",), ("-1.5e-3-j",), (True, False)]:
    show(lambda: complex(*args))
show(lambda: complex(real=1, imag=2))
show(lambda: complex(imag=3))
for bad in ["1+", "", "1+2j+3", "(1+2j", "x", "1__0j", "1j2"]:
    show(lambda: complex(bad))
for args in [(None,), ("1", 2), (1, "2"), ({},), (b"1",)]:
    show(lambda: complex(*args))

class C:
    def __complex__(self):
        return 3 + 4j
class Bad:
    def __complex__(self):
        return 1
show(lambda: complex(C()))
show(lambda: complex(Bad()))

# arithmetic, including the mixed real forms
show(lambda: (1 + 2j) * 2.0)
show(lambda: 2.0 * (1 + 2j))
show(lambda: complex(inf, 1) * 2)
show(lambda: complex(inf, nan) * complex(1, 1))
show(lambda: 1 / 1j)
show(lambda: 1.0 / complex(2, 3))
show(lambda: (1 + 2j) / 2)
show(lambda: complex(inf, inf) / complex(1, 1))
show(lambda: complex(1, 1) / complex(inf, inf))
show(lambda: 1j - 1.0)
show(lambda: 1.0 - complex(0, -0.0))
show(lambda: (3 + 4j) + (1 - 1j))
show(lambda: -(1 + 2j))
show(lambda: +(1 + 2j))
show(lambda: abs(3 + 4j))
show(lambda: abs(complex(inf, nan)))
show(lambda: abs(complex(1e308, 1e308)))
show(lambda: 1j ** 2)
show(lambda: (1 + 2j) ** 0.5)
show(lambda: 2 ** 1j)
show(lambda: 0j ** 0)
show(lambda: (1 + 1j) ** 10)
show(lambda: (1 + 1j) ** -3)
show(lambda: (-8) ** (1 / 3))
show(lambda: 0j ** -1)
show(lambda: 0j ** 1j)
show(lambda: (1e200 + 1e200j) ** 5)
show(lambda: 1j / 0)
show(lambda: 1j / 0j)
show(lambda: 1 / 0j)
show(lambda: 1j % 2)
show(lambda: 1j // 2)
show(lambda: divmod(1j, 2))
show(lambda: pow(1j, 2, 3))
show(lambda: 1j < 2j)
show(lambda: int(1j))
show(lambda: float(1j))

# equality and hashing
print(1j == 1j, 1 + 0j == 1, 1 == 1 + 0j, 1j != 1, (1 + 0j) == 1.0, 2j == 2, 1j == "1j")
print(hash(1j), hash(complex(1.5, 2)), hash(complex(3, 0)) == hash(3), hash(0j))
print({1 + 0j: "a"}[1], {1: "b"}[1 + 0j])

# methods and attributes
z = 3 - 4j
print(z.conjugate(), z.__complex__(), z.__getnewargs__(), type(z.real).__name__)
class MyC(complex):
    pass
m = MyC(1, 2)
print(repr(m), type(m).__name__, m + 1, type(m + 1).__name__, isinstance(m, complex))
print(sum([1j, 2, 0.5]), sum([0.1j] * 10))
