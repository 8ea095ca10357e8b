//! The committed tokenizer corpus: runtime/tests/data/tokenize/expected.txt
//! holds, for a few hundred tricky inputs, the token stream and SyntaxError
//! CPython 3.14 produces (written by gen_corpus.py with the reference
//! interpreter). expected_bytes.txt holds sources given as bytes (BOM,
//! PEP 263 declarations, codecs, invalid UTF-8) with the tokens CPython
//! reads from them and the SyntaxErrors of `compile(bytes)` (`serr`) and
//! of running them as the script x.py (`ferr`). These tests need no
//! reference interpreter.

mod tokenizer_common;

use rupy::parser::error::SyntaxError;
use rupy::parser::tokenizer::{Config, Tokenizer};
use tokenizer_common::{ExpectedToken, as_cpython, compare, error_fields, parse_corpus, unescape};

#[test]
fn corpus_matches_cpython() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokenize/expected.txt");
    let text = std::fs::read_to_string(path).expect("corpus file");
    let cases = parse_corpus(&text);
    assert!(cases.len() > 400, "corpus too small: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = compare(case) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

struct BytesCase {
    name: String,
    data: Vec<u8>,
    tokens: Vec<ExpectedToken>,
    string_error: Option<Vec<String>>,
    file_error: Option<Vec<String>>,
}

fn parse(text: &str) -> Vec<BytesCase> {
    let mut cases = Vec::new();
    let mut cur: Option<BytesCase> = None;
    for line in text.lines() {
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        let case = cur.as_mut();
        match tag {
            "case" => {
                cur = Some(BytesCase {
                    name: rest.to_owned(),
                    data: Vec::new(),
                    tokens: Vec::new(),
                    string_error: None,
                    file_error: None,
                })
            }
            "hex" => {
                case.expect("case").data = (0..rest.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&rest[i..i + 2], 16).expect("hex"))
                    .collect()
            }
            "tok" => {
                let f: Vec<&str> = rest.splitn(6, ' ').collect();
                let n = |i: usize| f[i].parse::<i64>().expect("number");
                case.expect("case").tokens.push(ExpectedToken {
                    kind: f[0].parse().expect("type"),
                    start: (n(1), n(2)),
                    end: (n(3), n(4)),
                    text: unescape(f.get(5).copied().unwrap_or("")),
                });
            }
            "serr" => {
                case.expect("case").string_error = Some(rest.split('\t').map(unescape).collect())
            }
            "ferr" => {
                case.expect("case").file_error = Some(rest.split('\t').map(unescape).collect())
            }
            "end" => cases.push(cur.take().expect("case")),
            _ => panic!("bad corpus line {line:?}"),
        }
    }
    cases
}

/// Tokenize to the end: the tokens and the first error.
fn run(t: Result<Tokenizer, SyntaxError>) -> (Vec<ExpectedToken>, Option<Vec<String>>) {
    match t {
        Err(e) => (Vec::new(), Some(error_fields(&e))),
        Ok(t) => {
            let (toks, err, src) = t.tokenize_all();
            (toks.iter().map(|t| as_cpython(t, &src)).collect(), err.as_ref().map(error_fields))
        }
    }
}

fn check(case: &BytesCase) -> Result<(), String> {
    let (toks, serr) = run(Tokenizer::from_bytes(&case.data, Config::default()));
    match (&case.string_error, serr) {
        (None, None) if toks == case.tokens => {}
        (None, None) => return Err(format!("tokens {toks:?}, want {:?}", case.tokens)),
        (Some(want), Some(got)) if *want == got => {}
        (want, got) => return Err(format!("compile(bytes): got {got:?}, want {want:?}")),
    }
    let (_, ferr) = run(Tokenizer::from_file_bytes(&case.data, "x.py", Config::default()));
    match (&case.file_error, ferr) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) if *want == got => Ok(()),
        (want, got) => Err(format!("file: got {got:?}, want {want:?}")),
    }
}

#[test]
fn bytes_corpus_matches_cpython() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tokenize/expected_bytes.txt");
    let cases = parse(&std::fs::read_to_string(path).expect("corpus file"));
    assert!(cases.len() >= 40, "corpus too small: {}", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check(c).err().map(|why| format!("{}: {why}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn encoding_is_the_declared_one() {
    let enc = |b: &[u8]| {
        Tokenizer::from_bytes(b, Config::default()).unwrap().encoding().map(str::to_owned)
    };
    assert_eq!(enc(b"x = 1\n"), None);
    assert_eq!(enc(b"\xef\xbb\xbfx = 1\n").as_deref(), Some("utf-8"));
    assert_eq!(enc(b"#!x\n# -*- coding: latin_1 -*-\n").as_deref(), Some("iso-8859-1"));
    assert_eq!(enc(b"# coding: koi8-r\n").as_deref(), Some("koi8-r"));
}

#[test]
fn parser_entry_points_decode_bytes() {
    use rupy::parser::parser::{Mode, parse_bytes, parse_file_bytes};
    let latin1 = b"# coding: latin-1\nx = '\xe9'\n";
    assert!(parse_bytes(latin1, "<s>", Mode::Exec).is_ok());
    assert!(parse_file_bytes(latin1, "x.py", Mode::Exec).is_ok());
    let bad = b"x = (\n\xff";
    let msg = |r: Result<_, rupy::parser::parser::Error>| r.unwrap_err().msg().to_owned();
    assert!(msg(parse_bytes(bad, "<s>", Mode::Exec)).ends_with(
        "on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details"
    ));
    assert!(msg(parse_file_bytes(bad, "x.py", Mode::Exec)).contains("in file x.py on line 1,"));
}
