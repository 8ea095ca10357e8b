//! The PEG parser's machinery: a port of Parser/pegen.c (token access,
//! keywords, lookahead, memoization, the two-pass driver
//! `_PyPegen_run_parser`) and Parser/pegen_errors.c (error construction,
//! `_Pypegen_set_syntax_error`, `_PyPegen_tokenize_full_source_to_check_for_errors`).
//!
//! The tokenizer runs up front and the parser works on the token vector.
//! `fill` records how far the parser has looked, exactly like `p->fill` in
//! pegen.c, so the "furthest token" used by generic errors is the token
//! CPython picks; a tokenizer error is raised only when the parser asks for
//! the token it stands in place of, as CPython's lazy `_PyPegen_fill_token`
//! does.

use crate::ast::{Expr, Location, Pattern, Stmt, TypeParam};
use crate::parser::error::{ErrorKind, SyntaxError, Warning, WarningCategory};
use crate::parser::string_parser::InvalidEscape;
use crate::parser::lexer::ErrorCode;
use crate::parser::token::TokenKind;
use crate::parser::tokenizer::Tokenizer;

/// `MAXSTACK` in Parser/parser.c: the deepest rule nesting before the parser
/// gives up with a MemoryError.
pub const MAXSTACK: usize = 6000;

/// One token as the parser sees it (`Token` in pegen.h): its type, whether
/// it spells a hard keyword, its byte span in the source and its position
/// (1-based lines, 0-based UTF-8 byte columns, -1 when it has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub keyword: bool,
    /// Bracket nesting level when the token was made (`token->level`).
    pub level: usize,
    pub start: usize,
    pub end: usize,
    pub lineno: i32,
    pub col_offset: i32,
    pub end_lineno: i32,
    pub end_col_offset: i32,
}

/// Why a parse failed: a SyntaxError (or subclass), or CPython's
/// `MemoryError("Parser stack overflowed - Python source too complex to parse")`
/// (`_Pypegen_stack_overflow`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    Syntax(SyntaxError),
    StackOverflow,
    /// A ValueError: a name that normalizes to `None`, `True` or `False`
    /// (`_PyPegen_new_identifier`).
    Value(String),
}

impl ParseError {
    /// The message CPython shows.
    pub fn msg(&self) -> &str {
        match self {
            ParseError::Syntax(e) => &e.msg,
            ParseError::StackOverflow => "Parser stack overflowed - Python source too complex to parse",
            ParseError::Value(m) => m,
        }
    }

    /// The Python exception class name.
    pub fn type_name(&self) -> &'static str {
        match self {
            ParseError::Syntax(e) => e.kind.name(),
            ParseError::StackOverflow => "MemoryError",
            ParseError::Value(_) => "ValueError",
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.type_name(), self.msg())
    }
}

impl std::error::Error for ParseError {}

/// The hard keywords of Python 3.14 (`reserved_keywords` in parser.c), sorted.
pub const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// The soft keywords (`soft_keywords` in parser.c).
pub const SOFT_KEYWORDS: [&str; 4] = ["_", "case", "match", "type"];

/// The memoized rules (the `(memo)` marks of python.gram and the
/// left-recursive rules, which pegen memoizes to grow their seed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    SimpleStmt,
    ImportStmt,
    Block,
    ClosedPattern,
    StarPattern,
    TypeParam,
    Expression,
    StarExpression,
    Disjunction,
    Conjunction,
    Inversion,
    BitwiseOr,
    BitwiseXor,
    BitwiseAnd,
    ShiftExpr,
    Sum,
    Term,
    Factor,
    AwaitPrimary,
    Primary,
    Tstring,
    Strings,
    Arguments,
    StarTarget,
    TargetWithStarAtom,
    TPrimary,
    DelTarget,
    DottedName,
    Attr,
    InvalidNamedExpression,
}

/// A memoized successful result (`Memo` in pegen.h holds a `void *`; here
/// one variant per result type).
#[derive(Debug)]
pub enum MemoVal {
    Expr(Expr),
    Stmt(Stmt),
    Stmts(Vec<Stmt>),
    Pattern(Pattern),
    TypeParam(TypeParam),
    Unit,
}

/// A rule result type that can be memoized.
pub trait Memoizable: Sized + Clone + PartialEq {
    fn wrap(v: Self) -> MemoVal;
    /// The value if `v` holds this type.
    fn get(v: &MemoVal) -> Option<&Self>;
}

macro_rules! memoizable {
    ($t:ty, $v:ident) => {
        impl Memoizable for $t {
            fn wrap(v: Self) -> MemoVal {
                MemoVal::$v(v)
            }
            fn get(v: &MemoVal) -> Option<&Self> {
                match v {
                    MemoVal::$v(x) => Some(x),
                    _ => None,
                }
            }
        }
    };
}
memoizable!(Expr, Expr);
memoizable!(Stmt, Stmt);
memoizable!(Vec<Stmt>, Stmts);
memoizable!(Pattern, Pattern);
memoizable!(TypeParam, TypeParam);

impl Memoizable for () {
    fn wrap((): ()) -> MemoVal {
        MemoVal::Unit
    }
    fn get(v: &MemoVal) -> Option<&()> {
        matches!(v, MemoVal::Unit).then_some(&())
    }
}

/// One memoized result (`Memo` in pegen.h).
#[derive(Clone, Copy, Debug)]
struct MemoEntry {
    rule: Rule,
    /// The mark after the result.
    end: u32,
    /// 1 + the index of the token's previous entry (0: none).
    next: u32,
    /// 1 + the index of the value in `memo_values` (0: the rule failed).
    /// Entries of different rules share a value when equal: the node a rule
    /// passes through from a memoized sub-rule (`disjunction` returning its
    /// `conjunction`, and so on down to `primary`) is stored once, as pegen
    /// stores the same pointer.
    val: u32,
}

/// What the tokenizer reported after its last good token.
#[derive(Clone, Debug)]
pub struct TokError {
    pub error: SyntaxError,
    /// The tokenizer hit the end of input inside brackets without raising
    /// (`ERRORTOKEN` with `E_EOF` and `tok->level > 0`): pegen turns this
    /// into "'(' was never closed" only in some situations.
    pub eof_in_brackets: bool,
    /// The error was raised inside an f-string or t-string
    /// (`tok->tok_mode_stack_index > 0`).
    pub in_fstring: bool,
    /// The tokenizer had reached the end of the source (`E_EOF`, `E_EOFS`
    /// or `E_EOLS`: `_is_end_of_source`).
    pub at_eof: bool,
}

/// The parser state (`Parser` in pegen.h).
pub struct Parser<'a> {
    pub src: &'a str,
    pub toks: Vec<Token>,
    /// `token->metadata` of f-string `=` debug closers and t-string
    /// replacement-field closers, by token index (ascending).
    pub metadata: Vec<(usize, String)>,
    tok_error: Option<TokError>,
    pub mark: usize,
    /// One past the furthest token the parser has fetched (`p->fill`).
    pub fill: usize,
    pub call_invalid_rules: bool,
    pub error: Option<ParseError>,
    pub level: usize,
    /// The memo entries of all tokens (`Memo` nodes of pegen's arena).
    memo: Vec<MemoEntry>,
    memo_values: Vec<MemoVal>,
    /// Per token, 1 + the index in `memo` of its latest entry (0: none);
    /// a token's entries are chained through [`MemoEntry::next`]
    /// (`token->memo` in pegen.c).
    memo_heads: Vec<u32>,
    /// Byte offset of the start of each line (for error text).
    line_starts: Vec<usize>,
    /// `p->last_stmt_location` (`_PyPegen_register_stmts`).
    pub last_stmt_location: Location,
    /// The tokenizer's and the string decoder's SyntaxWarnings, for the
    /// caller to emit (`PyErr_WarnExplicitObject`).
    pub warnings: Vec<Warning>,
    /// The string tokens already warned about (a rule may decode a token
    /// again after backtracking; pegen's memo decodes it once).
    warned_tokens: Vec<usize>,
    /// `p->feature_version`: the minor version whose syntax is accepted
    /// (`ast.parse(feature_version=...)`).
    pub feature_version: i32,
    /// `p->type_ignore_comments`: the TYPE_IGNORE tokens, for the module's
    /// `type_ignores`.
    pub type_ignores: Vec<crate::ast::TypeIgnore>,
    /// `PyPARSE_ALLOW_INCOMPLETE_INPUT`: a parse that fails after the
    /// tokenizer reached the end of the source raises
    /// `_IncompleteInputError` (codeop and the REPL read more lines).
    pub allow_incomplete_input: bool,
    /// How many tokens the parser must have fetched for the tokenizer to
    /// have read to the end of the source (`tok->done == E_EOF` in the
    /// lazily tokenizing pegen.c); `usize::MAX` when it never did.
    eof_at: usize,
}

/// `PY_MINOR_VERSION`: the default feature version.
pub const FEATURE_VERSION: i32 = 14;

/// `_is_end_of_source`: the tokenizer stopped at the end of the source.
fn is_end_of_source(done: ErrorCode) -> bool {
    matches!(done, ErrorCode::Eof | ErrorCode::Eofs | ErrorCode::Eols)
}

impl<'a> Parser<'a> {
    /// `_PyPegen_Parser_New` over the tokens of `tokenizer`, run to the end
    /// (ENDMARKER or the first error).
    pub fn from_tokenizer(src: &'a str, mut tokenizer: Tokenizer) -> Parser<'a> {
        let mut toks = Vec::new();
        let mut metadata = Vec::new();
        let mut tok_error = None;
        let mut type_ignores = Vec::new();
        let mut eof_at = usize::MAX;
        loop {
            match tokenizer.next_token() {
                Ok(t) => {
                    if t.kind == TokenKind::TypeIgnore {
                        let (start, end) = (t.start.unwrap_or(0), t.end.unwrap_or(0));
                        let tag = src.get(start..end).unwrap_or("");
                        type_ignores.push(crate::ast::TypeIgnore { lineno: t.lineno as i32, tag: tag.into() });
                        continue;
                    }
                    let (start, end) = (t.start.unwrap_or(0), t.end.unwrap_or(0));
                    let keyword = t.kind == TokenKind::Name
                        && KEYWORDS.binary_search(&&src[start..end]).is_ok();
                    if let Some(m) = t.metadata.clone() {
                        metadata.push((toks.len(), m));
                    }
                    toks.push(Token {
                        kind: t.kind,
                        keyword,
                        level: t.level,
                        start,
                        end,
                        lineno: t.lineno as i32,
                        col_offset: t.col_offset as i32,
                        end_lineno: t.end_lineno as i32,
                        end_col_offset: t.end_col_offset as i32,
                    });
                    if eof_at == usize::MAX && is_end_of_source(tokenizer.lexer().done()) {
                        eof_at = toks.len();
                    }
                    if t.kind == TokenKind::EndMarker {
                        break;
                    }
                }
                Err(e) => {
                    let lexer = tokenizer.lexer();
                    let eof_in_brackets = lexer.done() == ErrorCode::Eof && lexer.level() > 0;
                    let in_fstring = lexer.in_fstring();
                    let at_eof = is_end_of_source(lexer.done());
                    tok_error = Some(TokError { error: e, eof_in_brackets, in_fstring, at_eof });
                    break;
                }
            }
        }
        let warnings = tokenizer.take_warnings();
        let mut line_starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        let n = toks.len();
        Parser {
            src,
            toks,
            metadata,
            tok_error,
            mark: 0,
            fill: 0,
            call_invalid_rules: false,
            error: None,
            level: 0,
            memo: Vec::with_capacity(8 * n),
            memo_values: Vec::with_capacity(2 * n),
            memo_heads: vec![0; n + 1],
            line_starts,
            last_stmt_location: Location::default(),
            warnings,
            warned_tokens: Vec::new(),
            feature_version: FEATURE_VERSION,
            type_ignores,
            allow_incomplete_input: false,
            eof_at,
        }
    }

    /// `tc=[TYPE_COMMENT]`: the text of a type comment, if one is next
    /// (`NEW_TYPE_COMMENT`).
    pub fn type_comment(&mut self) -> Option<Box<str>> {
        let t = self.opt(|p| p.tok(TokenKind::TypeComment))?;
        let tok = self.toks[t];
        Some(self.src.get(tok.start..tok.end).unwrap_or("").into())
    }

    /// `CHECK_VERSION` (`INVALID_VERSION_CHECK`): `node` when the feature
    /// version has the syntax, else a SyntaxError.
    pub fn check_version<T>(&mut self, version: i32, msg: &str, node: T) -> Option<T> {
        if self.feature_version < version {
            return self.raise_last(
                ErrorKind::SyntaxError,
                &format!("{msg} only supported in Python 3.{version} and greater"),
            );
        }
        Some(node)
    }

    /// `warn_invalid_escape_sequence` (string_parser.c): the first invalid
    /// escape of string token `i`, whose decoded body starts `body_start`
    /// bytes into the token's text. Not repeated by the second pass.
    pub fn warn_invalid_escape(&mut self, i: usize, body_start: usize, inv: &InvalidEscape) {
        if self.call_invalid_rules || self.warned_tokens.contains(&i) {
            return;
        }
        let t = self.toks[i];
        let text = &self.src[t.start..t.end];
        let c = inv.text.as_bytes().first().copied().unwrap_or(0);
        let middle = matches!(
            t.kind,
            TokenKind::FstringMiddle | TokenKind::FstringEnd | TokenKind::TstringMiddle | TokenKind::TstringEnd
        );
        if middle && (c == b'{' || c == b'}') {
            // The tokenizer has warned about these already.
            return;
        }
        self.warned_tokens.push(i);
        // The escape's line and column, counted through the body; on the
        // token's first line the leading quotes count too.
        let (mut lineno, mut col) = (i64::from(t.lineno), i64::from(t.col_offset));
        let before = text.get(body_start..body_start + inv.offset).unwrap_or("");
        for b in before.bytes() {
            if b == b'\n' {
                lineno += 1;
                col = 0;
            } else {
                col += 1;
            }
        }
        if lineno == i64::from(t.lineno) {
            let first = text.bytes().next();
            if matches!(first, Some(b'\'' | b'"')) {
                col += text.bytes().take_while(|&b| Some(b) == first).count() as i64;
            }
        }
        let error = self.make_error(ErrorKind::SyntaxError, &inv.error_message(), lineno, col, lineno, col + 2);
        self.warnings.push(Warning { category: WarningCategory::SyntaxWarning, msg: inv.message(), lineno, error });
    }

    /// `_PyPegen_fill_token` in single-input mode: the first ENDMARKER
    /// after other tokens reads as a NEWLINE (the blank line that ends a
    /// compound statement at the prompt), followed by the DEDENTs of the
    /// blocks still open (`tok->pendin = -tok->indent`: a source without
    /// a final newline ends inside them); after those the ENDMARKER reads
    /// as a NEWLINE once more, then comes itself.
    /// With `PyPARSE_DONT_IMPLY_DEDENT` (`dont_imply_dedent`) no DEDENTs
    /// are implied: a block the source leaves open stays incomplete.
    pub fn imply_final_newline(&mut self, dont_imply_dedent: bool) {
        let n = self.toks.len();
        if n < 2 || self.toks[n - 1].kind != TokenKind::EndMarker {
            return;
        }
        let open = if dont_imply_dedent { 0 } else { self.toks.iter().fold(0usize, |depth, t| match t.kind {
            TokenKind::Indent => depth + 1,
            TokenKind::Dedent => depth.saturating_sub(1),
            _ => depth,
        }) };
        let mut implied = Vec::with_capacity(open + 1);
        let mut newline = self.toks[n - 1].clone();
        newline.kind = TokenKind::Newline;
        implied.push(newline);
        for _ in 0..open {
            let mut dedent = self.toks[n - 1].clone();
            dedent.kind = TokenKind::Dedent;
            implied.push(dedent);
        }
        if open > 0 {
            implied.push(implied[0].clone());
        }
        let added = implied.len();
        self.toks.splice(n - 1..n - 1, implied);
        self.memo_heads.extend(std::iter::repeat_n(0, added));
    }

    /// `bad_single_statement`: after the statement a single-input parse
    /// read, only blanks and comments may follow in the source.
    pub fn check_single_statement(&mut self) -> Result<(), ParseError> {
        let last = self.fill.max(1) - 1;
        let Some(t) = self.toks.get(last).copied() else { return Ok(()) };
        // DEDENT and implied tokens carry no span: read on from the
        // furthest end among the tokens read.
        let end = self.toks[..=last].iter().map(|t| t.end).max().unwrap_or(0);
        let mut rest = self.src.get(end..).unwrap_or("");
        loop {
            rest = rest.trim_start_matches([' ', '\t', '\n', '\x0c', '\r']);
            match rest.strip_prefix('#') {
                Some(comment) => rest = comment.find('\n').map_or("", |i| &comment[i..]),
                None => break,
            }
        }
        if rest.is_empty() {
            return Ok(());
        }
        let msg = "multiple statements found while compiling a single statement";
        self.raise_at::<()>(
            ErrorKind::SyntaxError,
            msg,
            t.lineno,
            t.col_offset + 1,
            t.end_lineno,
            t.end_col_offset + 1,
        );
        Err(self.error.clone().expect("raise_at sets an error"))
    }

    /// `reset_parser_state_for_error_pass`.
    pub fn reset_for_error_pass(&mut self) {
        self.memo.clear();
        self.memo_values.clear();
        self.memo_heads.fill(0);
        self.mark = 0;
        self.call_invalid_rules = true;
        self.level = 0;
    }

    /// True once an error is set (`p->error_indicator`).
    #[inline]
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// Enter a rule: the `p->level++ == MAXSTACK` check of every generated
    /// rule and the early return on `p->error_indicator`. Every `enter` is
    /// paired with a [`Parser::leave`].
    #[inline]
    pub fn enter(&mut self) -> bool {
        self.level += 1;
        if self.level >= MAXSTACK && self.error.is_none() {
            self.error = Some(ParseError::StackOverflow);
        }
        self.error.is_none()
    }

    #[inline]
    pub fn leave(&mut self) {
        self.level -= 1;
    }

    /// A rule body between [`Parser::enter`] and [`Parser::leave`].
    #[inline]
    pub fn rule<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let r = if self.enter() { f(self) } else { None };
        self.leave();
        r
    }

    /// A memoized rule (`_PyPegen_is_memoized` / `_PyPegen_insert_memo`).
    pub fn memoized<T: Memoizable>(&mut self, rule: Rule, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if !self.enter() {
            self.leave();
            return None;
        }
        let m = self.mark;
        if !self.fetch(m) {
            self.leave();
            return None;
        }
        if let Some(r) = self.memo_hit(m, rule) {
            self.leave();
            return r;
        }
        let r = f(self);
        if self.error.is_none() {
            self.memo_insert(m, rule, &r);
        }
        self.leave();
        r
    }

    /// A left-recursive rule: pegen's seed growing, with the rule's
    /// alternatives split in two. `base` is the rule without its
    /// left-recursive alternatives (`a=rule ...`); `grow` tries those
    /// alternatives on a seed the rule already matched from `start` (the
    /// mark is after the seed), returning the longer result or the seed back.
    ///
    /// pegen primes the memo with a failure and re-runs the whole rule while
    /// it consumes more input. On the first run the left-recursive
    /// alternatives see the failure and fail, so that run is `base`; on the
    /// later runs they see the previous result, which `grow` receives by
    /// value instead of cloning it out of the memo; and once they all fail,
    /// pegen's run ends in `base` again, whose result (the first seed, as
    /// `base` does not depend on the memo entry being grown) is never
    /// longer, so it is not re-run. Each run counts a rule level, as the
    /// generated `_raw` function does.
    pub fn left_rec<T: Memoizable>(
        &mut self,
        rule: Rule,
        base: fn(&mut Self) -> Option<T>,
        grow: fn(&mut Self, usize, T) -> Result<T, T>,
    ) -> Option<T> {
        if !self.enter() {
            self.leave();
            return None;
        }
        let m = self.mark;
        if !self.fetch(m) {
            self.leave();
            return None;
        }
        if let Some(r) = self.memo_hit(m, rule) {
            self.leave();
            return r;
        }
        // A rule left-recursive through another (`attr` via `name_or_attr`)
        // reaches this entry from `base`.
        self.memo_insert::<T>(m, rule, &None);
        let entry = self.memo.len() - 1;
        let seed = self.rule(base);
        if self.failed() {
            self.leave();
            return None;
        }
        let Some(mut res) = seed else {
            self.mark = m;
            self.leave();
            return None;
        };
        loop {
            let resmark = self.mark;
            let grown = if self.enter() { grow(self, m, res) } else { Err(res) };
            self.leave();
            if self.failed() {
                self.leave();
                return None;
            }
            match grown {
                Ok(v) => {
                    debug_assert!(self.mark > resmark, "a left-recursive alternative consumes a token");
                    res = v;
                }
                Err(v) => {
                    res = v;
                    self.mark = resmark;
                    break;
                }
            }
        }
        let val = self.memo_value(m, &res);
        self.memo[entry].end = self.mark as u32;
        self.memo[entry].val = val;
        let res = Some(res);
        self.leave();
        res
    }

    /// The index of `rule`'s memo entry at token `m` (`_PyPegen_is_memoized`).
    fn memo_find(&self, m: usize, rule: Rule) -> Option<usize> {
        let mut i = self.memo_heads[m];
        while i != 0 {
            let e = &self.memo[i as usize - 1];
            if e.rule == rule {
                return Some(i as usize - 1);
            }
            i = e.next;
        }
        None
    }

    /// The memoized result of `rule` at token `m`, moving the mark to its
    /// end; `None` when not memoized.
    fn memo_hit<T: Memoizable>(&mut self, m: usize, rule: Rule) -> Option<Option<T>> {
        let e = self.memo[self.memo_find(m, rule)?];
        self.mark = e.end as usize;
        if e.val == 0 {
            return Some(None);
        }
        let v = T::get(&self.memo_values[e.val as usize - 1]).expect("memo entry of another type");
        Some(Some(v.clone()))
    }

    /// Memoize `rule`'s result `r` at token `m`, ending at the mark
    /// (`_PyPegen_insert_memo`); the rule has no entry there yet.
    fn memo_insert<T: Memoizable>(&mut self, m: usize, rule: Rule, r: &Option<T>) {
        let val = match r {
            None => 0,
            Some(v) => self.memo_value(m, v),
        };
        self.memo.push(MemoEntry { rule, end: self.mark as u32, next: self.memo_heads[m], val });
        self.memo_heads[m] = self.memo.len() as u32;
    }

    /// The `val` of a memo entry at token `m` ending at the mark for the
    /// result `v`: the value of the latest successful entry there with
    /// the same end when it is equal, else a new copy.
    fn memo_value<T: Memoizable>(&mut self, m: usize, v: &T) -> u32 {
        let end = self.mark as u32;
        let mut i = self.memo_heads[m];
        while i != 0 {
            let e = self.memo[i as usize - 1];
            if e.end == end && e.val != 0 {
                if T::get(&self.memo_values[e.val as usize - 1]) == Some(v) {
                    return e.val;
                }
                break;
            }
            i = e.next;
        }
        self.memo_values.push(T::wrap(v.clone()));
        self.memo_values.len() as u32
    }

    /// Run `f` with the invalid rules switched off (the `_without_invalid`
    /// rule-name suffix of the generator).
    pub fn without_invalid<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let saved = self.call_invalid_rules;
        self.call_invalid_rules = false;
        let r = f(self);
        self.call_invalid_rules = saved;
        r
    }

    /// Make token `i` available (`_PyPegen_fill_token`); false with the
    /// tokenizer's error set when the tokenizer failed before it.
    #[inline]
    pub fn fetch(&mut self, i: usize) -> bool {
        if i < self.toks.len() {
            if i >= self.fill {
                self.fill = i + 1;
            }
            return true;
        }
        if self.error.is_none() {
            let e = match &self.tok_error {
                Some(te) => te.error.clone(),
                // A token stream always ends with ENDMARKER, which no rule
                // consumes: this is unreachable for well-formed streams.
                None => self.make_error(ErrorKind::SyntaxError, "unexpected EOF while parsing", 0, 0, 0, -1),
            };
            self.error = Some(ParseError::Syntax(e));
        }
        false
    }

    /// The token at `mark`, fetching it; `None` on tokenizer error.
    #[inline]
    pub fn peek(&mut self) -> Option<Token> {
        if self.fetch(self.mark) { Some(self.toks[self.mark]) } else { None }
    }

    /// The text of token `i`.
    #[inline]
    pub fn text(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.src[t.start..t.end]
    }

    /// `_PyPegen_expect_token`: consume a token of `kind` (a NAME that is a
    /// hard keyword does not count as NAME).
    #[inline]
    pub fn tok(&mut self, kind: TokenKind) -> Option<usize> {
        let t = self.peek()?;
        if t.kind == kind && !t.keyword {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// Consume the hard keyword `kw`.
    #[inline]
    pub fn kw(&mut self, kw: &str) -> Option<usize> {
        let t = self.peek()?;
        if t.keyword && &self.src[t.start..t.end] == kw {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// `_PyPegen_expect_soft_keyword`: consume a NAME spelled `kw`.
    #[inline]
    pub fn soft(&mut self, kw: &str) -> Option<usize> {
        let t = self.peek()?;
        if t.kind == TokenKind::Name && &self.src[t.start..t.end] == kw {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// `_PyPegen_soft_keyword_token`: consume any soft keyword.
    pub fn any_soft_keyword(&mut self) -> Option<usize> {
        let t = self.peek()?;
        if t.kind == TokenKind::Name && SOFT_KEYWORDS.contains(&&self.src[t.start..t.end]) {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// `_PyPegen_expect_forced_token` (`&&'x'`): the token or a SyntaxError
    /// "expected 'x'" on the current token.
    pub fn forced(&mut self, kind: TokenKind, what: &str) -> Option<usize> {
        let t = self.peek()?;
        if t.kind != kind {
            return self.raise_tok_range(self.mark, self.mark, &format!("expected '{what}'"));
        }
        self.mark += 1;
        Some(self.mark - 1)
    }

    /// `_PyPegen_lookahead`: whether `f` matches here, consuming nothing.
    #[inline]
    pub fn ahead<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> bool {
        let m = self.mark;
        let r = f(self).is_some();
        self.mark = m;
        r
    }

    /// The next token is of `kind` (a lookahead on one token).
    #[inline]
    pub fn at(&mut self, kind: TokenKind) -> bool {
        self.ahead(|p| p.tok(kind))
    }

    /// The next token is the hard keyword `kw`.
    #[inline]
    pub fn at_kw(&mut self, kw: &str) -> bool {
        self.ahead(|p| p.kw(kw))
    }

    /// `e*`: zero or more.
    pub fn repeat0<T>(&mut self, mut f: impl FnMut(&mut Self) -> Option<T>) -> Vec<T> {
        let mut out = Vec::new();
        let mut m = self.mark;
        while let Some(v) = f(self) {
            out.push(v);
            m = self.mark;
        }
        self.mark = m;
        out
    }

    /// `e+`: one or more.
    pub fn repeat1<T>(&mut self, f: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let v = self.repeat0(f);
        if v.is_empty() { None } else { Some(v) }
    }

    /// `sep.e+`: one or more `e` separated by the token `sep`.
    pub fn gather<T>(&mut self, sep: TokenKind, mut f: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let first = f(self)?;
        let mut out = vec![first];
        loop {
            let m = self.mark;
            if self.tok(sep).is_some()
                && let Some(v) = f(self)
            {
                out.push(v);
                continue;
            }
            self.mark = m;
            break;
        }
        Some(out)
    }

    /// `[e]` inside a sequence: never fails; resets the mark when `e` does.
    #[inline]
    pub fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let m = self.mark;
        let r = f(self);
        if r.is_none() {
            self.mark = m;
        }
        r
    }

    /// The token at the start of a rule with EXTRA (fetched, as the
    /// generated code does before reading its position).
    #[inline]
    pub fn start(&mut self) -> Option<usize> {
        if self.fetch(self.mark) { Some(self.mark) } else { None }
    }

    /// `_PyPegen_get_last_nonnwhitespace_token`.
    fn last_non_whitespace(&self) -> usize {
        let mut m = self.mark;
        while m > 0 {
            m -= 1;
            if !self.toks[m].kind.is_whitespace() {
                return m;
            }
        }
        0
    }

    /// EXTRA: from token `start` to the last non-whitespace token consumed.
    pub fn loc(&self, start: usize) -> Location {
        let s = &self.toks[start];
        let e = &self.toks[self.last_non_whitespace()];
        Location {
            lineno: s.lineno,
            col_offset: s.col_offset,
            end_lineno: e.end_lineno,
            end_col_offset: e.end_col_offset,
        }
    }

    /// Location of token `i` alone.
    pub fn tok_loc(&self, i: usize) -> Location {
        let t = &self.toks[i];
        Location { lineno: t.lineno, col_offset: t.col_offset, end_lineno: t.end_lineno, end_col_offset: t.end_col_offset }
    }

    /// The token that starts at `loc` (an f-string part's node keeps only
    /// its location).
    pub fn token_at(&self, loc: Location) -> Option<usize> {
        self.toks[..self.fill.min(self.toks.len())]
            .iter()
            .rposition(|t| t.lineno == loc.lineno && t.col_offset == loc.col_offset && t.end_col_offset == loc.end_col_offset)
    }

    /// The metadata of token `i` (the expression text of an f-string `=`
    /// or of a t-string replacement field).
    pub fn token_metadata(&self, i: usize) -> Option<&str> {
        let k = self.metadata.binary_search_by_key(&i, |(j, _)| *j).ok()?;
        Some(self.metadata[k].1.as_str())
    }

    // ----- errors (pegen_errors.c) -----

    /// The UTF-8 text of line `lineno` (1-based), with its newline.
    fn line_text(&self, lineno: i64) -> &str {
        if lineno < 1 || lineno as usize > self.line_starts.len() {
            return "";
        }
        let s = self.line_starts[lineno as usize - 1];
        let e = self.line_starts.get(lineno as usize).copied().unwrap_or(self.src.len());
        &self.src[s..e]
    }

    /// `_PyPegen_raise_error_known_location`: columns are 1-based bytes.
    fn make_error(&self, kind: ErrorKind, msg: &str, lineno: i64, col: i64, end_lineno: i64, end_col: i64) -> SyntaxError {
        let line = self.line_text(lineno);
        SyntaxError::from_byte_location(kind, msg, line, lineno, col, end_lineno, end_col)
    }

    /// `RAISE_ERROR_KNOWN_LOCATION`: set the error unless one is set;
    /// returns `None` for use in rules. Columns are 1-based bytes.
    pub fn raise_at<T>(&mut self, kind: ErrorKind, msg: &str, lineno: i32, col: i32, end_lineno: i32, end_col: i32) -> Option<T> {
        if self.error.is_none() {
            let e = self.make_error(kind, msg, lineno as i64, col as i64, end_lineno as i64, end_col as i64);
            self.error = Some(ParseError::Syntax(e));
        }
        None
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, msg)`.
    pub fn raise_range<T>(&mut self, a: Location, b: Location, msg: &str) -> Option<T> {
        self.raise_at(ErrorKind::SyntaxError, msg, a.lineno, a.col_offset + 1, b.end_lineno, b.end_col_offset + 1)
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_LOCATION(a, msg)`.
    pub fn raise_loc<T>(&mut self, a: Location, msg: &str) -> Option<T> {
        self.raise_range(a, a, msg)
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_RANGE` between two tokens.
    pub fn raise_tok_range<T>(&mut self, a: usize, b: usize, msg: &str) -> Option<T> {
        self.raise_range(self.tok_loc(a), self.tok_loc(b), msg)
    }

    /// `RAISE_SYNTAX_ERROR_STARTING_FROM(a, msg)`: from `a` to the
    /// tokenizer's current position (the end of the furthest token fetched).
    pub fn raise_from<T>(&mut self, a: Location, msg: &str) -> Option<T> {
        let last = self.toks[self.fill.max(1) - 1];
        self.raise_at(ErrorKind::SyntaxError, msg, a.lineno, a.col_offset + 1, last.end_lineno, last.end_col_offset)
    }

    /// `RAISE_SYNTAX_ERROR(msg)` / `RAISE_INDENTATION_ERROR(msg)`
    /// (`_PyPegen_raise_error` with `use_mark` 0): at the furthest token.
    pub fn raise_last<T>(&mut self, kind: ErrorKind, msg: &str) -> Option<T> {
        let i = self.fill.max(1) - 1;
        self.raise_on_token(kind, msg, i)
    }

    /// `RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN(msg)`: at the token at `mark`.
    pub fn raise_next<T>(&mut self, msg: &str) -> Option<T> {
        if !self.fetch(self.mark) {
            return None;
        }
        self.raise_on_token(ErrorKind::SyntaxError, msg, self.mark)
    }

    /// `_PyPegen_raise_error` on token `i`. A token without a column
    /// (INDENT, DEDENT) takes the tokenizer's position after it: the start
    /// of the next token on its line, or the end of its line.
    fn raise_on_token<T>(&mut self, kind: ErrorKind, msg: &str, i: usize) -> Option<T> {
        let t = self.toks[i];
        let col = if t.col_offset == -1 {
            match self.toks.get(i + 1) {
                Some(n) if n.lineno == t.lineno && n.col_offset >= 0 => n.col_offset,
                _ => self.line_text(t.lineno as i64).len() as i32,
            }
        } else {
            t.col_offset + 1
        };
        let end = if t.end_col_offset == -1 { -1 } else { t.end_col_offset + 1 };
        self.raise_at(kind, msg, t.lineno, col, t.end_lineno, end)
    }

    /// `raise_unclosed_parentheses_error` via the tokenizer error that
    /// stands for it.
    fn tokenize_rest_for_errors(&mut self) {
        let Some(te) = self.tok_error.clone() else { return };
        if te.eof_in_brackets {
            let current_line = self.toks[self.fill.max(1) - 1].lineno as i64;
            if current_line > te.error.lineno {
                self.error = Some(ParseError::Syntax(te.error));
            }
            return;
        }
        if !te.in_fstring {
            self.error = Some(ParseError::Syntax(te.error));
        }
    }

    /// `_Pypegen_set_syntax_error`: the error after a failed second pass.
    /// `last` is the furthest token of the first pass.
    pub fn set_syntax_error(&mut self, last: usize) {
        if let Some(err) = &self.error {
            // A parser error: a tokenizer error later in the source wins
            // (`_PyPegen_tokenize_full_source_to_check_for_errors`), unless
            // the parser already stopped on the tokenizer's error.
            if matches!(err, ParseError::Syntax(_)) && !self.tokenizer_failed() {
                self.tokenize_rest_for_errors();
            }
            return;
        }
        let t = self.toks[last];
        if t.kind == TokenKind::Indent || t.kind == TokenKind::Dedent {
            let msg = if t.kind == TokenKind::Indent { "unexpected indent" } else { "unexpected unindent" };
            self.raise_last::<()>(ErrorKind::IndentationError, msg);
            return;
        }
        let loc = self.tok_loc(last);
        self.raise_range::<()>(loc, loc, "invalid syntax");
        self.tokenize_rest_for_errors();
    }

    /// The parser asked for a token past the tokenizer's error.
    fn tokenizer_failed(&self) -> bool {
        self.tok_error.is_some()
            && matches!((&self.error, &self.tok_error), (Some(ParseError::Syntax(e)), Some(te)) if *e == te.error)
    }

    /// Whether the parser fetched a token that the tokenizer made at the
    /// end of the source (where pegen.c, reading lines on demand at the
    /// prompt, would have read another line).
    pub fn read_past_end(&self) -> bool {
        self.fill >= self.eof_at
    }

    /// `_PyPegen_run_parser`: the first pass, then on failure the second
    /// pass with the invalid_* rules and the error selection.
    pub fn run<T>(&mut self, start: fn(&mut Self) -> Option<T>) -> Result<T, ParseError> {
        let res = start(self);
        if let Some(r) = res
            && self.error.is_none()
        {
            return Ok(r);
        }
        if let Some(e @ (ParseError::StackOverflow | ParseError::Value(_))) = &self.error {
            return Err(e.clone());
        }
        let last = self.fill.max(1) - 1;
        if self.allow_incomplete_input
            && (self.fill >= self.eof_at || (self.tokenizer_failed() && self.tok_error.as_ref().is_some_and(|te| te.at_eof)))
        {
            let (l, c, el, ec) = match self.toks.get(last).or(self.toks.last()) {
                Some(t) => (
                    i64::from(t.lineno),
                    i64::from(t.col_offset.max(0)) + 1,
                    i64::from(t.end_lineno),
                    i64::from(t.end_col_offset.max(0)) + 1,
                ),
                None => (0, 0, 0, 0),
            };
            // The tokenizer's ERRORTOKEN has no end (`end_col_offset == -1`).
            let ec = if self.tokenizer_failed() { -1 } else { ec };
            return Err(ParseError::Syntax(self.make_error(ErrorKind::IncompleteInputError, "incomplete input", l, c, el, ec)));
        }
        if self.error.is_none() {
            self.reset_for_error_pass();
            start(self);
        }
        if let Some(e @ (ParseError::StackOverflow | ParseError::Value(_))) = &self.error {
            return Err(e.clone());
        }
        self.set_syntax_error(last);
        Err(self.error.clone().expect("set_syntax_error sets an error"))
    }
}
