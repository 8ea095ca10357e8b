//! Shared by the parser tests: reading the corpus format written by
//! runtime/tests/data/parser/gen_corpus.py and comparing rupy's result with
//! CPython's. Each test crate uses part of it.
#![allow(dead_code)]

use rupy::ast::dump::dump_module;
use rupy::parser::parser::{parse_module, Error};

/// CPython's outcome for one source.
pub enum Expected {
    Ok(String),
    Err { kind: String, lineno: i64, offset: i64, end_lineno: i64, end_offset: i64, msg: String },
}

pub struct Case {
    pub name: String,
    pub src: String,
    pub expected: Expected,
}

/// Decode a JSON string literal (as written by Python's `json.dumps`).
pub fn json_string(s: &str) -> String {
    let s = s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).expect("a JSON string");
    let mut out = String::new();
    let mut it = s.chars();
    let mut pending_high: Option<u32> = None;
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next().expect("escape");
        let ch = match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            '/' => '/',
            '\\' => '\\',
            '"' => '"',
            'u' => {
                let hex: String = it.by_ref().take(4).collect();
                let v = u32::from_str_radix(&hex, 16).expect("hex");
                if (0xD800..0xDC00).contains(&v) {
                    pending_high = Some(v);
                    continue;
                }
                if let (Some(h), true) = (pending_high.take(), (0xDC00..0xE000).contains(&v)) {
                    char::from_u32(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00)).expect("pair")
                } else {
                    char::from_u32(v).unwrap_or('\u{fffd}')
                }
            }
            other => panic!("bad escape {other}"),
        };
        out.push(ch);
    }
    out
}

/// Parse the lines of a corpus file.
pub fn parse_corpus(text: &str) -> Vec<Case> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.splitn(9, '\t').collect();
            let src = json_string(f[2]);
            let expected = match f[0] {
                "ok" => Expected::Ok(f[3].to_owned()),
                _ => Expected::Err {
                    kind: f[3].to_owned(),
                    lineno: f[4].parse().unwrap_or(0),
                    offset: f[5].parse().unwrap_or(0),
                    end_lineno: f[6].parse().unwrap_or(0),
                    end_offset: f[7].parse().unwrap_or(0),
                    msg: f[8].to_owned(),
                },
            };
            Case { name: f[1].to_owned(), src, expected }
        })
        .collect()
}

/// `None` when rupy agrees with CPython, else a description of the
/// difference.
pub fn compare(src: &str, expected: &Expected) -> Option<String> {
    let got = parse_module(src, "<test>");
    match (got, expected) {
        (Ok(m), Expected::Ok(want)) => {
            let d = dump_module(&m);
            (d != *want).then(|| format!("dump differs:\n  got  {}\n  want {}", clip(&d), clip(want)))
        }
        (Ok(m), Expected::Err { kind, msg, .. }) => {
            Some(format!("parsed ({}) but CPython raises {kind}: {msg}", clip(&dump_module(&m))))
        }
        (Err(e), Expected::Ok(_)) => Some(format!("CPython parses it but rupy raises {}", describe(&e))),
        (Err(e), Expected::Err { kind, lineno, offset, end_lineno, end_offset, msg }) => {
            let want = format!("{kind}: {msg} ({lineno}, {offset}, {end_lineno}, {end_offset})");
            let got = describe(&e);
            (got != want).then(|| format!("error differs:\n  got  {got}\n  want {want}"))
        }
    }
}

/// An error as `Type: msg (lineno, offset, end_lineno, end_offset)`.
pub fn describe(e: &Error) -> String {
    match e {
        Error::Syntax(s) => format!(
            "{}: {} ({}, {}, {}, {})",
            s.kind.name(),
            s.msg,
            s.lineno,
            s.offset,
            s.end_lineno,
            s.end_offset
        ),
        Error::StackOverflow => format!("MemoryError: {} (0, 0, 0, 0)", e.msg()),
        Error::Value(m) => format!("ValueError: {m} (0, 0, 0, 0)"),
    }
}

fn clip(s: &str) -> String {
    if s.len() > 400 { format!("{}...", &s[..s.floor_char_boundary(400)]) } else { s.to_owned() }
}
