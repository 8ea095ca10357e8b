//! Token kinds and the operator tables: a port of Grammar/Tokens,
//! Include/internal/pycore_token.h and Parser/token.c (CPython 3.14).
//!
//! The numbering is CPython 3.14's (`token.py`): ENDMARKER is 0, the exact
//! operator types run from LPAR (7) to EXCLAMATION (54), OP is 55, and the
//! t-string tokens of PEP 750 sit after the f-string ones.

/// A token type, numbered as in CPython 3.14's Grammar/Tokens.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    EndMarker = 0,
    Name = 1,
    Number = 2,
    String = 3,
    Newline = 4,
    Indent = 5,
    Dedent = 6,
    Lpar = 7,
    Rpar = 8,
    Lsqb = 9,
    Rsqb = 10,
    Colon = 11,
    Comma = 12,
    Semi = 13,
    Plus = 14,
    Minus = 15,
    Star = 16,
    Slash = 17,
    Vbar = 18,
    Amper = 19,
    Less = 20,
    Greater = 21,
    Equal = 22,
    Dot = 23,
    Percent = 24,
    Lbrace = 25,
    Rbrace = 26,
    EqEqual = 27,
    NotEqual = 28,
    LessEqual = 29,
    GreaterEqual = 30,
    Tilde = 31,
    Circumflex = 32,
    LeftShift = 33,
    RightShift = 34,
    DoubleStar = 35,
    PlusEqual = 36,
    MinEqual = 37,
    StarEqual = 38,
    SlashEqual = 39,
    PercentEqual = 40,
    AmperEqual = 41,
    VbarEqual = 42,
    CircumflexEqual = 43,
    LeftShiftEqual = 44,
    RightShiftEqual = 45,
    DoubleStarEqual = 46,
    DoubleSlash = 47,
    DoubleSlashEqual = 48,
    At = 49,
    AtEqual = 50,
    Rarrow = 51,
    Ellipsis = 52,
    ColonEqual = 53,
    Exclamation = 54,
    Op = 55,
    TypeIgnore = 56,
    TypeComment = 57,
    SoftKeyword = 58,
    FstringStart = 59,
    FstringMiddle = 60,
    FstringEnd = 61,
    TstringStart = 62,
    TstringMiddle = 63,
    TstringEnd = 64,
    Comment = 65,
    Nl = 66,
    ErrorToken = 67,
    Encoding = 68,
}

/// Number of token types (`N_TOKENS` in token.h).
pub const N_TOKENS: u8 = 69;
/// First grammar-symbol number (`NT_OFFSET` in token.h).
pub const NT_OFFSET: u16 = 256;

/// Every token kind in numbering order, so that `ALL[k as usize] == k`.
pub const ALL: [TokenKind; N_TOKENS as usize] = [
    TokenKind::EndMarker,
    TokenKind::Name,
    TokenKind::Number,
    TokenKind::String,
    TokenKind::Newline,
    TokenKind::Indent,
    TokenKind::Dedent,
    TokenKind::Lpar,
    TokenKind::Rpar,
    TokenKind::Lsqb,
    TokenKind::Rsqb,
    TokenKind::Colon,
    TokenKind::Comma,
    TokenKind::Semi,
    TokenKind::Plus,
    TokenKind::Minus,
    TokenKind::Star,
    TokenKind::Slash,
    TokenKind::Vbar,
    TokenKind::Amper,
    TokenKind::Less,
    TokenKind::Greater,
    TokenKind::Equal,
    TokenKind::Dot,
    TokenKind::Percent,
    TokenKind::Lbrace,
    TokenKind::Rbrace,
    TokenKind::EqEqual,
    TokenKind::NotEqual,
    TokenKind::LessEqual,
    TokenKind::GreaterEqual,
    TokenKind::Tilde,
    TokenKind::Circumflex,
    TokenKind::LeftShift,
    TokenKind::RightShift,
    TokenKind::DoubleStar,
    TokenKind::PlusEqual,
    TokenKind::MinEqual,
    TokenKind::StarEqual,
    TokenKind::SlashEqual,
    TokenKind::PercentEqual,
    TokenKind::AmperEqual,
    TokenKind::VbarEqual,
    TokenKind::CircumflexEqual,
    TokenKind::LeftShiftEqual,
    TokenKind::RightShiftEqual,
    TokenKind::DoubleStarEqual,
    TokenKind::DoubleSlash,
    TokenKind::DoubleSlashEqual,
    TokenKind::At,
    TokenKind::AtEqual,
    TokenKind::Rarrow,
    TokenKind::Ellipsis,
    TokenKind::ColonEqual,
    TokenKind::Exclamation,
    TokenKind::Op,
    TokenKind::TypeIgnore,
    TokenKind::TypeComment,
    TokenKind::SoftKeyword,
    TokenKind::FstringStart,
    TokenKind::FstringMiddle,
    TokenKind::FstringEnd,
    TokenKind::TstringStart,
    TokenKind::TstringMiddle,
    TokenKind::TstringEnd,
    TokenKind::Comment,
    TokenKind::Nl,
    TokenKind::ErrorToken,
    TokenKind::Encoding,
];

impl TokenKind {
    /// The kind numbered `n`, if any (the inverse of `kind as u8`).
    pub fn from_u8(n: u8) -> Option<TokenKind> {
        ALL.get(n as usize).copied()
    }

    /// The name used by `token.tok_name` (`_PyParser_TokenNames` in token.c).
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::EndMarker => "ENDMARKER",
            TokenKind::Name => "NAME",
            TokenKind::Number => "NUMBER",
            TokenKind::String => "STRING",
            TokenKind::Newline => "NEWLINE",
            TokenKind::Indent => "INDENT",
            TokenKind::Dedent => "DEDENT",
            TokenKind::Lpar => "LPAR",
            TokenKind::Rpar => "RPAR",
            TokenKind::Lsqb => "LSQB",
            TokenKind::Rsqb => "RSQB",
            TokenKind::Colon => "COLON",
            TokenKind::Comma => "COMMA",
            TokenKind::Semi => "SEMI",
            TokenKind::Plus => "PLUS",
            TokenKind::Minus => "MINUS",
            TokenKind::Star => "STAR",
            TokenKind::Slash => "SLASH",
            TokenKind::Vbar => "VBAR",
            TokenKind::Amper => "AMPER",
            TokenKind::Less => "LESS",
            TokenKind::Greater => "GREATER",
            TokenKind::Equal => "EQUAL",
            TokenKind::Dot => "DOT",
            TokenKind::Percent => "PERCENT",
            TokenKind::Lbrace => "LBRACE",
            TokenKind::Rbrace => "RBRACE",
            TokenKind::EqEqual => "EQEQUAL",
            TokenKind::NotEqual => "NOTEQUAL",
            TokenKind::LessEqual => "LESSEQUAL",
            TokenKind::GreaterEqual => "GREATEREQUAL",
            TokenKind::Tilde => "TILDE",
            TokenKind::Circumflex => "CIRCUMFLEX",
            TokenKind::LeftShift => "LEFTSHIFT",
            TokenKind::RightShift => "RIGHTSHIFT",
            TokenKind::DoubleStar => "DOUBLESTAR",
            TokenKind::PlusEqual => "PLUSEQUAL",
            TokenKind::MinEqual => "MINEQUAL",
            TokenKind::StarEqual => "STAREQUAL",
            TokenKind::SlashEqual => "SLASHEQUAL",
            TokenKind::PercentEqual => "PERCENTEQUAL",
            TokenKind::AmperEqual => "AMPEREQUAL",
            TokenKind::VbarEqual => "VBAREQUAL",
            TokenKind::CircumflexEqual => "CIRCUMFLEXEQUAL",
            TokenKind::LeftShiftEqual => "LEFTSHIFTEQUAL",
            TokenKind::RightShiftEqual => "RIGHTSHIFTEQUAL",
            TokenKind::DoubleStarEqual => "DOUBLESTAREQUAL",
            TokenKind::DoubleSlash => "DOUBLESLASH",
            TokenKind::DoubleSlashEqual => "DOUBLESLASHEQUAL",
            TokenKind::At => "AT",
            TokenKind::AtEqual => "ATEQUAL",
            TokenKind::Rarrow => "RARROW",
            TokenKind::Ellipsis => "ELLIPSIS",
            TokenKind::ColonEqual => "COLONEQUAL",
            TokenKind::Exclamation => "EXCLAMATION",
            TokenKind::Op => "OP",
            TokenKind::TypeIgnore => "TYPE_IGNORE",
            TokenKind::TypeComment => "TYPE_COMMENT",
            TokenKind::SoftKeyword => "SOFT_KEYWORD",
            TokenKind::FstringStart => "FSTRING_START",
            TokenKind::FstringMiddle => "FSTRING_MIDDLE",
            TokenKind::FstringEnd => "FSTRING_END",
            TokenKind::TstringStart => "TSTRING_START",
            TokenKind::TstringMiddle => "TSTRING_MIDDLE",
            TokenKind::TstringEnd => "TSTRING_END",
            TokenKind::Comment => "COMMENT",
            TokenKind::Nl => "NL",
            TokenKind::ErrorToken => "ERRORTOKEN",
            TokenKind::Encoding => "ENCODING",
        }
    }

    /// The operator text of an exact operator type, as listed in
    /// Grammar/Tokens; `None` for every other kind.
    pub fn operator_text(self) -> Option<&'static str> {
        Some(match self {
            TokenKind::Lpar => "(",
            TokenKind::Rpar => ")",
            TokenKind::Lsqb => "[",
            TokenKind::Rsqb => "]",
            TokenKind::Colon => ":",
            TokenKind::Comma => ",",
            TokenKind::Semi => ";",
            TokenKind::Plus => "+",
            TokenKind::Minus => "-",
            TokenKind::Star => "*",
            TokenKind::Slash => "/",
            TokenKind::Vbar => "|",
            TokenKind::Amper => "&",
            TokenKind::Less => "<",
            TokenKind::Greater => ">",
            TokenKind::Equal => "=",
            TokenKind::Dot => ".",
            TokenKind::Percent => "%",
            TokenKind::Lbrace => "{",
            TokenKind::Rbrace => "}",
            TokenKind::EqEqual => "==",
            TokenKind::NotEqual => "!=",
            TokenKind::LessEqual => "<=",
            TokenKind::GreaterEqual => ">=",
            TokenKind::Tilde => "~",
            TokenKind::Circumflex => "^",
            TokenKind::LeftShift => "<<",
            TokenKind::RightShift => ">>",
            TokenKind::DoubleStar => "**",
            TokenKind::PlusEqual => "+=",
            TokenKind::MinEqual => "-=",
            TokenKind::StarEqual => "*=",
            TokenKind::SlashEqual => "/=",
            TokenKind::PercentEqual => "%=",
            TokenKind::AmperEqual => "&=",
            TokenKind::VbarEqual => "|=",
            TokenKind::CircumflexEqual => "^=",
            TokenKind::LeftShiftEqual => "<<=",
            TokenKind::RightShiftEqual => ">>=",
            TokenKind::DoubleStarEqual => "**=",
            TokenKind::DoubleSlash => "//",
            TokenKind::DoubleSlashEqual => "//=",
            TokenKind::At => "@",
            TokenKind::AtEqual => "@=",
            TokenKind::Rarrow => "->",
            TokenKind::Ellipsis => "...",
            TokenKind::ColonEqual => ":=",
            TokenKind::Exclamation => "!",
            _ => return None,
        })
    }

    /// `ISSTRINGLIT` in pycore_token.h: the string-literal tokens whose
    /// line number is taken from their first line.
    pub fn is_string_literal(self) -> bool {
        matches!(
            self,
            TokenKind::String | TokenKind::FstringMiddle | TokenKind::TstringMiddle
        )
    }

    /// `ISWHITESPACE` in pycore_token.h: ENDMARKER, NEWLINE, INDENT, DEDENT.
    pub fn is_whitespace(self) -> bool {
        matches!(
            self,
            TokenKind::EndMarker | TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
        )
    }
}

/// `_PyToken_OneChar` in Parser/token.c: the exact type of a one-character
/// operator, or OP when `c1` starts none.
pub fn one_char(c1: i32) -> TokenKind {
    match u8::try_from(c1).unwrap_or(0) {
        b'!' => TokenKind::Exclamation,
        b'%' => TokenKind::Percent,
        b'&' => TokenKind::Amper,
        b'(' => TokenKind::Lpar,
        b')' => TokenKind::Rpar,
        b'*' => TokenKind::Star,
        b'+' => TokenKind::Plus,
        b',' => TokenKind::Comma,
        b'-' => TokenKind::Minus,
        b'.' => TokenKind::Dot,
        b'/' => TokenKind::Slash,
        b':' => TokenKind::Colon,
        b';' => TokenKind::Semi,
        b'<' => TokenKind::Less,
        b'=' => TokenKind::Equal,
        b'>' => TokenKind::Greater,
        b'@' => TokenKind::At,
        b'[' => TokenKind::Lsqb,
        b']' => TokenKind::Rsqb,
        b'^' => TokenKind::Circumflex,
        b'{' => TokenKind::Lbrace,
        b'|' => TokenKind::Vbar,
        b'}' => TokenKind::Rbrace,
        b'~' => TokenKind::Tilde,
        _ => TokenKind::Op,
    }
}

/// `_PyToken_TwoChars` in Parser/token.c. `<>` gives NOTEQUAL here; the
/// parser decides whether Barry-as-FLUFL mode accepts it.
pub fn two_chars(c1: i32, c2: i32) -> TokenKind {
    let (Ok(c1), Ok(c2)) = (u8::try_from(c1), u8::try_from(c2)) else {
        return TokenKind::Op;
    };
    match (c1, c2) {
        (b'!', b'=') => TokenKind::NotEqual,
        (b'%', b'=') => TokenKind::PercentEqual,
        (b'&', b'=') => TokenKind::AmperEqual,
        (b'*', b'*') => TokenKind::DoubleStar,
        (b'*', b'=') => TokenKind::StarEqual,
        (b'+', b'=') => TokenKind::PlusEqual,
        (b'-', b'=') => TokenKind::MinEqual,
        (b'-', b'>') => TokenKind::Rarrow,
        (b'/', b'/') => TokenKind::DoubleSlash,
        (b'/', b'=') => TokenKind::SlashEqual,
        (b':', b'=') => TokenKind::ColonEqual,
        (b'<', b'<') => TokenKind::LeftShift,
        (b'<', b'=') => TokenKind::LessEqual,
        (b'<', b'>') => TokenKind::NotEqual,
        (b'=', b'=') => TokenKind::EqEqual,
        (b'>', b'=') => TokenKind::GreaterEqual,
        (b'>', b'>') => TokenKind::RightShift,
        (b'@', b'=') => TokenKind::AtEqual,
        (b'^', b'=') => TokenKind::CircumflexEqual,
        (b'|', b'=') => TokenKind::VbarEqual,
        _ => TokenKind::Op,
    }
}

/// `_PyToken_ThreeChars` in Parser/token.c.
pub fn three_chars(c1: i32, c2: i32, c3: i32) -> TokenKind {
    let (Ok(c1), Ok(c2), Ok(c3)) = (u8::try_from(c1), u8::try_from(c2), u8::try_from(c3)) else {
        return TokenKind::Op;
    };
    match (c1, c2, c3) {
        (b'*', b'*', b'=') => TokenKind::DoubleStarEqual,
        (b'.', b'.', b'.') => TokenKind::Ellipsis,
        (b'/', b'/', b'=') => TokenKind::DoubleSlashEqual,
        (b'<', b'<', b'=') => TokenKind::LeftShiftEqual,
        (b'>', b'>', b'=') => TokenKind::RightShiftEqual,
        _ => TokenKind::Op,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_matches_cpython_3_14() {
        assert_eq!(TokenKind::EndMarker as u8, 0);
        assert_eq!(TokenKind::Exclamation as u8, 54);
        assert_eq!(TokenKind::Op as u8, 55);
        assert_eq!(TokenKind::SoftKeyword as u8, 58);
        assert_eq!(TokenKind::TstringStart as u8, 62);
        assert_eq!(TokenKind::Encoding as u8, 68);
        for (i, k) in ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(TokenKind::from_u8(i as u8), Some(*k));
        }
        assert_eq!(TokenKind::from_u8(N_TOKENS), None);
    }

    #[test]
    fn operator_tables_agree_with_grammar_tokens() {
        for k in ALL {
            let Some(text) = k.operator_text() else { continue };
            let c: Vec<i32> = text.bytes().map(i32::from).collect();
            let got = match c.len() {
                1 => one_char(c[0]),
                2 => two_chars(c[0], c[1]),
                _ => three_chars(c[0], c[1], c[2]),
            };
            assert_eq!(got, k, "{text}");
        }
        assert_eq!(two_chars('<' as i32, '>' as i32), TokenKind::NotEqual);
        assert_eq!(one_char('$' as i32), TokenKind::Op);
        assert_eq!(one_char(-1), TokenKind::Op);
    }
}
