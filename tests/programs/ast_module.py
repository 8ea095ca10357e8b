# The ast module on rupy's own parser: node classes, ast.parse, reprs,
# dumps, constructors with 3.13 defaults, __reduce__, __replace__,
# literal_eval.
import ast

src = '''
def f(a, /, b: int = 2, *args, c, d=4, **kw) -> str:
    """doc"""
    return [x for x in a if x]

class C(B, metaclass=M):
    x: int = 1

async def g():
    async with a as b, c:
        await h()
    async for i in j:
        yield i

x = {1: 2, **y}
del a[1:2, ...], b.c
while not x < y <= z: break
try:
    pass
except* E as e:
    raise F from e
finally:
    continue
match p:
    case [1, *rest] | {"k": v, **kw} if v:
        pass
    case Point(x=0, y=_) as q:
        pass
    case None | True:
        pass
type T[K: int = str, *Ts, **P] = dict[K, P]
print(f"{x!r:>{w}}", t"{y}")
lambda *, k=1: (yield from z)
import a.b as c
from .. import d
global q; nonlocal r
assert x, "m"
'''
tree = ast.parse(src)
print(repr(tree))
for node in tree.body:
    print(repr(node))
print(ast.dump(tree, include_attributes=True))
print(ast.dump(ast.parse('a[1:2, ...] = -b @ c if d else e')))
print(ast.dump(ast.parse('1 + 2 * 3', optimize=1)))
print(ast.dump(ast.parse('x', mode='eval')), ast.dump(ast.parse('x = 1', mode='single')))
print(ast.dump(ast.parse('(int, str) -> bool', mode='func_type')))
print(ast.literal_eval('[1, (2, 3), {"a": -4.5}, {1, 2}, b"x", None, 1+2j]'))

n = ast.Name('x')
print(n.id, n.ctx, ast.Name._fields, ast.Name.__match_args__, ast.expr._attributes)
print(ast.Name.lineno if hasattr(ast.Name, 'lineno') else 'no lineno', ast.Name.end_lineno)
print(ast.FunctionDef._field_types)
print(ast.Dict._field_types, ast.arguments._field_types['kw_defaults'])
print(ast.arguments())
try:
    ast.Name('a', ast.Load(), 3)
except TypeError as e:
    print(e)
try:
    ast.Name('a', id='b')
except TypeError as e:
    print(e)
print(ast.Constant(5).__reduce__()[1:], ast.Load().__reduce__())
r = ast.Name('x', lineno=3).__replace__(id='y')
print(r.id, r.lineno, type(r.ctx).__name__)
try:
    n.__replace__(bogus=1)
except TypeError as e:
    print(e)
print(issubclass(ast.Name, ast.expr), isinstance(tree, ast.AST), ast.Module.__doc__)
print(ast.expr.__doc__.splitlines()[0], ast.Add.__doc__, ast.Load.__module__)
e = ast.parse('a + b').body[0].value
print(e.op is ast.parse('c + d').body[0].value.op, type(e.op).__name__)
print(ast.PyCF_ONLY_AST, ast.PyCF_OPTIMIZED_AST, ast.PyCF_TYPE_COMMENTS)
t2 = compile('x + 1', '<s>', 'eval', ast.PyCF_ONLY_AST)
print(type(t2).__name__, t2.body.lineno, t2.body.end_col_offset)
try:
    ast.parse('x +')
except SyntaxError as err:
    print(err.msg, err.lineno, err.offset)
