//! Tracebacks: the traceback object, ported from Python/traceback.c
//! (`PyTraceBackObject`, `PyTraceBack_Here`, `tb_next` / `tb_lasti` /
//! `tb_lineno`, `tb_traverse` / `tb_clear`), and the report of an uncaught
//! exception, written to `sys.stderr` (`_PyErr_Display`). Since 3.13
//! CPython's `PyErr_Display` prints through Lib/traceback.py, so the
//! display is a port of its `TracebackException` (the chain of causes and
//! contexts with the `_seen` set, `__notes__`, exception groups with their
//! `+-+---- 1 ----` boxes, `max_group_width` 15 and `max_group_depth` 10,
//! the SyntaxError block of `_format_syntax_error`, the "Did you mean"
//! suggestions of `_compute_suggestion_error`) and of `StackSummary`
//! (`format_frame_summary` with multi-line segments, the `~`/`^` anchors
//! of `_extract_caret_anchors_from_line_segment`, `_should_show_carets`,
//! and the "[Previous line repeated N more times]" folding).
//!
//! An entry made for an eval-loop frame keeps the frame's frame object
//! (`tb_frame`), which takes over the frame's final state when it is
//! released; an entry made without one (`except*` splits) keeps the code
//! object, the instruction offset and, once an exception has left the
//! frame, its last instruction and final locals, and `tb_frame` makes a
//! detached frame object of them. The names of the innermost frame's
//! bound locals and its `self` are recorded when a NameError or
//! AttributeError passes through it, for the suggestions.

use std::collections::HashSet;

use rupy_gc::object::PyObjectLike;
use rupy_gc::{ObjectHeader, PyRef};

use crate::ast::nodes::{ExprKind, Mod, StmtKind};
use crate::errors::{self, PyResult};
use crate::objects::codeobject::CodeObject;
use crate::objects::descrobject::GetSetDef;
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions::{self, BaseExceptionGroupObject, BaseExceptionObject};
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, ObjSlot, PyClass, PyObject, downcast, into_obj, type_of};
use crate::objects::typeobject::{TypeObject, TypeSlots};
use crate::objects::unicodeobject::StrObject;

/// A traceback entry (`PyTracebackObject`).
#[repr(C)]
pub struct TracebackObject {
    ob_base: ObjectHeader,
    /// `tb_next`: the entry of the frame called from this one.
    tb_next: ObjSlot,
    /// `tb_frame`: the frame object, when the entry was made for a frame.
    tb_frame: ObjSlot,
    /// The code running in the frame.
    tb_code: PyRef<CodeObject>,
    /// `tb_lasti`, in code units.
    tb_lasti: usize,
    /// The frame's last instruction once an exception left it (what
    /// `tb_frame.f_lasti` / `f_lineno` show); `tb_lasti` until then.
    frame_lasti: std::sync::atomic::AtomicUsize,
    /// The frame's locals when an exception left it (`tb_frame.f_locals`):
    /// the traceback keeps them alive, as CPython's frame object does.
    frame_locals: ObjSlot,
    /// `tb_lineno`.
    tb_lineno: i32,
    /// The frame's `f_globals`, if known.
    globals: Option<PyRef<DictObject>>,
    /// The frame's `f_builtins`, if known.
    builtins: Option<PyRef<DictObject>>,
    /// The names in the frame's `f_locals` (recorded for NameError and
    /// AttributeError only).
    local_names: Option<Vec<String>>,
    /// The frame's local `self`, recorded with `local_names`.
    local_self: ObjSlot,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TracebackObject {}

impl PyClass for TracebackObject {
    fn type_object() -> &'static TypeObject {
        &TRACEBACK_TYPE
    }
}

fn tb_of(v: &PyObject) -> PyResult<&TracebackObject> {
    downcast::<TracebackObject>(v).ok_or_else(errors::bad_internal_call)
}

fn get_tb_next(v: &PyObject) -> PyResult<ObjRef> {
    Ok(tb_of(v)?.tb_next.get().unwrap_or_else(object::none))
}

/// `tb_next_set`: a traceback or None, without making a loop.
fn set_tb_next(v: &PyObject, value: Option<&PyObject>) -> PyResult<()> {
    let tb = tb_of(v)?;
    let Some(value) = value else {
        return Err(errors::set_string(exceptions::type_error(), "can't delete tb_next attribute"));
    };
    if object::is_none(value) {
        tb.tb_next.set(None);
        return Ok(());
    }
    if downcast::<TracebackObject>(value).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("expected traceback object or None, got '{}'", type_of(value).name()),
        ));
    }
    let mut cur = Some(object::new_ref(value));
    while let Some(c) = cur {
        if object::is(&c, v) {
            return Err(errors::set_string(exceptions::value_error(), "traceback loop detected"));
        }
        cur = downcast::<TracebackObject>(&c).and_then(|t| t.tb_next.get());
    }
    tb.tb_next.set(Some(object::new_ref(value)));
    Ok(())
}

fn get_tb_lineno(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(i64::from(tb_of(v)?.tb_lineno))
}

/// `tb_lasti` in bytes, as CPython reports it.
fn get_tb_lasti(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_i64(tb_of(v)?.tb_lasti as i64 * 2)
}

/// `tb_frame`: a frame object for the entry's frame (code, globals and
/// position; see objects/frameobject.rs `detached`).
fn get_tb_frame(v: &PyObject) -> PyResult<ObjRef> {
    let tb = tb_of(v)?;
    if let Some(f) = tb.tb_frame.get() {
        return Ok(f);
    }
    let globals = match &tb.globals {
        Some(g) => g.clone(),
        None => DictObject::new()?,
    };
    let lasti = tb.frame_lasti.load(std::sync::atomic::Ordering::Relaxed);
    crate::objects::frameobject::detached(tb.tb_code.clone(), globals, lasti, tb.frame_locals.get())
}

/// An exception leaves `frame`: the frame's entry (the newest of `exc`'s
/// traceback) records its last instruction, as a finished frame's
/// `f_lineno` is that of the instruction it ended on (a RERAISE at the
/// end of a `finally` or of an unmatched `except`, PEP 626), and its
/// final locals, which stay alive with the traceback.
pub fn frame_exited(exc: &PyObject, frame: &crate::vm::frame::Frame) {
    let Some(tb) = downcast::<BaseExceptionObject>(exc).and_then(BaseExceptionObject::traceback) else { return };
    let Some(t) = downcast::<TracebackObject>(&tb) else { return };
    if !core::ptr::eq(&*t.tb_code, &*frame.code) || !t.tb_frame.peek().is_null() {
        return;
    }
    t.frame_lasti.store(frame.instr, std::sync::atomic::Ordering::Relaxed);
    match frame.locals_snapshot() {
        Ok(l) => t.frame_locals.set(Some(l)),
        Err(_) => errors::clear(),
    }
}

/// `tb_traverse`.
fn tb_traverse(v: &PyObject, visit: &mut dyn FnMut(&PyObject)) {
    if let Some(tb) = downcast::<TracebackObject>(v) {
        tb.tb_next.visit(visit);
        tb.tb_frame.visit(visit);
        tb.local_self.visit(visit);
        tb.frame_locals.visit(visit);
        for d in tb.globals.iter().chain(tb.builtins.iter()) {
            visit(crate::objects::object::as_obj(&**d));
        }
    }
}

/// `tb_clear`.
fn tb_clear(v: &PyObject) {
    if let Some(tb) = downcast::<TracebackObject>(v) {
        tb.tb_next.set(None);
        tb.tb_frame.set(None);
        tb.local_self.set(None);
        tb.frame_locals.set(None);
    }
}

static TRACEBACK_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "tb_frame", get: get_tb_frame, set: None, doc: None },
    GetSetDef { name: "tb_next", get: get_tb_next, set: Some(set_tb_next), doc: None },
    GetSetDef { name: "tb_lineno", get: get_tb_lineno, set: None, doc: None },
    GetSetDef { name: "tb_lasti", get: get_tb_lasti, set: None, doc: None },
];

/// `traceback` (`PyTraceBack_Type`).
pub static TRACEBACK_TYPE: TypeObject = TypeObject::new_static(
    "traceback",
    size_of::<TracebackObject>(),
    object::dealloc_simple::<TracebackObject>,
    TypeSlots {
        tp_getattro: Some(object::generic_get_attr),
        tp_setattro: Some(object::generic_set_attr),
        tp_traverse: Some(tb_traverse),
        tp_clear: Some(tb_clear),
        ..TypeSlots::EMPTY
    },
)
.with_getset(&TRACEBACK_GETSET);

/// `PyTraceBack_Here`: prepends an entry for the frame running `code`
/// at code unit `lasti` to `exc`'s `__traceback__`.
pub fn here(exc: &PyObject, code: &PyRef<CodeObject>, lasti: usize) -> PyResult<()> {
    push_entry(exc, code, lasti, None)
}

/// `PyTraceBack_Here` for an eval-loop frame: also keeps the frame's
/// namespaces for the NameError/AttributeError suggestions.
pub fn here_frame(exc: &PyObject, frame: &crate::vm::frame::Frame) -> PyResult<()> {
    push_entry(exc, &frame.code, frame.instr, Some(frame))
}

fn push_entry(
    exc: &PyObject,
    code: &PyRef<CodeObject>,
    lasti: usize,
    frame: Option<&crate::vm::frame::Frame>,
) -> PyResult<()> {
    let Some(e) = downcast::<BaseExceptionObject>(exc) else {
        return Ok(());
    };
    let next = e.traceback();
    // The innermost entry of a NameError / AttributeError records the
    // frame's local names and `self` (what `tb_frame.f_locals` gives).
    let wants_locals = next.is_none()
        && (object::type_check(exc, exceptions::name_error())
            || object::type_check(exc, exceptions::attribute_error()));
    let (mut local_names, local_self) = (None, ObjSlot::empty());
    if wants_locals && let Some(f) = frame {
        let mut names = Vec::new();
        if let Some(l) = f.locals.as_deref().and_then(downcast::<DictObject>) {
            for (k, v) in l.items() {
                if let Some(s) = downcast::<StrObject>(&k) {
                    let s = s.to_string_lossy();
                    if s == "self" {
                        local_self.set(Some(v));
                    }
                    names.push(s);
                }
            }
        } else {
            for (i, name) in f.code.localsplusnames.iter().enumerate() {
                let Some(v) = f.localsplus.get(i).and_then(|s| s.get()) else { continue };
                let s = downcast::<StrObject>(name).map(StrObject::to_string_lossy).unwrap_or_default();
                if s == "self" {
                    local_self.set(Some(object::new_ref(v)));
                }
                names.push(s);
            }
        }
        local_names = Some(names);
    }
    let tb_frame = match frame {
        Some(f) => Some(crate::objects::frameobject::frame_object(f)?),
        None => None,
    };
    let tb = TracebackObject {
        ob_base: ObjectHeader::new(&TRACEBACK_TYPE.head),
        tb_next: ObjSlot::new(next),
        tb_frame: ObjSlot::new(tb_frame),
        tb_code: code.clone(),
        tb_lasti: lasti,
        frame_lasti: std::sync::atomic::AtomicUsize::new(lasti),
        frame_locals: ObjSlot::empty(),
        tb_lineno: code.addr2line(lasti),
        globals: frame.map(|f| f.globals.clone()),
        builtins: frame.map(|f| f.builtins.clone()),
        local_names,
        local_self,
    };
    e.set_traceback_obj(Some(into_obj(object::new_object(tb)?)));
    Ok(())
}

// ---------------------------------------------------------------------
// Text helpers (textwrap, linecache, str methods)

/// `str.splitlines()` for the line breaks source text uses.
fn splitlines(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                out.push(&rest[..i]);
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                out.push(rest);
                break;
            }
        }
    }
    out
}

/// `textwrap.dedent`: removes the common leading whitespace; lines of
/// only whitespace become empty.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut margin: Option<&str> = None;
    for l in &lines {
        let body = l.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            continue;
        }
        let ws = &body[..body.len() - body.trim_start_matches([' ', '\t']).len()];
        margin = Some(match margin {
            None => ws,
            Some(m) => {
                let n = m.bytes().zip(ws.bytes()).take_while(|(a, b)| a == b).count();
                &m[..n]
            }
        });
    }
    let m = margin.unwrap_or("").len();
    let mut out = String::new();
    for l in lines {
        let body = l.trim_end_matches(['\n', '\r']);
        let nl = &l[body.len()..];
        if body.trim().is_empty() {
            out.push_str(nl);
        } else {
            out.push_str(&body[m.min(body.len())..]);
            out.push_str(nl);
        }
    }
    out
}

/// `textwrap.indent(text, prefix, lambda line: True)`.
fn indent_all(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    for l in text.split_inclusive('\n') {
        out.push_str(prefix);
        out.push_str(l);
    }
    out
}

/// Line `lineno` (1-based) of a source file, as `linecache.getline`
/// reads it (in the encoding the file declares, `tokenize.open`), without
/// its line break; empty when unavailable.
fn getline(filename: &str, lineno: i32) -> String {
    let Some(n) = usize::try_from(lineno).ok().and_then(|n| n.checked_sub(1)) else { return String::new() };
    let Some(lines) = crate::parser::tokenizer::source_file_lines(filename) else { return String::new() };
    lines.get(n).map(|s| s.trim_end_matches(['\n', '\r']).to_owned()).unwrap_or_default()
}

/// The source of the `-c` command, waiting for its code object.
static PENDING_COMMAND: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// The module code objects of the `-c` command and of the statements typed
/// at the interactive prompt (their addresses; the objects are kept alive
/// for the process) with their sources (`linecache._register_code`).
static REGISTERED_CODE: std::sync::Mutex<Vec<(usize, String)>> = std::sync::Mutex::new(Vec::new());

/// Records the source of `-c`, for [`register_command_code`].
pub fn register_command_source(source: &str) {
    *PENDING_COMMAND.lock().unwrap_or_else(|e| e.into_inner()) = Some(source.to_owned());
}

/// Ties the pending `-c` source to the module code compiled from it, so
/// its tracebacks show source lines as CPython's do (pymain_run_command
/// registers the command with linecache). No-op without a pending source.
pub fn register_command_code(code: &PyRef<CodeObject>) {
    let Some(src) = PENDING_COMMAND.lock().unwrap_or_else(|e| e.into_inner()).take() else { return };
    register_code(code, src);
}

/// `linecache._register_code(code, source, name)` for the traceback
/// printer: lines of `code`, and of the code nested in it, come from
/// `source` (a statement typed at the prompt, the `-c` command).
pub fn register_code(code: &PyRef<CodeObject>, source: String) {
    let addr = PyRef::into_raw(code.clone()).as_ptr() as usize;
    REGISTERED_CODE.lock().unwrap_or_else(|e| e.into_inner()).push((addr, source));
}

/// Whether `target` is `root` or a code object nested in its constants.
fn code_contains(root: &CodeObject, target: &CodeObject) -> bool {
    if core::ptr::eq(root, target) {
        return true;
    }
    root.consts.iter().any(|c| downcast::<CodeObject>(c).is_some_and(|c| code_contains(c, target)))
}

/// `linecache._getline_from_code`: a line of the registered source `code`
/// was compiled from (the newest registration that holds it).
fn getline_from_code(code: &CodeObject, lineno: i32) -> String {
    let guard = REGISTERED_CODE.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: registered code objects were leaked (kept alive) by
    // `register_code`.
    let found = guard.iter().rev().find(|(addr, _)| code_contains(unsafe { &*(*addr as *const CodeObject) }, code));
    let Some((_, src)) = found else { return String::new() };
    let Some(n) = usize::try_from(lineno).ok().and_then(|n| n.checked_sub(1)) else { return String::new() };
    splitlines(src).get(n).map(|s| (*s).to_owned()).unwrap_or_default()
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The first `n` characters of `s`.
fn char_prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The characters of `s` from index `n` on.
fn char_suffix(s: &str, n: usize) -> &str {
    &s[char_prefix(s, n).len()..]
}

/// `_byte_offset_to_character_offset`: the characters in the first
/// `offset` UTF-8 bytes (a cut character counts as one).
fn byte_to_char_offset(s: &str, offset: i64) -> usize {
    let bytes = s.as_bytes();
    let offset = usize::try_from(offset).unwrap_or(0).min(bytes.len());
    let head = &bytes[..offset];
    match core::str::from_utf8(head) {
        Ok(h) => char_len(h),
        Err(e) => char_len(core::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")) + 1,
    }
}

/// East Asian Wide and Fullwidth characters (the ranges of
/// `unicodedata.east_asian_width` in "W" or "F" that occur in practice).
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

/// `_display_width`: the width of the first `offset` characters.
fn display_width(line: &str, offset: usize) -> usize {
    if line.is_ascii() {
        return offset;
    }
    line.chars().take(offset).map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

// ---------------------------------------------------------------------
// StackSummary

/// One frame of a stack summary (`FrameSummary`).
struct FrameSummary {
    code: PyRef<CodeObject>,
    filename: String,
    name: String,
    lineno: i32,
    end_lineno: Option<i32>,
    colno: Option<i32>,
    end_colno: Option<i32>,
}

/// The entries of a traceback, outermost first.
fn extract_tb(tb: Option<ObjRef>) -> Vec<FrameSummary> {
    let mut out = Vec::new();
    let mut cur = tb;
    while let Some(t) = cur {
        let Some(e) = downcast::<TracebackObject>(&t) else { break };
        let loc = e.tb_code.addr2location(e.tb_lasti);
        let lineno = if loc.line < 0 { e.tb_lineno } else { loc.line };
        out.push(FrameSummary {
            code: e.tb_code.clone(),
            filename: e.tb_code.filename_str(),
            name: e.tb_code.name_str(),
            lineno,
            end_lineno: (loc.line >= 0 && loc.end_line >= 0).then_some(loc.end_line),
            colno: (loc.col >= 0).then_some(loc.col),
            end_colno: (loc.end_col >= 0).then_some(loc.end_col),
        });
        cur = e.tb_next.get();
    }
    out
}

/// `_Anchors`: where the secondary characters go.
struct Anchors {
    left_end_lineno: usize,
    left_end_offset: usize,
    right_start_lineno: usize,
    right_start_offset: usize,
    primary: char,
    secondary: char,
}

/// `_extract_caret_anchors_from_line_segment`: for a binary operator,
/// the operator; for a subscript or a call, the brackets.
fn caret_anchors(segment: &str) -> Option<Anchors> {
    let wrapped = format!("(\n{segment}\n)");
    let Ok(Mod::Module(m)) = crate::parser::parser::parse(&wrapped, "<string>", crate::parser::parser::Mode::Exec)
    else {
        return None;
    };
    if m.body.len() != 1 {
        return None;
    }
    let StmtKind::Expr { value } = &m.body[0].kind else { return None };
    let lines: Vec<Vec<char>> = splitlines(segment).iter().map(|l| l.chars().collect()).collect();
    let raw: Vec<&str> = splitlines(segment);
    let normalize = |lineno: usize, offset: i32| byte_to_char_offset(raw.get(lineno).copied().unwrap_or(""), i64::from(offset));
    let next_valid = |mut lineno: usize, mut col: usize| -> Option<(usize, usize)> {
        while lineno < lines.len() && col >= lines[lineno].len() {
            col = 0;
            lineno += 1;
        }
        (lineno < lines.len()).then_some((lineno, col))
    };
    let increment_until = |mut lineno: usize, mut col: usize, stop: &dyn Fn(char) -> bool| -> Option<(usize, usize)> {
        loop {
            let ch = *lines.get(lineno)?.get(col)?;
            if ch == '\\' || ch == '#' {
                (lineno, col) = next_valid(lineno + 1, 0)?;
            } else if !stop(ch) {
                (lineno, col) = next_valid(lineno, col + 1)?;
            } else {
                return Some((lineno, col));
            }
        }
    };
    let end_of = |e: &crate::ast::nodes::Expr, force_valid: bool| -> Option<(usize, usize)> {
        let lineno = usize::try_from(e.loc.end_lineno - 2).ok()?;
        let col = normalize(lineno, e.loc.end_col_offset);
        if force_valid { next_valid(lineno, col) } else { Some((lineno, col)) }
    };
    match &value.kind {
        ExprKind::BinOp { left, right, .. } => {
            let (lineno, col) = end_of(left, true)?;
            let (lineno, col) = increment_until(lineno, col, &|c: char| !c.is_whitespace() && c != ')')?;
            let mut right_col = col + 1;
            let line = &lines[lineno];
            if right_col < line.len() {
                let right_line = usize::try_from(right.loc.lineno - 2).unwrap_or(0);
                let inside = right_line > lineno || right_col < normalize(right_line, right.loc.col_offset);
                let ch = line[right_col];
                if inside && !ch.is_whitespace() && ch != '\\' && ch != '#' {
                    right_col += 1;
                }
            }
            Some(Anchors {
                left_end_lineno: lineno,
                left_end_offset: col,
                right_start_lineno: lineno,
                right_start_offset: right_col,
                primary: '~',
                secondary: '^',
            })
        }
        ExprKind::Subscript { value: inner, .. } | ExprKind::Call { func: inner, .. } => {
            let bracket = if matches!(value.kind, ExprKind::Subscript { .. }) { '[' } else { '(' };
            let (l, c) = end_of(inner, true)?;
            let (l, c) = increment_until(l, c, &|ch: char| ch == bracket)?;
            let (rl, rc) = end_of(value, false)?;
            Some(Anchors {
                left_end_lineno: l,
                left_end_offset: c,
                right_start_lineno: rl,
                right_start_offset: rc,
                primary: '~',
                secondary: '^',
            })
        }
        _ => None,
    }
}

/// `_should_show_carets`: not for a whole-line `return f(...)` or
/// `x = f(...)`, nor when the carets would cover the whole line.
fn should_show_carets(start_offset: usize, end_offset: usize, all_lines: &[&str], anchors: bool) -> bool {
    let src = all_lines.join("\n");
    if let Ok(Mod::Module(m)) = crate::parser::parser::parse(&src, "<string>", crate::parser::parser::Mode::Exec) {
        let Some(st) = m.body.first() else { return false };
        let value = match &st.kind {
            StmtKind::Return { value: Some(v) } => match &v.kind {
                ExprKind::Call { func, .. } if matches!(func.kind, ExprKind::Name { .. }) => Some(v),
                _ => None,
            },
            StmtKind::Assign { targets, value, .. }
                if matches!(value.kind, ExprKind::Call { .. })
                    && targets.len() == 1
                    && matches!(targets[0].kind, ExprKind::Name { .. }) =>
            {
                Some(value)
            }
            _ => None,
        };
        if let Some(v) = value
            && v.loc.lineno == 1
            && v.loc.end_lineno as usize == all_lines.len()
            && v.loc.col_offset as usize == start_offset
            && v.loc.end_col_offset as usize == end_offset
        {
            return false;
        }
    }
    if anchors {
        return true;
    }
    let first = all_lines[0];
    let last = all_lines[all_lines.len() - 1];
    !char_prefix(first, start_offset).trim_start().is_empty() || !char_suffix(last, end_offset).trim_end().is_empty()
}

/// `StackSummary.format_frame_summary`.
fn format_frame_summary(f: &FrameSummary) -> String {
    let mut row = format!("  File \"{}\", line {}, in {}\n", f.filename, f.lineno, f.name);
    let Some(end_lineno) = f.end_lineno else { return row };
    if end_lineno < f.lineno {
        return row;
    }
    let originals: Vec<String> = (f.lineno..=end_lineno)
        .map(|n| {
            let line = getline(&f.filename, n).trim_end().to_owned();
            if line.is_empty() && f.filename.starts_with('<') {
                getline_from_code(&f.code, n).trim_end().to_owned()
            } else {
                line
            }
        })
        .collect();
    let original = originals.join("\n") + "\n";
    let dedented = dedent(&original);
    if dedented.trim().is_empty() {
        return row;
    }
    let (Some(colno), Some(end_colno)) = (f.colno, f.end_colno) else {
        row.push_str(&indent_all(originals[0].trim(), "    "));
        row.push('\n');
        return row;
    };
    let first_line = originals[0].as_str();
    let last_line = originals[originals.len() - 1].as_str();
    let start_offset = byte_to_char_offset(first_line, i64::from(colno));
    let end_offset = byte_to_char_offset(last_line, i64::from(end_colno));
    let all_lines: Vec<&str> = splitlines(&dedented);
    let all_lines: Vec<&str> = all_lines.into_iter().take(originals.len()).collect();
    if all_lines.is_empty() {
        return row;
    }
    let dedent_chars = char_len(first_line).saturating_sub(char_len(all_lines[0]));
    let start_offset = start_offset.saturating_sub(dedent_chars);
    let end_offset = end_offset.saturating_sub(dedent_chars);
    let dp_start = display_width(all_lines[0], start_offset);
    let dp_end = display_width(all_lines[all_lines.len() - 1], end_offset);
    let joined = all_lines.join("\n");
    let total = char_len(&joined);
    let last_len = char_len(all_lines[all_lines.len() - 1]);
    let seg_end = total.saturating_sub(last_len.saturating_sub(end_offset));
    let segment: String = joined.chars().skip(start_offset).take(seg_end.saturating_sub(start_offset)).collect();
    let anchors = caret_anchors(&segment);
    let show_carets = should_show_carets(start_offset, end_offset, &all_lines, anchors.is_some());

    let n = all_lines.len();
    let mut significant: Vec<usize> = vec![0, n - 1];
    let (mut left_off, mut right_off) = (0usize, 0usize);
    let (mut primary, mut secondary) = ('^', '^');
    if let Some(a) = &anchors {
        left_off = a.left_end_offset;
        right_off = a.right_start_offset;
        if a.left_end_lineno == 0 {
            left_off += start_offset;
        }
        if a.right_start_lineno == 0 {
            right_off += start_offset;
        }
        left_off = display_width(all_lines.get(a.left_end_lineno).copied().unwrap_or(""), left_off);
        right_off = display_width(all_lines.get(a.right_start_lineno).copied().unwrap_or(""), right_off);
        primary = a.primary;
        secondary = a.secondary;
        for l in [a.left_end_lineno, a.right_start_lineno] {
            for x in [l as i64 - 1, l as i64, l as i64 + 1] {
                if x >= 0 && (x as usize) < n {
                    significant.push(x as usize);
                }
            }
        }
    }
    significant.sort_unstable();
    significant.dedup();

    let mut result = String::new();
    let output_line = |lineno: usize, result: &mut String| {
        let line = all_lines[lineno];
        result.push_str(line);
        result.push('\n');
        if !show_carets {
            return;
        }
        let num_spaces = char_len(line) - char_len(line.trim_start());
        let num_carets = if lineno == n - 1 { dp_end } else { display_width(line, char_len(line)) };
        let mut carets = String::new();
        for col in 0..num_carets {
            let c = if col < num_spaces || (lineno == 0 && col < dp_start) {
                ' '
            } else if let Some(a) = &anchors
                && (lineno > a.left_end_lineno || (lineno == a.left_end_lineno && col >= left_off))
                && (lineno < a.right_start_lineno || (lineno == a.right_start_lineno && col < right_off))
            {
                secondary
            } else {
                primary
            };
            carets.push(c);
        }
        result.push_str(&carets);
        result.push('\n');
    };
    for (i, &lineno) in significant.iter().enumerate() {
        if i > 0 {
            let diff = lineno - significant[i - 1];
            if diff == 2 {
                output_line(lineno - 1, &mut result);
            } else if diff > 2 {
                result.push_str(&format!("...<{} lines>...\n", diff - 1));
            }
        }
        output_line(lineno, &mut result);
    }
    row.push_str(&indent_all(&dedent(&result), "    "));
    row
}

/// `StackSummary.format`: the frames, with runs of the same location
/// folded after three.
fn format_stack(frames: &[FrameSummary]) -> String {
    const CUTOFF: usize = 3;
    let mut out = String::new();
    let mut last: Option<(&str, i32, &str)> = None;
    let mut count = 0usize;
    let fold = |out: &mut String, count: usize| {
        let n = count - CUTOFF;
        out.push_str(&format!("  [Previous line repeated {n} more time{}]\n", if n > 1 { "s" } else { "" }));
    };
    for f in frames {
        let key = (f.filename.as_str(), f.lineno, f.name.as_str());
        if last != Some(key) {
            if count > CUTOFF {
                fold(&mut out, count);
            }
            last = Some(key);
            count = 0;
        }
        count += 1;
        if count > CUTOFF {
            continue;
        }
        out.push_str(&format_frame_summary(f));
    }
    if count > CUTOFF {
        fold(&mut out, count);
    }
    out
}

// ---------------------------------------------------------------------
// TracebackException

/// `_safe_string(value, what)`: `str(value)`, or `<what str() failed>`.
fn safe_str(v: &PyObject, what: &str) -> String {
    match object::str(v) {
        Ok(s) => s.to_string_lossy(),
        Err(_) => {
            errors::clear();
            format!("<{what} str() failed>")
        }
    }
}

/// `exc_type_str`: the qualified name, prefixed by the module unless it
/// is `__main__` or `builtins`.
fn type_str(ty: &TypeObject) -> String {
    let attr = |name: &str| -> Option<ObjRef> {
        match object::get_attr_str(crate::objects::object::as_obj(ty), name) {
            Ok(v) => Some(v),
            Err(_) => {
                errors::clear();
                None
            }
        }
    };
    let qualname = attr("__qualname__")
        .and_then(|q| downcast::<StrObject>(&q).map(StrObject::to_string_lossy))
        .unwrap_or_else(|| ty.name().to_owned());
    let module = attr("__module__");
    match module.as_deref().and_then(downcast::<StrObject>).map(StrObject::to_string_lossy) {
        Some(m) if m == "__main__" || m == "builtins" => qualname,
        Some(m) => format!("{m}.{qualname}"),
        None => format!("<unknown>.{qualname}"),
    }
}

/// `getattr(v, name, None)` without raising.
fn attr_or_none(v: &PyObject, name: &str) -> Option<ObjRef> {
    match object::get_attr_str(v, name) {
        Ok(x) if object::is_none(&x) => None,
        Ok(x) => Some(x),
        Err(_) => {
            errors::clear();
            None
        }
    }
}

/// The candidate names of `dir(obj)`, sorted (`_get_safe___dir__`).
fn dir_names(obj: &PyObject) -> Option<Vec<String>> {
    let dir = match object::get_attr_str(obj, "__dir__").and_then(|d| object::call(&d, &[])) {
        Ok(d) => Ok(d),
        Err(_) => {
            errors::clear();
            crate::builtins::introspect::dir(Some(obj))
        }
    };
    let Ok(dir) = dir else {
        errors::clear();
        return None;
    };
    let items = match crate::objects::r#abstract::collect(&dir) {
        Ok(i) => i,
        Err(_) => {
            errors::clear();
            return None;
        }
    };
    let mut names: Vec<String> =
        items.iter().filter_map(|x| downcast::<StrObject>(x).map(StrObject::to_string_lossy)).collect();
    names.sort();
    Some(names)
}

/// The innermost entry of a traceback.
fn last_entry(tb: Option<ObjRef>) -> Option<ObjRef> {
    let mut cur = tb?;
    loop {
        let next = downcast::<TracebackObject>(&cur)?.tb_next.get();
        match next {
            Some(n) => cur = n,
            None => return Some(cur),
        }
    }
}

/// `_compute_suggestion_error` for NameError and AttributeError.
fn compute_suggestion(exc: &PyObject, wrong: &str) -> Option<String> {
    let tb = downcast::<BaseExceptionObject>(exc)?.traceback();
    let last = last_entry(tb);
    let entry = last.as_deref().and_then(downcast::<TracebackObject>);
    let candidates: Vec<String> = if object::type_check(exc, exceptions::attribute_error()) {
        let obj = object::get_attr_str(exc, "obj").ok().or_else(|| {
            errors::clear();
            None
        })?;
        let mut d = dir_names(&obj)?;
        let mut hide = !wrong.starts_with('_');
        if hide
            && let Some(e) = entry
            && let Some(s) = e.local_self.get()
            && object::is(&s, &obj)
        {
            hide = false;
        }
        if hide {
            d.retain(|x| !x.starts_with('_'));
        }
        d
    } else {
        let e = entry?;
        let mut d: Vec<String> = e.local_names.clone().unwrap_or_default();
        for ns in [&e.globals, &e.builtins].into_iter().flatten() {
            for (k, _) in ns.items() {
                if let Some(s) = downcast::<StrObject>(&k) {
                    d.push(s.to_string_lossy());
                }
            }
        }
        if let Some(s) = e.local_self.get() {
            match object::get_attr_str(&s, wrong) {
                Ok(_) => return Some(format!("self.{wrong}")),
                Err(_) => errors::clear(),
            }
        }
        d
    };
    let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
    crate::vm::suggestions::calculate(&refs, wrong).map(str::to_owned)
}


/// `TracebackException._str` with the suggestions of its `__init__`.
fn exception_str(exc: &PyObject) -> String {
    let mut s = safe_str(exc, "exception");
    let is_name = object::type_check(exc, exceptions::name_error());
    if is_name || object::type_check(exc, exceptions::attribute_error()) {
        let wrong = attr_or_none(exc, "name");
        if let Some(w) = wrong.as_deref().and_then(downcast::<StrObject>).map(StrObject::to_string_lossy) {
            let suggestion = compute_suggestion(exc, &w);
            if let Some(sg) = &suggestion {
                s.push_str(&format!(". Did you mean: '{sg}'?"));
            }
            if is_name && crate::sysmod::stdlib_names::STDLIB_MODULE_NAMES.contains(&w.as_str()) {
                if suggestion.is_some() {
                    s.push_str(&format!(" Or did you forget to import '{w}'?"));
                } else {
                    s.push_str(&format!(". Did you forget to import '{w}'?"));
                }
            }
        }
    }
    s
}

/// `TracebackException._format_syntax_error`.
fn format_syntax_error(exc: &PyObject, stype: &str) -> String {
    let mut out = String::new();
    let filename = attr_or_none(exc, "filename");
    let lineno = attr_or_none(exc, "lineno").map(|l| safe_str(&l, "lineno"));
    let end_lineno = attr_or_none(exc, "end_lineno").map(|l| safe_str(&l, "end_lineno"));
    let int_of = |v: Option<ObjRef>| -> Option<i64> {
        let v = v?;
        downcast::<IntObject>(&v).and_then(IntObject::as_i64)
    };
    let offset_obj = attr_or_none(exc, "offset");
    let offset = int_of(offset_obj.clone());
    let end_offset = int_of(attr_or_none(exc, "end_offset"));
    let mut suffix = String::new();
    if let Some(l) = &lineno {
        let f = filename.as_deref().map(|f| safe_str(f, "filename")).filter(|f| !f.is_empty());
        out.push_str(&format!("  File \"{}\", line {l}\n", f.as_deref().unwrap_or("<string>")));
    } else if let Some(f) = &filename {
        suffix = format!(" ({})", safe_str(f, "filename"));
    }
    let text = attr_or_none(exc, "text").and_then(|t| downcast::<StrObject>(&t).map(StrObject::to_string_lossy));
    if let Some(text) = text {
        let rtext = text.trim_end_matches('\n');
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = char_len(rtext) - char_len(ltext);
        match (offset_obj.is_some(), offset) {
            (false, _) => out.push_str(&format!("    {ltext}\n")),
            (true, Some(offset)) => {
                let rlen = char_len(rtext) as i64;
                let tlen = char_len(&text) as i64;
                let mut offset = offset;
                let mut end = if lineno == end_lineno {
                    match end_offset {
                        Some(e) if e != 0 => e,
                        _ => offset,
                    }
                } else {
                    rlen + 1
                };
                if !text.is_empty() && offset > tlen {
                    offset = rlen + 1;
                }
                if !text.is_empty() && end > tlen {
                    end = rlen + 1;
                }
                if offset >= end || end < 0 {
                    end = offset + 1;
                }
                let colno = offset - 1 - spaces as i64;
                let end_colno = end - 1 - spaces as i64;
                out.push_str(&format!("    {ltext}\n"));
                if colno >= 0 {
                    let caretspace: String = ltext
                        .chars()
                        .take(colno as usize)
                        .map(|c| if c.is_whitespace() { c } else { ' ' })
                        .collect();
                    let n = usize::try_from(end_colno - colno).unwrap_or(0);
                    out.push_str(&format!("    {caretspace}{}\n", "^".repeat(n)));
                }
            }
            (true, None) => {}
        }
    }
    let msg = match attr_or_none(exc, "msg") {
        Some(m) => {
            let s = safe_str(&m, "msg");
            if s.is_empty() { "<no detail available>".to_owned() } else { s }
        }
        None => "<no detail available>".to_owned(),
    };
    out.push_str(&format!("{stype}: {msg}{suffix}\n"));
    out
}

/// `TracebackException.format_exception_only` (depth 0, no group).
fn format_exception_only(exc: &PyObject) -> String {
    let stype = type_str(type_of(exc));
    let mut out = if object::type_check(exc, exceptions::syntax_error()) {
        format_syntax_error(exc, &stype)
    } else {
        let s = exception_str(exc);
        if s.is_empty() { format!("{stype}\n") } else { format!("{stype}: {s}\n") }
    };
    let notes = match object::get_attr_str(exc, "__notes__") {
        Ok(n) if object::is_none(&n) => None,
        Ok(n) => Some(Ok(n)),
        Err(_) => {
            let e = errors::take_raised();
            if e.as_deref().is_some_and(|e| object::type_check(e, exceptions::attribute_error())) {
                None
            } else {
                let r = e
                    .map(|e| match object::repr(&e) {
                        Ok(r) => r.to_string_lossy(),
                        Err(_) => {
                            errors::clear();
                            "<__notes__ repr() failed>".to_owned()
                        }
                    })
                    .unwrap_or_default();
                Some(Err(format!("Ignored error getting __notes__: {r}")))
            }
        }
    };
    match notes {
        None => {}
        Some(Err(line)) => {
            out.push_str(&line);
            out.push('\n');
        }
        Some(Ok(n)) => {
            let seq = object::type_check(&n, &crate::objects::listobject::LIST_TYPE)
                || object::type_check(&n, &crate::objects::tupleobject::TUPLE_TYPE);
            if seq {
                let items = crate::objects::r#abstract::collect(&n).unwrap_or_else(|_| {
                    errors::clear();
                    Vec::new()
                });
                for note in items {
                    for l in safe_str(&note, "note").split('\n') {
                        out.push_str(l);
                        out.push('\n');
                    }
                }
            } else {
                let r = match object::repr(&n) {
                    Ok(r) => r.to_string_lossy(),
                    Err(_) => {
                        errors::clear();
                        "<__notes__ repr() failed>".to_owned()
                    }
                };
                out.push_str(&r);
                out.push('\n');
            }
        }
    }
    out
}

/// A node of the `TracebackException` tree.
struct Node {
    exc: ObjRef,
    cause: Option<usize>,
    context: Option<usize>,
    exceptions: Option<Vec<usize>>,
    suppress_context: bool,
}

/// `TracebackException.__init__`'s conversion of causes, contexts and
/// group members, with its `_seen` set (compact form).
fn build_tree(exc: &PyObject) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    let id = |o: &PyObject| core::ptr::from_ref(o) as usize;
    let new_node = |nodes: &mut Vec<Node>, seen: &mut HashSet<usize>, e: ObjRef| -> usize {
        seen.insert(id(&e));
        let suppress = downcast::<BaseExceptionObject>(&e).is_some_and(BaseExceptionObject::suppress_context);
        nodes.push(Node { exc: e, cause: None, context: None, exceptions: None, suppress_context: suppress });
        nodes.len() - 1
    };
    let root = new_node(&mut nodes, &mut seen, object::new_ref(exc));
    let mut queue = vec![root];
    while let Some(i) = queue.pop() {
        let e = nodes[i].exc.clone();
        let base = downcast::<BaseExceptionObject>(&e);
        let cause = base
            .and_then(BaseExceptionObject::cause)
            .filter(|c| !seen.contains(&id(c)))
            .map(|c| new_node(&mut nodes, &mut seen, c));
        let need_context = cause.is_none() && !nodes[i].suppress_context;
        let context = if need_context {
            base.and_then(BaseExceptionObject::context)
                .filter(|c| !seen.contains(&id(c)))
                .map(|c| new_node(&mut nodes, &mut seen, c))
        } else {
            None
        };
        let subs = downcast::<BaseExceptionGroupObject>(&e)
            .map(|g| g.exceptions().into_iter().map(|x| new_node(&mut nodes, &mut seen, x)).collect::<Vec<_>>());
        nodes[i].cause = cause;
        nodes[i].context = context;
        nodes[i].exceptions = subs.clone();
        queue.extend(cause);
        queue.extend(context);
        queue.extend(subs.unwrap_or_default());
    }
    nodes
}

/// `_ExceptionPrintContext`.
struct PrintCtx {
    depth: usize,
    need_close: bool,
}

impl PrintCtx {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// `emit`: every line prefixed by the indent and, inside a group, the
    /// margin character.
    fn emit(&self, out: &mut String, text: &str, margin: Option<char>) {
        let mut prefix = self.indent();
        if self.depth > 0 {
            prefix.push(margin.unwrap_or('|'));
            prefix.push(' ');
        }
        out.push_str(&indent_all(text, &prefix));
    }
}

const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;
const CAUSE_MESSAGE: &str = "\nThe above exception was the direct cause of the following exception:\n\n";
const CONTEXT_MESSAGE: &str = "\nDuring handling of the above exception, another exception occurred:\n\n";

/// `TracebackException.format`.
fn format_node(nodes: &[Node], start: usize, ctx: &mut PrintCtx, out: &mut String) {
    let mut chain: Vec<(Option<&str>, usize)> = Vec::new();
    let mut cur = Some(start);
    while let Some(i) = cur {
        let n = &nodes[i];
        if let Some(c) = n.cause {
            chain.push((Some(CAUSE_MESSAGE), i));
            cur = Some(c);
        } else if let (Some(c), false) = (n.context, n.suppress_context) {
            chain.push((Some(CONTEXT_MESSAGE), i));
            cur = Some(c);
        } else {
            chain.push((None, i));
            cur = None;
        }
    }
    for &(msg, i) in chain.iter().rev() {
        if let Some(m) = msg {
            ctx.emit(out, m, None);
        }
        let n = &nodes[i];
        let tb = downcast::<BaseExceptionObject>(&n.exc).and_then(BaseExceptionObject::traceback);
        let stack = extract_tb(tb);
        match &n.exceptions {
            None => {
                if !stack.is_empty() {
                    ctx.emit(out, "Traceback (most recent call last):\n", None);
                    ctx.emit(out, &format_stack(&stack), None);
                }
                ctx.emit(out, &format_exception_only(&n.exc), None);
            }
            Some(_) if ctx.depth > MAX_GROUP_DEPTH => {
                ctx.emit(out, &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"), None);
            }
            Some(subs) => {
                let toplevel = ctx.depth == 0;
                if toplevel {
                    ctx.depth += 1;
                }
                if !stack.is_empty() {
                    ctx.emit(
                        out,
                        "Exception Group Traceback (most recent call last):\n",
                        Some(if toplevel { '+' } else { '|' }),
                    );
                    ctx.emit(out, &format_stack(&stack), None);
                }
                ctx.emit(out, &format_exception_only(&n.exc), None);
                let num = subs.len();
                let shown = if num <= MAX_GROUP_WIDTH { num } else { MAX_GROUP_WIDTH + 1 };
                ctx.need_close = false;
                for k in 0..shown {
                    let last = k == shown - 1;
                    if last {
                        ctx.need_close = true;
                    }
                    let truncated = k >= MAX_GROUP_WIDTH;
                    let title = if truncated { "...".to_owned() } else { (k + 1).to_string() };
                    out.push_str(&ctx.indent());
                    out.push_str(if k == 0 { "+-" } else { "  " });
                    out.push_str(&format!("+---------------- {title} ----------------\n"));
                    ctx.depth += 1;
                    if !truncated {
                        format_node(nodes, subs[k], ctx, out);
                    } else {
                        let remaining = num - MAX_GROUP_WIDTH;
                        let plural = if remaining > 1 { "s" } else { "" };
                        ctx.emit(out, &format!("and {remaining} more exception{plural}\n"), None);
                    }
                    if last && ctx.need_close {
                        out.push_str(&ctx.indent());
                        out.push_str("+------------------------------------\n");
                        ctx.need_close = false;
                    }
                    ctx.depth -= 1;
                }
                if toplevel {
                    ctx.depth = 0;
                }
            }
        }
    }
}

/// The full report of `exc` as CPython prints it on stderr for an
/// uncaught exception (`PyErr_Display` → `traceback.print_exception`).
pub fn format_exception(exc: &PyObject) -> String {
    let nodes = build_tree(exc);
    let mut out = String::new();
    let mut ctx = PrintCtx { depth: 0, need_close: false };
    format_node(&nodes, 0, &mut ctx, &mut out);
    out
}

/// The default `sys.unraisablehook` report (`write_unraisable_exc_file`
/// of Python/errors.c): `{msg}:`, then the traceback as the C printer
/// shows it (`PyTraceBack_Print`: source lines without carets), then
/// `module.Type: message`, on stderr. For errors that cannot propagate
/// (finalizers, weakref callbacks, generator close on free).
pub fn write_unraisable(msg: &str, exc: &PyObject) {
    write_unraisable_report(Some(msg), None, exc);
}

/// `write_unraisable_exc_file`: the header is `{msg}: {obj!r}` with an
/// object, `Exception ignored in: {obj!r}` without a message, else
/// `{msg}:`.
fn write_unraisable_report(msg: Option<&str>, obj: Option<&PyObject>, exc: &PyObject) {
    crate::builtins::flush_stdout();
    let mut out = String::new();
    match (obj, msg) {
        (Some(o), _) => {
            out.push_str(msg.unwrap_or("Exception ignored in"));
            out.push_str(": ");
            match object::repr(o) {
                Ok(r) => out.push_str(&r.to_string_lossy()),
                Err(_) => {
                    errors::clear();
                    out.push_str("<object repr() failed>");
                }
            }
            out.push('\n');
        }
        (None, Some(m)) => {
            out.push_str(m);
            out.push_str(":\n");
        }
        (None, None) => {}
    }
    let tb = downcast::<crate::objects::exceptions::BaseExceptionObject>(exc).and_then(|e| e.traceback());
    if tb.is_some() {
        out.push_str("Traceback (most recent call last):\n");
        for f in extract_tb(tb) {
            out.push_str(&format!("  File \"{}\", line {}, in {}\n", f.filename, f.lineno, f.name));
            let line = getline(&f.filename, f.lineno);
            let line = line.trim();
            if !line.is_empty() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    let ty = type_str(type_of(exc));
    let text = safe_str(exc, "exception");
    if text.is_empty() {
        out.push_str(&format!("{ty}\n"));
    } else {
        out.push_str(&format!("{ty}: {text}\n"));
    }
    eprint!("{out}");
}

static UNRAISABLE_HOOK_ARGS: crate::sysmod::structseq::StructSeqDesc = crate::sysmod::structseq::StructSeqDesc {
    name: "UnraisableHookArgs",
    fields: &["exc_type", "exc_value", "exc_traceback", "err_msg", "object"],
    n_sequence: 0,
};

/// `PyErr_FormatUnraisable` / `PyErr_WriteUnraisable`: reports the
/// exception being raised, which cannot propagate (a finalizer's, a
/// weakref callback's), through `sys.unraisablehook`, and clears it.
/// `msg` is the message (`None`: "Exception ignored in"), `obj` the
/// object concerned.
pub fn format_unraisable(msg: Option<&str>, obj: Option<&PyObject>) {
    let Some(exc) = errors::take_raised() else { return };
    let hook = crate::import::builtin_module("sys").and_then(|sys| object::get_attr_str(&sys, "unraisablehook"));
    let hook = match hook {
        Ok(h) if !object::is_none(&h) => h,
        _ => {
            errors::clear();
            write_unraisable_report(msg, obj, &exc);
            return;
        }
    };
    // `_PyErr_WriteUnraisableMsg`: an exception with no traceback gets
    // one for the running frame.
    if downcast::<BaseExceptionObject>(&exc).is_some_and(|e| e.traceback().is_none()) {
        let _ = crate::vm::frame::with_current_frame(|f| here_frame(&exc, f));
        errors::clear();
    }
    let tb = downcast::<BaseExceptionObject>(&exc).and_then(BaseExceptionObject::traceback).unwrap_or_else(object::none);
    let err_msg = match msg {
        Some(m) => crate::objects::unicodeobject::from_str(m).map(into_obj),
        None => Ok(object::none()),
    };
    let args = err_msg.and_then(|m| {
        let values = [
            object::new_ref(crate::objects::object::as_obj(type_of(&exc))),
            exc.clone(),
            tb,
            m,
            obj.map_or_else(object::none, object::new_ref),
        ];
        crate::sysmod::structseq::new(&UNRAISABLE_HOOK_ARGS, &values)
    });
    let (failed_msg, failed_obj) = match args {
        Ok(a) => match object::call(&hook, &[&a]) {
            Ok(_) => return,
            Err(_) => (None, Some(hook)),
        },
        Err(_) => (Some("Exception ignored on building sys.unraisablehook arguments"), None),
    };
    // The hook failed: its own error goes to the default report.
    if let Some(hook_exc) = errors::take_raised() {
        let m = failed_msg.unwrap_or("Exception ignored in sys.unraisablehook");
        write_unraisable_report(Some(m), failed_obj.as_deref(), &hook_exc);
    }
}

/// `sys.unraisablehook(unraisable)` (`_PyErr_WriteUnraisableDefaultHook`):
/// the default report of an `UnraisableHookArgs`.
fn sys_unraisablehook(args: &[&PyObject], kwnames: Option<&crate::objects::tupleobject::TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) || args.len() != 1 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("unraisablehook() takes exactly one argument ({} given)", args.len()),
        ));
    }
    let a = args[0];
    let field = |name: &str| object::get_attr_str(a, name);
    let exc = field("exc_value")?;
    let msg = field("err_msg")?;
    let obj = field("object")?;
    let msg = (!object::is_none(&msg)).then(|| object::str_lossy(&msg));
    let obj = (!object::is_none(&obj)).then_some(obj);
    if object::is_none(&exc) {
        let ty = field("exc_type")?;
        let instance = object::call(&ty, &[])?;
        write_unraisable_report(msg.as_deref(), obj.as_deref(), &instance);
    } else {
        write_unraisable_report(msg.as_deref(), obj.as_deref(), &exc);
    }
    Ok(object::none())
}

/// `exit_sigint` (Modules/main.c): after an uncaught KeyboardInterrupt
/// the process ends by SIGINT with the default handler, so its parent
/// sees it killed by the signal; 130 if that fails.
pub fn exit_sigint() -> u8 {
    crate::builtins::flush_stdout();
    // SAFETY: restoring the default disposition and signalling our own
    // process are plain libc calls with valid arguments.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::kill(libc::getpid(), libc::SIGINT);
    }
    130
}

/// `sys.excepthook(type, value, traceback)` (`sys_excepthook_impl` →
/// `PyErr_Display`): prints the report of `value` on stderr.
fn sys_excepthook(args: &[&PyObject], kwnames: Option<&crate::objects::tupleobject::TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(errors::set_string(exceptions::type_error(), "excepthook() takes no keyword arguments"));
    }
    if args.len() != 3 {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("excepthook expected 3 arguments, got {}", args.len()),
        ));
    }
    let value = args[1];
    crate::builtins::flush_stdout();
    let report = if exceptions::is_exception_instance(value) {
        format_exception(value)
    } else {
        // `_PyErr_Display` of a non-exception: traceback.py's message.
        format!(
            "TypeError: print_exception(): Exception expected for value, {} found\n",
            type_of(value).name()
        )
    };
    write_to_sys_stderr(&report);
    Ok(object::none())
}

/// `_PyErr_Display(sys.stderr, ...)`: the report goes to the `sys.stderr`
/// file object (nothing when it is None or missing), which is then
/// flushed; errors of its `write` and `flush` are ignored, as the C
/// printer clears them.
fn write_to_sys_stderr(report: &str) {
    let file = crate::import::builtin_module("sys").and_then(|sys| object::get_attr_str(&sys, "stderr"));
    let file = match file {
        Ok(f) if !object::is_none(&f) => f,
        _ => {
            errors::clear();
            return;
        }
    };
    let written = crate::objects::unicodeobject::from_str(report).and_then(|text| {
        let write = object::get_attr_str(&file, "write")?;
        object::call(&write, &[crate::objects::object::as_obj(&*text)])?;
        let flush = object::get_attr_str(&file, "flush")?;
        object::call(&flush, &[])
    });
    if written.is_err() {
        errors::clear();
    }
}

/// The `sys` functions of this file (`excepthook` and `unraisablehook`,
/// also bound as `__excepthook__` and `__unraisablehook__`).
pub static SYS_FUNCTIONS: [crate::builtins::BuiltinDef; 2] = [
    crate::builtins::BuiltinDef { name: "excepthook", func: sys_excepthook },
    crate::builtins::BuiltinDef { name: "unraisablehook", func: sys_unraisablehook },
];

/// `_PyErr_PrintEx` for an uncaught exception other than SystemExit:
/// calls `sys.excepthook(type, value, tb)`; if the hook is missing, the
/// report goes straight to stderr; if it fails, its own error is shown
/// before the original ("Error in sys.excepthook:" / "Original exception
/// was:").
pub fn print_uncaught(exc: &PyObject) {
    crate::builtins::flush_stdout();
    let hook = crate::import::builtin_module("sys").and_then(|sys| object::get_attr_str(&sys, "excepthook")).ok();
    errors::clear();
    let Some(hook) = hook.filter(|h| !object::is_none(h)) else {
        eprintln!("sys.excepthook is missing");
        eprint!("{}", format_exception(exc));
        return;
    };
    let tb = downcast::<BaseExceptionObject>(exc).and_then(BaseExceptionObject::traceback).unwrap_or_else(object::none);
    let ty = crate::objects::object::as_obj(type_of(exc));
    if object::call(&hook, &[ty, exc, &tb]).is_err() {
        let err = errors::take_raised();
        crate::builtins::flush_stdout();
        eprintln!("Error in sys.excepthook:");
        if let Some(e) = err {
            eprint!("{}", format_exception(&e));
        }
        eprintln!("\nOriginal exception was:");
        eprint!("{}", format_exception(exc));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_report_boxes_and_notes() {
        crate::state::ensure();
        crate::vm::ready_types();
        let msg = into_obj(crate::objects::unicodeobject::from_str("boom").unwrap());
        let v = object::call(crate::objects::object::as_obj(exceptions::value_error()), &[&msg]).unwrap();
        let note = into_obj(crate::objects::unicodeobject::from_str("a note").unwrap());
        object::call(&object::get_attr_str(&v, "add_note").unwrap(), &[&note]).unwrap();
        let excs = crate::objects::listobject::ListObject::from_slice(&[&v]).unwrap();
        let g = exceptions::create_exception_group("grp", crate::objects::object::as_obj(&*excs)).unwrap();
        assert_eq!(
            format_exception(&g),
            concat!(
                "  | ExceptionGroup: grp (1 sub-exception)\n",
                "  +-+---------------- 1 ----------------\n",
                "    | ValueError: boom\n",
                "    | a note\n",
                "    +------------------------------------\n",
            )
        );
    }

    #[test]
    fn text_helpers_match_textwrap() {
        assert_eq!(dedent("    a\n      b\n\n    c\n"), "a\n  b\n\nc\n");
        assert_eq!(indent_all("x\n\ny\n", "  | "), "  | x\n  | \n  | y\n");
        assert_eq!(byte_to_char_offset("é=1", 2), 1);
        assert_eq!(splitlines("a\nb\r\nc"), vec!["a", "b", "c"]);
    }
}
