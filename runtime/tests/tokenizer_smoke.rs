//! Smoke tests of the public tokenizer API on ordinary code.

use rupy::parser::token::TokenKind;
use rupy::parser::tokenizer::Tokenizer;

fn kinds(src: &str) -> Vec<(TokenKind, String)> {
    let (toks, err, text) = Tokenizer::from_str(src).tokenize_all();
    assert!(err.is_none(), "{err:?}");
    toks.iter().map(|t| (t.kind, t.text(&text).to_owned())).collect()
}

/// As in CPython, a NEWLINE after a comment spans the comment.
#[test]
fn ordinary_code() {
    use TokenKind::{
        Colon, Comma, Dedent, DoubleStar, EndMarker, Equal, Indent, Lpar, Name, Newline, Number,
        Rpar,
    };
    let got = kinds("def f(a, b=1):\n    return a ** b  # c\n");
    let want = [
        (Name, "def"), (Name, "f"), (Lpar, "("), (Name, "a"), (Comma, ","), (Name, "b"),
        (Equal, "="), (Number, "1"), (Rpar, ")"), (Colon, ":"), (Newline, ""), (Indent, ""),
        (Name, "return"), (Name, "a"), (DoubleStar, "**"), (Name, "b"), (Newline, "# c"),
        (Dedent, ""), (EndMarker, ""),
    ];
    let want: Vec<(TokenKind, String)> = want.iter().map(|(k, s)| (*k, s.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn positions_are_utf8_byte_columns() {
    let mut t = Tokenizer::from_str("é = 'ü'\n");
    let a = t.next_token().unwrap();
    assert_eq!((a.lineno, a.col_offset, a.end_col_offset), (1, 0, 2));
    t.next_token().unwrap();
    let s = t.next_token().unwrap();
    assert_eq!((s.kind, s.col_offset, s.end_col_offset), (TokenKind::String, 5, 9));
    assert_eq!(s.text(t.source()), "'ü'");
}

#[test]
fn errors_repeat_after_first() {
    let mut t = Tokenizer::from_str("x = )\n");
    t.next_token().unwrap();
    t.next_token().unwrap();
    let e = t.next_token().unwrap_err();
    assert_eq!(e.msg, "unmatched ')'");
    assert_eq!((e.lineno, e.offset, e.end_offset), (1, 5, 5));
    assert_eq!(t.next_token().unwrap_err(), e);
}
