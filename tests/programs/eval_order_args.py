# Evaluation order: operands, call arguments, dict displays, assignments, subscripts.
def t(label, v=None):
    print("eval", label)
    return v if v is not None else label
print(t("a", 1) + t("b", 2) * t("c", 3))
def f(*args, **kw):
    return args, kw
f(t("p1"), t("p2"), k=t("kw"), **{t("key"): t("val")})
d = {t("k1"): t("v1"), t("k2"): t("v2")}
lst = [0, 0]
lst[t("idx", 1)] = t("rhs")
x = y = t("chain")
print(x, y, lst)
a = [1, 2, 3]
i = 0
i, a[i] = 2, 99
print(i, a)
t("cond", True) and t("then") or t("else")
print(t("left", 1) < t("mid", 2) < t("right", 3))
obj = type("O", (), {})()
obj.attr = 0
obj.attr += t("incr", 5)
print(obj.attr)
print([t(f"item{n}") for n in range(2)])
