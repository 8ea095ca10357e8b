# compile() of ast node objects: trees parsed then changed, trees built by
# hand, and the errors of trees that are not valid.
import ast


def show(label, f):
    try:
        print(label, "->", f())
    except Exception as e:
        print(label, "->", type(e).__name__, e)


# A parsed tree, changed, then run.
tree = ast.parse("x = 2\ny = x * 21\nresult = [x, y]")
tree.body[0].value = ast.Constant(3)
show("unlocated", lambda: compile(tree, "<tree>", "exec"))
ast.fix_missing_locations(tree)
ns = {}
exec(compile(tree, "<tree>", "exec"), ns)
print("changed tree:", ns["result"])

# Hand-built: a function with defaults, keyword-only arguments and a loop.
L = dict(lineno=1, col_offset=0)
func = ast.FunctionDef(
    name="total",
    args=ast.arguments(
        posonlyargs=[],
        args=[ast.arg("items")],
        kwonlyargs=[ast.arg("start")],
        kw_defaults=[ast.Constant(100)],
        defaults=[],
    ),
    body=[
        ast.Assign([ast.Name("acc", ast.Store())], ast.Name("start", ast.Load())),
        ast.For(
            target=ast.Name("i", ast.Store()),
            iter=ast.Name("items", ast.Load()),
            body=[ast.AugAssign(ast.Name("acc", ast.Store()), ast.Add(), ast.Name("i", ast.Load()))],
            orelse=[],
        ),
        ast.Return(ast.Name("acc", ast.Load())),
    ],
    decorator_list=[],
)
module = ast.fix_missing_locations(ast.Module(body=[func], type_ignores=[]))
ns = {}
exec(compile(module, "<built>", "exec"), ns)
print("total:", ns["total"]([1, 2, 3]), ns["total"]([1], start=0))

# Expression mode, eval of the code object.
expr = ast.Expression(ast.BinOp(ast.Constant(6), ast.Mult(), ast.Constant(7), **L))
expr.body.left.lineno = expr.body.right.lineno = 1
expr.body.left.col_offset = expr.body.right.col_offset = 0
print("eval:", eval(compile(expr, "<expr>", "eval")))

# Interactive mode prints expression statements through sys.displayhook.
single = ast.Interactive([ast.Expr(ast.Constant("shown"), **L)])
ast.fix_missing_locations(single)
exec(compile(single, "<single>", "single"))

# Constants that only trees built by hand hold: tuples and frozensets.
for value in [(1, (2.5, "a")), frozenset({b"x"}), (), (None, True, ...)]:
    e = ast.fix_missing_locations(ast.Expression(ast.Constant(value)))
    print("constant:", repr(eval(compile(e, "<c>", "eval"))))

# A pattern match built by hand.
case_tree = ast.parse("match v:\n case [a, *rest]: out = (a, rest)\n case _: out = None")
ns = {"v": [1, 2, 3]}
exec(compile(case_tree, "<match>", "exec"), ns)
print("match:", ns["out"])

# ONLY_AST returns the node, OPTIMIZED_AST preprocesses it.
print("only ast:", compile(tree, "<t>", "exec", ast.PyCF_ONLY_AST) is tree)
opt = compile(ast.parse("'%s!' % (name,)"), "<t>", "exec", ast.PyCF_OPTIMIZED_AST)
print("optimized:", ast.dump(opt.body[0].value))


def located(node):
    return ast.fix_missing_locations(node)


# Errors: what kind of node, missing and wrong fields, invalid trees.
cases = [
    ("wrong mod", lambda: compile(ast.Expression(ast.Constant(1)), "<e>", "exec")),
    ("not a node", lambda: compile(ast.Constant(1), "<e>", "eval", ast.PyCF_ONLY_AST)),
    ("no lineno", lambda: compile(ast.Module([ast.Pass()], []), "<e>", "exec")),
    ("expr None", lambda: compile(ast.Module([ast.Expr(None, **L)], []), "<e>", "exec")),
    ("None stmt", lambda: compile(ast.Module([None], []), "<e>", "exec")),
    ("body type", lambda: compile(ast.Module(5, []), "<e>", "exec")),
    ("stranger", lambda: compile(ast.Module([object()], []), "<e>", "exec")),
    ("bad ctx", lambda: compile(located(ast.Expression(ast.Name("x", ast.Store()))), "<e>", "eval")),
    ("ctx type", lambda: compile(located(ast.Expression(ast.Name("x", 3))), "<e>", "eval")),
    ("id type", lambda: compile(located(ast.Expression(ast.Name(1, ast.Load()))), "<e>", "eval")),
    ("constant type", lambda: compile(located(ast.Expression(ast.Constant([1]))), "<e>", "eval")),
    ("nested constant", lambda: compile(located(ast.Expression(ast.Constant((1, {2})))), "<e>", "eval")),
    ("lineno type", lambda: compile(ast.Module([ast.Pass(lineno="1", col_offset=0)], []), "<e>", "exec")),
    ("lineno range", lambda: compile(ast.Module([ast.Pass(lineno=2**40, col_offset=0)], []), "<e>", "exec")),
    ("positions", lambda: compile(ast.Module([ast.Pass(lineno=2, col_offset=0, end_lineno=1)], []), "<e>", "exec")),
    ("empty body", lambda: compile(located(ast.Module([ast.While(ast.Constant(1), [], [])], [])), "<e>", "exec")),
    ("None name", lambda: compile(located(ast.Module([ast.Global(["None"])], [])), "<e>", "exec") and "compiled"),
    ("bad op", lambda: compile(located(ast.Expression(ast.BinOp(ast.Constant(1), ast.Not(), ast.Constant(2)))), "<e>", "eval")),
    ("singleton", lambda: compile(located(ast.parse("match x:\n case None: pass")), "<e>", "exec") and "ok"),
    ("mode", lambda: compile(ast.Module([], []), "<e>", "bogus", ast.PyCF_ONLY_AST)),
]
for label, f in cases:
    show(label, f)

node = ast.Module([ast.Expr(ast.Constant(1), **L)], [])
del node.body[0].value
show("deleted field", lambda: compile(node, "<e>", "exec"))
