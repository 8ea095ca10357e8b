//! The `_sre` module, ported from Modules/_sre/sre.c: compiled patterns
//! (`re.Pattern`), match objects (`re.Match`), scanners and replacement
//! templates on the engine of `sre_lib`. Lib's `re` package compiles
//! pattern strings to code lists and hands them to `_sre.compile`.
//!
//! Patterns, matches and templates are immutable once made, so threads
//! share them freely; a scanner keeps its search state behind a lock that
//! a second concurrent caller finds taken (CPython's `executing` flag).

mod constants;
mod sre_lib;

use std::sync::{Mutex, OnceLock, TryLockError};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::call;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD;
use rupy::objects::iterobject;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, CompareOp, ObjRef, ObjSlot, PyClass, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::{TypeObject, TypeSlots};
use rupy::objects::unicode_methods;
use rupy::objects::unicodeobject::{self, StrData, StrObject};
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::parse_slice;
use constants::*;
use sre_lib::{SreError, State};

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn index_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::index_error(), msg)
}

fn int(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

// ---------------------------------------------------------------------
// Subjects (`getstring`).

/// A string being searched: a str read in place, a bytes read in place,
/// or a copy of another bytes-like object's buffer, with a memoryview
/// that holds the export while the subject lives (`getstring`'s
/// `PyObject_GetBuffer`, released in `state_fini`: a bytearray searched
/// by a live scanner cannot be resized).
enum Subject {
    Str(ObjRef),
    Bytes(ObjRef),
    Buffer(ObjRef, Vec<u8>, #[allow(dead_code, reason = "only held: dropping it ends the export")] ObjRef),
}

/// The code units of a subject.
enum Units<'a> {
    U1(&'a [u8]),
    U2(&'a [u16]),
    U4(&'a [u32]),
}

impl Subject {
    /// `getstring`: TypeError for anything but str and bytes-like.
    fn new(obj: &PyObject) -> PyResult<Subject> {
        if downcast::<StrObject>(obj).is_some() {
            return Ok(Subject::Str(object::new_ref(obj)));
        }
        if downcast::<BytesObject>(obj).is_some() {
            return Ok(Subject::Bytes(object::new_ref(obj)));
        }
        match bytesobject::bytes_like(obj) {
            Some(b) => {
                let export = rupy::objects::memoryobject::from_object(obj)?;
                Ok(Subject::Buffer(object::new_ref(obj), b.into_owned(), export))
            }
            None => Err(type_error(&format!(
                "expected string or bytes-like object, got '{}'",
                type_of(obj).tp_name.as_str()
            ))),
        }
    }

    fn obj(&self) -> &PyObject {
        match self {
            Subject::Str(o) | Subject::Bytes(o) | Subject::Buffer(o, _, _) => o,
        }
    }

    fn is_bytes(&self) -> bool {
        !matches!(self, Subject::Str(_))
    }

    fn units(&self) -> Units<'_> {
        match self {
            Subject::Str(o) => match downcast::<StrObject>(o).map(StrObject::data) {
                Some(StrData::Ucs1(d)) => Units::U1(d),
                Some(StrData::Ucs2(d)) => Units::U2(d),
                Some(StrData::Ucs4(d)) => Units::U4(d),
                None => Units::U1(&[]),
            },
            Subject::Bytes(o) => Units::U1(downcast::<BytesObject>(o).map_or(&[], BytesObject::as_bytes)),
            Subject::Buffer(_, v, _) => Units::U1(v),
        }
    }

    fn len(&self) -> usize {
        match self.units() {
            Units::U1(d) => d.len(),
            Units::U2(d) => d.len(),
            Units::U4(d) => d.len(),
        }
    }

    /// `getslice`: units `i..j` as a str or bytes.
    fn slice(&self, i: usize, j: usize) -> PyResult<ObjRef> {
        match self {
            Subject::Str(o) => unicodeobject::substring(o, i, j),
            Subject::Bytes(o) => {
                let b = downcast::<BytesObject>(o).map_or(&[][..], BytesObject::as_bytes);
                if i == 0 && j == b.len() && object::is_type(o, BytesObject::type_object()) {
                    return Ok(o.clone());
                }
                bytesobject::from_bytes(&b[i.min(b.len())..j.min(b.len())]).map(into_obj)
            }
            Subject::Buffer(_, v, _) => bytesobject::from_bytes(&v[i.min(v.len())..j.min(v.len())]).map(into_obj),
        }
    }
}

/// `pattern_error`: the exception for an engine failure.
fn engine_error(_: SreError) -> errors::ErrSet {
    errors::set_string(exceptions::runtime_error(), "internal error in regular expression engine")
}

/// `sre_search` on a subject.
fn search(st: &mut State, subj: &Subject, code: &[u32]) -> PyResult<bool> {
    match subj.units() {
        Units::U1(s) => sre_lib::sre_search(st, s, code),
        Units::U2(s) => sre_lib::sre_search(st, s, code),
        Units::U4(s) => sre_lib::sre_search(st, s, code),
    }
    .map_err(engine_error)
}

/// `sre_match` (top level) on a subject.
fn match_at(st: &mut State, subj: &Subject, code: &[u32]) -> PyResult<bool> {
    match subj.units() {
        Units::U1(s) => sre_lib::sre_match(st, s, code, 0, true),
        Units::U2(s) => sre_lib::sre_match(st, s, code, 0, true),
        Units::U4(s) => sre_lib::sre_match(st, s, code, 0, true),
    }
    .map_err(engine_error)
}

// ---------------------------------------------------------------------
// Pattern.

/// A compiled pattern (`PatternObject`).
#[repr(C)]
pub struct PatternObject {
    ob_base: ObjectHeader,
    weaklist: ObjSlot,
    /// Number of capturing groups.
    groups: usize,
    /// Name -> group number (a dict), if any group is named.
    groupindex: Option<ObjRef>,
    /// Group number -> name (a tuple), if any group is named.
    indexgroup: Option<ObjRef>,
    /// The source pattern (str, bytes or None).
    pattern: ObjRef,
    flags: i32,
    /// 1 for bytes, 0 for str, -1 for None.
    isbytes: i8,
    code: Box<[u32]>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for PatternObject {}

fn pattern_of(v: &PyObject) -> PyResult<&PatternObject> {
    if !object::is_type(v, &PATTERN_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of PATTERN_TYPE are PatternObjects.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<PatternObject>() })
}

/// `state_init`: a state over `string` for the pattern, with the
/// str/bytes kind checks.
fn state_init(p: &PatternObject, string: &PyObject, pos: isize, endpos: isize) -> PyResult<(Subject, State)> {
    let subj = Subject::new(string)?;
    if subj.is_bytes() && p.isbytes == 0 {
        return Err(type_error("cannot use a string pattern on a bytes-like object"));
    }
    if !subj.is_bytes() && p.isbytes > 0 {
        return Err(type_error("cannot use a bytes pattern on a string-like object"));
    }
    let st = State::new(p.groups, subj.len(), pos, endpos);
    Ok((subj, st))
}

/// `state_getslice`: group `index` of the state's last match, or `None`
/// (or `''` when `empty`) where it did not take part.
fn state_getslice(st: &State, subj: &Subject, index: usize, empty: bool) -> PyResult<ObjRef> {
    match st.group_span(index) {
        Some((i, j)) => subj.slice(i, j),
        None if empty => subj.slice(0, 0),
        None => Ok(object::none()),
    }
}

/// The `string, pos=0, endpos=sys.maxsize` arguments.
fn string_pos_endpos(fname: &str, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<(ObjRef, isize, isize)> {
    let a = parse_slice(fname, args, kw, &["string", "pos", "endpos"], &[], 1)?;
    let ssize = |v: &Option<ObjRef>, d: isize| match v {
        Some(v) => r#abstract::as_ssize(v, Some(exceptions::overflow_error())),
        None => Ok(d),
    };
    let string = a[0].clone().ok_or_else(errors::bad_internal_call)?;
    Ok((string, ssize(&a[1], 0)?, ssize(&a[2], isize::MAX)?))
}

fn pattern_match(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    let (string, pos, endpos) = string_pos_endpos("match", args, kw)?;
    let (subj, mut st) = state_init(p, &string, pos, endpos)?;
    st.ptr = st.start;
    let found = match_at(&mut st, &subj, &p.code)?;
    new_match(v, &st, &subj, found)
}

fn pattern_fullmatch(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    let (string, pos, endpos) = string_pos_endpos("fullmatch", args, kw)?;
    let (subj, mut st) = state_init(p, &string, pos, endpos)?;
    st.ptr = st.start;
    st.match_all = true;
    let found = match_at(&mut st, &subj, &p.code)?;
    new_match(v, &st, &subj, found)
}

fn pattern_search(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    let (string, pos, endpos) = string_pos_endpos("search", args, kw)?;
    let (subj, mut st) = state_init(p, &string, pos, endpos)?;
    let found = search(&mut st, &subj, &p.code)?;
    new_match(v, &st, &subj, found)
}

fn pattern_findall(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    let (string, pos, endpos) = string_pos_endpos("findall", args, kw)?;
    let (subj, mut st) = state_init(p, &string, pos, endpos)?;
    let list = ListObject::new()?;
    while st.start <= st.end {
        st.reset();
        st.ptr = st.start;
        if !search(&mut st, &subj, &p.code)? {
            break;
        }
        let item = match p.groups {
            0 => subj.slice(st.start, st.ptr)?,
            1 => state_getslice(&st, &subj, 1, true)?,
            n => {
                let items = (1..=n).map(|i| state_getslice(&st, &subj, i, true)).collect::<PyResult<Vec<_>>>()?;
                let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
                into_obj(tupleobject::from_slice(&refs)?)
            }
        };
        list.append(&item)?;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    Ok(into_obj(list))
}

fn pattern_finditer(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let (string, pos, endpos) = string_pos_endpos("finditer", args, kw)?;
    let scanner = new_scanner(v, &string, pos, endpos)?;
    let search = object::get_attr_str(&scanner, "search")?;
    iterobject::new_call_iter(&search, &object::none())
}

fn pattern_scanner(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let (string, pos, endpos) = string_pos_endpos("scanner", args, kw)?;
    new_scanner(v, &string, pos, endpos)
}

fn pattern_split(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    let a = parse_slice("split", args, kw, &["string", "maxsplit"], &[], 1)?;
    let string = a[0].clone().ok_or_else(errors::bad_internal_call)?;
    let maxsplit = match &a[1] {
        Some(m) => r#abstract::as_ssize(m, Some(exceptions::overflow_error()))?,
        None => 0,
    };
    let (subj, mut st) = state_init(p, &string, 0, isize::MAX)?;
    let list = ListObject::new()?;
    let mut n = 0;
    let mut last = st.start;
    while maxsplit == 0 || n < maxsplit {
        st.reset();
        st.ptr = st.start;
        if !search(&mut st, &subj, &p.code)? {
            break;
        }
        list.append(&*subj.slice(last, st.start)?)?;
        for i in 1..=p.groups {
            list.append(&*state_getslice(&st, &subj, i, false)?)?;
        }
        n += 1;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
        last = st.ptr;
    }
    list.append(&*subj.slice(last, st.endpos)?)?;
    Ok(into_obj(list))
}

/// `compile_template`: `re._compile_template(pattern, repl)`, retried
/// with an exact str or bytes when the replacement is unhashable.
fn compile_template(pattern: &PyObject, repl: &PyObject) -> PyResult<ObjRef> {
    let func = rupy::import::machinery::get_module_attr("re", "_compile_template")?;
    let result = match call::call(&func, &[pattern, repl]) {
        Ok(r) => r,
        Err(e) => {
            if !errors::exception_matches(exceptions::type_error()) {
                return Err(e);
            }
            let plain = if let Some(s) = downcast::<StrObject>(repl) {
                if object::is_type(repl, StrObject::type_object()) {
                    return Err(e);
                }
                unicodeobject::substring(as_obj(s), 0, usize::MAX)?
            } else if let Some(b) = bytesobject::bytes_like(repl) {
                if downcast::<BytesObject>(repl).is_some() {
                    return Err(e);
                }
                into_obj(bytesobject::from_bytes(&b)?)
            } else {
                return Err(e);
            };
            errors::clear();
            call::call(&func, &[pattern, &plain])?
        }
    };
    if !object::is_type(&result, &TEMPLATE_TYPE) {
        return Err(errors::set_string(
            exceptions::runtime_error(),
            &format!("the result of compiling a replacement string is {}", type_of(&result).tp_name.as_str()),
        ));
    }
    Ok(result)
}

/// What `sub` puts in place of each match.
enum Filter {
    Literal(ObjRef),
    Template(ObjRef),
    Callable(ObjRef),
}

/// `pattern_subx`.
fn subx(v: &PyObject, repl: &PyObject, string: &PyObject, count: isize, subn: bool) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    let filter = if call::is_callable(repl) {
        Filter::Callable(object::new_ref(repl))
    } else {
        let literal = match Subject::new(repl) {
            Ok(s) => match s.units() {
                Units::U1(d) => !d.contains(&b'\\'),
                Units::U2(d) => !d.contains(&u16::from(b'\\')),
                Units::U4(d) => !d.contains(&u32::from(b'\\')),
            },
            Err(_) => {
                errors::clear();
                false
            }
        };
        if literal {
            Filter::Literal(object::new_ref(repl))
        } else {
            let t = compile_template(v, repl)?;
            let tpl = template_of(&t)?;
            if tpl.items.is_empty() { Filter::Literal(tpl.literal.clone()) } else { Filter::Template(t) }
        }
    };
    let (subj, mut st) = state_init(p, string, 0, isize::MAX)?;
    let mut pieces: Vec<ObjRef> = Vec::new();
    let mut n = 0;
    let mut i = 0;
    while count == 0 || n < count {
        st.reset();
        st.ptr = st.start;
        if !search(&mut st, &subj, &p.code)? {
            break;
        }
        let (b, e) = (st.start, st.ptr);
        if i < b {
            pieces.push(subj.slice(i, b)?);
        }
        let item = match &filter {
            Filter::Literal(l) => l.clone(),
            Filter::Template(t) => {
                let m = new_match(v, &st, &subj, true)?;
                expand_template(template_of(t)?, match_of(&m)?)?
            }
            Filter::Callable(f) => {
                let m = new_match(v, &st, &subj, true)?;
                call::call(f, &[&m])?
            }
        };
        if !object::is_none(&item) {
            pieces.push(item);
        }
        i = e;
        n += 1;
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    }
    if i < st.endpos {
        pieces.push(subj.slice(i, st.endpos)?);
    }
    let joined = join(&subj, &pieces)?;
    if subn {
        let n = int(n as i64)?;
        return Ok(into_obj(tupleobject::from_slice(&[&joined, &n])?));
    }
    Ok(joined)
}

/// Joins the pieces of a substitution (`PyUnicode_Join` /
/// `_PyBytes_Join` with an empty separator).
fn join(subj: &Subject, pieces: &[ObjRef]) -> PyResult<ObjRef> {
    if !subj.is_bytes() {
        let empty = unicodeobject::from_str("")?;
        if pieces.is_empty() {
            return Ok(into_obj(empty));
        }
        let refs: Vec<&PyObject> = pieces.iter().map(|o| &**o).collect();
        let list = ListObject::from_slice(&refs)?;
        return unicode_methods::join(&empty, as_obj(&*list));
    }
    let mut out = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        match bytesobject::bytes_like(piece) {
            Some(b) => out.extend_from_slice(&b),
            None => {
                return Err(type_error(&format!(
                    "sequence item {k}: expected a bytes-like object, {} found",
                    type_of(piece).tp_name.as_str()
                )));
            }
        }
    }
    bytesobject::from_bytes(&out).map(into_obj)
}

fn pattern_sub(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_slice("sub", args, kw, &["repl", "string", "count"], &[], 2)?;
    let count = match &a[2] {
        Some(c) => r#abstract::as_ssize(c, Some(exceptions::overflow_error()))?,
        None => 0,
    };
    let (repl, string) = (a[0].clone().ok_or_else(errors::bad_internal_call)?, a[1].clone().ok_or_else(errors::bad_internal_call)?);
    subx(v, &repl, &string, count, false)
}

fn pattern_subn(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_slice("subn", args, kw, &["repl", "string", "count"], &[], 2)?;
    let count = match &a[2] {
        Some(c) => r#abstract::as_ssize(c, Some(exceptions::overflow_error()))?,
        None => 0,
    };
    let (repl, string) = (a[0].clone().ok_or_else(errors::bad_internal_call)?, a[1].clone().ok_or_else(errors::bad_internal_call)?);
    subx(v, &repl, &string, count, true)
}

fn same(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

fn same_memo(v: &PyObject, _memo: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

/// Truncates a repr to `n` code points (`%.<n>R`).
fn repr_truncated(v: &PyObject, n: usize) -> PyResult<String> {
    let r = object::repr(v)?.to_string_lossy();
    Ok(r.chars().take(n).collect())
}

/// `pattern_repr`: `re.compile('...', re.IGNORECASE|...)`.
fn pattern_repr(v: &PyObject) -> PyResult<ObjRef> {
    let p = pattern_of(v)?;
    const NAMES: [(&str, i32); 8] = [
        ("re.IGNORECASE", FLAG_IGNORECASE),
        ("re.LOCALE", FLAG_LOCALE),
        ("re.MULTILINE", FLAG_MULTILINE),
        ("re.DOTALL", FLAG_DOTALL),
        ("re.UNICODE", FLAG_UNICODE),
        ("re.VERBOSE", FLAG_VERBOSE),
        ("re.DEBUG", FLAG_DEBUG),
        ("re.ASCII", FLAG_ASCII),
    ];
    let mut flags = p.flags;
    if p.isbytes == 0 && flags & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII) == FLAG_UNICODE {
        flags &= !FLAG_UNICODE;
    }
    let mut items: Vec<String> = Vec::new();
    for (name, bit) in NAMES {
        if flags & bit != 0 {
            items.push(name.to_owned());
            flags &= !bit;
        }
    }
    if flags != 0 {
        items.push(format!("0x{flags:x}"));
    }
    let pat = repr_truncated(&p.pattern, 200)?;
    let text =
        if items.is_empty() { format!("re.compile({pat})") } else { format!("re.compile({pat}, {})", items.join("|")) };
    unicodeobject::from_string(text).map(into_obj)
}

/// `pattern_hash`.
fn pattern_hash(v: &PyObject) -> PyResult<isize> {
    let p = pattern_of(v)?;
    let mut h = object::hash(&p.pattern)?;
    let bytes: Vec<u8> = p.code.iter().flat_map(|c| c.to_ne_bytes()).collect();
    h ^= rupy::state::interp().hash_secret().hash_bytes(&bytes);
    h ^= p.flags as isize;
    h ^= p.isbytes as isize;
    h ^= p.code.len() as isize;
    Ok(if h == -1 { -2 } else { h })
}

/// `pattern_richcompare`: equal flags, kind, code and source.
fn pattern_richcompare(v: &PyObject, w: &PyObject, op: CompareOp) -> PyResult<ObjRef> {
    if !matches!(op, CompareOp::Eq | CompareOp::Ne) || !object::is_type(w, &PATTERN_TYPE) {
        return Ok(object::not_implemented());
    }
    let mut eq = object::is(v, w);
    if !eq {
        let (a, b) = (pattern_of(v)?, pattern_of(w)?);
        eq = a.flags == b.flags && a.isbytes == b.isbytes && a.code == b.code;
        if eq {
            eq = object::rich_compare_bool(&a.pattern, &b.pattern, CompareOp::Eq)?;
        }
    }
    Ok(boolobject::from_bool(eq == matches!(op, CompareOp::Eq)))
}

fn pattern_get_pattern(v: &PyObject) -> PyResult<ObjRef> {
    Ok(pattern_of(v)?.pattern.clone())
}

fn pattern_get_flags(v: &PyObject) -> PyResult<ObjRef> {
    int(i64::from(pattern_of(v)?.flags))
}

fn pattern_get_groups(v: &PyObject) -> PyResult<ObjRef> {
    int(pattern_of(v)?.groups as i64)
}

/// `pattern_groupindex`: the name -> number dict, read-only.
fn pattern_get_groupindex(v: &PyObject) -> PyResult<ObjRef> {
    match &pattern_of(v)?.groupindex {
        Some(d) => rupy::objects::descrobject::new_mappingproxy(d),
        None => rupy::objects::descrobject::new_mappingproxy(&into_obj(DictObject::new()?)),
    }
}

static PATTERN_METHODS: [MethodDef; 12] = [
    MethodDef { ml_name: "match", ml_meth: MethodFn::FastCallKw(pattern_match), ml_doc: Some("Matches zero or more characters at the beginning of the string.") },
    MethodDef { ml_name: "fullmatch", ml_meth: MethodFn::FastCallKw(pattern_fullmatch), ml_doc: Some("Matches against all of the string.") },
    MethodDef { ml_name: "search", ml_meth: MethodFn::FastCallKw(pattern_search), ml_doc: Some("Scan through string looking for a match, and return a corresponding match object instance.") },
    MethodDef { ml_name: "sub", ml_meth: MethodFn::FastCallKw(pattern_sub), ml_doc: Some("Return the string obtained by replacing the leftmost non-overlapping occurrences of pattern in string by the replacement repl.") },
    MethodDef { ml_name: "subn", ml_meth: MethodFn::FastCallKw(pattern_subn), ml_doc: Some("Return the tuple (new_string, number_of_subs_made) found by replacing the leftmost non-overlapping occurrences of pattern with the replacement repl.") },
    MethodDef { ml_name: "findall", ml_meth: MethodFn::FastCallKw(pattern_findall), ml_doc: Some("Return a list of all non-overlapping matches of pattern in string.") },
    MethodDef { ml_name: "split", ml_meth: MethodFn::FastCallKw(pattern_split), ml_doc: Some("Split string by the occurrences of pattern.") },
    MethodDef { ml_name: "finditer", ml_meth: MethodFn::FastCallKw(pattern_finditer), ml_doc: Some("Return an iterator over all non-overlapping matches for the RE pattern in string.") },
    MethodDef { ml_name: "scanner", ml_meth: MethodFn::FastCallKw(pattern_scanner), ml_doc: None },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(same), ml_doc: None },
    MethodDef { ml_name: "__deepcopy__", ml_meth: MethodFn::O(same_memo), ml_doc: None },
    CLASS_GETITEM_METHOD,
];

static PATTERN_GETSET: [GetSetDef; 4] = [
    GetSetDef { name: "pattern", get: pattern_get_pattern, set: None, doc: Some("The pattern string from which the RE object was compiled.") },
    GetSetDef { name: "flags", get: pattern_get_flags, set: None, doc: Some("The regex matching flags.") },
    GetSetDef { name: "groups", get: pattern_get_groups, set: None, doc: Some("The number of capturing groups in the pattern.") },
    GetSetDef { name: "groupindex", get: pattern_get_groupindex, set: None, doc: Some("A dictionary mapping group names to group numbers.") },
];

/// `re.Pattern`.
pub static PATTERN_TYPE: TypeObject = TypeObject::new_static(
    "re.Pattern",
    size_of::<PatternObject>(),
    object::dealloc_weakrefable::<PatternObject>,
    TypeSlots {
        tp_repr: Some(pattern_repr),
        tp_hash: Some(pattern_hash),
        tp_richcompare: Some(pattern_richcompare),
        tp_getattro: Some(object::generic_get_attr),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&PATTERN_METHODS)
.with_getset(&PATTERN_GETSET)
.with_weaklistoffset(core::mem::offset_of!(PatternObject, weaklist))
.with_doc("Compiled regular expression object.");

// ---------------------------------------------------------------------
// Match.

/// A match (`MatchObject`): spans of group 0 and every group (-1 where
/// a group did not take part).
#[repr(C)]
pub struct MatchObject {
    ob_base: ObjectHeader,
    string: ObjRef,
    pattern: ObjRef,
    pos: usize,
    endpos: usize,
    lastindex: isize,
    marks: Box<[isize]>,
    regs: OnceLock<ObjRef>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for MatchObject {}

fn match_of(v: &PyObject) -> PyResult<&MatchObject> {
    if !object::is_type(v, &MATCH_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of MATCH_TYPE are MatchObjects.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<MatchObject>() })
}

/// `pattern_new_match`: a match object for a successful state, `None`
/// for no match.
fn new_match(pattern: &PyObject, st: &State, subj: &Subject, found: bool) -> PyResult<ObjRef> {
    if !found {
        return Ok(object::none());
    }
    let p = pattern_of(pattern)?;
    let mut marks = vec![-1isize; 2 * (p.groups + 1)];
    marks[0] = st.start as isize;
    marks[1] = st.ptr as isize;
    for g in 0..p.groups {
        let j = 2 * g;
        if (j + 1) as isize <= st.lastmark && st.mark[j] >= 0 && st.mark[j + 1] >= 0 {
            if st.mark[j] > st.mark[j + 1] {
                return Err(errors::set_string(
                    exceptions::system_error(),
                    "The span of capturing group is wrong, please report a bug for the re module.",
                ));
            }
            marks[j + 2] = st.mark[j];
            marks[j + 3] = st.mark[j + 1];
        }
    }
    let m = MatchObject {
        ob_base: ObjectHeader::new(&MATCH_TYPE.head),
        string: object::new_ref(subj.obj()),
        pattern: object::new_ref(pattern),
        pos: st.pos,
        endpos: st.endpos,
        lastindex: st.lastindex,
        marks: marks.into_boxed_slice(),
        regs: OnceLock::new(),
    };
    object::new_object(m).map(into_obj)
}

impl MatchObject {
    fn pattern(&self) -> PyResult<&PatternObject> {
        pattern_of(&self.pattern)
    }

    fn groups(&self) -> usize {
        self.marks.len() / 2
    }

    /// `match_getslice_by_index`.
    fn slice(&self, index: usize, default: &PyObject) -> PyResult<ObjRef> {
        let (i, j) = (self.marks[2 * index], self.marks[2 * index + 1]);
        if i < 0 {
            return Ok(object::new_ref(default));
        }
        Subject::new(&self.string)?.slice(i as usize, j as usize)
    }

    /// `match_getindex`: a group number from a number or a name.
    fn index(&self, index: &PyObject) -> PyResult<usize> {
        let is_index = downcast::<IntObject>(index).is_some() || type_of(index).slots.nb_index.get().is_some();
        let i = if is_index {
            r#abstract::as_ssize(index, None)?
        } else {
            let mut i = -1;
            if let Some(gi) = self.pattern()?.groupindex.as_ref().and_then(|d| downcast::<DictObject>(d)) {
                if let Some(n) = gi.get_item(index)? {
                    if let Some(n) = downcast::<IntObject>(&n) {
                        i = n.as_i64().unwrap_or(-1) as isize;
                    }
                }
            }
            i
        };
        if i < 0 || i as usize >= self.groups() {
            return Err(index_error("no such group"));
        }
        Ok(i as usize)
    }

    fn span_of(&self, g: usize) -> (isize, isize) {
        (self.marks[2 * g], self.marks[2 * g + 1])
    }
}

fn pair(a: isize, b: isize) -> PyResult<ObjRef> {
    let (a, b) = (int(a as i64)?, int(b as i64)?);
    tupleobject::from_slice(&[&a, &b]).map(into_obj)
}

fn match_group(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    let none = object::none();
    match args {
        [] => m.slice(0, &none),
        [g] => m.slice(m.index(g)?, &none),
        many => {
            let items = many.iter().map(|g| m.slice(m.index(g)?, &none)).collect::<PyResult<Vec<_>>>()?;
            let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
            tupleobject::from_slice(&refs).map(into_obj)
        }
    }
}

fn match_getitem(v: &PyObject, key: &PyObject) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    m.slice(m.index(key)?, &object::none())
}

/// The optional `group` argument of start/end/span.
fn group_arg(m: &MatchObject, fname: &str, args: &[ObjRef]) -> PyResult<usize> {
    match args {
        [] => Ok(0),
        [g] => m.index(g),
        _ => Err(type_error(&format!("{fname} expected at most 1 argument, got {}", args.len()))),
    }
}

fn match_start(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    int(m.span_of(group_arg(m, "start", args)?).0 as i64)
}

fn match_end(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    int(m.span_of(group_arg(m, "end", args)?).1 as i64)
}

fn match_span(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    let (a, b) = m.span_of(group_arg(m, "span", args)?);
    pair(a, b)
}

fn match_groups(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    let a = parse_slice("groups", args, kw, &["default"], &[], 0)?;
    let default = a[0].clone().unwrap_or_else(object::none);
    let items = (1..m.groups()).map(|g| m.slice(g, &default)).collect::<PyResult<Vec<_>>>()?;
    let refs: Vec<&PyObject> = items.iter().map(|o| &**o).collect();
    tupleobject::from_slice(&refs).map(into_obj)
}

fn match_groupdict(v: &PyObject, args: &[ObjRef], kw: Option<&DictObject>) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    let a = parse_slice("groupdict", args, kw, &["default"], &[], 0)?;
    let default = a[0].clone().unwrap_or_else(object::none);
    let out = DictObject::new()?;
    if let Some(gi) = m.pattern()?.groupindex.as_ref().and_then(|d| downcast::<DictObject>(d)) {
        for (key, _) in gi.items() {
            let value = m.slice(m.index(&key)?, &default)?;
            out.set_item(&key, &value)?;
        }
    }
    Ok(into_obj(out))
}

fn match_expand(v: &PyObject, template: &PyObject) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    let t = compile_template(&m.pattern, template)?;
    expand_template(template_of(&t)?, m)
}

fn match_get_lastindex(v: &PyObject) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    if m.lastindex >= 0 { int(m.lastindex as i64) } else { Ok(object::none()) }
}

fn match_get_lastgroup(v: &PyObject) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    if let Some(t) = m.pattern()?.indexgroup.as_ref().and_then(|t| downcast::<TupleObject>(t)) {
        if m.lastindex >= 0 {
            if let Some(name) = t.as_slice().get(m.lastindex as usize) {
                return Ok(name.clone());
            }
        }
    }
    Ok(object::none())
}

/// `match_regs`: the spans of all groups, made once.
fn match_get_regs(v: &PyObject) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    if let Some(r) = m.regs.get() {
        return Ok(r.clone());
    }
    let spans = (0..m.groups()).map(|g| pair(m.span_of(g).0, m.span_of(g).1)).collect::<PyResult<Vec<_>>>()?;
    let refs: Vec<&PyObject> = spans.iter().map(|o| &**o).collect();
    let regs = into_obj(tupleobject::from_slice(&refs)?);
    Ok(m.regs.get_or_init(|| regs).clone())
}

fn match_get_string(v: &PyObject) -> PyResult<ObjRef> {
    Ok(match_of(v)?.string.clone())
}

fn match_get_re(v: &PyObject) -> PyResult<ObjRef> {
    Ok(match_of(v)?.pattern.clone())
}

fn match_get_pos(v: &PyObject) -> PyResult<ObjRef> {
    int(match_of(v)?.pos as i64)
}

fn match_get_endpos(v: &PyObject) -> PyResult<ObjRef> {
    int(match_of(v)?.endpos as i64)
}

/// `match_repr`: `<re.Match object; span=(0, 3), match='abc'>`.
fn match_repr(v: &PyObject) -> PyResult<ObjRef> {
    let m = match_of(v)?;
    let g0 = m.slice(0, &object::none())?;
    let text = format!(
        "<{} object; span=({}, {}), match={}>",
        type_of(v).tp_name.as_str(),
        m.marks[0],
        m.marks[1],
        repr_truncated(&g0, 50)?
    );
    unicodeobject::from_string(text).map(into_obj)
}

static MATCH_METHODS: [MethodDef; 10] = [
    MethodDef { ml_name: "group", ml_meth: MethodFn::FastCall(match_group), ml_doc: Some("group([group1, ...]) -> str or tuple.\n    Return subgroup(s) of the match by indices or names.\n    For 0 returns the entire match.") },
    MethodDef { ml_name: "start", ml_meth: MethodFn::FastCall(match_start), ml_doc: Some("Return index of the start of the substring matched by group.") },
    MethodDef { ml_name: "end", ml_meth: MethodFn::FastCall(match_end), ml_doc: Some("Return index of the end of the substring matched by group.") },
    MethodDef { ml_name: "span", ml_meth: MethodFn::FastCall(match_span), ml_doc: Some("For match object m, return the 2-tuple (m.start(group), m.end(group)).") },
    MethodDef { ml_name: "groups", ml_meth: MethodFn::FastCallKw(match_groups), ml_doc: Some("Return a tuple containing all the subgroups of the match, from 1.") },
    MethodDef { ml_name: "groupdict", ml_meth: MethodFn::FastCallKw(match_groupdict), ml_doc: Some("Return a dictionary containing all the named subgroups of the match, keyed by the subgroup name.") },
    MethodDef { ml_name: "expand", ml_meth: MethodFn::O(match_expand), ml_doc: Some("Return the string obtained by doing backslash substitution on the string template, as done by the sub() method.") },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(same), ml_doc: None },
    MethodDef { ml_name: "__deepcopy__", ml_meth: MethodFn::O(same_memo), ml_doc: None },
    CLASS_GETITEM_METHOD,
];

static MATCH_GETSET: [GetSetDef; 7] = [
    GetSetDef { name: "lastindex", get: match_get_lastindex, set: None, doc: Some("The integer index of the last matched capturing group.") },
    GetSetDef { name: "lastgroup", get: match_get_lastgroup, set: None, doc: Some("The name of the last matched capturing group.") },
    GetSetDef { name: "regs", get: match_get_regs, set: None, doc: None },
    GetSetDef { name: "string", get: match_get_string, set: None, doc: Some("The string passed to match() or search().") },
    GetSetDef { name: "re", get: match_get_re, set: None, doc: Some("The regular expression object.") },
    GetSetDef { name: "pos", get: match_get_pos, set: None, doc: Some("The index into the string at which the RE engine started looking for a match.") },
    GetSetDef { name: "endpos", get: match_get_endpos, set: None, doc: Some("The index into the string beyond which the RE engine will not go.") },
];

/// `re.Match`.
pub static MATCH_TYPE: TypeObject = TypeObject::new_static(
    "re.Match",
    size_of::<MatchObject>(),
    object::dealloc_simple::<MatchObject>,
    TypeSlots {
        tp_repr: Some(match_repr),
        tp_getattro: Some(object::generic_get_attr),
        mp_subscript: Some(match_getitem),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&MATCH_METHODS)
.with_getset(&MATCH_GETSET)
.with_doc("The result of re.match() and re.search().\nMatch objects always have a boolean value of True.");

// ---------------------------------------------------------------------
// Scanner.

/// A scanner's search state; `None` once a search failed (CPython's
/// `state->start = NULL`).
struct Scan {
    subject: Subject,
    state: Option<State>,
}

/// `ScannerObject`.
#[repr(C)]
pub struct ScannerObject {
    ob_base: ObjectHeader,
    pattern: ObjRef,
    scan: Mutex<Scan>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ScannerObject {}

fn new_scanner(pattern: &PyObject, string: &PyObject, pos: isize, endpos: isize) -> PyResult<ObjRef> {
    let (subject, state) = state_init(pattern_of(pattern)?, string, pos, endpos)?;
    let s = ScannerObject {
        ob_base: ObjectHeader::new(&SCANNER_TYPE.head),
        pattern: object::new_ref(pattern),
        scan: Mutex::new(Scan { subject, state: Some(state) }),
    };
    object::new_object(s).map(into_obj)
}

/// One step of a scanner: `search` or `match` from where the last match
/// ended (`_sre_SRE_Scanner_search_impl` / `_match_impl`).
fn scanner_step(v: &PyObject, searching: bool) -> PyResult<ObjRef> {
    if !object::is_type(v, &SCANNER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of SCANNER_TYPE are ScannerObjects.
    let sc = unsafe { &*core::ptr::from_ref(v).cast::<ScannerObject>() };
    let mut guard = match sc.scan.try_lock() {
        Ok(g) => g,
        Err(TryLockError::Poisoned(p)) => p.into_inner(),
        Err(TryLockError::WouldBlock) => {
            return Err(errors::set_string(exceptions::value_error(), "regular expression scanner already executing"));
        }
    };
    let scan = &mut *guard;
    let Some(st) = scan.state.as_mut() else { return Ok(object::none()) };
    let p = pattern_of(&sc.pattern)?;
    st.reset();
    st.ptr = st.start;
    let found = if searching { search(st, &scan.subject, &p.code)? } else { match_at(st, &scan.subject, &p.code)? };
    let m = new_match(&sc.pattern, st, &scan.subject, found)?;
    if found {
        st.must_advance = st.ptr == st.start;
        st.start = st.ptr;
    } else {
        scan.state = None;
    }
    Ok(m)
}

fn scanner_match(v: &PyObject) -> PyResult<ObjRef> {
    scanner_step(v, false)
}

fn scanner_search(v: &PyObject) -> PyResult<ObjRef> {
    scanner_step(v, true)
}

fn scanner_get_pattern(v: &PyObject) -> PyResult<ObjRef> {
    if !object::is_type(v, &SCANNER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of SCANNER_TYPE are ScannerObjects.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<ScannerObject>() }.pattern.clone())
}

static SCANNER_METHODS: [MethodDef; 2] = [
    MethodDef { ml_name: "match", ml_meth: MethodFn::NoArgs(scanner_match), ml_doc: None },
    MethodDef { ml_name: "search", ml_meth: MethodFn::NoArgs(scanner_search), ml_doc: None },
];

static SCANNER_GETSET: [GetSetDef; 1] = [GetSetDef { name: "pattern", get: scanner_get_pattern, set: None, doc: None }];

/// `_sre.SRE_Scanner`.
pub static SCANNER_TYPE: TypeObject = TypeObject::new_static(
    "_sre.SRE_Scanner",
    size_of::<ScannerObject>(),
    object::dealloc_simple::<ScannerObject>,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_methods(&SCANNER_METHODS)
.with_getset(&SCANNER_GETSET);

// ---------------------------------------------------------------------
// Template.

/// A parsed replacement (`TemplateObject`): a literal, then (group,
/// literal) pairs; empty literals are `None`.
#[repr(C)]
pub struct TemplateObject {
    ob_base: ObjectHeader,
    literal: ObjRef,
    items: Box<[(usize, Option<ObjRef>)]>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for TemplateObject {}

fn template_of(v: &PyObject) -> PyResult<&TemplateObject> {
    if !object::is_type(v, &TEMPLATE_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of TEMPLATE_TYPE are TemplateObjects.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<TemplateObject>() })
}

/// `expand_template`: the replacement for match `m`.
fn expand_template(t: &TemplateObject, m: &MatchObject) -> PyResult<ObjRef> {
    if t.items.is_empty() {
        return Ok(t.literal.clone());
    }
    let none = object::none();
    let mut pieces = vec![t.literal.clone()];
    for (index, literal) in &t.items {
        if *index >= m.groups() {
            return Err(index_error("no such group"));
        }
        let item = m.slice(*index, &none)?;
        if !object::is_none(&item) {
            pieces.push(item);
        }
        if let Some(l) = literal {
            pieces.push(l.clone());
        }
    }
    if downcast::<StrObject>(&t.literal).is_some() {
        let empty = unicodeobject::from_str("")?;
        let refs: Vec<&PyObject> = pieces.iter().map(|o| &**o).collect();
        let list = ListObject::from_slice(&refs)?;
        return unicode_methods::join(&empty, as_obj(&*list));
    }
    let mut out = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        match bytesobject::bytes_like(piece) {
            Some(b) => out.extend_from_slice(&b),
            None => {
                return Err(type_error(&format!(
                    "sequence item {k}: expected a bytes-like object, {} found",
                    type_of(piece).tp_name.as_str()
                )));
            }
        }
    }
    bytesobject::from_bytes(&out).map(into_obj)
}

/// `_sre.SRE_Template`.
pub static TEMPLATE_TYPE: TypeObject = TypeObject::new_static(
    "_sre.SRE_Template",
    size_of::<TemplateObject>(),
    object::dealloc_simple::<TemplateObject>,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
);

// ---------------------------------------------------------------------
// Module functions.

/// Positional arguments only, exactly `n` of them.
fn positional<'a>(fname: &str, args: &'a [&'a PyObject], kwnames: Option<&TupleObject>, n: usize) -> PyResult<&'a [&'a PyObject]> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    if args.len() != n {
        return Err(type_error(&if n == 1 {
            format!("{fname}() takes exactly one argument ({} given)", args.len())
        } else {
            format!("{fname} expected {n} arguments, got {}", args.len())
        }));
    }
    Ok(args)
}

/// An `int` character argument (clinic's `int` converter).
fn char_arg(v: &PyObject) -> PyResult<u32> {
    let n = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    if n < i64::from(i32::MIN) as isize || n > i32::MAX as isize {
        return Err(errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C int"));
    }
    Ok(n as i32 as u32)
}

fn getcodesize(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getcodesize", args, kwnames, 0)?;
    int(4)
}

fn ascii_iscased(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let ch = char_arg(positional("ascii_iscased", args, kwnames, 1)?[0])?;
    Ok(boolobject::from_bool(ch < 128 && (ch as u8).is_ascii_alphabetic()))
}

fn unicode_iscased(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let ch = char_arg(positional("unicode_iscased", args, kwnames, 1)?[0])?;
    Ok(boolobject::from_bool(ch != sre_lib::lower_unicode(ch) || ch != sre_lib::upper_unicode(ch)))
}

fn ascii_tolower(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let ch = char_arg(positional("ascii_tolower", args, kwnames, 1)?[0])?;
    int(i64::from(sre_lib::lower_ascii(ch) as i32))
}

fn unicode_tolower(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let ch = char_arg(positional("unicode_tolower", args, kwnames, 1)?[0])?;
    int(i64::from(sre_lib::lower_unicode(ch) as i32))
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`.
fn compile(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    const NAMES: [&str; 6] = ["pattern", "flags", "code", "groups", "groupindex", "indexgroup"];
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    let mut a: [Option<&PyObject>; 6] = [None; 6];
    for (i, v) in args[..npos].iter().enumerate().take(6) {
        a[i] = Some(*v);
    }
    if npos > 6 {
        return Err(type_error(&format!("compile() takes at most 6 arguments ({npos} given)")));
    }
    if let Some(k) = kwnames {
        for (key, v) in k.as_slice().iter().zip(&args[npos..]) {
            let key = object::str_lossy(key);
            let Some(i) = NAMES.iter().position(|n| *n == key) else {
                return Err(type_error(&format!("compile() got an unexpected keyword argument '{key}'")));
            };
            a[i] = Some(*v);
        }
    }
    for (i, n) in NAMES.iter().enumerate() {
        if a[i].is_none() {
            return Err(type_error(&format!("compile() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    let [Some(pattern), Some(flags), Some(code), Some(groups), Some(groupindex), Some(indexgroup)] = a else {
        return Err(errors::bad_internal_call());
    };
    let flags = char_arg(flags)? as i32;
    let Some(code) = downcast::<ListObject>(code) else {
        return Err(type_error(&format!(
            "compile() argument 'code' must be list, not {}",
            type_of(code).tp_name.as_str()
        )));
    };
    let groups = r#abstract::as_ssize(groups, Some(exceptions::overflow_error()))?;
    let Some(gi) = downcast::<DictObject>(groupindex) else {
        return Err(type_error(&format!(
            "compile() argument 'groupindex' must be dict, not {}",
            type_of(groupindex).tp_name.as_str()
        )));
    };
    let Some(ig) = downcast::<TupleObject>(indexgroup) else {
        return Err(type_error(&format!(
            "compile() argument 'indexgroup' must be tuple, not {}",
            type_of(indexgroup).tp_name.as_str()
        )));
    };
    let mut words = Vec::with_capacity(code.len());
    for item in code.snapshot() {
        let Some(n) = downcast::<IntObject>(&item) else {
            return Err(type_error(&format!(
                "'{}' object cannot be interpreted as an integer",
                type_of(&item).tp_name.as_str()
            )));
        };
        match n.as_i64() {
            Some(w) if (0..=i64::from(u32::MAX)).contains(&w) => words.push(w as u32),
            Some(w) if w < 0 => {
                return Err(errors::set_string(exceptions::overflow_error(), "can't convert negative value to unsigned int"));
            }
            _ => {
                return Err(errors::set_string(exceptions::overflow_error(), "regular expression code size limit exceeded"));
            }
        }
    }
    let isbytes = if object::is_none(pattern) { -1 } else { i8::from(Subject::new(pattern)?.is_bytes()) };
    if groups < 0 || groups as u64 > u64::from(MAXGROUPS) {
        return Err(errors::set_string(exceptions::runtime_error(), "invalid SRE code"));
    }
    let (groupindex, indexgroup) = if gi.len() > 0 {
        (Some(object::new_ref(groupindex)), (ig.len() > 0).then(|| object::new_ref(indexgroup)))
    } else {
        (None, None)
    };
    let p = PatternObject {
        ob_base: ObjectHeader::new(&PATTERN_TYPE.head),
        weaklist: ObjSlot::empty(),
        groups: groups as usize,
        groupindex,
        indexgroup,
        pattern: object::new_ref(pattern),
        flags,
        isbytes,
        code: words.into_boxed_slice(),
    };
    object::new_object(p).map(into_obj)
}

/// `_sre.template(pattern, template)`: `template` is
/// `[literal, group, literal, ..., group, literal]`.
fn template(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let args = positional("template", args, kwnames, 2)?;
    let Some(list) = downcast::<ListObject>(args[1]) else {
        return Err(type_error(&format!(
            "template() argument 2 must be list, not {}",
            type_of(args[1]).tp_name.as_str()
        )));
    };
    let items = list.snapshot();
    if items.len() % 2 == 0 {
        return Err(type_error("invalid template"));
    }
    let mut pairs = Vec::with_capacity(items.len() / 2);
    for k in 0..items.len() / 2 {
        let index = r#abstract::as_ssize(&items[2 * k + 1], None)?;
        if index < 0 {
            return Err(type_error("invalid template"));
        }
        let literal = &items[2 * k + 2];
        let empty = downcast::<StrObject>(literal).is_some_and(StrObject::is_empty)
            || downcast::<BytesObject>(literal).is_some_and(|b| b.as_bytes().is_empty());
        pairs.push((index as usize, (!empty).then(|| literal.clone())));
    }
    let t = TemplateObject {
        ob_base: ObjectHeader::new(&TEMPLATE_TYPE.head),
        literal: items[0].clone(),
        items: pairs.into_boxed_slice(),
    };
    object::new_object(t).map(into_obj)
}

static FUNCTIONS: [BuiltinDef; 7] = [
    BuiltinDef { name: "compile", func: compile },
    BuiltinDef { name: "template", func: template },
    BuiltinDef { name: "getcodesize", func: getcodesize },
    BuiltinDef { name: "ascii_iscased", func: ascii_iscased },
    BuiltinDef { name: "unicode_iscased", func: unicode_iscased },
    BuiltinDef { name: "ascii_tolower", func: ascii_tolower },
    BuiltinDef { name: "unicode_tolower", func: unicode_tolower },
];

/// `sre_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_sre")?;
    m.add_functions(&FUNCTIONS)?;
    for t in [&PATTERN_TYPE, &MATCH_TYPE, &SCANNER_TYPE, &TEMPLATE_TYPE] {
        t.ready()?;
    }
    m.add_object("MAGIC", &*int(i64::from(MAGIC))?)?;
    m.add_object("CODESIZE", &*int(4)?)?;
    m.add_object("MAXREPEAT", &*int(i64::from(MAXREPEAT))?)?;
    m.add_object("MAXGROUPS", &*int(i64::from(MAXGROUPS))?)?;
    Ok(into_obj(m))
}
