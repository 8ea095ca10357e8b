//! The matching engine, ported from Modules/_sre/sre_lib.h (`SRE(at)`,
//! `SRE(charset)`, `SRE(count)`, `SRE(match)`, `SRE(search)`) and the
//! character predicates of sre.c.
//!
//! `SRE(match)` never recurses natively for backtracking: as in CPython,
//! each sub-match is a context pushed on a heap stack (`State::ctxs`) and
//! the point to resume at is recorded in the parent (`Jump`). Saved marks
//! and repeat pointers go on a second heap stack (`State::data`). The
//! engine is generic over the subject's code unit (Latin-1 bytes, UCS-2,
//! UCS-4), like the three inclusions of sre_lib.h. Code words are read
//! with bounds checks: malformed code yields `SreError::Illegal`, never a
//! panic.

use super::constants::*;
use rupy::unicode::ctype;

/// A code unit of a subject string (`SRE_CHAR`).
pub trait SreChar: Copy {
    fn code(self) -> u32;
}

impl SreChar for u8 {
    #[inline]
    fn code(self) -> u32 {
        u32::from(self)
    }
}

impl SreChar for u16 {
    #[inline]
    fn code(self) -> u32 {
        u32::from(self)
    }
}

impl SreChar for u32 {
    #[inline]
    fn code(self) -> u32 {
        self
    }
}

/// The engine's failures (`SRE_ERROR_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SreError {
    /// `SRE_ERROR_ILLEGAL`: malformed code.
    Illegal,
    /// `SRE_ERROR_STATE`: an UNTIL outside any REPEAT.
    State,
}

/// `SRE_REPEAT`: the state of one REPEAT (or POSSESSIVE_REPEAT) being
/// matched, linked to the enclosing one.
#[derive(Clone, Copy)]
struct Repeat {
    count: isize,
    /// Index of the REPEAT's arguments in the code (`usize::MAX` for a
    /// possessive repeat, whose body never reaches an UNTIL).
    pattern: usize,
    /// Subject position of the last iteration (zero-width protection),
    /// -1 for none.
    last_ptr: isize,
    prev: Option<usize>,
}

/// Where a parent context resumes when its child finishes (`JUMP_*`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// `SRE(match_context)`.
#[derive(Clone, Copy)]
struct Ctx {
    count: isize,
    /// `u.chr` or `u.rep` (an index into `State::repeats`).
    u: usize,
    lastmark: isize,
    lastindex: isize,
    pattern: usize,
    ptr: usize,
    toplevel: bool,
    jump: Jump,
}

impl Ctx {
    fn new(pattern: usize, toplevel: bool, jump: Jump) -> Ctx {
        Ctx { count: 0, u: 0, lastmark: -1, lastindex: -1, pattern, ptr: 0, toplevel, jump }
    }
}

/// `SRE_STATE`, with positions as indices into the subject. `beginning`
/// is always 0; `end` is the end of the searched slice (`endpos`).
pub struct State {
    pub start: usize,
    pub end: usize,
    pub ptr: usize,
    pub pos: usize,
    pub endpos: usize,
    pub match_all: bool,
    pub must_advance: bool,
    pub lastmark: isize,
    pub lastindex: isize,
    /// Group marks, -1 where unset (`mark`, `2 * groups` of them).
    pub mark: Vec<isize>,
    repeat: Option<usize>,
    repeats: Vec<Repeat>,
    free_repeats: Vec<usize>,
    data: Vec<isize>,
    ctxs: Vec<Ctx>,
    sigcount: u32,
}

impl State {
    /// `state_init` for a subject of `length` code units searched from
    /// `start` to `end` (clamped), with `groups` capturing groups.
    pub fn new(groups: usize, length: usize, start: isize, end: isize) -> State {
        let clamp = |v: isize| v.clamp(0, length as isize) as usize;
        let (start, end) = (clamp(start), clamp(end));
        State {
            start,
            end,
            ptr: start,
            pos: start,
            endpos: end,
            match_all: false,
            must_advance: false,
            lastmark: -1,
            lastindex: -1,
            mark: vec![-1; groups * 2],
            repeat: None,
            repeats: Vec::new(),
            free_repeats: Vec::new(),
            data: Vec::new(),
            ctxs: Vec::new(),
            sigcount: 0,
        }
    }

    /// `state_reset`: forget the marks and stacks of the last attempt.
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = None;
        self.repeats.clear();
        self.free_repeats.clear();
        self.data.clear();
        self.ctxs.clear();
    }

    /// Span of group `index` (1-based) as `state_getslice` finds it, or
    /// `None` when the group did not take part.
    pub fn group_span(&self, index: usize) -> Option<(usize, usize)> {
        let i = (index - 1) * 2;
        if i as isize >= self.lastmark {
            return None;
        }
        let (a, b) = (*self.mark.get(i)?, *self.mark.get(i + 1)?);
        (a >= 0 && b >= 0).then_some((a as usize, b as usize))
    }

    fn new_repeat(&mut self, r: Repeat) -> usize {
        if let Some(i) = self.free_repeats.pop() {
            self.repeats[i] = r;
            i
        } else {
            self.repeats.push(r);
            self.repeats.len() - 1
        }
    }

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = (lastmark as usize + 1).min(self.mark.len());
            self.data.extend_from_slice(&self.mark[..n]);
        }
    }

    fn mark_pop(&mut self, lastmark: isize, discard: bool) -> Result<(), SreError> {
        if lastmark >= 0 {
            let n = (lastmark as usize + 1).min(self.mark.len());
            let base = self.data.len().checked_sub(n).ok_or(SreError::State)?;
            self.mark[..n].copy_from_slice(&self.data[base..]);
            if discard {
                self.data.truncate(base);
            }
        }
        Ok(())
    }

    fn mark_discard(&mut self, lastmark: isize) -> Result<(), SreError> {
        if lastmark >= 0 {
            let n = (lastmark as usize + 1).min(self.mark.len());
            let base = self.data.len().checked_sub(n).ok_or(SreError::State)?;
            self.data.truncate(base);
        }
        Ok(())
    }

    /// `MAYBE_CHECK_SIGNALS`: every 4096 steps, let the memory model's
    /// requests (stop-the-world, QSBR) through.
    #[inline]
    fn maybe_poll(&mut self) {
        self.sigcount = self.sigcount.wrapping_add(1);
        if self.sigcount & 0xfff == 0 {
            rupy::state::with_tstate(|ts| ts.poll_eval_breaker());
        }
    }
}

// ---------------------------------------------------------------------
// Character predicates (sre.c).

fn is_digit(ch: u32) -> bool {
    (u32::from(b'0')..=u32::from(b'9')).contains(&ch)
}

fn is_space(ch: u32) -> bool {
    matches!(ch, 0x20 | 0x09..=0x0d)
}

fn is_linebreak(ch: u32) -> bool {
    ch == u32::from(b'\n')
}

fn is_word(ch: u32) -> bool {
    ch < 128 && ((ch as u8).is_ascii_alphanumeric() || ch == u32::from(b'_'))
}

/// `sre_lower_ascii`.
pub fn lower_ascii(ch: u32) -> u32 {
    if ch < 128 { u32::from((ch as u8).to_ascii_lowercase()) } else { ch }
}

/// `SRE_LOC_IS_WORD` in the C locale.
fn loc_is_word(ch: u32) -> bool {
    is_word(ch)
}

/// `sre_lower_locale` in the C locale.
fn lower_locale(ch: u32) -> u32 {
    lower_ascii(ch)
}

/// `sre_upper_locale` in the C locale.
fn upper_locale(ch: u32) -> u32 {
    if ch < 128 { u32::from((ch as u8).to_ascii_uppercase()) } else { ch }
}

/// `sre_lower_unicode`.
pub fn lower_unicode(ch: u32) -> u32 {
    ctype::to_lower(ch)
}

/// `sre_upper_unicode`.
pub fn upper_unicode(ch: u32) -> u32 {
    ctype::to_upper(ch)
}

fn uni_is_word(ch: u32) -> bool {
    ctype::is_alnum(ch) || ch == u32::from(b'_')
}

/// `sre_category`.
fn category(cat: u32, ch: u32) -> bool {
    match cat {
        CATEGORY_DIGIT => is_digit(ch),
        CATEGORY_NOT_DIGIT => !is_digit(ch),
        CATEGORY_SPACE => is_space(ch),
        CATEGORY_NOT_SPACE => !is_space(ch),
        CATEGORY_WORD => is_word(ch),
        CATEGORY_NOT_WORD => !is_word(ch),
        CATEGORY_LINEBREAK => is_linebreak(ch),
        CATEGORY_NOT_LINEBREAK => !is_linebreak(ch),
        CATEGORY_LOC_WORD => loc_is_word(ch),
        CATEGORY_LOC_NOT_WORD => !loc_is_word(ch),
        CATEGORY_UNI_DIGIT => ctype::is_decimal(ch),
        CATEGORY_UNI_NOT_DIGIT => !ctype::is_decimal(ch),
        CATEGORY_UNI_SPACE => ctype::is_space(ch),
        CATEGORY_UNI_NOT_SPACE => !ctype::is_space(ch),
        CATEGORY_UNI_WORD => uni_is_word(ch),
        CATEGORY_UNI_NOT_WORD => !uni_is_word(ch),
        CATEGORY_UNI_LINEBREAK => ctype::is_linebreak(ch),
        CATEGORY_UNI_NOT_LINEBREAK => !ctype::is_linebreak(ch),
        _ => false,
    }
}

/// `char_loc_ignore`.
fn char_loc_ignore(pattern: u32, ch: u32) -> bool {
    ch == pattern || lower_locale(ch) == pattern || upper_locale(ch) == pattern
}

/// `SRE(at)`: is position `ptr` at the place `at` names?
fn at<C: SreChar>(st: &State, s: &[C], ptr: usize, at: u32) -> bool {
    let end = st.end;
    let boundary = |word: fn(u32) -> bool| -> Option<(bool, bool)> {
        if end == 0 {
            return None;
        }
        let that = ptr > 0 && word(s[ptr - 1].code());
        let this = ptr < end && word(s[ptr].code());
        Some((this, that))
    };
    match at {
        AT_BEGINNING | AT_BEGINNING_STRING => ptr == 0,
        AT_BEGINNING_LINE => ptr == 0 || is_linebreak(s[ptr - 1].code()),
        AT_END => (end - ptr == 1 && is_linebreak(s[ptr].code())) || ptr == end,
        AT_END_LINE => ptr == end || is_linebreak(s[ptr].code()),
        AT_END_STRING => ptr == end,
        AT_BOUNDARY => boundary(is_word).is_some_and(|(a, b)| a != b),
        AT_NON_BOUNDARY => boundary(is_word).is_none_or(|(a, b)| a == b),
        AT_LOC_BOUNDARY => boundary(loc_is_word).is_some_and(|(a, b)| a != b),
        AT_LOC_NON_BOUNDARY => boundary(loc_is_word).is_none_or(|(a, b)| a == b),
        AT_UNI_BOUNDARY => boundary(uni_is_word).is_some_and(|(a, b)| a != b),
        AT_UNI_NON_BOUNDARY => boundary(uni_is_word).is_none_or(|(a, b)| a == b),
        _ => false,
    }
}

/// `SRE(charset)`: is `ch` in the set starting at `code[set]`? A
/// malformed set does not match.
pub fn charset(code: &[u32], set: usize, ch: u32) -> bool {
    charset_of(code, set, [ch])
}

/// The set walk for several spellings of one character: a member
/// matches when it holds any of `chs`, so a `NEGATE` anywhere in the set
/// excludes every spelling at once.
fn charset_of<const N: usize>(code: &[u32], mut set: usize, chs: [u32; N]) -> bool {
    let get = |i: usize| code.get(i).copied();
    let mut ok = true;
    loop {
        let Some(op) = get(set) else { return false };
        set += 1;
        match op {
            OP_FAILURE => return !ok,
            OP_LITERAL => {
                if chs.iter().any(|&ch| Some(ch) == get(set)) {
                    return ok;
                }
                set += 1;
            }
            OP_CATEGORY => {
                if get(set).is_some_and(|c| chs.iter().any(|&ch| category(c, ch))) {
                    return ok;
                }
                set += 1;
            }
            OP_CHARSET => {
                // A 256-bit bitmap in 8 words.
                let bit = |ch: u32| ch < 256 && get(set + (ch as usize / 32)).is_some_and(|w| w & (1u32 << (ch & 31)) != 0);
                if chs.iter().any(|&ch| bit(ch)) {
                    return ok;
                }
                set += 8;
            }
            OP_RANGE => {
                let (Some(lo), Some(hi)) = (get(set), get(set + 1)) else { return false };
                if chs.iter().any(|&ch| lo <= ch && ch <= hi) {
                    return ok;
                }
                set += 2;
            }
            OP_RANGE_UNI_IGNORE => {
                let (Some(lo), Some(hi)) = (get(set), get(set + 1)) else { return false };
                let hit = |ch: u32| {
                    let uch = upper_unicode(ch);
                    (lo <= ch && ch <= hi) || (lo <= uch && uch <= hi)
                };
                if chs.iter().any(|&ch| hit(ch)) {
                    return ok;
                }
                set += 2;
            }
            OP_NEGATE => ok = !ok,
            OP_BIGCHARSET => {
                // <count> <256 block indices as bytes in 64 words> <blocks>
                let Some(count) = get(set) else { return false };
                set += 1;
                let blocks = set + 64;
                let hit = |ch: u32| {
                    if ch >= 0x10000 {
                        return false;
                    }
                    let byte = (ch >> 8) as usize;
                    let Some(block) = get(set + byte / 4).map(|w| usize::from(w.to_ne_bytes()[byte % 4])) else {
                        return false;
                    };
                    let bit = block * 256 + (ch as usize & 255);
                    get(blocks + bit / 32).is_some_and(|w| w & (1u32 << (bit & 31)) != 0)
                };
                if chs.iter().any(|&ch| hit(ch)) {
                    return ok;
                }
                set = blocks + count as usize * 8;
            }
            _ => return false,
        }
    }
}

/// `SRE(charset_loc_ignore)`: the set tested on the character's locale
/// lower and upper case together (3.14's fix for negated sets: `[^bc]`
/// must not match `B` because `b` is excluded).
fn charset_loc_ignore(code: &[u32], set: usize, ch: u32) -> bool {
    let lo = lower_locale(ch);
    let up = upper_locale(ch);
    if up == lo { charset_of(code, set, [lo]) } else { charset_of(code, set, [lo, up]) }
}

/// `SRE(count)`: how many times the single-width item at `code[pc]`
/// matches from `st.ptr`, at most `maxcount`.
fn count<C: SreChar>(st: &mut State, s: &[C], code: &[u32], pc: usize, maxcount: u32) -> Result<usize, SreError> {
    let start = st.ptr;
    let mut ptr = start;
    let mut end = st.end;
    if maxcount != MAXREPEAT && (maxcount as usize) < end - ptr {
        end = ptr + maxcount as usize;
    }
    let arg = |i: usize| code.get(i).copied().ok_or(SreError::Illegal);
    match arg(pc)? {
        OP_IN => {
            while ptr < end && charset(code, pc + 2, s[ptr].code()) {
                ptr += 1;
            }
        }
        OP_ANY => {
            while ptr < end && !is_linebreak(s[ptr].code()) {
                ptr += 1;
            }
        }
        OP_ANY_ALL => ptr = end,
        OP_LITERAL => {
            let chr = arg(pc + 1)?;
            while ptr < end && s[ptr].code() == chr {
                ptr += 1;
            }
        }
        OP_LITERAL_IGNORE => {
            let chr = arg(pc + 1)?;
            while ptr < end && lower_ascii(s[ptr].code()) == chr {
                ptr += 1;
            }
        }
        OP_LITERAL_UNI_IGNORE => {
            let chr = arg(pc + 1)?;
            while ptr < end && lower_unicode(s[ptr].code()) == chr {
                ptr += 1;
            }
        }
        OP_LITERAL_LOC_IGNORE => {
            let chr = arg(pc + 1)?;
            while ptr < end && char_loc_ignore(chr, s[ptr].code()) {
                ptr += 1;
            }
        }
        OP_NOT_LITERAL => {
            let chr = arg(pc + 1)?;
            while ptr < end && s[ptr].code() != chr {
                ptr += 1;
            }
        }
        OP_NOT_LITERAL_IGNORE => {
            let chr = arg(pc + 1)?;
            while ptr < end && lower_ascii(s[ptr].code()) != chr {
                ptr += 1;
            }
        }
        OP_NOT_LITERAL_UNI_IGNORE => {
            let chr = arg(pc + 1)?;
            while ptr < end && lower_unicode(s[ptr].code()) != chr {
                ptr += 1;
            }
        }
        OP_NOT_LITERAL_LOC_IGNORE => {
            let chr = arg(pc + 1)?;
            while ptr < end && !char_loc_ignore(chr, s[ptr].code()) {
                ptr += 1;
            }
        }
        _ => {
            // A general single-character pattern: match it repeatedly.
            while st.ptr < end {
                if !sre_match(st, s, code, pc, false)? {
                    break;
                }
            }
            return Ok(st.ptr - start);
        }
    }
    Ok(ptr - start)
}

/// What the engine does next.
enum Flow {
    /// Start matching the current context's pattern at `st.ptr`.
    Enter,
    /// Run opcodes at `pc`.
    Dispatch,
    /// The current context finished with `ret`.
    Exit,
    /// The loops of the backtracking operators, resumed after a child.
    BranchLoop,
    RepeatOneLiteral,
    RepeatOneGeneral,
    MinRepeatOneLoop,
    PossRepeatMin,
    PossRepeatLoop,
    PossRepeatEnd,
    MaxUntilTail,
}

/// `SRE(match)`: does the pattern at `code[pc]` match at `st.ptr`? On
/// success `st.ptr` is the end of the match.
pub fn sre_match<C: SreChar>(st: &mut State, s: &[C], code: &[u32], pc: usize, toplevel: bool) -> Result<bool, SreError> {
    let base = st.ctxs.len();
    let r = match_inner(st, s, code, pc, toplevel, base);
    if r.is_err() {
        st.ctxs.truncate(base);
    }
    r
}

fn match_inner<C: SreChar>(
    st: &mut State,
    s: &[C],
    code: &[u32],
    mut pc: usize,
    toplevel: bool,
    base: usize,
) -> Result<bool, SreError> {
    let end = st.end;
    let mut ptr: usize = st.ptr;
    let mut ret = false;
    let mut flow = Flow::Enter;
    st.ctxs.push(Ctx::new(pc, toplevel, Jump::None));

    // The code word at `i`, or an Illegal error.
    macro_rules! c {
        ($i:expr) => {
            *code.get($i).ok_or(SreError::Illegal)?
        };
    }
    // The current context.
    macro_rules! ctx {
        () => {
            st.ctxs.last_mut().ok_or(SreError::State)?
        };
    }
    macro_rules! fail {
        () => {{
            ret = false;
            flow = Flow::Exit;
            continue;
        }};
    }
    macro_rules! succeed {
        () => {{
            ret = true;
            flow = Flow::Exit;
            continue;
        }};
    }
    // DO_JUMPX: save the position, start a child context at `next`.
    macro_rules! do_jump {
        ($jump:expr, $next:expr, $toplevel:expr) => {{
            let next = $next;
            let top = $toplevel;
            let cx = ctx!();
            cx.pattern = pc;
            cx.ptr = ptr;
            st.ctxs.push(Ctx::new(next, top, $jump));
            pc = next;
            flow = Flow::Enter;
            continue;
        }};
    }
    macro_rules! lastmark_save {
        () => {{
            let (lm, li) = (st.lastmark, st.lastindex);
            let cx = ctx!();
            cx.lastmark = lm;
            cx.lastindex = li;
        }};
    }
    macro_rules! lastmark_restore {
        () => {{
            let cx = *ctx!();
            st.lastmark = cx.lastmark;
            st.lastindex = cx.lastindex;
        }};
    }
    macro_rules! rep {
        ($i:expr) => {
            st.repeats.get_mut($i).ok_or(SreError::State)?
        };
    }

    loop {
        match flow {
            Flow::Enter => {
                ptr = st.ptr;
                if code.get(pc) == Some(&OP_INFO) {
                    // <INFO> <skip> <flags> <min> ...: reject too short.
                    let min = c!(pc + 3) as usize;
                    if min != 0 && end.saturating_sub(ptr) < min {
                        fail!();
                    }
                    pc += c!(pc + 1) as usize + 1;
                }
                flow = Flow::Dispatch;
            }

            Flow::Dispatch => {
                st.maybe_poll();
                let op = c!(pc);
                pc += 1;
                match op {
                    OP_MARK => {
                        let i = c!(pc) as isize;
                        if i as usize >= st.mark.len() {
                            return Err(SreError::Illegal);
                        }
                        if i & 1 != 0 {
                            st.lastindex = i / 2 + 1;
                        }
                        if i > st.lastmark {
                            for j in (st.lastmark + 1)..i {
                                st.mark[j as usize] = -1;
                            }
                            st.lastmark = i;
                        }
                        st.mark[i as usize] = ptr as isize;
                        pc += 1;
                    }
                    OP_LITERAL => {
                        if ptr >= end || s[ptr].code() != c!(pc) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_NOT_LITERAL => {
                        if ptr >= end || s[ptr].code() == c!(pc) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_SUCCESS => {
                        let cx = *ctx!();
                        if cx.toplevel && ((st.match_all && ptr != st.end) || (st.must_advance && ptr == st.start)) {
                            fail!();
                        }
                        st.ptr = ptr;
                        succeed!();
                    }
                    OP_AT => {
                        if !at(st, s, ptr, c!(pc)) {
                            fail!();
                        }
                        pc += 1;
                    }
                    OP_CATEGORY => {
                        if ptr >= end || !category(c!(pc), s[ptr].code()) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_ANY => {
                        if ptr >= end || is_linebreak(s[ptr].code()) {
                            fail!();
                        }
                        ptr += 1;
                    }
                    OP_ANY_ALL => {
                        if ptr >= end {
                            fail!();
                        }
                        ptr += 1;
                    }
                    OP_IN => {
                        if ptr >= end || !charset(code, pc + 1, s[ptr].code()) {
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        ptr += 1;
                    }
                    OP_LITERAL_IGNORE => {
                        if ptr >= end || lower_ascii(s[ptr].code()) != c!(pc) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_LITERAL_UNI_IGNORE => {
                        if ptr >= end || lower_unicode(s[ptr].code()) != c!(pc) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_LITERAL_LOC_IGNORE => {
                        if ptr >= end || !char_loc_ignore(c!(pc), s[ptr].code()) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_NOT_LITERAL_IGNORE => {
                        if ptr >= end || lower_ascii(s[ptr].code()) == c!(pc) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_NOT_LITERAL_UNI_IGNORE => {
                        if ptr >= end || lower_unicode(s[ptr].code()) == c!(pc) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_NOT_LITERAL_LOC_IGNORE => {
                        if ptr >= end || char_loc_ignore(c!(pc), s[ptr].code()) {
                            fail!();
                        }
                        pc += 1;
                        ptr += 1;
                    }
                    OP_IN_IGNORE => {
                        if ptr >= end || !charset(code, pc + 1, lower_ascii(s[ptr].code())) {
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        ptr += 1;
                    }
                    OP_IN_UNI_IGNORE => {
                        if ptr >= end || !charset(code, pc + 1, lower_unicode(s[ptr].code())) {
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        ptr += 1;
                    }
                    OP_IN_LOC_IGNORE => {
                        if ptr >= end || !charset_loc_ignore(code, pc + 1, s[ptr].code()) {
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        ptr += 1;
                    }
                    OP_JUMP | OP_INFO => {
                        // <JUMP> <offset>
                        pc += c!(pc) as usize;
                    }
                    OP_BRANCH => {
                        // <BRANCH> <0=skip> code <JUMP> ... <NULL>
                        lastmark_save!();
                        if st.repeat.is_some() {
                            let lm = ctx!().lastmark;
                            st.mark_push(lm);
                        }
                        flow = Flow::BranchLoop;
                    }
                    OP_REPEAT_ONE => {
                        // <REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                        let min = c!(pc + 1) as usize;
                        if min > end.saturating_sub(ptr) {
                            fail!();
                        }
                        st.ptr = ptr;
                        let n = count(st, s, code, pc + 3, c!(pc + 2))?;
                        ctx!().count = n as isize;
                        ptr += n;
                        if n < min {
                            fail!();
                        }
                        let tail = pc + c!(pc) as usize;
                        let toplevel = ctx!().toplevel;
                        if c!(tail) == OP_SUCCESS && ptr == st.end && !(toplevel && st.must_advance && ptr == st.start) {
                            st.ptr = ptr;
                            succeed!();
                        }
                        lastmark_save!();
                        if st.repeat.is_some() {
                            let lm = ctx!().lastmark;
                            st.mark_push(lm);
                        }
                        if c!(tail) == OP_LITERAL {
                            ctx!().u = c!(tail + 1) as usize;
                            flow = Flow::RepeatOneLiteral;
                        } else {
                            flow = Flow::RepeatOneGeneral;
                        }
                    }
                    OP_MIN_REPEAT_ONE => {
                        // <MIN_REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                        let min = c!(pc + 1) as usize;
                        if min > end.saturating_sub(ptr) {
                            fail!();
                        }
                        st.ptr = ptr;
                        if min == 0 {
                            ctx!().count = 0;
                        } else {
                            let n = count(st, s, code, pc + 3, min as u32)?;
                            if n < min {
                                fail!();
                            }
                            ctx!().count = n as isize;
                            ptr += n;
                        }
                        let tail = pc + c!(pc) as usize;
                        let toplevel = ctx!().toplevel;
                        if c!(tail) == OP_SUCCESS
                            && !(toplevel && ((st.match_all && ptr != st.end) || (st.must_advance && ptr == st.start)))
                        {
                            st.ptr = ptr;
                            succeed!();
                        }
                        lastmark_save!();
                        if st.repeat.is_some() {
                            let lm = ctx!().lastmark;
                            st.mark_push(lm);
                        }
                        flow = Flow::MinRepeatOneLoop;
                    }
                    OP_POSSESSIVE_REPEAT_ONE => {
                        // <POSSESSIVE_REPEAT_ONE> <skip> <1=min> <2=max> item <SUCCESS> tail
                        let min = c!(pc + 1) as usize;
                        if min > end.saturating_sub(ptr) {
                            fail!();
                        }
                        st.ptr = ptr;
                        let n = count(st, s, code, pc + 3, c!(pc + 2))?;
                        ctx!().count = n as isize;
                        ptr += n;
                        if n < min {
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        let toplevel = ctx!().toplevel;
                        if c!(pc) == OP_SUCCESS && ptr == st.end && !(toplevel && st.must_advance && ptr == st.start) {
                            st.ptr = ptr;
                            succeed!();
                        }
                    }
                    OP_REPEAT => {
                        // <REPEAT> <skip> <1=min> <2=max> <3=repeat_index> item <UNTIL> tail
                        let prev = st.repeat;
                        let r = st.new_repeat(Repeat { count: -1, pattern: pc, last_ptr: -1, prev });
                        ctx!().u = r;
                        st.repeat = Some(r);
                        st.ptr = ptr;
                        do_jump!(Jump::Repeat, pc + c!(pc) as usize, ctx!().toplevel);
                    }
                    OP_MAX_UNTIL => {
                        // <REPEAT> <skip> <1=min> <2=max> item <MAX_UNTIL> tail
                        let r = st.repeat.ok_or(SreError::State)?;
                        ctx!().u = r;
                        st.ptr = ptr;
                        let rp = rep!(r).pattern;
                        let n = rep!(r).count + 1;
                        ctx!().count = n;
                        if n < c!(rp + 1) as isize {
                            rep!(r).count = n;
                            do_jump!(Jump::MaxUntil1, rp + 3, ctx!().toplevel);
                        }
                        let max = c!(rp + 2);
                        if (n < max as isize || max == MAXREPEAT) && st.ptr as isize != rep!(r).last_ptr {
                            // Try one more item.
                            rep!(r).count = n;
                            lastmark_save!();
                            let lm = ctx!().lastmark;
                            st.mark_push(lm);
                            let last = rep!(r).last_ptr;
                            st.data.push(last);
                            rep!(r).last_ptr = st.ptr as isize;
                            do_jump!(Jump::MaxUntil2, rp + 3, ctx!().toplevel);
                        }
                        flow = Flow::MaxUntilTail;
                    }
                    OP_MIN_UNTIL => {
                        let r = st.repeat.ok_or(SreError::State)?;
                        ctx!().u = r;
                        st.ptr = ptr;
                        let rp = rep!(r).pattern;
                        let n = rep!(r).count + 1;
                        ctx!().count = n;
                        if n < c!(rp + 1) as isize {
                            rep!(r).count = n;
                            do_jump!(Jump::MinUntil1, rp + 3, ctx!().toplevel);
                        }
                        // See whether the tail matches.
                        st.repeat = rep!(r).prev;
                        lastmark_save!();
                        if st.repeat.is_some() {
                            let lm = ctx!().lastmark;
                            st.mark_push(lm);
                        }
                        do_jump!(Jump::MinUntil2, pc, ctx!().toplevel);
                    }
                    OP_POSSESSIVE_REPEAT => {
                        // <POSSESSIVE_REPEAT> <skip> <1=min> <2=max> pattern <SUCCESS> tail
                        st.ptr = ptr;
                        let prev = st.repeat;
                        let r = st.new_repeat(Repeat { count: -1, pattern: usize::MAX, last_ptr: -1, prev });
                        ctx!().u = r;
                        st.repeat = Some(r);
                        ctx!().count = 0;
                        flow = Flow::PossRepeatMin;
                    }
                    OP_ATOMIC_GROUP => {
                        // <ATOMIC_GROUP> <skip> pattern <SUCCESS> tail
                        st.ptr = ptr;
                        do_jump!(Jump::AtomicGroup, pc + 1, false);
                    }
                    OP_GROUPREF | OP_GROUPREF_IGNORE | OP_GROUPREF_UNI_IGNORE | OP_GROUPREF_LOC_IGNORE => {
                        let g = c!(pc) as usize * 2;
                        if g as isize >= st.lastmark {
                            fail!();
                        }
                        let (p, e) = (st.mark[g], st.mark[g + 1]);
                        if p < 0 || e < 0 || e < p {
                            fail!();
                        }
                        let fold: fn(u32) -> u32 = match op {
                            OP_GROUPREF => |c| c,
                            OP_GROUPREF_IGNORE => lower_ascii,
                            OP_GROUPREF_UNI_IGNORE => lower_unicode,
                            _ => lower_locale,
                        };
                        let (p, e) = (p as usize, e as usize);
                        let n = e - p;
                        if n > end.saturating_sub(ptr)
                            || !(0..n).all(|k| fold(s[ptr + k].code()) == fold(s[p + k].code()))
                        {
                            fail!();
                        }
                        ptr += n;
                        pc += 1;
                    }
                    OP_GROUPREF_EXISTS => {
                        // <GROUPREF_EXISTS> <group> <skip> codeyes <JUMP> codeno ...
                        let g = c!(pc) as usize * 2;
                        let exists = (g as isize) < st.lastmark && {
                            let (p, e) = (st.mark[g], st.mark[g + 1]);
                            p >= 0 && e >= 0 && e >= p
                        };
                        if exists {
                            pc += 2;
                        } else {
                            pc += c!(pc + 1) as usize;
                        }
                    }
                    OP_ASSERT => {
                        // <ASSERT> <skip> <back> <pattern>
                        let back = c!(pc + 1) as usize;
                        if ptr < back {
                            fail!();
                        }
                        st.ptr = ptr - back;
                        do_jump!(Jump::Assert, pc + 2, false);
                    }
                    OP_ASSERT_NOT => {
                        // <ASSERT_NOT> <skip> <back> <pattern>
                        let back = c!(pc + 1) as usize;
                        if ptr >= back {
                            st.ptr = ptr - back;
                            lastmark_save!();
                            if st.repeat.is_some() {
                                let lm = ctx!().lastmark;
                                st.mark_push(lm);
                            }
                            do_jump!(Jump::AssertNot, pc + 2, false);
                        }
                        pc += c!(pc) as usize;
                    }
                    OP_FAILURE => fail!(),
                    _ => return Err(SreError::Illegal),
                }
            }

            Flow::BranchLoop => {
                // Try the alternatives from `pc` on (each `<skip> code`),
                // passing over those whose first character cannot match.
                let mut found = false;
                loop {
                    let skip = c!(pc) as usize;
                    if skip == 0 {
                        break;
                    }
                    let first = c!(pc + 1);
                    if (first == OP_LITERAL && (ptr >= end || s[ptr].code() != c!(pc + 2)))
                        || (first == OP_IN && (ptr >= end || !charset(code, pc + 3, s[ptr].code())))
                    {
                        pc += skip;
                        continue;
                    }
                    found = true;
                    break;
                }
                if found {
                    st.ptr = ptr;
                    do_jump!(Jump::Branch, pc + 1, ctx!().toplevel);
                }
                if st.repeat.is_some() {
                    let lm = ctx!().lastmark;
                    st.mark_discard(lm)?;
                }
                fail!();
            }

            Flow::RepeatOneLiteral => {
                // The tail starts with a literal: skip positions where it
                // cannot match.
                let min = c!(pc + 1) as isize;
                let chr = ctx!().u as u32;
                let cx = ctx!();
                while cx.count >= min && (ptr >= end || s[ptr].code() != chr) {
                    ptr = ptr.wrapping_sub(1);
                    cx.count -= 1;
                }
                if cx.count >= min {
                    st.ptr = ptr;
                    do_jump!(Jump::RepeatOne1, pc + c!(pc) as usize, ctx!().toplevel);
                }
                if st.repeat.is_some() {
                    let lm = ctx!().lastmark;
                    st.mark_discard(lm)?;
                }
                fail!();
            }

            Flow::RepeatOneGeneral => {
                let min = c!(pc + 1) as isize;
                if ctx!().count >= min {
                    st.ptr = ptr;
                    do_jump!(Jump::RepeatOne2, pc + c!(pc) as usize, ctx!().toplevel);
                }
                if st.repeat.is_some() {
                    let lm = ctx!().lastmark;
                    st.mark_discard(lm)?;
                }
                fail!();
            }

            Flow::MinRepeatOneLoop => {
                let max = c!(pc + 2);
                if max == MAXREPEAT || ctx!().count <= max as isize {
                    st.ptr = ptr;
                    do_jump!(Jump::MinRepeatOne, pc + c!(pc) as usize, ctx!().toplevel);
                }
                if st.repeat.is_some() {
                    let lm = ctx!().lastmark;
                    st.mark_discard(lm)?;
                }
                fail!();
            }

            Flow::PossRepeatMin => {
                if ctx!().count < c!(pc + 1) as isize {
                    do_jump!(Jump::PossRepeat1, pc + 3, false);
                }
                // Start the loop with no position that equals st.ptr.
                ptr = usize::MAX;
                flow = Flow::PossRepeatLoop;
            }

            Flow::PossRepeatLoop => {
                let max = c!(pc + 2);
                let n = ctx!().count;
                if (n < max as isize || max == MAXREPEAT) && st.ptr != ptr {
                    lastmark_save!();
                    let lm = ctx!().lastmark;
                    st.mark_push(lm);
                    ptr = st.ptr;
                    do_jump!(Jump::PossRepeat2, pc + 3, false);
                }
                flow = Flow::PossRepeatEnd;
            }

            Flow::PossRepeatEnd => {
                let r = ctx!().u;
                st.repeat = rep!(r).prev;
                st.free_repeats.push(r);
                // Skip the body and its SUCCESS, go on with the tail.
                pc += c!(pc) as usize + 1;
                ptr = st.ptr;
                flow = Flow::Dispatch;
            }

            Flow::MaxUntilTail => {
                // No more items here: the tail must match.
                let r = ctx!().u;
                st.repeat = rep!(r).prev;
                do_jump!(Jump::MaxUntil3, pc, ctx!().toplevel);
            }

            Flow::Exit => {
                let done = st.ctxs.pop().ok_or(SreError::State)?;
                if st.ctxs.len() <= base {
                    return Ok(ret);
                }
                let cx = *ctx!();
                pc = cx.pattern;
                ptr = cx.ptr;
                match done.jump {
                    Jump::None => return Ok(ret),
                    Jump::Branch => {
                        if ret {
                            if st.repeat.is_some() {
                                st.mark_discard(cx.lastmark)?;
                            }
                            succeed!();
                        }
                        if st.repeat.is_some() {
                            st.mark_pop(cx.lastmark, false)?;
                        }
                        lastmark_restore!();
                        pc += c!(pc) as usize;
                        flow = Flow::BranchLoop;
                    }
                    Jump::RepeatOne1 | Jump::RepeatOne2 => {
                        if ret {
                            if st.repeat.is_some() {
                                st.mark_discard(cx.lastmark)?;
                            }
                            succeed!();
                        }
                        if st.repeat.is_some() {
                            st.mark_pop(cx.lastmark, false)?;
                        }
                        lastmark_restore!();
                        ptr = ptr.wrapping_sub(1);
                        ctx!().count -= 1;
                        flow = if done.jump == Jump::RepeatOne1 { Flow::RepeatOneLiteral } else { Flow::RepeatOneGeneral };
                    }
                    Jump::MinRepeatOne => {
                        if ret {
                            if st.repeat.is_some() {
                                st.mark_discard(cx.lastmark)?;
                            }
                            succeed!();
                        }
                        if st.repeat.is_some() {
                            st.mark_pop(cx.lastmark, false)?;
                        }
                        lastmark_restore!();
                        st.ptr = ptr;
                        if count(st, s, code, pc + 3, 1)? == 0 {
                            if st.repeat.is_some() {
                                st.mark_discard(cx.lastmark)?;
                            }
                            fail!();
                        }
                        ptr += 1;
                        ctx!().count += 1;
                        flow = Flow::MinRepeatOneLoop;
                    }
                    Jump::Repeat => {
                        let r = cx.u;
                        st.repeat = rep!(r).prev;
                        st.free_repeats.push(r);
                        if ret {
                            succeed!();
                        }
                        fail!();
                    }
                    Jump::MaxUntil1 | Jump::MinUntil1 => {
                        if ret {
                            succeed!();
                        }
                        rep!(cx.u).count = cx.count - 1;
                        st.ptr = ptr;
                        fail!();
                    }
                    Jump::MaxUntil2 => {
                        let last = st.data.pop().ok_or(SreError::State)?;
                        rep!(cx.u).last_ptr = last;
                        if ret {
                            st.mark_discard(cx.lastmark)?;
                            succeed!();
                        }
                        st.mark_pop(cx.lastmark, true)?;
                        lastmark_restore!();
                        rep!(cx.u).count = cx.count - 1;
                        st.ptr = ptr;
                        flow = Flow::MaxUntilTail;
                    }
                    Jump::MaxUntil3 => {
                        st.repeat = Some(cx.u);
                        if ret {
                            succeed!();
                        }
                        st.ptr = ptr;
                        fail!();
                    }
                    Jump::MinUntil2 => {
                        let repeat_of_tail = st.repeat;
                        st.repeat = Some(cx.u);
                        if ret {
                            if repeat_of_tail.is_some() {
                                st.mark_discard(cx.lastmark)?;
                            }
                            succeed!();
                        }
                        if repeat_of_tail.is_some() {
                            st.mark_pop(cx.lastmark, true)?;
                        }
                        lastmark_restore!();
                        st.ptr = ptr;
                        let rp = rep!(cx.u).pattern;
                        let max = c!(rp + 2);
                        if (cx.count >= max as isize && max != MAXREPEAT) || st.ptr as isize == rep!(cx.u).last_ptr {
                            fail!();
                        }
                        rep!(cx.u).count = cx.count;
                        let last = rep!(cx.u).last_ptr;
                        st.data.push(last);
                        rep!(cx.u).last_ptr = st.ptr as isize;
                        do_jump!(Jump::MinUntil3, rp + 3, cx.toplevel);
                    }
                    Jump::MinUntil3 => {
                        let last = st.data.pop().ok_or(SreError::State)?;
                        rep!(cx.u).last_ptr = last;
                        if ret {
                            succeed!();
                        }
                        rep!(cx.u).count = cx.count - 1;
                        st.ptr = ptr;
                        fail!();
                    }
                    Jump::PossRepeat1 => {
                        if ret {
                            ctx!().count += 1;
                            flow = Flow::PossRepeatMin;
                        } else {
                            st.ptr = ptr;
                            st.repeat = rep!(cx.u).prev;
                            st.free_repeats.push(cx.u);
                            fail!();
                        }
                    }
                    Jump::PossRepeat2 => {
                        if ret {
                            st.mark_discard(cx.lastmark)?;
                            ctx!().count += 1;
                            flow = Flow::PossRepeatLoop;
                        } else {
                            st.mark_pop(cx.lastmark, true)?;
                            lastmark_restore!();
                            st.ptr = ptr;
                            flow = Flow::PossRepeatEnd;
                        }
                    }
                    Jump::AtomicGroup => {
                        if !ret {
                            st.ptr = ptr;
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        ptr = st.ptr;
                        flow = Flow::Dispatch;
                    }
                    Jump::Assert => {
                        if !ret {
                            fail!();
                        }
                        pc += c!(pc) as usize;
                        flow = Flow::Dispatch;
                    }
                    Jump::AssertNot => {
                        if ret {
                            if st.repeat.is_some() {
                                st.mark_discard(cx.lastmark)?;
                            }
                            fail!();
                        }
                        if st.repeat.is_some() {
                            st.mark_pop(cx.lastmark, true)?;
                        }
                        lastmark_restore!();
                        pc += c!(pc) as usize;
                        flow = Flow::Dispatch;
                    }
                }
            }
        }
    }
}

/// `RESET_CAPTURE_GROUP`.
fn reset_capture_group(st: &mut State) {
    st.lastmark = -1;
    st.lastindex = -1;
}

/// `SRE(search)`: the first match at or after `st.start`; on success
/// `st.start`/`st.ptr` delimit it.
pub fn sre_search<C: SreChar>(st: &mut State, s: &[C], code: &[u32]) -> Result<bool, SreError> {
    let mut ptr = st.start;
    let mut end = st.end;
    if ptr > end {
        return Ok(false);
    }
    let c = |i: usize| code.get(i).copied().ok_or(SreError::Illegal);
    let mut pc = 0;
    let mut flags = 0;
    let mut prefix: Option<(usize, usize, usize)> = None; // (start, len, skip)
    let mut charset_at: Option<usize> = None;
    if c(0)? == OP_INFO {
        // <INFO> <1=skip> <2=flags> <3=min> <4=max> <5=prefix info>
        flags = c(2)?;
        let min = c(3)? as usize;
        if min != 0 && end - ptr < min {
            return Ok(false);
        }
        if min > 1 {
            // Leave room for the shortest match, but at least one
            // character so that a literal search works.
            end = end.saturating_sub(min - 1).max(ptr);
        }
        if flags & INFO_PREFIX != 0 {
            // <length> <skip> <prefix data> <overlap data>
            prefix = Some((7, c(5)? as usize, c(6)? as usize));
        } else if flags & INFO_CHARSET != 0 {
            charset_at = Some(5);
        }
        pc = 1 + c(1)? as usize;
    }

    if let Some((pstart, plen, pskip)) = prefix.filter(|p| p.1 == 1) {
        // The pattern starts with a literal character.
        let ch = c(pstart)?;
        let _ = plen;
        end = st.end;
        st.must_advance = false;
        while ptr < end {
            while s[ptr].code() != ch {
                ptr += 1;
                if ptr >= end {
                    return Ok(false);
                }
            }
            st.start = ptr;
            st.ptr = ptr + pskip;
            if flags & INFO_LITERAL != 0 {
                return Ok(true);
            }
            if sre_match(st, s, code, pc + 2 * pskip, false)? {
                return Ok(true);
            }
            ptr += 1;
            reset_capture_group(st);
        }
        return Ok(false);
    }

    if let Some((pstart, plen, pskip)) = prefix.filter(|p| p.1 > 1) {
        // A known prefix: skip forward with the overlap table.
        let overlap = pstart + plen - 1;
        end = st.end;
        if plen > end - ptr {
            return Ok(false);
        }
        let first = c(pstart)?;
        while ptr < end {
            loop {
                let ch = s[ptr].code();
                ptr += 1;
                if ch == first {
                    break;
                }
                if ptr >= end {
                    return Ok(false);
                }
            }
            if ptr >= end {
                return Ok(false);
            }
            let mut i = 1;
            st.must_advance = false;
            loop {
                if s[ptr].code() == c(pstart + i)? {
                    i += 1;
                    if i != plen {
                        ptr += 1;
                        if ptr >= end {
                            return Ok(false);
                        }
                        continue;
                    }
                    // A possible match.
                    st.start = ptr + 1 - plen;
                    st.ptr = ptr + 1 + pskip - plen;
                    if flags & INFO_LITERAL != 0 {
                        return Ok(true);
                    }
                    if sre_match(st, s, code, pc + 2 * pskip, false)? {
                        return Ok(true);
                    }
                    ptr += 1;
                    if ptr >= end {
                        return Ok(false);
                    }
                    reset_capture_group(st);
                }
                i = c(overlap + i)? as usize;
                if i == 0 {
                    break;
                }
            }
        }
        return Ok(false);
    }

    if let Some(set) = charset_at {
        // The pattern starts with a character from a known set.
        end = st.end;
        st.must_advance = false;
        loop {
            while ptr < end && !charset(code, set, s[ptr].code()) {
                ptr += 1;
            }
            if ptr >= end {
                return Ok(false);
            }
            st.start = ptr;
            st.ptr = ptr;
            if sre_match(st, s, code, pc, false)? {
                return Ok(true);
            }
            ptr += 1;
            reset_capture_group(st);
        }
    }

    // The general case.
    st.start = ptr;
    st.ptr = ptr;
    let mut status = sre_match(st, s, code, pc, true)?;
    st.must_advance = false;
    if !status && c(pc)? == OP_AT && matches!(c(pc + 1)?, AT_BEGINNING | AT_BEGINNING_STRING) {
        st.start = end;
        st.ptr = end;
        return Ok(false);
    }
    while !status && ptr < end {
        ptr += 1;
        reset_capture_group(st);
        st.start = ptr;
        st.ptr = ptr;
        status = sre_match(st, s, code, pc, false)?;
    }
    Ok(status)
}
