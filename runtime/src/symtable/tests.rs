//! Unit tests of the symbol table on hand-built ASTs: the entry flags the
//! corpus (which compares what CPython's `symtable` module shows) cannot
//! see, block lookup, mangling, future features and the non-syntax errors.

use super::*;
use crate::ast::{
    Arguments, Comprehension, Expr, ExprContext, FunctionDef, Location, Mod, Module, Stmt, UnaryOp,
};
use crate::compile::future::{future_from_ast, CO_FUTURE_ANNOTATIONS, PY_CF_ALLOW_TOP_LEVEL_AWAIT};

fn at(lineno: i32, col: i32) -> Location {
    Location {
        lineno,
        col_offset: col,
        end_lineno: lineno,
        end_col_offset: col + 1,
    }
}

fn name(id: &str, ctx: ExprContext) -> Expr {
    Expr::new(ExprKind::Name { id: id.into(), ctx }, at(1, 0))
}

fn load(id: &str) -> Expr {
    name(id, ExprContext::Load)
}

fn expr_stmt(e: Expr) -> Stmt {
    Stmt::new(StmtKind::Expr { value: Box::new(e) }, at(1, 0))
}

fn func(fname: &str, body: Vec<Stmt>, is_async: bool) -> Stmt {
    let f = Box::new(FunctionDef {
        name: fname.into(),
        args: Box::new(Arguments::default()),
        body,
        decorator_list: vec![],
        returns: None,
        type_comment: None,
        type_params: vec![],
    });
    let kind = if is_async {
        StmtKind::AsyncFunctionDef(f)
    } else {
        StmtKind::FunctionDef(f)
    };
    Stmt::new(kind, at(1, 0))
}

fn class(cname: &str, body: Vec<Stmt>) -> Stmt {
    Stmt::new(
        StmtKind::ClassDef(Box::new(ast::ClassDef {
            name: cname.into(),
            bases: vec![],
            keywords: vec![],
            body,
            decorator_list: vec![],
            type_params: vec![],
        })),
        at(1, 0),
    )
}

fn comp(target: &str, iter: Expr) -> Vec<Comprehension> {
    vec![Comprehension {
        target: name(target, ExprContext::Store),
        iter,
        ifs: vec![],
        is_async: false,
    }]
}

fn module(body: Vec<Stmt>) -> Mod {
    Mod::Module(Module {
        body,
        type_ignores: vec![],
    })
}

fn build(m: &Mod) -> Result<SymbolTable, SymtableError> {
    SymbolTable::build(m, "<test>", future_from_ast(m).expect("no future error"))
}

/// The first child of `parent` named `n`.
fn child<'t>(st: &'t SymbolTable, parent: &SymtableEntry, n: &str) -> &'t SymtableEntry {
    parent
        .ste_children
        .iter()
        .map(|&c| st.entry(c))
        .find(|e| &*e.ste_name == n)
        .expect("child")
}

#[test]
fn mangling_follows_py_mangle() {
    assert_eq!(mangle(Some("Cls"), "__x"), "_Cls__x");
    assert_eq!(mangle(Some("__Cls"), "__x"), "_Cls__x");
    assert_eq!(mangle(Some("Cls"), "__x__"), "__x__");
    assert_eq!(mangle(Some("Cls"), "__"), "__");
    assert_eq!(mangle(Some("Cls"), "_x"), "_x");
    assert_eq!(mangle(Some("Cls"), "__a.b"), "__a.b");
    assert_eq!(mangle(Some("___"), "__x"), "__x");
    assert_eq!(mangle(None, "__x"), "__x");
}

#[test]
fn generator_and_coroutine_flags() {
    let m = module(vec![
        func(
            "gen",
            vec![expr_stmt(Expr::new(
                ExprKind::Yield { value: None },
                at(2, 4),
            ))],
            false,
        ),
        func(
            "co",
            vec![expr_stmt(Expr::new(
                ExprKind::Await {
                    value: Box::new(load("x")),
                },
                at(3, 4),
            ))],
            true,
        ),
    ]);
    let st = build(&m).unwrap();
    let top = st.top();
    let generator = child(&st, top, "gen");
    assert!(generator.ste_generator && !generator.ste_coroutine);
    let co = child(&st, top, "co");
    assert!(co.ste_coroutine && !co.ste_generator);
    assert_eq!(top.get_scope("gen"), Some(Scope::Local));
    assert_eq!(co.get_scope("x"), Some(Scope::GlobalImplicit));
}

#[test]
fn list_comprehensions_are_inlined_and_genexps_are_not() {
    let listcomp = Expr::new(
        ExprKind::ListComp {
            elt: Box::new(load("x")),
            generators: comp("x", load("y")),
        },
        at(1, 0),
    );
    let genexp = Expr::new(
        ExprKind::GeneratorExp {
            elt: Box::new(load("x")),
            generators: comp("x", load("y")),
        },
        at(2, 0),
    );
    let m = module(vec![expr_stmt(listcomp), expr_stmt(genexp)]);
    let st = build(&m).unwrap();
    let top = st.top();
    // The inlined comprehension's children are spliced into the module's:
    // only the generator expression is left.
    let names: Vec<&str> = top
        .ste_children
        .iter()
        .map(|&c| &*st.entry(c).ste_name)
        .collect();
    assert_eq!(names, ["genexpr"]);
    let (listcomp_id, listcomp) = st
        .entries
        .iter()
        .enumerate()
        .find(|(_, e)| &*e.ste_name == "listcomp")
        .unwrap();
    assert!(listcomp.ste_comp_inlined);
    assert_eq!(
        listcomp.ste_comprehension,
        ComprehensionType::ListComprehension
    );
    assert_eq!(listcomp.ste_varnames, [".0".into()]);
    let genexpr = child(&st, top, "genexpr");
    assert!(genexpr.ste_generator && !genexpr.ste_comp_inlined);
    // The comprehension's iteration variable now lives in the module.
    assert_eq!(top.get_symbol("x") & DEF_COMP_ITER, DEF_COMP_ITER);
    // Blocks are found by the address of their node.
    let StmtKind::Expr { value } = &match &m {
        Mod::Module(m) => &m.body[0],
        _ => unreachable!(),
    }
    .kind
    else {
        unreachable!()
    };
    assert_eq!(
        st.lookup(BlockKey::of(&**value)),
        Some(EntryId(listcomp_id))
    );
}

#[test]
fn class_cells_and_class_visible_scopes() {
    let super_call = Expr::new(
        ExprKind::Call {
            func: Box::new(load("super")),
            args: vec![],
            keywords: vec![],
        },
        at(3, 8),
    );
    let annotated = Stmt::new(
        StmtKind::If {
            test: Box::new(load("cond")),
            body: vec![Stmt::new(
                StmtKind::AnnAssign {
                    target: Box::new(name("a", ExprContext::Store)),
                    annotation: Box::new(load("int")),
                    value: None,
                    simple: true,
                },
                at(4, 4),
            )],
            orelse: vec![],
        },
        at(4, 0),
    );
    let m = module(vec![class(
        "C",
        vec![func("m", vec![expr_stmt(super_call)], false), annotated],
    )]);
    let st = build(&m).unwrap();
    let c = child(&st, st.top(), "C");
    assert!(c.ste_needs_class_closure);
    assert!(c.ste_has_conditional_annotations);
    // The `__annotate__` block reads the class namespace through it.
    assert!(c.ste_needs_classdict);
    let method = child(&st, c, "m");
    assert!(method.ste_method && !method.ste_nested);
    assert_eq!(method.get_scope("__class__"), Some(Scope::Free));
    // The annotated assignment's `__annotate__` block sees the class.
    let annotate = st.entry(c.ste_annotation_block.expect("annotation block"));
    assert_eq!(annotate.ste_type, BlockType::Annotation);
    assert!(annotate.ste_can_see_class_scope);
    assert_eq!(annotate.ste_id, c.ste_id.plus_one());
}

#[test]
fn future_features_and_their_errors() {
    let import = |names: &[&str], line: i32| {
        Stmt::new(
            StmtKind::ImportFrom {
                module: Some("__future__".into()),
                names: names
                    .iter()
                    .map(|n| ast::Alias {
                        name: (*n).into(),
                        asname: None,
                        loc: at(line, 23),
                    })
                    .collect(),
                level: 0,
            },
            at(line, 0),
        )
    };
    let doc = expr_stmt(Expr::new(
        ExprKind::Constant {
            value: Box::new(ast::Constant::Str("doc".into())),
            kind: None,
        },
        at(1, 0),
    ));
    let ok = future_from_ast(&module(vec![doc, import(&["annotations", "division"], 2)])).unwrap();
    assert_eq!(ok.ff_features, CO_FUTURE_ANNOTATIONS);
    assert_eq!(ok.ff_location.lineno, 2);
    let braces = future_from_ast(&module(vec![import(&["braces"], 1)])).unwrap_err();
    assert_eq!(
        (braces.msg.as_str(), braces.lineno, braces.offset),
        ("not a chance", 1, 24)
    );
    let long = "x".repeat(150);
    let unknown = future_from_ast(&module(vec![import(&[&long], 1)])).unwrap_err();
    assert_eq!(
        unknown.msg,
        format!("future feature {} is not defined", "x".repeat(100))
    );
    // A future import after other code is the symbol table's error.
    let late = module(vec![expr_stmt(load("x")), import(&["annotations"], 2)]);
    let Err(SymtableError::Syntax(e)) = build(&late) else {
        panic!("expected a SyntaxError")
    };
    assert_eq!(
        e.msg,
        "from __future__ imports must occur at the beginning of the file"
    );
    assert_eq!((e.lineno, e.offset), (2, 1));
}

#[test]
fn top_level_await_flag_allows_await_in_the_module() {
    let m = module(vec![expr_stmt(Expr::new(
        ExprKind::Await {
            value: Box::new(load("x")),
        },
        at(1, 0),
    ))]);
    let Err(SymtableError::Syntax(e)) = build(&m) else {
        panic!("expected a SyntaxError")
    };
    assert_eq!(e.msg, "'await' outside function");
    let mut future = future_from_ast(&m).unwrap();
    future.ff_features |= PY_CF_ALLOW_TOP_LEVEL_AWAIT;
    let st = SymbolTable::build(&m, "<test>", future).unwrap();
    assert!(st.top().ste_coroutine);
}

#[test]
fn unsupported_input_and_deep_nesting_are_errors() {
    let ft = Mod::FunctionType {
        argtypes: vec![],
        returns: Box::new(load("int")),
    };
    assert_eq!(
        build(&ft).unwrap_err(),
        SymtableError::Runtime("this compiler does not handle FunctionTypes")
    );
    // Deep enough to exceed the limit; run on a stack that can hold it.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut e = load("x");
            for _ in 0..MAX_RECURSION_DEPTH + 10 {
                e = Expr::new(
                    ExprKind::UnaryOp {
                        op: UnaryOp::Not,
                        operand: Box::new(e),
                    },
                    at(1, 0),
                );
            }
            let shallow = module(vec![expr_stmt(Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(load("x")),
                },
                at(1, 0),
            ))]);
            let deep = module(vec![expr_stmt(e)]);
            let result = (build(&shallow).is_ok(), build(&deep).unwrap_err());
            // Dropping a deeply nested AST recurses too: keep it on this stack.
            drop(deep);
            result
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), (true, SymtableError::Recursion));
}
