//! No input may panic or hang the tokenizer: pseudo-random sources built
//! from Python's lexical pieces, plus deep nesting.

use rupy::parser::token::TokenKind;
use rupy::parser::tokenizer::Tokenizer;

const PIECES: &[&str] = &[
    "f'", "t\"", "'''", "\"", "'", "{", "}", "(", ")", "[", "]", ":", "!", "=", "\\", "\n", "\r",
    "\t", " ", "\x0c", "\0", "#", "0", "1_", "0x", "e", "j", ".", "é", "€", "\u{a0}", "x", "rb",
    "{{", "}}", "<>", "**=", "...", "if", "\\N{", "u'", "bt'",
];

#[test]
fn random_sources_terminate_without_panicking() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        let mut src = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 24) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            src.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        let mut t = Tokenizer::from_str(&src);
        let mut n = 0;
        loop {
            match t.next_token() {
                Ok(tok) if tok.kind == TokenKind::EndMarker => break,
                Ok(_) => n += 1,
                Err(_) => break,
            }
            assert!(n < 10_000, "no progress on {src:?}");
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for src in ["(".repeat(100_000), "f'{".repeat(10_000), "[{(".repeat(50_000)] {
        let (_, err, _) = Tokenizer::from_str(&src).tokenize_all();
        assert!(err.is_some());
    }
}
