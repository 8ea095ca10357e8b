//! marshal: loading CPython 3.14 `.pyc` files (against a reference run by
//! env RUPY_REF_PYTHON, skipped with a notice when unset), dump -> load
//! round trips of real code objects, and malformed input.

use rupy::ast::{Constant, PyStr};
use rupy::compile::code::{Code, ConstValue};
use rupy::marshal::{self, MarshalError};
use std::fmt::Write;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn pystr_hex(s: &PyStr) -> String {
    hex(s.as_bytes())
}

fn text(s: &PyStr) -> String {
    s.as_str().map(String::from).unwrap_or_else(|| format!("{s:?}"))
}

fn canon_scalar(s: &Constant) -> String {
    match s {
        Constant::None => "None".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Int(i) => format!("i{i}"),
        Constant::Float(f) => format!("f{}", hex(&f.to_le_bytes())),
        Constant::Complex { real, imag } => format!("c{}{}", hex(&real.to_le_bytes()), hex(&imag.to_le_bytes())),
        Constant::Str(s) => format!("s{}", pystr_hex(s)),
        Constant::Bytes(b) => format!("b{}", hex(b)),
        // The same text as the code object's tuple and frozenset constants.
        Constant::Tuple(t) => format!("({})", t.iter().map(canon_scalar).collect::<Vec<_>>().join(",")),
        Constant::FrozenSet(t) => {
            let mut v: Vec<String> = t.iter().map(canon_scalar).collect();
            v.sort();
            format!("{{{}}}", v.join(","))
        }
    }
}

fn canon(c: &ConstValue) -> String {
    match c {
        ConstValue::Scalar(s) => canon_scalar(s),
        ConstValue::Tuple(t) => format!("({})", t.iter().map(canon).collect::<Vec<_>>().join(",")),
        ConstValue::FrozenSet(t) => {
            let mut v: Vec<String> = t.iter().map(canon).collect();
            v.sort();
            format!("{{{}}}", v.join(","))
        }
        ConstValue::Slice(s) => format!("[{}]", s.iter().map(canon).collect::<Vec<_>>().join(",")),
        ConstValue::Code(co) => format!("code:{}", text(&co.qualname)),
    }
}

fn dump(co: &Code, out: &mut String) {
    let names = |v: Vec<&PyStr>| v.iter().map(|s| text(s)).collect::<Vec<_>>().join(",");
    let _ = writeln!(out, "code {}", text(&co.qualname));
    let _ = writeln!(
        out,
        "  {} {} {} {} {} {} {} {}",
        text(&co.name), co.argcount, co.posonlyargcount, co.kwonlyargcount, co.stacksize, co.flags, co.firstlineno,
        text(&co.filename)
    );
    let _ = writeln!(out, "  code {}", hex(&co.code));
    let _ = writeln!(out, "  lines {}", hex(&co.linetable));
    let _ = writeln!(out, "  exc {}", hex(&co.exceptiontable));
    let _ = writeln!(out, "  names {}", names(co.names.iter().collect()));
    let _ = writeln!(out, "  vars {} | {} | {}", names(co.varnames()), names(co.cellvars()), names(co.freevars()));
    let _ = writeln!(out, "  consts {}", co.consts.iter().map(canon).collect::<Vec<_>>().join(" "));
    for c in &co.consts {
        if let ConstValue::Code(sub) = c {
            dump(sub, out);
        }
    }
}

#[test]
fn pyc_files_of_the_reference_load_identically_and_round_trip() {
    let Ok(py) = std::env::var("RUPY_REF_PYTHON") else {
        println!("RUPY_REF_PYTHON is not set: skipping the .pyc comparison");
        return;
    };
    let dir = std::env::temp_dir().join(format!("rupy-pyc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/backend/dump_pyc.py");
    let mods = [
        "bisect", "colorsys", "heapq", "functools", "string", "textwrap", "contextlib", "dataclasses", "enum", "ast",
        "argparse", "typing", "inspect", "fractions", "decimal", "pathlib._local", "json.decoder", "re._parser",
    ];
    let out = std::process::Command::new(py).arg(script).arg(&dir).args(mods).output().expect("reference");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let expected = String::from_utf8(out.stdout).expect("utf-8");
    let mut files = 0;
    for chunk in expected.split("pyc ").filter(|c| !c.is_empty()) {
        let (path, want) = chunk.split_once('\n').expect("path line");
        let data = std::fs::read(path).expect("pyc");
        let co = marshal::load_pyc(&data).expect("load");
        let mut got = String::new();
        dump(&co, &mut got);
        assert_eq!(got, want, "{path}");
        let again = marshal::loads(&marshal::dumps(&ConstValue::Code(Box::new(co.clone())))).expect("reload");
        assert_eq!(again, ConstValue::Code(Box::new(co)), "round trip of {path}");
        files += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{files} .pyc files load identically and round-trip");
    assert_eq!(files, mods.len());
}

#[test]
fn constants_round_trip() {
    let big = ConstValue::Scalar(Constant::Int("-123456789012345678901234567890".parse().expect("int")));
    let mut s = PyStr::from("caf\u{e9} ");
    s.push_code_point(0xD800);
    let values = vec![
        ConstValue::NONE,
        ConstValue::Scalar(Constant::Bool(true)),
        ConstValue::Scalar(Constant::Ellipsis),
        ConstValue::int(-7),
        big,
        ConstValue::Scalar(Constant::Float(-0.0)),
        ConstValue::Scalar(Constant::Complex { real: 1.5, imag: -2.0 }),
        ConstValue::Scalar(Constant::Str(s)),
        ConstValue::str(&"x".repeat(300)),
        ConstValue::Scalar(Constant::Bytes(vec![0, 255])),
        ConstValue::Tuple((0..300).map(ConstValue::int).collect()),
        ConstValue::FrozenSet(vec![ConstValue::int(1), ConstValue::str("a")]),
        ConstValue::Slice(Box::new([ConstValue::int(1), ConstValue::NONE, ConstValue::int(-1)])),
    ];
    for v in values {
        assert_eq!(marshal::loads(&marshal::dumps(&v)).as_ref(), Ok(&v), "{v:?}");
    }
}

#[test]
fn malformed_input_gives_python_errors() {
    let eof = |m: &str| Err(MarshalError::EofError(m.into()));
    let bad = |m: &str| Err(MarshalError::ValueError(format!("bad marshal data ({m})")));
    assert_eq!(marshal::loads(b""), eof("EOF read where object expected"));
    assert_eq!(marshal::loads(b"i\x01\x00"), eof("marshal data too short"));
    assert_eq!(marshal::loads(b"\x01"), bad("unknown type code"));
    assert_eq!(marshal::loads(b"r\x00\x00\x00\x00"), bad("invalid reference"));
    assert_eq!(marshal::loads(b"s\xff\xff\xff\xff"), bad("bytes object size out of range"));
    assert_eq!(marshal::loads(b"(\xff\xff\xff\x7f"), eof("marshal data too short"));
    assert_eq!(marshal::loads(b"l\x01\x00\x00\x00\x00\x00"), bad("unnormalized long data"));
    assert_eq!(marshal::loads(b"l\x01\x00\x00\x00\x00\x80"), bad("digit out of range in long"));
    assert_eq!(marshal::loads(b"0"), Err(MarshalError::TypeError("NULL object in marshal data for object".into())));
    // A self-reference of a tuple under construction.
    assert_eq!(marshal::loads(b"\xa9\x01r\x00\x00\x00\x00"), bad("invalid reference"));
    // Nesting deeper than MAX_MARSHAL_STACK_DEPTH.
    // (2000 nested loads need more than a test thread's default stack in
    // debug builds; a main thread's 8 MiB is plenty.)
    let deep: Vec<u8> = std::iter::repeat_n([b')', 1u8], 3000).flatten().chain([b'N']).collect();
    let r = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || marshal::loads(&deep))
        .expect("thread")
        .join()
        .expect("no panic");
    assert_eq!(r, Err(MarshalError::ValueError("recursion limit exceeded".into())));
    // Refs that would copy an object exponentially many times.
    let mut bomb = vec![0xa9u8, 2, b'N', b'N'];
    for i in 0..40u32 {
        bomb.extend([0xa9, 2, b'r']);
        bomb.extend(i.to_le_bytes());
        bomb.push(b'r');
        bomb.extend(i.to_le_bytes());
    }
    let mut data = vec![0xa9, 41];
    data.extend(&bomb[..]);
    assert!(matches!(marshal::loads(&data), Err(MarshalError::ValueError(_))));
    // Every truncation of a real code object fails cleanly.
    let co = match marshal::loads(&marshal::dumps(&ConstValue::Tuple(vec![ConstValue::int(5)]))) {
        Ok(v) => v,
        Err(e) => panic!("{e:?}"),
    };
    let full = marshal::dumps(&co);
    for n in 0..full.len() {
        assert!(marshal::loads(&full[..n]).is_err());
    }
}
