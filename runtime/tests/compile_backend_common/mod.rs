//! Reads the back-end corpus (written by data/backend/gen_backend_corpus.py
//! from a reference CPython 3.14) and checks rupy's flowgraph and assembler
//! against each unit.

use rupy::ast::PyStr;
use rupy::compile::assemble::{assemble_for_test, optimize_and_assemble};
use rupy::compile::code::{Code, CodeUnitMetadata, ConstValue};
use rupy::compile::flowgraph::CfgBuilder;
use rupy::compile::instr_seq::{has_arg, ExceptHandlerInfo, InstrSequence, Instruction, Location};
use rupy::compile::opcode::{HAS_CONST_FLAG, METADATA};
use rupy::marshal;
use std::collections::HashMap;

/// One recorded unit.
pub struct Case {
    pub name: String,
    pub kind: String,
    fields: HashMap<String, String>,
    blocks: HashMap<String, Vec<(u16, Option<i32>, Location)>>,
}

/// Parses the corpus text.
pub fn parse(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("unit ") else { continue };
        let mut c = Case { name: name.into(), kind: String::new(), fields: HashMap::new(), blocks: HashMap::new() };
        while let Some(line) = lines.next() {
            if line == "end" {
                break;
            }
            let (k, v) = line.split_once(' ').expect("key value");
            if k == "kind" {
                c.kind = v.into();
            } else if k == "in" || k == "out" {
                let n: usize = v.parse().expect("count");
                let mut block = Vec::with_capacity(n);
                for _ in 0..n {
                    let l = lines.next().expect("instruction line");
                    let p: Vec<&str> = l.split(' ').collect();
                    let num = |s: &str| s.parse::<i32>().expect("int");
                    block.push((
                        num(p[0]) as u16,
                        (p[1] != "-").then(|| num(p[1])),
                        Location { lineno: num(p[2]), end_lineno: num(p[3]), col_offset: num(p[4]), end_col_offset: num(p[5]) },
                    ));
                }
                c.blocks.insert(k.into(), block);
            } else {
                c.fields.insert(k.into(), v.into());
            }
        }
        cases.push(c);
    }
    cases
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn load_tuple(c: &Case, key: &str) -> Vec<ConstValue> {
    match marshal::loads(&unhex(&c.fields[key])).expect("marshal") {
        ConstValue::Tuple(t) => t,
        v => panic!("{}: {key} is not a tuple: {v:?}", c.name),
    }
}

fn load_code(c: &Case) -> Code {
    match marshal::loads(&unhex(&c.fields["expect"])).expect("marshal") {
        ConstValue::Code(co) => *co,
        v => panic!("{}: not a code object: {v:?}", c.name),
    }
}

fn seq_of(c: &Case) -> InstrSequence {
    let instrs = c.blocks["in"]
        .iter()
        .map(|&(op, arg, loc)| Instruction {
            opcode: op,
            oparg: arg.unwrap_or(0),
            loc,
            target: 0,
            offset: 0,
            except_handler_info: ExceptHandlerInfo::default(),
        })
        .collect();
    InstrSequence::from_resolved(instrs)
}

fn names(prefix: &str, n: usize) -> Vec<PyStr> {
    (0..n).map(|i| PyStr::from(format!("{prefix}{i}"))).collect()
}

fn str_tuple(v: Vec<ConstValue>) -> Vec<PyStr> {
    v.into_iter()
        .map(|c| match c {
            ConstValue::Scalar(rupy::ast::Constant::Str(s)) => s,
            o => panic!("name is not a str: {o:?}"),
        })
        .collect()
}

/// The first field where two code objects differ.
pub fn diff_code(mine: &Code, theirs: &Code) -> Option<String> {
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if mine.$f != theirs.$f {
                return Some(format!("{}: mine {:?} / reference {:?}", stringify!($f), mine.$f, theirs.$f));
            }
        )*};
    }
    cmp!(code, stacksize, linetable, exceptiontable, names, localsplusnames, localspluskinds, flags, argcount,
        posonlyargcount, kwonlyargcount, firstlineno, name, qualname, filename);
    if mine.consts.len() != theirs.consts.len() {
        return Some(format!("consts: mine {:?} / reference {:?}", mine.consts, theirs.consts));
    }
    for (a, b) in mine.consts.iter().zip(&theirs.consts) {
        if let (ConstValue::Code(x), ConstValue::Code(y)) = (a, b) {
            if let Some(d) = diff_code(x, y) {
                return Some(format!("in {}: {d}", y.name.as_str().unwrap_or("?")));
            }
        } else if a != b {
            return Some(format!("consts: mine {a:?} / reference {b:?}"));
        }
    }
    None
}

fn is_const_op(op: u16) -> bool {
    METADATA.get(op as usize).is_some_and(|m| m.flags & HAS_CONST_FLAG != 0)
}

/// Runs one unit; `Err` describes the first difference.
pub fn run(c: &Case) -> Result<(), String> {
    match c.kind.as_str() {
        "flowgraph" => {
            let mut seq = seq_of(c);
            let mut consts = load_tuple(c, "consts");
            let nlocals: usize = c.fields["nlocals"].parse().expect("nlocals");
            let out = CfgBuilder::optimize_for_test(&mut seq, &mut consts, nlocals).map_err(|e| format!("{e:?}"))?;
            let expected = &c.blocks["out"];
            let outconsts = load_tuple(c, "outconsts");
            for (i, (mine, &(op, arg, loc))) in out.instrs.iter().zip(expected).enumerate() {
                let same_arg = match arg {
                    None => !has_arg(mine.opcode) || mine.oparg == 0,
                    Some(a) if is_const_op(op) => consts
                        .get(mine.oparg as usize)
                        .zip(outconsts.get(a as usize))
                        .is_some_and(|(x, y)| x == y),
                    Some(a) => mine.oparg == a,
                };
                if mine.opcode != op || !same_arg || mine.loc != loc {
                    return Err(format!(
                        "instr {i}: mine ({} {} {:?}) / reference ({op} {arg:?} {loc:?})",
                        mine.opcode, mine.oparg, mine.loc
                    ));
                }
            }
            if out.instrs.len() != expected.len() {
                return Err(format!("length: mine {} / reference {}", out.instrs.len(), expected.len()));
            }
            Ok(())
        }
        "e2e" => {
            let mut seq = seq_of(c);
            let consts = load_tuple(c, "consts");
            let theirs = load_code(c);
            let umd = CodeUnitMetadata {
                name: PyStr::from("<module>"),
                names: str_tuple(load_tuple(c, "names")),
                firstlineno: 1,
                ..Default::default()
            };
            let flags: i32 = c.fields["flags"].parse().expect("flags");
            let mine = optimize_and_assemble(&mut seq, &umd, consts, 0, flags, &theirs.filename)
                .map_err(|e| format!("{e:?}"))?;
            diff_code(&mine, &theirs).map_or(Ok(()), Err)
        }
        "assemble" => {
            let mut seq = seq_of(c);
            let consts = load_tuple(c, "consts");
            let theirs = load_code(c);
            let n = |k: &str| c.fields[k].parse::<usize>().expect("count");
            let umd = CodeUnitMetadata {
                name: PyStr::from("f"),
                qualname: Some(PyStr::from("f")),
                names: names("n", n("nnames")),
                varnames: names("v", n("nlocals")),
                cellvars: names("c", n("ncells")),
                firstlineno: 1,
                ..Default::default()
            };
            let mine = assemble_for_test(&mut seq, &umd, consts, &PyStr::from("f.py")).map_err(|e| format!("{e:?}"))?;
            diff_code(&mine, &theirs).map_or(Ok(()), Err)
        }
        k => Err(format!("unknown kind {k}")),
    }
}

/// Runs every case; returns (kind -> (passed, total)) and the failures.
pub fn run_all(cases: &[Case]) -> (Vec<(String, usize, usize)>, Vec<String>) {
    let mut stats: Vec<(String, usize, usize)> = Vec::new();
    let mut failures = Vec::new();
    for c in cases {
        let r = std::panic::catch_unwind(|| run(c)).unwrap_or_else(|_| Err("panic".into()));
        let entry = match stats.iter_mut().position(|s| s.0 == c.kind) {
            Some(i) => &mut stats[i],
            None => {
                stats.push((c.kind.clone(), 0, 0));
                stats.last_mut().expect("pushed")
            }
        };
        entry.2 += 1;
        match r {
            Ok(()) => entry.1 += 1,
            Err(e) => failures.push(format!("{} [{}]: {e}", c.name, c.kind)),
        }
    }
    (stats, failures)
}
