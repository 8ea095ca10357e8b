//! Shared helpers of the tokenizer tests: the corpus format written by
//! runtime/tests/data/tokenize/gen_corpus.py and the comparison of rupy's
//! tokens with CPython's (character columns, as `_tokenize` reports them).

use rupy::parser::error::SyntaxError;
use rupy::parser::lexer::Token;
use rupy::parser::tokenizer::Tokenizer;

/// One expected token: type number, text, start and end (line, char col).
#[derive(Debug, PartialEq, Eq)]
pub struct ExpectedToken {
    pub kind: u8,
    pub start: (i64, i64),
    pub end: (i64, i64),
    pub text: String,
}

/// What CPython reports after the tokens.
#[derive(Debug)]
pub enum ExpectedError {
    None,
    /// Tokenizing fails; compile()'s error comes from the parser.
    Any,
    /// compile()'s SyntaxError: kind, lineno, offset, end_lineno,
    /// end_offset, msg, text (all as strings, "None" for None).
    Exact(Vec<String>),
}

pub struct Case {
    pub name: String,
    pub src: String,
    pub tokens: Vec<ExpectedToken>,
    pub error: ExpectedError,
}

/// Undo gen_corpus.py's `esc`.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let h: String = it.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&h, 16).expect("hex escape")));
            }
            other => panic!("bad escape {other:?}"),
        }
    }
    out
}

pub fn parse_corpus(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut cur: Option<Case> = None;
    for line in text.lines() {
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        match tag {
            "case" => {
                cur = Some(Case {
                    name: rest.to_owned(),
                    src: String::new(),
                    tokens: Vec::new(),
                    error: ExpectedError::None,
                })
            }
            "src" => cur.as_mut().expect("case").src = unescape(rest),
            "tok" => {
                let f: Vec<&str> = rest.splitn(6, ' ').collect();
                let n = |i: usize| f[i].parse::<i64>().expect("number");
                cur.as_mut().expect("case").tokens.push(ExpectedToken {
                    kind: f[0].parse().expect("type"),
                    start: (n(1), n(2)),
                    end: (n(3), n(4)),
                    text: unescape(f.get(5).copied().unwrap_or("")),
                });
            }
            "err" => {
                cur.as_mut().expect("case").error =
                    ExpectedError::Exact(rest.split('\t').map(unescape).collect())
            }
            "errany" => cur.as_mut().expect("case").error = ExpectedError::Any,
            "end" => cases.push(cur.take().expect("case")),
            "skip" => {}
            _ => panic!("bad corpus line {line:?}"),
        }
    }
    cases
}

/// The character column of byte `pos` on its line of `src`.
fn char_col(src: &str, pos: usize) -> i64 {
    let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..pos].chars().count() as i64
}

/// A token as `_tokenize.TokenizerIter` reports it.
pub fn as_cpython(tok: &Token, src: &str) -> ExpectedToken {
    let col = tok.start.map_or(-1, |s| char_col(src, s));
    let end_col = tok.end.map_or(-1, |e| char_col(src, e));
    ExpectedToken {
        kind: tok.kind as u8,
        start: (tok.lineno, col),
        end: (tok.end_lineno, end_col),
        text: tok.text(src).to_owned(),
    }
}

/// The SyntaxError's fields as CPython shows them: an error without a
/// location (lineno 0, no text: a codec error) has no end.
pub fn error_fields(e: &SyntaxError) -> Vec<String> {
    let located = e.lineno != 0 || e.text.is_some();
    let end = |v: i64| if located { v.to_string() } else { "None".to_owned() };
    vec![
        e.kind.name().to_owned(),
        e.lineno.to_string(),
        e.offset.to_string(),
        end(e.end_lineno),
        end(e.end_offset),
        e.msg.clone(),
        e.text.clone().unwrap_or_else(|| "None".to_owned()),
    ]
}

/// Tokenize `case.src` and compare with the expectations.
pub fn compare(case: &Case) -> Result<(), String> {
    let (toks, err, src) = Tokenizer::from_str(&case.src).tokenize_all();
    let got: Vec<ExpectedToken> = toks.iter().map(|t| as_cpython(t, &src)).collect();
    if case.src.is_empty() && case.tokens.is_empty() {
        // The readline-based `_tokenize` yields nothing for an empty
        // source; the string tokenizer compile() uses yields ENDMARKER.
        let only_endmarker = got.len() == 1 && got[0].kind == 0 && err.is_none();
        return if only_endmarker { Ok(()) } else { Err(format!("{got:?} {err:?}")) };
    }
    for (i, want) in case.tokens.iter().enumerate() {
        match got.get(i) {
            Some(g) if g == want => {}
            Some(g) => return Err(format!("token {i}: got {g:?}, want {want:?}")),
            None => {
                return Err(format!("token {i}: got none (error {err:?}), want {want:?}"));
            }
        }
    }
    match (&case.error, &err) {
        (ExpectedError::None, None) if got.len() == case.tokens.len() => Ok(()),
        (ExpectedError::None, _) => Err(format!(
            "got {} tokens and error {err:?}, want {} tokens",
            got.len(),
            case.tokens.len()
        )),
        (_, None) => Err("no error, want one".to_owned()),
        (ExpectedError::Any, Some(_)) => Ok(()),
        (ExpectedError::Exact(want), Some(e)) => {
            let g = error_fields(e);
            if &g == want { Ok(()) } else { Err(format!("error {g:?}, want {want:?}")) }
        }
    }
}
