"""Generate the AST corpus files next to this script with a CPython 3.14.

    python3.14 gen_ast_corpus.py [OUTPUT_DIR]

Writes four tab-separated files (into OUTPUT_DIR, by default this
directory); every tree is given as
ast.dump(tree, include_attributes=True), which the Rust tests read back.

unparse.txt     annotation source, dump of the annotation, the string
                `from __future__ import annotations` stores (the C unparser).
validate.txt    case name, dump of a hand-made module, what
                compile(tree, "<x>", "exec") raises ("ok" when the tree
                passes validation).
preprocess.txt  case name, optimize level, dump of ast.parse(src), dump of
                ast.parse(src, optimize=level).
warnings.txt    case name, dump of ast.parse(src), the SyntaxWarnings
                compile(src) emits: "msg@lineno" joined by " | ", then the
                first one's location as raised under -W error
                (lineno,offset,end_lineno,end_offset), or "-" for none.
"""
import ast
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else HERE


def dump(node):
    return ast.dump(node, include_attributes=True)


def check_field(s):
    assert "\t" not in s and "\n" not in s, s
    return s


# ---------------------------------------------------------------- unparse
ANNOTATIONS = r"""
x
a.b.c
a[b]
a[b, c]
a[b:c, d]
a[::2]
a[1:2:3]
a[:]
x[*b]
x[*b, c]
a[(b, c)]
a[()]
a[b,]
f()
f(a, b=1, *c, **d)
f(*a, *b)
f(x for x in y)
f((x for x in y), 1)
f(a)(b)(c)
a if b else c
(a if b else c) if d else e
a if (b if c else d) else e
lambda: 1
lambda x: x
lambda x, /, y=1, *args, z, w=2, **kw: 0
lambda *, a: 1
lambda *a: 1
lambda a=1, /: 2
lambda a, b=1, /, c=2: 3
(lambda: 1)()
[lambda: 1]
a and b or c
a and (b or c)
(a or b) and c
not a
not not a
not (a and b)
(not a) + 1
-a ** -b
(-a) ** b
-(a ** b)
a ** b ** c
(a ** b) ** c
a - b - c
a - (b - c)
a * (b + c)
(a + b) * c
a @ b @ c
a // b % c
a << b >> c
a | b ^ c & d
(a | b) & c
a < b <= c
(a < b) < c
a is not b
a not in b
a in (b in c)
~a
+a
-1
- 1
-(-1)
--a
1 .real
1.5.real
(1).real
1j.imag
(-1).real
'abc'.upper
"it's"
'say "hi"'
'both \' and "'
'\n\t\r\x00\x7f'
'\u00e9\u200b\U0001f600'
b'bytes\x00\xff'
b"it's"
u'unicode'
1
0x10
1_000_000
10**100
1.5
1e16
1e-5
1e400
-1e400
1e400j
1j
1+2j
(1+2j)
-1e400+1j
0.1+0.2
...
None
True
False
[1, 2, 3]
[]
()
(1,)
(1, 2)
{}
{1: 2, **a}
{**a, **b}
{1, 2}
{a: b for a, b in c}
{a for a in b if c if d}
[a for a in b for c in d]
(a for a in b)
[a for a in (b if c else d)]
[a for a in (lambda: b)()]
[(a, b) for a, b in c]
[a for a, in b]
[*a, *b]
(*a,)
{*a}
f"abc"
f"{a}"
f"{a!r}"
f"{a!s:>10}"
f"{a:{b}.{c}}"
f"{a=}"
f"{a = }"
f"{ {1} }"
f"{ {1: 2} }"
f"{(lambda: 1)}"
f"{a}{{}}{b}"
f"{'x'}"
f'{"a"}'
f"{a:%Y-%m-%d}"
f"{a!a}"
f"{a:{b!r}}"
f"{3.14:.2f}"
f"{a:=10}"
f"{x:}"
f"a" "b"
f"a" f"{b}"
f"{(yield_)}"
t"abc"
t"{a}"
t"{a!r:>{w}}"
t"{ {1} }"
t"{a=}"
t"{a:{b}.{c}}"
t"x" t"{y}"
t"{ a }"
t"{a + b}"
t"{a!r}{b!s}{c!a}"
rb'raw\d'
'\\'
'''triple'''
'\ud800'
f"{'\ud800'}"
a.b[c](d).e
a[b][c]
(a.b)[c]
(a, b).c
[a][0]
a[b](c)
""".strip().splitlines()


def gen_unparse():
    rows = []
    for src in ANNOTATIONS:
        code = "from __future__ import annotations\nx: " + src + "\n"
        ns = {}
        exec(compile(code, "<ann>", "exec"), ns)
        want = ns["__annotations__"]["x"]
        tree = ast.parse("x: " + src + "\n")
        ann = tree.body[0].annotation
        rows.append("\t".join(map(check_field, (src, dump(ann), want))))
    return rows


# --------------------------------------------------------------- validate
def L(n=None):
    return ast.Load()


def S():
    return ast.Store()


def N(name, ctx=None):
    return ast.Name(name, ctx or ast.Load())


P = [ast.Pass()]
A = ast.arguments()


def bad_pos(cls, *args, **kw):
    return cls(*args, lineno=2, end_lineno=1, col_offset=0, end_col_offset=0, **kw)


def M(pattern, guard=None):
    return ast.Match(N("x"), [ast.match_case(pattern, guard, P)])


VALIDATE = {
    "name_none": ast.Expr(N("None")),
    "name_true_store": ast.Assign([N("True", S())], ast.Constant(1)),
    "assign_load_target": ast.Assign([N("x")], ast.Constant(1)),
    "assign_binop_target": ast.Assign([ast.BinOp(N("x"), ast.Add(), N("y"))], ast.Constant(1)),
    "assign_empty": ast.Assign([], ast.Constant(1)),
    "delete_empty": ast.Delete([]),
    "delete_store": ast.Delete([N("x", S())]),
    "augassign_load": ast.AugAssign(N("x"), ast.Add(), ast.Constant(1)),
    "annassign_simple_attr": ast.AnnAssign(ast.Attribute(N("a"), "b", S()), N("int"), None, 1),
    "annassign_ok": ast.AnnAssign(ast.Attribute(N("a"), "b", S()), N("int"), None, 0),
    "functiondef_empty_body": ast.FunctionDef("f", A, [], [], None, None, []),
    "asyncfunctiondef_empty_body": ast.AsyncFunctionDef("f", A, [], [], None, None, []),
    "classdef_empty_body": ast.ClassDef("C", [], [], [], [], []),
    "functiondef_name_true": ast.FunctionDef("True", A, P, [], None, None, []),
    "classdef_name_none": ast.ClassDef("None", [], [], P, [], []),
    "functiondef_returns_store": ast.FunctionDef("f", A, P, [], N("x", S()), None, []),
    "functiondef_decorator_store": ast.FunctionDef("f", A, P, [N("d", S())], None, None, []),
    "defaults_too_many": ast.FunctionDef("f", ast.arguments(defaults=[ast.Constant(1)]), P, [], None, None, []),
    "kw_defaults_mismatch": ast.FunctionDef(
        "f", ast.arguments(kwonlyargs=[ast.arg("a")], kw_defaults=[]), P, [], None, None, []),
    "arg_annotation_store": ast.FunctionDef(
        "f", ast.arguments(args=[ast.arg("a", N("t", S()))]), P, [], None, None, []),
    "vararg_annotation_store": ast.FunctionDef(
        "f", ast.arguments(vararg=ast.arg("a", N("t", S()))), P, [], None, None, []),
    "arg_bad_pos": ast.FunctionDef("f", ast.arguments(args=[bad_pos(ast.arg, "a")]), P, [], None, None, []),
    "arg_name_none_ok": ast.FunctionDef("f", ast.arguments(args=[ast.arg("None")]), P, [], None, None, []),
    "lambda_defaults": ast.Expr(ast.Lambda(ast.arguments(defaults=[N("a")]), N("x"))),
    "for_empty_body": ast.For(N("x", S()), N("y"), [], []),
    "for_target_load": ast.For(N("x"), N("y"), P, []),
    "asyncfor_empty_body": ast.AsyncFor(N("x", S()), N("y"), [], []),
    "while_empty_body": ast.While(N("x"), [], []),
    "if_empty_body": ast.If(N("x"), [], []),
    "if_orelse_bad": ast.If(N("x"), P, [ast.Expr(N("y", S()))]),
    "with_empty_items": ast.With([], P),
    "with_empty_body": ast.With([ast.withitem(N("x"))], []),
    "with_vars_load": ast.With([ast.withitem(N("x"), N("y"))], P),
    "asyncwith_empty_items": ast.AsyncWith([], P),
    "raise_cause_only": ast.Raise(None, N("x")),
    "raise_exc_store": ast.Raise(N("x", S()), None),
    "try_empty_body": ast.Try([], [], [], P),
    "try_no_handlers_no_finally": ast.Try(P, [], [], []),
    "try_orelse_no_handlers": ast.Try(P, [], P, P),
    "try_handler_empty_body": ast.Try(P, [ast.ExceptHandler(None, None, [])], [], []),
    "try_handler_name_true": ast.Try(P, [ast.ExceptHandler(None, "True", P)], [], []),
    "try_handler_type_store": ast.Try(P, [ast.ExceptHandler(N("E", S()), "e", P)], [], []),
    "try_handler_bad_pos": ast.Try(P, [bad_pos(ast.ExceptHandler, None, None, P)], [], []),
    "trystar_empty_body": ast.TryStar([], [], [], P),
    "trystar_no_handlers": ast.TryStar(P, [], [], []),
    "trystar_orelse_no_handlers": ast.TryStar(P, [], P, P),
    "trystar_handler_bad_pos": ast.TryStar(P, [bad_pos(ast.ExceptHandler, N("E"), None, P)], [], []),
    "assert_store": ast.Assert(N("x", S()), None),
    "import_empty": ast.Import([]),
    "import_alias_none": ast.Import([ast.alias("None")]),
    "import_asname_false": ast.Import([ast.alias("x", "False")]),
    "importfrom_negative": ast.ImportFrom("x", [ast.alias("y")], -1),
    "importfrom_empty": ast.ImportFrom("x", [], 0),
    "importfrom_module_none_ok": ast.ImportFrom("None", [ast.alias("y")], 0),
    "global_empty": ast.Global([]),
    "nonlocal_empty": ast.Nonlocal([]),
    "expr_store": ast.Expr(N("x", S())),
    "return_store": ast.FunctionDef("f", A, [ast.Return(N("x", S()))], [], None, None, []),
    "boolop_one": ast.Expr(ast.BoolOp(ast.And(), [N("a")])),
    "binop_store": ast.Expr(ast.BinOp(N("a", S()), ast.Add(), N("b"))),
    "dict_mismatch": ast.Expr(ast.Dict([N("a")], [])),
    "dict_unpack_ok": ast.Expr(ast.Dict([None], [N("a")])),
    "listcomp_no_generators": ast.Expr(ast.ListComp(N("a"), [])),
    "genexp_target_load": ast.Expr(ast.GeneratorExp(N("a"), [ast.comprehension(N("a"), N("b"), [], 0)])),
    "dictcomp_value_store": ast.Expr(ast.DictComp(
        N("a"), N("b", S()), [ast.comprehension(N("a", S()), N("b"), [], 0)])),
    "compare_no_comparators": ast.Expr(ast.Compare(N("a"), [], [])),
    "compare_mismatch": ast.Expr(ast.Compare(N("a"), [ast.Lt(), ast.Gt()], [N("b")])),
    "call_keyword_store": ast.Expr(ast.Call(N("f"), [], [ast.keyword("a", N("b", S()))])),
    "call_keyword_bad_pos": ast.Expr(ast.Call(N("f"), [], [bad_pos(ast.keyword, "a", N("b"))])),
    "call_keyword_none_ok": ast.Expr(ast.Call(N("f"), [], [ast.keyword("None", N("b"))])),
    "attribute_none_ok": ast.Expr(ast.Attribute(N("a"), "None", ast.Load())),
    "attribute_ctx": ast.Expr(ast.Attribute(N("a"), "b", S())),
    "subscript_del_in_load": ast.Expr(ast.Subscript(N("a"), N("b"), ast.Del())),
    "starred_store_value_load": ast.Assign([ast.Starred(N("a"), S())], N("b")),
    "tuple_elt_ctx": ast.Assign([ast.Tuple([N("a")], S())], N("b")),
    "list_del": ast.Delete([ast.List([N("a", ast.Del()), N("b")], ast.Del())]),
    "namedexpr_attr_target": ast.Expr(ast.NamedExpr(ast.Attribute(N("a"), "b", S()), N("c"))),
    "joinedstr_store": ast.Expr(ast.JoinedStr([ast.FormattedValue(N("a", S()), -1, None)])),
    "formatted_spec_store": ast.Expr(ast.JoinedStr([ast.FormattedValue(N("a"), -1, N("s", S()))])),
    "interpolation_store": ast.Expr(ast.TemplateStr([ast.Interpolation(N("a", S()), "a", -1, None)])),
    "slice_store": ast.Expr(ast.Subscript(N("a"), ast.Slice(N("b", S())), ast.Load())),
    "lambda_body_store": ast.Expr(ast.Lambda(A, N("x", S()))),
    "ifexp_store": ast.Expr(ast.IfExp(N("a"), N("b", S()), N("c"))),
    "yield_store": ast.Expr(ast.Yield(N("a", S()))),
    "await_store": ast.Expr(ast.Await(N("a", S()))),
    "set_store": ast.Expr(ast.Set([N("a", S())])),
    "typealias_attr_name": ast.TypeAlias(ast.Attribute(N("a"), "b", S()), [], N("int")),
    "typealias_load_name": ast.TypeAlias(N("X"), [], N("int")),
    "typevar_name_none": ast.TypeAlias(N("X", S()), [ast.TypeVar("None")], N("int")),
    "typevar_bound_store": ast.TypeAlias(N("X", S()), [ast.TypeVar("T", N("b", S()))], N("int")),
    "typevar_default_store": ast.TypeAlias(N("X", S()), [ast.TypeVar("T", None, N("d", S()))], N("int")),
    "paramspec_name_true": ast.TypeAlias(N("X", S()), [ast.ParamSpec("True")], N("int")),
    "typevartuple_default_store": ast.TypeAlias(
        N("X", S()), [ast.TypeVarTuple("Ts", N("d", S()))], N("int")),
    "typeparam_bad_pos": ast.TypeAlias(N("X", S()), [bad_pos(ast.TypeVar, "T")], N("int")),
    "functiondef_typevar_none": ast.FunctionDef("f", A, P, [], None, None, [ast.TypeVar("False")]),
    "match_no_cases": ast.Match(N("x"), []),
    "match_case_empty_body": ast.Match(N("x"), [ast.match_case(ast.MatchAs(), None, [])]),
    "match_guard_store": M(ast.MatchAs(), N("g", S())),
    "matchvalue_name": M(ast.MatchValue(N("x"))),
    "matchvalue_ellipsis": M(ast.MatchValue(ast.Constant(...))),
    "matchvalue_none": M(ast.MatchValue(ast.Constant(None))),
    "matchvalue_true": M(ast.MatchValue(ast.Constant(True))),
    "matchvalue_attr_ok": M(ast.MatchValue(ast.Attribute(N("a"), "b", L()))),
    "matchvalue_negative_ok": M(ast.MatchValue(ast.UnaryOp(ast.USub(), ast.Constant(1)))),
    "matchvalue_not": M(ast.MatchValue(ast.UnaryOp(ast.Not(), ast.Constant(1)))),
    "matchvalue_complex_ok": M(ast.MatchValue(ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2j)))),
    "matchvalue_complex_mult": M(ast.MatchValue(ast.BinOp(ast.Constant(1), ast.Mult(), ast.Constant(2j)))),
    "matchvalue_complex_real_right": M(ast.MatchValue(ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2)))),
    "matchvalue_neg_str": M(ast.MatchValue(ast.UnaryOp(ast.USub(), ast.Constant("a")))),
    "matchvalue_store": M(ast.MatchValue(N("x", S()))),
    "matchsingleton_int": M(ast.MatchSingleton(1)),
    "matchsingleton_none_ok": M(ast.MatchSingleton(None)),
    "matchsequence_star_ok": M(ast.MatchSequence([ast.MatchStar("a")])),
    "matchstar_top": M(ast.MatchStar("a")),
    "matchstar_underscore": M(ast.MatchSequence([ast.MatchStar("_")])),
    "matchstar_none_name": M(ast.MatchSequence([ast.MatchStar("None")])),
    "matchmapping_mismatch": M(ast.MatchMapping([ast.Constant(1)], [], None)),
    "matchmapping_rest_underscore": M(ast.MatchMapping([], [], "_")),
    "matchmapping_rest_true": M(ast.MatchMapping([], [], "True")),
    "matchmapping_key_none_ok": M(ast.MatchMapping([ast.Constant(None)], [ast.MatchAs()], None)),
    "matchmapping_key_name": M(ast.MatchMapping([N("k")], [ast.MatchAs()], None)),
    "matchmapping_star_value": M(ast.MatchMapping([ast.Constant(1)], [ast.MatchStar("a")], None)),
    "matchclass_mismatch": M(ast.MatchClass(N("C"), [], ["a"], [])),
    "matchclass_call_cls": M(ast.MatchClass(ast.Call(N("C"), [], []), [], [], [])),
    "matchclass_attr_cls_ok": M(ast.MatchClass(ast.Attribute(N("a"), "C", L()), [], [], [])),
    "matchclass_kwd_none": M(ast.MatchClass(N("C"), [], ["None"], [ast.MatchAs()])),
    "matchclass_cls_store": M(ast.MatchClass(N("C", S()), [], [], [])),
    "matchas_pattern_no_name": M(ast.MatchAs(ast.MatchAs(), None)),
    "matchas_underscore": M(ast.MatchAs(None, "_")),
    "matchas_star_inside": M(ast.MatchAs(ast.MatchStar("a"), "b")),
    "matchor_one": M(ast.MatchOr([ast.MatchAs()])),
    "matchor_ok": M(ast.MatchOr([ast.MatchValue(ast.Constant(1)), ast.MatchValue(ast.Constant(2))])),
    "pattern_bad_pos": M(bad_pos(ast.MatchAs)),
    "stmt_line_range": bad_pos(ast.Pass),
    "expr_line_range": ast.Expr(bad_pos(ast.Name, "x", ast.Load())),
    "expr_col_range_negative": ast.Expr(ast.Name(
        "x", ast.Load(), lineno=1, end_lineno=2, col_offset=-1, end_col_offset=2)),
    "expr_negative_line": ast.Expr(ast.Name(
        "x", ast.Load(), lineno=-1, end_lineno=0, col_offset=0, end_col_offset=0)),
    "expr_same_line_cols": ast.Expr(ast.Name(
        "x", ast.Load(), lineno=1, end_lineno=1, col_offset=5, end_col_offset=2)),
    "expr_negative_same": ast.Expr(ast.Name(
        "x", ast.Load(), lineno=-1, end_lineno=-1, col_offset=3, end_col_offset=2)),
    "valid_simple": ast.Assign([N("x", S())], ast.BinOp(ast.Constant(1), ast.Add(), N("y"))),
}


def gen_validate():
    rows = []
    for name, stmt in VALIDATE.items():
        mod = ast.Module([stmt], [])
        ast.fix_missing_locations(mod)
        try:
            compile(mod, "<x>", "exec")
            got = "ok"
        except (ValueError, TypeError) as e:
            got = f"{type(e).__name__}: {e}"
        except SyntaxError:
            # Passed validation; rejected later by the compiler.
            got = "ok"
        rows.append("\t".join(map(check_field, (name, dump(mod), got))))
    return rows


# ------------------------------------------------------------- preprocess
PREPROCESS = [
    ("debug_load", 1, "x = __debug__"),
    ("debug_store", 1, "__debug__ = 1"),
    ("debug_nested", 1, "f(__debug__ and g(__debug__))"),
    ("debug_o2", 2, "if __debug__: pass"),
    ("format_s", 1, "'%s' % (a,)"),
    ("format_mixed", 1, "'%-5s|%05.2r|%a%%' % (a, b, c)"),
    ("format_width12", 1, "'%12s' % (a,)"),
    ("format_width123", 1, "'%123s' % (a,)"),
    ("format_prec", 1, "'%.3s' % (a,)"),
    ("format_prec_empty", 1, "'%.s' % (a,)"),
    ("format_d", 1, "'%d' % (a,)"),
    ("format_too_few_args", 1, "'%s %s' % (a,)"),
    ("format_too_many_args", 1, "'%s' % (a, b)"),
    ("format_starred", 1, "'%s' % (*a,)"),
    ("format_trailing_percent", 1, "'%s%' % (a,)"),
    ("format_empty", 1, "'' % ()"),
    ("format_literal_only", 1, "'abc%%' % ()"),
    ("format_not_tuple", 1, "'%s' % a"),
    ("format_bytes", 1, "b'%s' % (a,)"),
    ("format_nested", 1, "'%s' % ('%r' % (b,),)"),
    ("format_unicode", 1, "'é%sü' % (a,)"),
    ("format_flags", 1, "'%+ #s' % (a,)"),
    ("format_zero_width", 1, "'%0s' % (a,)"),
    ("format_in_fstring", 1, "f'{\"%s\" % (a,)}'"),
    ("binop_not_folded", 1, "1 + 2 * 3"),
    ("docstring_o1_kept", 1, "'''doc'''\nx = 1"),
    ("docstring_o2_removed", 2, "'''doc'''\nx = 1"),
    ("docstring_o2_only", 2, "'''doc'''"),
    ("docstring_o2_next_string", 2, "'''doc'''\n'not a docstring'"),
    ("docstring_o2_function", 2, "def f():\n    '''doc'''\n    return 1"),
    ("docstring_o2_function_only", 2, "def f():\n    '''multi\n    line'''"),
    ("docstring_o2_class", 2, "class C:\n    'doc'\n    'x'"),
    ("docstring_o2_bytes_kept", 2, "b'doc'\nx"),
    ("match_negative", 1, "match x:\n    case -1: pass\n    case -1.5: pass\n    case -2j: pass"),
    ("match_complex", 1, "match x:\n    case 1+2j: pass\n    case -1-2j: pass\n    case 1.5-0j: pass\n    case -0.0-0j: pass"),
    ("match_mapping_keys", 1, "match x:\n    case {-1: a, 1+1j: b, 'k': c}: pass"),
    ("match_nested", 1, "match x:\n    case [-1, (2-3j), C(-4, y=-5)] | {1: -6}: pass"),
    ("match_class_debug", 1, "match x:\n    case C(a=__debug__): pass"),
    ("match_big", 1, "match x:\n    case -100000000000000000000000000 + 1j: pass"),
    ("annotations_debug", 1, "def f(a: __debug__) -> __debug__: pass\nx: __debug__ = __debug__"),
    ("future_annotations_debug", 1,
     "from __future__ import annotations\ndef f(a: __debug__) -> __debug__: pass\nx: __debug__ = __debug__"),
    ("lambda_defaults_debug", 1, "lambda a=__debug__, *, b=__debug__: __debug__"),
    ("comprehension_debug", 1, "[__debug__ for x in __debug__ if __debug__]"),
    ("typeparams_debug", 1, "type X[T: __debug__ = __debug__, *Ts = __debug__, **P = __debug__] = __debug__"),
    ("class_debug", 1, "@__debug__\nclass C(__debug__, k=__debug__):\n    '''doc'''\n    x = __debug__"),
    ("fstring_debug", 1, "f'{__debug__!r:{__debug__}}'"),
    ("tstring_debug", 1, "t'{__debug__!r:{__debug__}}'"),
    ("misc_debug", 1, "with __debug__ as x:\n    del x[__debug__]\n    assert __debug__, __debug__\n"
                      "    raise __debug__ from __debug__"),
    ("try_debug", 1, "try:\n    __debug__\nexcept __debug__:\n    __debug__\nelse:\n    pass\nfinally:\n    __debug__"),
    ("walrus_debug", 1, "(y := __debug__)"),
    ("slice_debug", 1, "a[__debug__:__debug__:__debug__]"),
]

WARNINGS = [
    ("return_in_finally", "def f():\n    try:\n        pass\n    finally:\n        return 1\n"),
    ("break_in_finally", "for x in y:\n    try:\n        pass\n    finally:\n        break\n"),
    ("continue_in_finally", "while x:\n    try:\n        pass\n    finally:\n        continue\n"),
    ("loop_inside_finally", "def f():\n    try:\n        pass\n    finally:\n        for x in y:\n            break\n"),
    ("while_inside_finally", "try:\n    pass\nfinally:\n    while x:\n        continue\n"),
    ("def_inside_finally", "try:\n    pass\nfinally:\n    def g():\n        return 1\n"),
    ("nested_finally", "def f():\n    for x in y:\n        try:\n            pass\n        finally:\n"
                       "            try:\n                pass\n            finally:\n                break\n"),
    ("finally_in_loop_else", "def f():\n    try:\n        pass\n    finally:\n        for x in y:\n"
                             "            pass\n        else:\n            return\n"),
    ("if_in_finally", "def f():\n    try:\n        pass\n    finally:\n        if x:\n            return\n"),
    ("tryexcept_in_finally", "def f():\n    try:\n        pass\n    finally:\n        try:\n"
                             "            return\n        except E:\n            pass\n"),
    ("return_in_except", "def f():\n    try:\n        pass\n    except E:\n        return\n    finally:\n        pass\n"),
    ("trystar_finally", "def f():\n    try:\n        pass\n    except* E:\n        pass\n"
                        "    finally:\n        return\n"),
    ("async_for_finally", "async def f():\n    try:\n        pass\n    finally:\n        async for x in y:\n"
                          "            break\n        return\n"),
    ("unicode_columns", "def f():\n    try:\n        pass\n    finally:\n        ééé = 1; return ééé\n"),
    ("two_warnings", "def f():\n    try:\n        pass\n    finally:\n        return 1\n"
                     "    for x in y:\n        try:\n            pass\n        finally:\n            continue\n"),
    ("no_warning", "def f():\n    try:\n        return 1\n    finally:\n        pass\n"),
]


def gen_preprocess():
    rows = []
    for name, level, src in PREPROCESS:
        before = dump(ast.parse(src))
        after = dump(ast.parse(src, optimize=level))
        rows.append("\t".join(map(check_field, (name, str(level), before, after))))
    return rows


def gen_warnings():
    rows = []
    for name, src in WARNINGS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compile(src, "<x>", "exec")
        found = " | ".join(f"{w.message}@{w.lineno}" for w in caught
                           if issubclass(w.category, SyntaxWarning))
        loc = "-"
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(src, "<x>", "exec")
            except SyntaxError as e:
                loc = f"{e.lineno},{e.offset},{e.end_lineno},{e.end_offset}"
        rows.append("\t".join(map(check_field, (name, dump(ast.parse(src)), found or "-", loc))))
    return rows


def write(name, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# generated by gen_ast_corpus.py with Python {sys.version.split()[0]}\n")
        for row in rows:
            f.write(row + "\n")


def main():
    assert sys.version_info[:2] == (3, 14), "run with CPython 3.14"
    write("unparse.txt", gen_unparse())
    write("validate.txt", gen_validate())
    write("preprocess.txt", gen_preprocess())
    write("warnings.txt", gen_warnings())


if __name__ == "__main__":
    main()
