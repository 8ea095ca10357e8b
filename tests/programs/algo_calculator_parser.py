# A recursive-descent parser and evaluator for arithmetic expressions.
import re
TOKEN = re.compile(r"\s*(?:(\d+\.?\d*)|(.))")
def tokenize(s):
    out = []
    for num, op in TOKEN.findall(s):
        out.append(("num", float(num) if "." in num else int(num)) if num else ("op", op))
    out.append(("end", None))
    return out
class Parser:
    def __init__(self, s):
        self.toks, self.i = tokenize(s), 0
    def peek(self):
        return self.toks[self.i]
    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t
    def expr(self):
        v = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            v = v + self.term() if op == "+" else v - self.term()
        return v
    def term(self):
        v = self.factor()
        while self.peek() in (("op", "*"), ("op", "/"), ("op", "%")):
            op = self.take()[1]
            r = self.factor()
            v = v * r if op == "*" else v / r if op == "/" else v % r
        return v
    def factor(self):
        base = self.unary()
        if self.peek() == ("op", "^"):
            self.take()
            return base ** self.factor()
        return base
    def unary(self):
        kind, val = self.take()
        if (kind, val) == ("op", "-"):
            return -self.unary()
        if (kind, val) == ("op", "("):
            v = self.expr()
            if self.take() != ("op", ")"):
                raise SyntaxError("expected )")
            return v
        if kind == "num":
            return val
        raise SyntaxError(f"unexpected {val!r}")
def calc(s):
    p = Parser(s)
    v = p.expr()
    if p.peek()[0] != "end":
        raise SyntaxError("trailing input")
    return v
for e in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-4 + 10 / 4", "17 % 5 * 2", "2 * (3 + (4 - 1)) ^ 2", "1.5 * 4"]:
    print(e, "=", calc(e))
for bad in ["1 +", "(2", "3 3", "1 / 0"]:
    try:
        calc(bad)
    except (SyntaxError, ZeroDivisionError) as e:
        print(repr(bad), type(e).__name__, e)
