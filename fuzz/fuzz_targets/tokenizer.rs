//! Tokenizes arbitrary UTF-8 text to the end or to its SyntaxError: must
//! never panic, hang or overflow the stack.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rupy::parser::tokenizer::Tokenizer;

fuzz_target!(|source: &str| {
    let mut tok = Tokenizer::from_str(source);
    // Each token consumes input or ends the stream, so this loop is bounded
    // by the source length (plus the closing DEDENTs and ENDMARKER).
    for _ in 0..=source.len() * 2 + 256 {
        match tok.next_token() {
            Ok(t) if t.kind == rupy::parser::token::TokenKind::EndMarker => return,
            Ok(_) => {}
            Err(_) => return,
        }
    }
    panic!("the tokenizer did not reach ENDMARKER");
});
