//! Hand-built trees for the AST passes where the reference interpreter
//! cannot show the result through annotations or `compile()` (yield, await
//! and walrus are rejected in annotations; t-strings cannot be concatenated
//! with f-strings in source), plus the recursion limits and the warning
//! sink's error path. Expected strings follow ast_unparse.c's rules.

use rupy::ast::preprocess::{
    PreprocessError, PreprocessOptions, SyntaxWarning, WarningSink, preprocess,
};
use rupy::ast::unparse::{unparse_expr, unparse_expr_pystr};
use rupy::ast::validate::{ValidationErrorKind, get_docstring, validate_module};
use rupy::ast::*;
use rupy::parser::error::{ErrorKind, SyntaxError};

const L: Location = Location {
    lineno: 1,
    col_offset: 0,
    end_lineno: 1,
    end_col_offset: 1,
};

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, L)
}

fn name(id: &str) -> Expr {
    e(ExprKind::Name {
        id: id.into(),
        ctx: ExprContext::Load,
    })
}

fn b(x: Expr) -> Box<Expr> {
    Box::new(x)
}

fn int(i: i64) -> Expr {
    e(ExprKind::Constant {
        value: Box::new(Constant::Int(i.into())),
        kind: None,
    })
}

fn s(text: &str) -> Expr {
    e(ExprKind::Constant {
        value: Box::new(Constant::Str(text.into())),
        kind: None,
    })
}

fn st(kind: StmtKind) -> Stmt {
    Stmt::new(kind, L)
}

#[test]
fn yield_await_and_walrus() {
    assert_eq!(unparse_expr(&e(ExprKind::Yield { value: None })), "(yield)");
    assert_eq!(
        unparse_expr(&e(ExprKind::Yield {
            value: Some(b(name("x")))
        })),
        "(yield x)"
    );
    assert_eq!(
        unparse_expr(&e(ExprKind::YieldFrom {
            value: b(name("x"))
        })),
        "(yield from x)"
    );
    let sum = e(ExprKind::BinOp {
        left: b(name("a")),
        op: Operator::Add,
        right: b(name("b")),
    });
    assert_eq!(
        unparse_expr(&e(ExprKind::Await { value: b(sum) })),
        "await (a + b)"
    );
    let aw = e(ExprKind::Await {
        value: b(name("x")),
    });
    let pow = e(ExprKind::BinOp {
        left: b(aw.clone()),
        op: Operator::Pow,
        right: b(int(2)),
    });
    assert_eq!(unparse_expr(&pow), "await x ** 2");
    let attr = e(ExprKind::Attribute {
        value: b(aw),
        attr: "y".into(),
        ctx: ExprContext::Load,
    });
    assert_eq!(unparse_expr(&attr), "(await x).y");
    let walrus = e(ExprKind::NamedExpr {
        target: b(name("a")),
        value: b(int(1)),
    });
    assert_eq!(unparse_expr(&walrus), "(a := 1)");
    let sub = e(ExprKind::Subscript {
        value: b(name("x")),
        slice: b(walrus),
        ctx: ExprContext::Load,
    });
    assert_eq!(unparse_expr(&sub), "x[a := 1]");
}

#[test]
fn template_strings_split_out_formatted_values() {
    let fv = e(ExprKind::FormattedValue {
        value: b(name("x")),
        conversion: -1,
        format_spec: None,
    });
    let interp = e(ExprKind::Interpolation {
        value: b(name("y")),
        str: Box::new(Constant::Str("y".into())),
        conversion: 'r' as i32,
        format_spec: None,
    });
    let t = e(ExprKind::TemplateStr {
        values: vec![s("a{"), fv.clone(), interp.clone()],
    });
    assert_eq!(unparse_expr(&t), "t'a{{' f'{x}' t'{y!r}'");
    let t = e(ExprKind::TemplateStr {
        values: vec![fv.clone()],
    });
    assert_eq!(unparse_expr(&t), "f'{x}'");
    let t = e(ExprKind::TemplateStr {
        values: vec![fv, interp],
    });
    assert_eq!(unparse_expr(&t), "f'{x}' t'{y!r}'");
    assert_eq!(
        unparse_expr(&e(ExprKind::TemplateStr { values: vec![] })),
        "t''"
    );
}

#[test]
fn bare_replacement_fields_and_surrogates() {
    let mut spec_text = PyStr::from("<");
    spec_text.push_code_point(0xD800);
    let spec = e(ExprKind::JoinedStr {
        values: vec![e(ExprKind::Constant {
            value: Box::new(Constant::Str(spec_text)),
            kind: None,
        })],
    });
    let fv = e(ExprKind::FormattedValue {
        value: b(name("x")),
        conversion: 'a' as i32,
        format_spec: Some(b(spec)),
    });
    // A bare FormattedValue writes its format spec raw.
    let exact = unparse_expr_pystr(&fv);
    assert_eq!(
        exact.code_points().collect::<Vec<_>>(),
        "{x!a:<\u{FFFD}}"
            .chars()
            .map(|c| if c == '\u{FFFD}' { 0xD800 } else { c as u32 })
            .collect::<Vec<_>>()
    );
    assert_eq!(unparse_expr(&fv), "{x!a:<\u{FFFD}}");
    // Inside an f-string the body is repr()-ed, so the surrogate is escaped.
    let js = e(ExprKind::JoinedStr { values: vec![fv] });
    assert_eq!(unparse_expr(&js), "f'{x!a:<\\ud800}'");
    // A replacement field whose expression starts with a brace gets a space.
    let set = e(ExprKind::Set { elts: vec![int(1)] });
    let fv = e(ExprKind::FormattedValue {
        value: b(set),
        conversion: -1,
        format_spec: None,
    });
    assert_eq!(
        unparse_expr(&e(ExprKind::JoinedStr { values: vec![fv] })),
        "f'{ {1}}'"
    );
}

#[test]
fn lambda_and_arguments() {
    let arg = |n: &str| Arg {
        arg: n.into(),
        annotation: None,
        type_comment: None,
        loc: L,
    };
    let args = Arguments {
        posonlyargs: vec![arg("a")],
        args: vec![arg("b")],
        vararg: None,
        kwonlyargs: vec![arg("c"), arg("d")],
        kw_defaults: vec![None, Some(int(4))],
        kwarg: Some(Box::new(arg("kw"))),
        defaults: vec![int(1), int(2)],
    };
    let lam = e(ExprKind::Lambda {
        args: Box::new(args),
        body: b(name("a")),
    });
    assert_eq!(unparse_expr(&lam), "lambda a=1, /, b=2, *, c, d=4, **kw: a");
    let call = e(ExprKind::Call {
        func: b(lam),
        args: vec![],
        keywords: vec![],
    });
    assert_eq!(
        unparse_expr(&call),
        "(lambda a=1, /, b=2, *, c, d=4, **kw: a)()"
    );
}

fn module(body: Vec<Stmt>) -> Mod {
    Mod::Module(Module {
        body,
        type_ignores: vec![],
    })
}

/// Runs `f` on a thread with a large stack: the passes recurse once per
/// nesting level and debug-build frames are big (see docs/frontend-ast.md).
fn on_big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn deep_not(depth: usize) -> Expr {
    let mut x = name("x");
    for _ in 0..depth {
        x = e(ExprKind::UnaryOp {
            op: UnaryOp::Not,
            operand: b(x),
        });
    }
    x
}

#[test]
fn validation_depth_limit() {
    on_big_stack(validation_depth_limit_body);
}

fn validation_depth_limit_body() {
    let shallow = module(vec![st(StmtKind::Expr {
        value: b(deep_not(100)),
    })]);
    assert_eq!(validate_module(&shallow), Ok(()));
    let deep = module(vec![st(StmtKind::Expr {
        value: b(deep_not(3100)),
    })]);
    let err = validate_module(&deep).unwrap_err();
    assert_eq!(err.kind, ValidationErrorKind::RecursionError);
    assert_eq!(
        err.msg,
        "maximum recursion depth exceeded during compilation"
    );
}

#[test]
fn validation_of_other_modes() {
    let store = e(ExprKind::Name {
        id: "x".into(),
        ctx: ExprContext::Store,
    });
    let err = validate_module(&Mod::Expression {
        body: b(store.clone()),
    })
    .unwrap_err();
    assert_eq!(
        err.msg,
        "expression must have Load context but has Store instead"
    );
    let ft = Mod::FunctionType {
        argtypes: vec![name("int"), store],
        returns: b(name("int")),
    };
    assert_eq!(
        validate_module(&ft).unwrap_err().kind,
        ValidationErrorKind::ValueError
    );
    let inter = Mod::Interactive {
        body: vec![st(StmtKind::Global { names: vec![] })],
    };
    assert_eq!(
        validate_module(&inter).unwrap_err().msg,
        "empty names on Global"
    );
}

#[test]
fn docstring_detection() {
    let body = vec![
        st(StmtKind::Expr { value: b(s("doc")) }),
        st(StmtKind::Pass),
    ];
    assert_eq!(get_docstring(&body), Some(&PyStr::from("doc")));
    let body = vec![st(StmtKind::Expr { value: b(int(1)) })];
    assert_eq!(get_docstring(&body), None);
    assert_eq!(get_docstring(&[]), None);
}

fn finally_return() -> Mod {
    let ret = Stmt::new(
        StmtKind::Return { value: None },
        Location {
            lineno: 3,
            col_offset: 4,
            end_lineno: 3,
            end_col_offset: 10,
        },
    );
    let try_ = st(StmtKind::Try(Box::new(Try {
        body: vec![st(StmtKind::Pass)],
        handlers: vec![],
        orelse: vec![],
        finalbody: vec![ret],
    })));
    let f = FunctionDef {
        name: "f".into(),
        args: Box::default(),
        body: vec![
            st(StmtKind::Expr {
                value: b(name("__debug__")),
            }),
            try_,
        ],
        decorator_list: vec![],
        returns: None,
        type_comment: None,
        type_params: vec![],
    };
    module(vec![st(StmtKind::FunctionDef(Box::new(f)))])
}

/// A sink with `-W error`: every warning becomes a SyntaxError.
struct Strict;

impl WarningSink for Strict {
    fn syntax_warning(&mut self, w: SyntaxWarning) -> Result<(), SyntaxError> {
        Err(SyntaxError {
            kind: ErrorKind::SyntaxError,
            msg: w.msg,
            lineno: w.lineno.into(),
            offset: w.offset.into(),
            end_lineno: w.end_lineno.into(),
            end_offset: w.end_offset.into(),
            text: None,
        })
    }
}

#[test]
fn warnings_as_errors_stop_the_pass() {
    let mut tree = finally_return();
    let opts = PreprocessOptions {
        enable_warnings: true,
        ..Default::default()
    };
    let Err(PreprocessError::Syntax(err)) = preprocess(&mut tree, &opts, &mut Strict) else {
        panic!("expected a SyntaxError");
    };
    assert_eq!(err.msg, "'return' in a 'finally' block");
    assert_eq!(
        (err.lineno, err.offset, err.end_lineno, err.end_offset),
        (3, 5, 3, 11)
    );
}

#[test]
fn syntax_check_only_keeps_names_but_warns() {
    let mut tree = finally_return();
    let opts = PreprocessOptions {
        optimize: 1,
        syntax_check_only: true,
        enable_warnings: true,
        ..Default::default()
    };
    let mut sink: Vec<SyntaxWarning> = Vec::new();
    preprocess(&mut tree, &opts, &mut sink).unwrap();
    assert_eq!(sink.len(), 1);
    let Mod::Module(m) = &tree else {
        unreachable!()
    };
    let StmtKind::FunctionDef(f) = &m.body[0].kind else {
        unreachable!()
    };
    let StmtKind::Expr { value } = &f.body[0].kind else {
        unreachable!()
    };
    assert!(matches!(&value.kind, ExprKind::Name { id, .. } if &**id == "__debug__"));

    // Without the flag the name is folded, and with warnings disabled none
    // are reported.
    let mut tree = finally_return();
    let mut sink: Vec<SyntaxWarning> = Vec::new();
    let opts = PreprocessOptions {
        optimize: 1,
        ..Default::default()
    };
    preprocess(&mut tree, &opts, &mut sink).unwrap();
    assert!(sink.is_empty());
    let Mod::Module(m) = &tree else {
        unreachable!()
    };
    let StmtKind::FunctionDef(f) = &m.body[0].kind else {
        unreachable!()
    };
    let StmtKind::Expr { value } = &f.body[0].kind else {
        unreachable!()
    };
    assert!(
        matches!(&value.kind, ExprKind::Constant { value, .. } if **value == Constant::Bool(false))
    );
}

#[test]
fn preprocess_depth_limit() {
    on_big_stack(preprocess_depth_limit_body);
}

fn preprocess_depth_limit_body() {
    let mut tree = module(vec![st(StmtKind::Expr {
        value: b(deep_not(3100)),
    })]);
    let mut sink: Vec<SyntaxWarning> = Vec::new();
    let r = preprocess(&mut tree, &PreprocessOptions::default(), &mut sink);
    assert_eq!(
        r,
        Err(PreprocessError::Recursion(
            "maximum recursion depth exceeded during compilation".into()
        ))
    );
}
