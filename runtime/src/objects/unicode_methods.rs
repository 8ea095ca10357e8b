//! The methods of `str` (Objects/unicodeobject.c's `unicode_methods` and
//! the algorithms of Objects/stringlib/: split.h, partition.h,
//! find.h/count.h with `ADJUST_INDICES`, transmogrify.h (`expandtabs`,
//! `zfill`, `pad`), the case conversions `do_upper` / `do_lower` /
//! `do_casefold` / `do_title` / `do_capitalize` / `do_swapcase` with
//! `handle_capital_sigma`, the `unicode_is*` predicates, `replace`,
//! `translate` / `maketrans`, and the builtin encoders of
//! Objects/unicodeobject.c (utf-8, ascii, latin-1, utf-16, utf-32) with
//! the error handlers of Python/codecs.c).

use crate::errors::{self, ErrSet, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::dictobject::DictObject;
use crate::objects::listobject::ListObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use crate::objects::tupleobject::{self, TupleObject};
use crate::objects::unicodeobject::{self, STR_TYPE, StrObject};
use crate::objects::{r#abstract as abs, boolobject, bytesobject, exceptions};
use crate::unicode::ctype;

// ---------------------------------------------------------------------
// Helpers.

fn as_s(v: &PyObject) -> PyResult<&StrObject> {
    downcast::<StrObject>(v).ok_or_else(errors::bad_internal_call)
}

/// The code points of a string.
pub(crate) fn cps(s: &StrObject) -> Vec<u32> {
    s.data().iter().collect()
}

/// A new `str` from code points.
pub(crate) fn new_s(c: &[u32]) -> PyResult<ObjRef> {
    unicodeobject::from_code_points(c).map(into_obj)
}

/// `unicode_result_unchanged`: `v` itself if an exact str, else an exact
/// copy.
pub(crate) fn unchanged(v: &PyObject) -> PyResult<ObjRef> {
    if object::is_type(v, &STR_TYPE) {
        return Ok(object::new_ref(v));
    }
    new_s(&cps(as_s(v)?))
}

/// `Vec::try_reserve` with CPython's MemoryError on failure, so a huge
/// width or count raises instead of aborting the process.
pub(crate) fn reserve<T>(v: &mut Vec<T>, extra: usize) -> PyResult<()> {
    v.try_reserve(extra).map_err(|_| errors::no_memory())
}

/// A `len`-sized allocation check for sums that may overflow.
pub(crate) fn total_len(parts: &[usize]) -> PyResult<usize> {
    parts
        .iter()
        .try_fold(0usize, |a, &b| a.checked_add(b))
        .filter(|&n| n <= isize::MAX as usize / 4)
        .ok_or_else(errors::no_memory)
}

fn type_err(msg: &str) -> ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_err(msg: &str) -> ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// `_PyArg_CheckPositional`'s messages.
fn check_positional(name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if n < min {
        let s = if min == 1 { "" } else { "s" };
        return Err(type_err(&format!("{name} expected at least {min} argument{s}, got {n}")));
    }
    if n > max {
        let s = if max == 1 { "" } else { "s" };
        return Err(type_err(&format!("{name} expected at most {max} argument{s}, got {n}")));
    }
    Ok(())
}

/// Argument Clinic's keyword parsing (`_PyArg_UnpackKeywords`) for
/// `names`, of which the first `required` are required.
fn parse_kw(
    fname: &str,
    args: &[ObjRef],
    kwargs: Option<&DictObject>,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<ObjRef>>> {
    if args.len() > names.len() {
        let s = if names.len() == 1 { "" } else { "s" };
        return Err(type_err(&format!(
            "{fname}() takes at most {} argument{s} ({} given)",
            names.len(),
            args.len()
        )));
    }
    let mut out: Vec<Option<ObjRef>> = vec![None; names.len()];
    for (slot, a) in out.iter_mut().zip(args) {
        *slot = Some(a.clone());
    }
    if let Some(kw) = kwargs {
        for (k, v) in kw.items() {
            let key = object::str_lossy(&k);
            let Some(i) = names.iter().position(|n| *n == key) else {
                return Err(type_err(&format!("{fname}() got an unexpected keyword argument '{key}'")));
            };
            if out[i].is_some() {
                return Err(type_err(&format!(
                    "argument for {fname}() given by name ('{key}') and position ({})",
                    i + 1
                )));
            }
            out[i] = Some(v);
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(type_err(&format!("{fname}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    Ok(out)
}

/// A `str` argument or Argument Clinic's "argument N must be str" error.
fn str_arg<'a>(fname: &str, which: &str, v: &'a PyObject) -> PyResult<&'a StrObject> {
    downcast::<StrObject>(v)
        .ok_or_else(|| type_err(&format!("{fname}() argument {which} must be str, not {}", type_of(v).name())))
}

/// An index-sized int argument (`PyNumber_AsSsize_t` after `__index__`).
fn ssize_arg(v: &PyObject) -> PyResult<isize> {
    abs::as_ssize(v, Some(exceptions::overflow_error()))
}

/// `_PyEval_SliceIndex`: `None` keeps the default.
fn slice_index(v: Option<&ObjRef>, default: isize) -> PyResult<isize> {
    match v {
        None => Ok(default),
        Some(o) if object::is_none(o) => Ok(default),
        Some(o) => {
            if downcast::<IntObject>(o).is_none() && type_of(o).slots.nb_index.get().is_none() {
                return Err(type_err("slice indices must be integers or None or have an __index__ method"));
            }
            abs::as_ssize(o, None)
        }
    }
}

/// `ADJUST_INDICES`.
fn adjust_indices(mut start: isize, mut end: isize, len: isize) -> (isize, isize) {
    if end > len {
        end = len;
    } else if end < 0 {
        end += len;
        if end < 0 {
            end = 0;
        }
    }
    if start < 0 {
        start += len;
        if start < 0 {
            start = 0;
        }
    }
    (start, end)
}

/// First index of `needle` in `hay` (`FASTSEARCH` in FAST_SEARCH mode).
pub(crate) fn find_slice(hay: &[u32], needle: &[u32]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > hay.len() {
        return None;
    }
    if needle.len() == 1 {
        return hay.iter().position(|&c| c == needle[0]);
    }
    let first = needle[0];
    let last = hay.len() - needle.len();
    (0..=last).find(|&i| hay[i] == first && hay[i..i + needle.len()] == *needle)
}

/// Last index of `needle` in `hay` (FAST_RSEARCH).
fn rfind_slice(hay: &[u32], needle: &[u32]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).rev().find(|&i| hay[i..i + needle.len()] == *needle)
}

/// Non-overlapping occurrences, at most `max` (FAST_COUNT).
fn count_slice(hay: &[u32], needle: &[u32], max: usize) -> usize {
    if needle.is_empty() {
        return (hay.len() + 1).min(max);
    }
    let mut n = 0;
    let mut i = 0;
    while n < max {
        match find_slice(&hay[i..], needle) {
            Some(p) => {
                n += 1;
                i += p + needle.len();
            }
            None => break,
        }
    }
    n
}

/// Generic first-occurrence search over one code-unit width.
fn find_units<T: PartialEq + Copy>(hay: &[T], needle: &[T]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    if needle.len() > hay.len() {
        return None;
    }
    let first = needle[0];
    (0..=hay.len() - needle.len()).find(|&i| hay[i] == first && hay[i..i + needle.len()] == *needle)
}

/// `PyUnicode_Find` without copying: the strings are compared in their
/// own kind (a needle of a wider kind cannot occur, since kinds are
/// canonical).
pub(crate) fn find_str(hay: &StrObject, needle: &StrObject) -> Option<usize> {
    use crate::objects::unicodeobject::StrData;
    match (hay.data(), needle.data()) {
        (StrData::Ucs1(h), StrData::Ucs1(n)) => find_units(h, n),
        (StrData::Ucs2(h), StrData::Ucs2(n)) => find_units(h, n),
        (StrData::Ucs4(h), StrData::Ucs4(n)) => find_units(h, n),
        (h, n) if n.len() <= h.len() && hay.kind() > needle.kind() => {
            let hv: Vec<u32> = h.iter().collect();
            let nv: Vec<u32> = n.iter().collect();
            find_slice(&hv, &nv)
        }
        (_, n) => n.is_empty().then_some(0),
    }
}

fn list_of(items: Vec<ObjRef>) -> PyResult<ObjRef> {
    let l = ListObject::new()?;
    for it in &items {
        l.append(it)?;
    }
    Ok(into_obj(l))
}

// ---------------------------------------------------------------------
// join, split, partition, strip.

/// `PyUnicode_Join`.
fn meth_join(v: &PyObject, iterable: &PyObject) -> PyResult<ObjRef> {
    join(as_s(v)?, iterable)
}

/// `_PyUnicode_JoinArray` over the items of `iterable`.
pub fn join(sep: &StrObject, iterable: &PyObject) -> PyResult<ObjRef> {
    let items = if let Some(items) = abs::exact_sequence_items(iterable) {
        items
    } else {
        let it = abs::get_iter(iterable).map_err(|e| {
            if errors::exception_matches(exceptions::type_error()) {
                errors::clear();
                return type_err("can only join an iterable");
            }
            e
        })?;
        let mut v = Vec::new();
        while let Some(x) = abs::iter_next(&it)? {
            v.push(x);
        }
        v
    };
    if items.len() == 1 && object::is_type(&items[0], &STR_TYPE) {
        return Ok(items[0].clone());
    }
    if let Some((i, it)) = items.iter().enumerate().find(|(_, it)| downcast::<StrObject>(it).is_none()) {
        return Err(type_err(&format!("sequence item {i}: expected str instance, {} found", type_of(it).name())));
    }
    unicodeobject::join_array(Some(sep), items.iter().filter_map(|it| downcast::<StrObject>(it))).map(into_obj)
}

fn split_args(fname: &str, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<(Option<Vec<u32>>, isize)> {
    let a = parse_kw(fname, args, kwargs, &["sep", "maxsplit"], 0)?;
    let sep = match &a[0] {
        None => None,
        Some(o) if object::is_none(o) => None,
        Some(o) => match downcast::<StrObject>(o) {
            Some(s) => Some(cps(s)),
            None => return Err(type_err(&format!("must be str or None, not {}", type_of(o).name()))),
        },
    };
    let maxsplit = match &a[1] {
        None => -1,
        Some(o) => ssize_arg(o)?,
    };
    if sep.as_ref().is_some_and(Vec::is_empty) {
        return Err(value_err("empty separator"));
    }
    Ok((sep, maxsplit))
}

/// `split` / `split_whitespace` of stringlib/split.h.
pub(crate) fn split_cps(s: &[u32], sep: Option<&[u32]>, maxsplit: isize) -> Vec<(usize, usize)> {
    let mut maxcount = if maxsplit < 0 { isize::MAX } else { maxsplit };
    let n = s.len();
    let mut out = Vec::new();
    match sep {
        None => {
            let mut i = 0;
            while maxcount > 0 {
                maxcount -= 1;
                while i < n && ctype::is_space(s[i]) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                let j = i;
                i += 1;
                while i < n && !ctype::is_space(s[i]) {
                    i += 1;
                }
                out.push((j, i));
            }
            if i < n {
                while i < n && ctype::is_space(s[i]) {
                    i += 1;
                }
                if i != n {
                    out.push((i, n));
                }
            }
        }
        Some(sep) => {
            let mut i = 0;
            while maxcount > 0 {
                maxcount -= 1;
                match find_slice(&s[i..], sep) {
                    Some(p) => {
                        out.push((i, i + p));
                        i = i + p + sep.len();
                    }
                    None => break,
                }
            }
            out.push((i, n));
        }
    }
    out
}

/// `rsplit` / `rsplit_whitespace` of stringlib/split.h.
fn rsplit_cps(s: &[u32], sep: Option<&[u32]>, maxsplit: isize) -> Vec<(usize, usize)> {
    let mut maxcount = if maxsplit < 0 { isize::MAX } else { maxsplit };
    let mut out = Vec::new();
    match sep {
        None => {
            let mut i = s.len();
            while maxcount > 0 {
                maxcount -= 1;
                while i > 0 && ctype::is_space(s[i - 1]) {
                    i -= 1;
                }
                if i == 0 {
                    break;
                }
                let j = i;
                i -= 1;
                while i > 0 && !ctype::is_space(s[i - 1]) {
                    i -= 1;
                }
                out.push((i, j));
            }
            if i > 0 {
                while i > 0 && ctype::is_space(s[i - 1]) {
                    i -= 1;
                }
                if i != 0 {
                    out.push((0, i));
                }
            }
        }
        Some(sep) => {
            let mut j = s.len();
            while maxcount > 0 {
                maxcount -= 1;
                match rfind_slice(&s[..j], sep) {
                    Some(p) => {
                        out.push((p + sep.len(), j));
                        j = p;
                    }
                    None => break,
                }
            }
            out.push((0, j));
        }
    }
    out.reverse();
    out
}

fn pieces(v: &PyObject, s: &[u32], ranges: &[(usize, usize)]) -> PyResult<ObjRef> {
    let mut items = Vec::with_capacity(ranges.len());
    for &(a, b) in ranges {
        if a == 0 && b == s.len() {
            items.push(unchanged(v)?);
        } else {
            items.push(new_s(&s[a..b])?);
        }
    }
    list_of(items)
}

/// `unicode_split_impl`.
fn meth_split(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let (sep, maxsplit) = split_args("split", args, kwargs)?;
    let s = cps(as_s(v)?);
    pieces(v, &s, &split_cps(&s, sep.as_deref(), maxsplit))
}

/// `unicode_rsplit_impl`.
fn meth_rsplit(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let (sep, maxsplit) = split_args("rsplit", args, kwargs)?;
    let s = cps(as_s(v)?);
    pieces(v, &s, &rsplit_cps(&s, sep.as_deref(), maxsplit))
}

/// `unicode_splitlines_impl` (stringlib `splitlines`).
fn meth_splitlines(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_kw("splitlines", args, kwargs, &["keepends"], 0)?;
    let keepends = match &a[0] {
        None => false,
        Some(o) => object::is_true(o)?,
    };
    let s = cps(as_s(v)?);
    let n = s.len();
    let mut ranges = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n {
        while i < n && !ctype::is_linebreak(s[i]) {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            if s[i] == 0x0d && i + 1 < n && s[i + 1] == 0x0a {
                i += 2;
            } else {
                i += 1;
            }
            if keepends {
                eol = i;
            }
        }
        ranges.push((j, eol));
        j = i;
    }
    pieces(v, &s, &ranges)
}

fn sep_arg(v: &PyObject) -> PyResult<Vec<u32>> {
    let Some(sep) = downcast::<StrObject>(v) else {
        return Err(type_err(&format!("must be str, not {}", type_of(v).name())));
    };
    if sep.is_empty() {
        return Err(value_err("empty separator"));
    }
    Ok(cps(sep))
}

/// `unicode_partition` (stringlib/partition.h).
fn meth_partition(v: &PyObject, sep: &PyObject) -> PyResult<ObjRef> {
    let sepc = sep_arg(sep)?;
    let s = cps(as_s(v)?);
    let empty = new_s(&[])?;
    let t = match find_slice(&s, &sepc) {
        Some(p) => [new_s(&s[..p])?, new_s(&sepc)?, new_s(&s[p + sepc.len()..])?],
        None => [unchanged(v)?, empty.clone(), empty],
    };
    tupleobject::from_slice(&[&t[0], &t[1], &t[2]]).map(into_obj)
}

/// `unicode_rpartition`.
fn meth_rpartition(v: &PyObject, sep: &PyObject) -> PyResult<ObjRef> {
    let sepc = sep_arg(sep)?;
    let s = cps(as_s(v)?);
    let empty = new_s(&[])?;
    let t = match rfind_slice(&s, &sepc) {
        Some(p) => [new_s(&s[..p])?, new_s(&sepc)?, new_s(&s[p + sepc.len()..])?],
        None => [empty.clone(), empty, unchanged(v)?],
    };
    tupleobject::from_slice(&[&t[0], &t[1], &t[2]]).map(into_obj)
}

/// `do_strip` / `_PyUnicode_XStrip`: 0 left, 1 right, 2 both.
fn strip(v: &PyObject, args: &[ObjRef], name: &str, which: u8) -> PyResult<ObjRef> {
    check_positional(name, args.len(), 0, 1)?;
    let chars: Option<Vec<u32>> = match args.first() {
        None => None,
        Some(o) if object::is_none(o) => None,
        Some(o) => match downcast::<StrObject>(o) {
            Some(c) => Some(cps(c)),
            None => return Err(type_err(&format!("{name} arg must be None or str"))),
        },
    };
    let s = cps(as_s(v)?);
    let strip_it = |c: u32| match &chars {
        None => ctype::is_space(c),
        Some(set) => set.contains(&c),
    };
    let mut i = 0;
    let mut j = s.len();
    if which != 1 {
        while i < j && strip_it(s[i]) {
            i += 1;
        }
    }
    if which != 0 {
        while j > i && strip_it(s[j - 1]) {
            j -= 1;
        }
    }
    if i == 0 && j == s.len() {
        return unchanged(v);
    }
    new_s(&s[i..j])
}

fn meth_strip(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    strip(v, args, "strip", 2)
}
fn meth_lstrip(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    strip(v, args, "lstrip", 0)
}
fn meth_rstrip(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    strip(v, args, "rstrip", 1)
}

// ---------------------------------------------------------------------
// Searching.

/// `tailmatch`: does `sub` match `s[start:end]` at its start (`at_end`
/// false) or end?
fn tailmatch(s: &StrObject, sub: &StrObject, start: isize, end: isize, at_end: bool) -> bool {
    let (start, mut end) = adjust_indices(start, end, s.len() as isize);
    end -= sub.len() as isize;
    if end < start {
        return false;
    }
    if sub.is_empty() {
        return true;
    }
    let at = if at_end { end } else { start } as usize;
    let (d, n) = (s.data(), sub.data());
    (0..sub.len()).all(|k| d.get(at + k) == n.get(k))
}

/// `unicode_startswith_impl` / `unicode_endswith_impl`.
fn starts_ends(v: &PyObject, args: &[ObjRef], name: &str, at_end: bool) -> PyResult<ObjRef> {
    check_positional(name, args.len(), 1, 3)?;
    let start = slice_index(args.get(1), 0)?;
    let end = slice_index(args.get(2), isize::MAX)?;
    let s = as_s(v)?;
    let sub = &args[0];
    if let Some(t) = downcast::<TupleObject>(sub) {
        for p in t.as_slice() {
            let Some(ps) = downcast::<StrObject>(p) else {
                return Err(type_err(&format!(
                    "tuple for {name} must only contain str, not {}",
                    type_of(p).name()
                )));
            };
            if tailmatch(s, ps, start, end, at_end) {
                return Ok(boolobject::from_bool(true));
            }
        }
        return Ok(boolobject::from_bool(false));
    }
    let Some(ps) = downcast::<StrObject>(sub) else {
        return Err(type_err(&format!(
            "{name} first arg must be str or a tuple of str, not {}",
            type_of(sub).name()
        )));
    };
    Ok(boolobject::from_bool(tailmatch(s, ps, start, end, at_end)))
}

fn meth_startswith(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    starts_ends(v, args, "startswith", false)
}
fn meth_endswith(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    starts_ends(v, args, "endswith", true)
}

/// The `(sub, start, end)` arguments of find/index/count, adjusted.
fn find_args(v: &PyObject, args: &[ObjRef], name: &str) -> PyResult<(Vec<u32>, Vec<u32>, isize, isize)> {
    check_positional(name, args.len(), 1, 3)?;
    let sub = str_arg(name, "1", &args[0])?;
    let start = slice_index(args.get(1), 0)?;
    let end = slice_index(args.get(2), isize::MAX)?;
    let s = cps(as_s(v)?);
    let (start, end) = adjust_indices(start, end, s.len() as isize);
    Ok((s, cps(sub), start, end))
}

/// `any_find_slice`: the index or -1.
fn find_impl(v: &PyObject, args: &[ObjRef], name: &str, reverse: bool) -> PyResult<isize> {
    let (s, sub, start, end) = find_args(v, args, name)?;
    if end - start < sub.len() as isize {
        return Ok(-1);
    }
    let hay = &s[start as usize..end as usize];
    let r = if reverse { rfind_slice(hay, &sub) } else { find_slice(hay, &sub) };
    Ok(r.map_or(-1, |p| p as isize + start))
}

fn meth_find(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    longobject::from_i64(find_impl(v, args, "find", false)? as i64)
}
fn meth_rfind(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    longobject::from_i64(find_impl(v, args, "rfind", true)? as i64)
}
fn meth_index(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match find_impl(v, args, "index", false)? {
        -1 => Err(value_err("substring not found")),
        i => longobject::from_i64(i as i64),
    }
}
fn meth_rindex(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    match find_impl(v, args, "rindex", true)? {
        -1 => Err(value_err("substring not found")),
        i => longobject::from_i64(i as i64),
    }
}

/// `unicode_count_impl`.
fn meth_count(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (s, sub, start, end) = find_args(v, args, "count")?;
    if end < start || end - start < sub.len() as isize {
        return longobject::from_i64(0);
    }
    let n = count_slice(&s[start as usize..end as usize], &sub, usize::MAX);
    longobject::from_i64(n as i64)
}

/// `replace` of unicodeobject.c: at most `maxcount` (all if negative)
/// occurrences of `old` become `new`.
pub(crate) fn replace_cps(s: &[u32], old: &[u32], new: &[u32], maxcount: isize) -> PyResult<Option<Vec<u32>>> {
    let max = if maxcount < 0 { usize::MAX } else { maxcount as usize };
    if max == 0 {
        return Ok(None);
    }
    if old.is_empty() {
        let n = (s.len() + 1).min(max);
        let mut out = Vec::new();
        reserve(&mut out, total_len(&[s.len(), n.checked_mul(new.len()).unwrap_or(usize::MAX)])?)?;
        for (i, &c) in s.iter().enumerate() {
            if i < n {
                out.extend_from_slice(new);
            }
            out.push(c);
        }
        if n > s.len() {
            out.extend_from_slice(new);
        }
        return Ok(Some(out));
    }
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    let mut done = 0;
    while done < max {
        match find_slice(&s[i..], old) {
            Some(p) => {
                reserve(&mut out, p + new.len())?;
                out.extend_from_slice(&s[i..i + p]);
                out.extend_from_slice(new);
                i += p + old.len();
                done += 1;
            }
            None => break,
        }
    }
    if done == 0 {
        return Ok(None);
    }
    out.extend_from_slice(&s[i..]);
    Ok(Some(out))
}

/// `unicode_replace_impl`: `replace(old, new, /, count=-1)`.
fn meth_replace(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let kw_count = match kwargs {
        Some(k) if !k.is_empty() => {
            let a = parse_kw("replace", &[], Some(k), &["count"], 0)?;
            a[0].clone()
        }
        _ => None,
    };
    if args.len() < 2 {
        return Err(type_err(&format!(
            "replace() takes at least 2 positional arguments ({} given)",
            args.len()
        )));
    }
    if args.len() > 3 {
        return Err(type_err(&format!("replace() takes at most 3 arguments ({} given)", args.len())));
    }
    if args.len() == 3 && kw_count.is_some() {
        return Err(type_err("argument for replace() given by name ('count') and position (3)"));
    }
    let old = str_arg("replace", "1", &args[0])?;
    let new = str_arg("replace", "2", &args[1])?;
    let count = match args.get(2).or(kw_count.as_ref()) {
        None => -1,
        Some(o) => ssize_arg(o)?,
    };
    match replace_cps(&cps(as_s(v)?), &cps(old), &cps(new), count)? {
        Some(out) => new_s(&out),
        None => unchanged(v),
    }
}

/// `unicode_removeprefix_impl` / `removesuffix`.
fn remove_affix(v: &PyObject, a: &PyObject, name: &str, suffix: bool) -> PyResult<ObjRef> {
    let Some(p) = downcast::<StrObject>(a) else {
        return Err(type_err(&format!("{name}() argument must be str, not {}", type_of(a).name())));
    };
    let s = cps(as_s(v)?);
    let p = cps(p);
    if !p.is_empty() && s.len() >= p.len() {
        if suffix && s.ends_with(&p) {
            return new_s(&s[..s.len() - p.len()]);
        }
        if !suffix && s.starts_with(&p) {
            return new_s(&s[p.len()..]);
        }
    }
    unchanged(v)
}

fn meth_removeprefix(v: &PyObject, a: &PyObject) -> PyResult<ObjRef> {
    remove_affix(v, a, "removeprefix", false)
}
fn meth_removesuffix(v: &PyObject, a: &PyObject) -> PyResult<ObjRef> {
    remove_affix(v, a, "removesuffix", true)
}

// ---------------------------------------------------------------------
// Case conversion.

/// `handle_capital_sigma`: final or medial small sigma for the capital
/// sigma at `i`.
fn capital_sigma(s: &[u32], i: usize) -> u32 {
    let mut j = i;
    while j > 0 && ctype::is_case_ignorable(s[j - 1]) {
        j -= 1;
    }
    let mut final_sigma = j > 0 && ctype::is_cased(s[j - 1]);
    if final_sigma {
        let mut k = i + 1;
        while k < s.len() && ctype::is_case_ignorable(s[k]) {
            k += 1;
        }
        final_sigma = k == s.len() || !ctype::is_cased(s[k]);
    }
    if final_sigma { 0x3C2 } else { 0x3C3 }
}

/// `lower_ucs4`.
fn lower_at(s: &[u32], i: usize, out: &mut Vec<u32>) {
    if s[i] == 0x3A3 {
        out.push(capital_sigma(s, i));
    } else {
        ctype::to_lower_full(s[i], out);
    }
}

/// The case conversions (`case_operation` with `do_*`).
#[derive(Clone, Copy)]
pub(crate) enum Case {
    Lower,
    Upper,
    Fold,
    Title,
    Capitalize,
    Swap,
}

pub(crate) fn convert_case(s: &[u32], how: Case) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    match how {
        Case::Lower => (0..s.len()).for_each(|i| lower_at(s, i, &mut out)),
        Case::Upper => s.iter().for_each(|&c| ctype::to_upper_full(c, &mut out)),
        Case::Fold => s.iter().for_each(|&c| ctype::to_folded_full(c, &mut out)),
        Case::Title => {
            let mut prev_cased = false;
            for (i, &c) in s.iter().enumerate() {
                if prev_cased {
                    lower_at(s, i, &mut out);
                } else {
                    ctype::to_title_full(c, &mut out);
                }
                prev_cased = ctype::is_cased(c);
            }
        }
        Case::Capitalize => {
            for (i, &c) in s.iter().enumerate() {
                if i == 0 {
                    ctype::to_title_full(c, &mut out);
                } else {
                    lower_at(s, i, &mut out);
                }
            }
        }
        Case::Swap => {
            for (i, &c) in s.iter().enumerate() {
                if ctype::is_upper(c) {
                    lower_at(s, i, &mut out);
                } else if ctype::is_lower(c) {
                    ctype::to_upper_full(c, &mut out);
                } else {
                    out.push(c);
                }
            }
        }
    }
    out
}

fn case_meth(v: &PyObject, how: Case) -> PyResult<ObjRef> {
    new_s(&convert_case(&cps(as_s(v)?), how))
}

fn meth_lower(v: &PyObject) -> PyResult<ObjRef> {
    case_meth(v, Case::Lower)
}
fn meth_upper(v: &PyObject) -> PyResult<ObjRef> {
    case_meth(v, Case::Upper)
}
fn meth_casefold(v: &PyObject) -> PyResult<ObjRef> {
    case_meth(v, Case::Fold)
}
fn meth_title(v: &PyObject) -> PyResult<ObjRef> {
    case_meth(v, Case::Title)
}
fn meth_capitalize(v: &PyObject) -> PyResult<ObjRef> {
    case_meth(v, Case::Capitalize)
}
fn meth_swapcase(v: &PyObject) -> PyResult<ObjRef> {
    case_meth(v, Case::Swap)
}

// ---------------------------------------------------------------------
// Predicates.

fn all_nonempty(v: &PyObject, f: fn(u32) -> bool) -> PyResult<ObjRef> {
    let s = as_s(v)?;
    Ok(boolobject::from_bool(!s.is_empty() && s.data().iter().all(f)))
}

fn meth_isspace(v: &PyObject) -> PyResult<ObjRef> {
    all_nonempty(v, ctype::is_space)
}
fn meth_isalpha(v: &PyObject) -> PyResult<ObjRef> {
    all_nonempty(v, ctype::is_alpha)
}
fn meth_isalnum(v: &PyObject) -> PyResult<ObjRef> {
    all_nonempty(v, ctype::is_alnum)
}
fn meth_isdecimal(v: &PyObject) -> PyResult<ObjRef> {
    all_nonempty(v, ctype::is_decimal)
}
fn meth_isdigit(v: &PyObject) -> PyResult<ObjRef> {
    all_nonempty(v, ctype::is_digit)
}
fn meth_isnumeric(v: &PyObject) -> PyResult<ObjRef> {
    all_nonempty(v, ctype::is_numeric)
}
/// `unicode_isprintable_impl`: true for `''`.
fn meth_isprintable(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_s(v)?.data().iter().all(ctype::is_printable)))
}
fn meth_isascii(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(as_s(v)?.is_ascii()))
}

/// `unicode_islower_impl`.
fn meth_islower(v: &PyObject) -> PyResult<ObjRef> {
    let mut cased = false;
    for c in as_s(v)?.data().iter() {
        if ctype::is_upper(c) || ctype::is_title(c) {
            return Ok(boolobject::from_bool(false));
        }
        cased |= ctype::is_lower(c);
    }
    Ok(boolobject::from_bool(cased))
}

/// `unicode_isupper_impl`.
fn meth_isupper(v: &PyObject) -> PyResult<ObjRef> {
    let mut cased = false;
    for c in as_s(v)?.data().iter() {
        if ctype::is_lower(c) || ctype::is_title(c) {
            return Ok(boolobject::from_bool(false));
        }
        cased |= ctype::is_upper(c);
    }
    Ok(boolobject::from_bool(cased))
}

/// `unicode_istitle_impl`.
fn meth_istitle(v: &PyObject) -> PyResult<ObjRef> {
    let (mut cased, mut prev) = (false, false);
    for c in as_s(v)?.data().iter() {
        if ctype::is_upper(c) || ctype::is_title(c) {
            if prev {
                return Ok(boolobject::from_bool(false));
            }
            prev = true;
            cased = true;
        } else if ctype::is_lower(c) {
            if !prev {
                return Ok(boolobject::from_bool(false));
            }
            prev = true;
            cased = true;
        } else {
            prev = false;
        }
    }
    Ok(boolobject::from_bool(cased))
}

/// `PyUnicode_IsIdentifier`.
pub fn is_identifier(s: &StrObject) -> bool {
    let d = s.data();
    if d.is_empty() {
        return false;
    }
    let first = d.get(0);
    (ctype::is_xid_start(first) || first == u32::from(b'_')) && d.iter().skip(1).all(ctype::is_xid_continue)
}

fn meth_isidentifier(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(is_identifier(as_s(v)?)))
}

// ---------------------------------------------------------------------
// Padding.

/// `pad`.
fn pad(v: &PyObject, left: usize, right: usize, fill: u32) -> PyResult<ObjRef> {
    if left == 0 && right == 0 {
        return unchanged(v);
    }
    let s = as_s(v)?;
    let mut out = Vec::new();
    reserve(&mut out, total_len(&[left, s.len(), right])?)?;
    out.resize(left, fill);
    out.extend(s.data().iter());
    out.resize(out.len() + right, fill);
    new_s(&out)
}

/// The `(width, fillchar=' ', /)` arguments (`convert_uc`).
fn pad_args(v: &PyObject, args: &[ObjRef], name: &str) -> PyResult<(usize, u32, usize)> {
    check_positional(name, args.len(), 1, 2)?;
    let width = ssize_arg(&args[0])?;
    let fill = match args.get(1) {
        None => 0x20,
        Some(f) => {
            let Some(fs) = downcast::<StrObject>(f) else {
                return Err(type_err(&format!(
                    "The fill character must be a unicode character, not {}",
                    type_of(f).name()
                )));
            };
            if fs.len() != 1 {
                return Err(type_err("The fill character must be exactly one character long"));
            }
            fs.data().get(0)
        }
    };
    let len = as_s(v)?.len();
    let marg = if width > len as isize { width as usize - len } else { 0 };
    Ok((marg, fill, width.max(0) as usize))
}

fn meth_center(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (marg, fill, width) = pad_args(v, args, "center")?;
    let left = marg / 2 + (marg & width & 1);
    pad(v, left, marg - left, fill)
}
fn meth_ljust(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (marg, fill, _) = pad_args(v, args, "ljust")?;
    pad(v, 0, marg, fill)
}
fn meth_rjust(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    let (marg, fill, _) = pad_args(v, args, "rjust")?;
    pad(v, marg, 0, fill)
}

/// `unicode_zfill_impl`.
fn meth_zfill(v: &PyObject, width: &PyObject) -> PyResult<ObjRef> {
    let width = ssize_arg(width)?;
    let s = cps(as_s(v)?);
    if width <= s.len() as isize {
        return unchanged(v);
    }
    let fill = width as usize - s.len();
    let mut out = Vec::new();
    reserve(&mut out, total_len(&[fill, s.len()])?)?;
    out.resize(fill, u32::from(b'0'));
    out.extend_from_slice(&s);
    if fill < out.len() && (out[fill] == u32::from(b'+') || out[fill] == u32::from(b'-')) {
        out[0] = out[fill];
        out[fill] = u32::from(b'0');
    }
    new_s(&out)
}

/// `unicode_expandtabs_impl`.
fn meth_expandtabs(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_kw("expandtabs", args, kwargs, &["tabsize"], 0)?;
    let tabsize = match &a[0] {
        None => 8,
        Some(o) => {
            let i = abs::index(o)?;
            let i = downcast::<IntObject>(&i).ok_or_else(errors::bad_internal_call)?;
            match i.as_i64().and_then(|x| i32::try_from(x).ok()) {
                Some(x) => x as isize,
                None => {
                    return Err(errors::set_string(
                        exceptions::overflow_error(),
                        "Python int too large to convert to C int",
                    ));
                }
            }
        }
    };
    let s = cps(as_s(v)?);
    let mut out = Vec::with_capacity(s.len());
    let mut col: isize = 0;
    for &c in &s {
        if c == 0x09 {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                reserve(&mut out, incr as usize)?;
                out.resize(out.len() + incr as usize, 0x20);
            }
        } else {
            col += 1;
            out.push(c);
            if c == 0x0a || c == 0x0d {
                col = 0;
            }
        }
    }
    new_s(&out)
}

// ---------------------------------------------------------------------
// translate / maketrans.

/// `unicode_translate` (`_PyUnicode_TranslateCharmap` with the strict
/// handler): each character is looked up in `table`.
fn meth_translate(v: &PyObject, table: &PyObject) -> PyResult<ObjRef> {
    let s = cps(as_s(v)?);
    let mut out = Vec::with_capacity(s.len());
    for &c in &s {
        let key = longobject::from_i64(i64::from(c))?;
        let r = match abs::get_item(table, &key) {
            Ok(r) => r,
            Err(e) => {
                if errors::exception_matches(exceptions::lookup_error()) {
                    errors::clear();
                    out.push(c);
                    continue;
                }
                return Err(e);
            }
        };
        if object::is_none(&r) {
            continue;
        }
        if let Some(i) = downcast::<IntObject>(&r) {
            match i.as_i64().filter(|x| (0..0x110000).contains(x)) {
                Some(x) => out.push(x as u32),
                None => return Err(value_err("character mapping must be in range(0x110000)")),
            }
        } else if let Some(t) = downcast::<StrObject>(&r) {
            out.extend(t.data().iter());
        } else {
            return Err(type_err("character mapping must return integer, None or str"));
        }
    }
    new_s(&out)
}

/// `unicode_maketrans_impl` (a static method).
fn meth_maketrans(_cls: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    check_positional("maketrans", args.len(), 1, 3)?;
    let d = DictObject::new()?;
    if args.len() == 1 {
        let Some(x) = downcast::<DictObject>(&args[0]) else {
            return Err(type_err("if you give only one argument to maketrans it must be a dict"));
        };
        for (k, val) in x.items() {
            if let Some(ks) = downcast::<StrObject>(&k) {
                if ks.len() != 1 {
                    return Err(value_err("string keys in translatetable must be of length 1"));
                }
                let key = longobject::from_i64(i64::from(ks.data().get(0)))?;
                d.set_item(&key, &val)?;
            } else if downcast::<IntObject>(&k).is_some() {
                d.set_item(&k, &val)?;
            } else {
                return Err(type_err("keys in translate table mustbe strings or integers"));
            }
        }
        return Ok(into_obj(d));
    }
    let x = str_arg("maketrans", "1", &args[0])?;
    let y = str_arg("maketrans", "2", &args[1])?;
    let z = match args.get(2) {
        Some(z) => Some(str_arg("maketrans", "3", z)?),
        None => None,
    };
    if x.len() != y.len() {
        return Err(value_err("the first two maketrans arguments must have equal length"));
    }
    for (a, b) in x.data().iter().zip(y.data().iter()) {
        let (ka, kb) = (longobject::from_i64(i64::from(a))?, longobject::from_i64(i64::from(b))?);
        d.set_item(&ka, &kb)?;
    }
    if let Some(z) = z {
        let none = object::none();
        for c in z.data().iter() {
            let kc = longobject::from_i64(i64::from(c))?;
            d.set_item(&kc, &none)?;
        }
    }
    Ok(into_obj(d))
}

// ---------------------------------------------------------------------
// Encoding.

/// The builtin codecs (`_Py_normalize_encoding` then the aliases of
/// Lib/encodings/aliases.py that name them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
    Utf16(Option<bool>),
    Utf32(Option<bool>),
}

/// `Some(codec)` for a builtin codec name; `Some(big_endian)` in the
/// UTF-16/32 variants names a fixed byte order (no BOM).
pub fn lookup_codec(name: &str) -> Option<Codec> {
    let n: String = name
        .trim()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() })
        .collect();
    Some(match n.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Codec::Utf8,
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "cp367" | "csascii" | "ibm367"
        | "iso646_us" | "iso_646.irv_1991" => Codec::Ascii,
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819" | "iso_ir_100"
        | "csisolatin1" | "ibm819" => Codec::Latin1,
        "utf_16" | "utf16" | "u16" => Codec::Utf16(None),
        "utf_16_le" | "utf_16le" | "utf16le" | "unicodelittleunmarked" => Codec::Utf16(Some(false)),
        "utf_16_be" | "utf_16be" | "utf16be" | "unicodebigunmarked" => Codec::Utf16(Some(true)),
        "utf_32" | "utf32" | "u32" => Codec::Utf32(None),
        "utf_32_le" | "utf_32le" | "utf32le" => Codec::Utf32(Some(false)),
        "utf_32_be" | "utf_32be" | "utf32be" => Codec::Utf32(Some(true)),
        _ => return None,
    })
}

/// The codec's name in its error messages.
fn codec_name(c: Codec) -> &'static str {
    match c {
        Codec::Utf8 => "utf-8",
        Codec::Ascii => "ascii",
        Codec::Latin1 => "latin-1",
        Codec::Utf16(None) => "utf-16",
        Codec::Utf16(Some(false)) => "utf-16-le",
        Codec::Utf16(Some(true)) => "utf-16-be",
        Codec::Utf32(None) => "utf-32",
        Codec::Utf32(Some(false)) => "utf-32-le",
        Codec::Utf32(Some(true)) => "utf-32-be",
    }
}

/// A code point as the codec errors show it: `'\xe9'`.
fn escape_cp(c: u32) -> String {
    match c {
        0..=0xff => format!("\\x{c:02x}"),
        0x100..=0xffff => format!("\\u{c:04x}"),
        _ => format!("\\U{c:08x}"),
    }
}

/// `make_encode_exception`: UnicodeEncodeError(encoding, object, start,
/// end, reason), whose str() is the codec message.
fn make_encode_exc(codec: Codec, s: &[u32], start: usize, end: usize, reason: &str) -> PyResult<ObjRef> {
    let enc = into_obj(unicodeobject::from_str(codec_name(codec))?);
    let obj = new_s(s)?;
    let a = longobject::from_i64(start as i64)?;
    let b = longobject::from_i64(end as i64)?;
    let why = into_obj(unicodeobject::from_str(reason)?);
    object::call(object::as_obj(exceptions::unicode_encode_error()), &[&enc, &obj, &a, &b, &why])
}

fn encode_error(codec: Codec, s: &[u32], start: usize, end: usize, reason: &str) -> ErrSet {
    match make_encode_exc(codec, s, start, end, reason) {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

/// Writes one code point in the codec's unit form.
fn put_unit(codec: Codec, big: bool, c: u32, out: &mut Vec<u8>) {
    match codec {
        Codec::Utf8 => {
            // Surrogates (surrogatepass) are written as three bytes, as
            // the codec does.
            if c < 0x80 {
                out.push(c as u8);
            } else if c < 0x800 {
                out.extend_from_slice(&[0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]);
            } else if c < 0x10000 {
                out.extend_from_slice(&[0xe0 | (c >> 12) as u8, 0x80 | ((c >> 6) & 0x3f) as u8, 0x80 | (c & 0x3f) as u8]);
            } else {
                out.extend_from_slice(&[
                    0xf0 | (c >> 18) as u8,
                    0x80 | ((c >> 12) & 0x3f) as u8,
                    0x80 | ((c >> 6) & 0x3f) as u8,
                    0x80 | (c & 0x3f) as u8,
                ]);
            }
        }
        Codec::Ascii | Codec::Latin1 => out.push(c as u8),
        Codec::Utf16(_) => {
            let mut unit = |u: u16| {
                if big {
                    out.extend_from_slice(&u.to_be_bytes());
                } else {
                    out.extend_from_slice(&u.to_le_bytes());
                }
            };
            if c >= 0x10000 {
                let c = c - 0x10000;
                unit(0xd800 | (c >> 10) as u16);
                unit(0xdc00 | (c & 0x3ff) as u16);
            } else {
                unit(c as u16);
            }
        }
        Codec::Utf32(_) => {
            if big {
                out.extend_from_slice(&c.to_be_bytes());
            } else {
                out.extend_from_slice(&c.to_le_bytes());
            }
        }
    }
}

/// `PyUnicode_AsEncodedString` for the builtin codecs, with the error
/// handlers strict, ignore, replace, surrogateescape, surrogatepass,
/// backslashreplace, xmlcharrefreplace and namereplace.
pub fn encode_cps(s: &[u32], codec: Codec, errs: &str) -> PyResult<Vec<u8>> {
    let limit: u32 = match codec {
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
        _ => 0x110000,
    };
    let is_bad = |c: u32| c >= limit || (0xd800..0xe000).contains(&c);
    let reason = if limit < 0x110000 { format!("ordinal not in range({limit})") } else { "surrogates not allowed".to_string() };
    let (big, bom) = match codec {
        Codec::Utf16(o) | Codec::Utf32(o) => (o.unwrap_or(cfg!(target_endian = "big")), o.is_none()),
        _ => (false, false),
    };
    let mut out = Vec::with_capacity(s.len());
    if bom {
        put_unit(codec, big, 0xfeff, &mut out);
    }
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if !is_bad(c) {
            put_unit(codec, big, c, &mut out);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < s.len() && is_bad(s[end]) {
            end += 1;
        }
        match errs {
            "strict" => return Err(encode_error(codec, s, i, end, &reason)),
            "ignore" => {}
            "replace" => {
                for _ in i..end {
                    put_unit(codec, big, u32::from(b'?'), &mut out);
                }
            }
            "surrogateescape" => {
                for (k, &b) in s.iter().enumerate().take(end).skip(i) {
                    if !(0xdc80..0xdd00).contains(&b) {
                        return Err(encode_error(codec, s, k, k + 1, &reason));
                    }
                    out.push((b - 0xdc00) as u8);
                }
            }
            "surrogatepass" => {
                for (k, &b) in s.iter().enumerate().take(end).skip(i) {
                    if !(0xd800..0xe000).contains(&b) || matches!(codec, Codec::Ascii | Codec::Latin1) {
                        return Err(encode_error(codec, s, k, k + 1, &reason));
                    }
                    put_unit(codec, big, b, &mut out);
                }
            }
            "backslashreplace" => {
                for &b in &s[i..end] {
                    for ch in escape_cp(b).bytes() {
                        put_unit(codec, big, u32::from(ch), &mut out);
                    }
                }
            }
            "xmlcharrefreplace" => {
                for &b in &s[i..end] {
                    for ch in format!("&#{b};").bytes() {
                        put_unit(codec, big, u32::from(ch), &mut out);
                    }
                }
            }
            "namereplace" => {
                for &b in &s[i..end] {
                    let text = match crate::unicode::names::name(b) {
                        Some(n) => format!("\\N{{{n}}}"),
                        None => escape_cp(b),
                    };
                    for ch in text.bytes() {
                        put_unit(codec, big, u32::from(ch), &mut out);
                    }
                }
            }
            other => {
                // A registered handler: its text must encode cleanly.
                let exc = make_encode_exc(codec, s, i, end, &reason)?;
                let (rep, pos) = crate::codecs::call_error_handler(other, &exc, s.len())?;
                match rep {
                    crate::codecs::Replacement::Bytes(b) => out.extend_from_slice(&b),
                    crate::codecs::Replacement::Text(t) => {
                        if let Some(k) = t.iter().position(|&c| is_bad(c)) {
                            let _ = k;
                            return Err(encode_error(codec, s, i, end, &reason));
                        }
                        for c in t {
                            put_unit(codec, big, c, &mut out);
                        }
                    }
                }
                i = pos;
                continue;
            }
        }
        i = end;
    }
    Ok(out)
}

/// `make_decode_exception`: UnicodeDecodeError(encoding, object, start,
/// end, reason).
fn make_decode_exc(codec: Codec, data: &[u8], start: usize, end: usize, reason: &str) -> PyResult<ObjRef> {
    let enc = into_obj(unicodeobject::from_str(codec_name(codec))?);
    let obj = into_obj(bytesobject::from_bytes(data)?);
    let a = longobject::from_i64(start as i64)?;
    let b = longobject::from_i64(end as i64)?;
    let why = into_obj(unicodeobject::from_str(reason)?);
    object::call(object::as_obj(exceptions::unicode_decode_error()), &[&enc, &obj, &a, &b, &why])
}

fn decode_error(codec: Codec, data: &[u8], start: usize, end: usize, reason: &str) -> ErrSet {
    match make_decode_exc(codec, data, start, end, reason) {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

/// The length and reason of the UTF-8 error at `i` (`utf8_decode`'s
/// error cases: the maximal invalid prefix).
fn utf8_error_at(data: &[u8], i: usize, allow_surrogates: bool) -> Result<(u32, usize), (usize, &'static str)> {
    let b0 = data[i];
    let (n, lo, hi) = match b0 {
        0x00..=0x7f => return Ok((u32::from(b0), 1)),
        0xc2..=0xdf => (2, 0x80, 0xbf),
        0xe0 => (3, 0xa0, 0xbf),
        0xed if !allow_surrogates => (3, 0x80, 0x9f),
        0xe1..=0xef => (3, 0x80, 0xbf),
        0xf0 => (4, 0x90, 0xbf),
        0xf1..=0xf3 => (4, 0x80, 0xbf),
        0xf4 => (4, 0x80, 0x8f),
        _ => return Err((1, "invalid start byte")),
    };
    let mut cp = u32::from(b0) & (0x7f >> n);
    for k in 1..n {
        let Some(&b) = data.get(i + k) else { return Err((k, "unexpected end of data")) };
        let (l, h) = if k == 1 { (lo, hi) } else { (0x80, 0xbf) };
        if !(l..=h).contains(&b) {
            return Err((k, "invalid continuation byte"));
        }
        cp = (cp << 6) | u32::from(b & 0x3f);
    }
    Ok((cp, n))
}

/// `PyUnicode_Decode` for the builtin codecs, with the error handlers
/// strict, ignore, replace, backslashreplace, surrogateescape and
/// surrogatepass (utf-8).
pub fn decode_bytes(data: &[u8], codec: Codec, errs: &str) -> PyResult<Vec<u32>> {
    let mut out: Vec<u32> = Vec::new();
    reserve(&mut out, data.len())?;
    // Handles one error range; Ok(()) to go on.
    let handle = |out: &mut Vec<u32>, start: usize, end: usize, reason: &str| -> PyResult<()> {
        match errs {
            "strict" => Err(decode_error(codec, data, start, end, reason)),
            "ignore" => Ok(()),
            "replace" => {
                out.push(0xfffd);
                Ok(())
            }
            "backslashreplace" => {
                for &b in &data[start..end] {
                    out.extend(format!("\\x{b:02x}").bytes().map(u32::from));
                }
                Ok(())
            }
            "surrogateescape" => {
                for &b in &data[start..end] {
                    if b < 128 {
                        return Err(decode_error(codec, data, start, end, reason));
                    }
                    out.push(0xdc00 + u32::from(b));
                }
                Ok(())
            }
            "surrogatepass" | "strict_surrogatepass" => Err(decode_error(codec, data, start, end, reason)),
            other => {
                // A registered handler; decoding resumes after the bad
                // range whatever position it returns.
                let exc = make_decode_exc(codec, data, start, end, reason)?;
                match crate::codecs::call_error_handler(other, &exc, data.len())?.0 {
                    crate::codecs::Replacement::Text(t) => out.extend(t),
                    crate::codecs::Replacement::Bytes(_) => {
                        return Err(errors::set_string(
                            exceptions::type_error(),
                            "decoding error handler must return (str, int) tuple",
                        ));
                    }
                }
                Ok(())
            }
        }
    };
    match codec {
        Codec::Latin1 => out.extend(data.iter().map(|&b| u32::from(b))),
        Codec::Ascii => {
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(u32::from(b));
                } else {
                    handle(&mut out, i, i + 1, "ordinal not in range(128)")?;
                }
            }
        }
        Codec::Utf8 => {
            let pass = errs == "surrogatepass";
            let mut i = 0;
            while i < data.len() {
                match utf8_error_at(data, i, pass) {
                    Ok((cp, n)) => {
                        out.push(cp);
                        i += n;
                    }
                    Err((n, reason)) => {
                        handle(&mut out, i, i + n, reason)?;
                        i += n;
                    }
                }
            }
        }
        Codec::Utf16(order) | Codec::Utf32(order) => {
            let unit = if matches!(codec, Codec::Utf16(_)) { 2 } else { 4 };
            let mut big = order.unwrap_or(cfg!(target_endian = "big"));
            let mut i = 0;
            if order.is_none() && data.len() >= unit {
                let bom_le: &[u8] = if unit == 2 { &[0xff, 0xfe] } else { &[0xff, 0xfe, 0, 0] };
                let bom_be: &[u8] = if unit == 2 { &[0xfe, 0xff] } else { &[0, 0, 0xfe, 0xff] };
                if &data[..unit] == bom_le {
                    big = false;
                    i = unit;
                } else if &data[..unit] == bom_be {
                    big = true;
                    i = unit;
                }
            }
            let read = |k: usize| -> u32 {
                let b = &data[k..k + unit];
                if unit == 2 {
                    let a = [b[0], b[1]];
                    u32::from(if big { u16::from_be_bytes(a) } else { u16::from_le_bytes(a) })
                } else {
                    let a = [b[0], b[1], b[2], b[3]];
                    if big { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) }
                }
            };
            while i < data.len() {
                if i + unit > data.len() {
                    handle(&mut out, i, data.len(), "truncated data")?;
                    break;
                }
                let u = read(i);
                if unit == 4 {
                    if u > 0x10ffff {
                        handle(&mut out, i, i + 4, "code point not in range(0x110000)")?;
                    } else if (0xd800..0xe000).contains(&u) && errs != "surrogatepass" {
                        handle(&mut out, i, i + 4, "code point in surrogate code point range(0xd800, 0xe000)")?;
                    } else {
                        out.push(u);
                    }
                    i += 4;
                    continue;
                }
                if !(0xd800..0xe000).contains(&u) {
                    out.push(u);
                    i += 2;
                } else if u < 0xdc00 && i + 4 <= data.len() && (0xdc00..0xe000).contains(&read(i + 2)) {
                    out.push(0x10000 + ((u - 0xd800) << 10) + (read(i + 2) - 0xdc00));
                    i += 4;
                } else if u < 0xdc00 && i + 4 > data.len() {
                    handle(&mut out, i, data.len(), "unexpected end of data")?;
                    break;
                } else if errs == "surrogatepass" {
                    out.push(u);
                    i += 2;
                } else {
                    let reason = if u < 0xdc00 { "illegal UTF-16 surrogate" } else { "illegal encoding" };
                    handle(&mut out, i, i + 2, reason)?;
                    i += 2;
                }
            }
        }
    }
    Ok(out)
}

/// How much of `data` a stateful decoder decodes now (`consumed` of the
/// `*_DecodeStateful` functions): an incomplete sequence at the end
/// waits for more input.
pub fn complete_prefix(data: &[u8], codec: Codec) -> usize {
    let n = data.len();
    match codec {
        Codec::Ascii | Codec::Latin1 => n,
        Codec::Utf8 => {
            for back in 1..=n.min(3) {
                let p = n - back;
                if data[p] & 0xc0 != 0x80 {
                    if let Err((_, "unexpected end of data")) = utf8_error_at(data, p, false) {
                        return p;
                    }
                    break;
                }
            }
            n
        }
        Codec::Utf32(_) => n & !3,
        Codec::Utf16(order) => {
            let even = n & !1;
            if even < 2 {
                return even;
            }
            let big = order.unwrap_or_else(|| {
                if data.starts_with(&[0xfe, 0xff]) {
                    true
                } else if data.starts_with(&[0xff, 0xfe]) {
                    false
                } else {
                    cfg!(target_endian = "big")
                }
            });
            let last = [data[even - 2], data[even - 1]];
            let u = if big { u16::from_be_bytes(last) } else { u16::from_le_bytes(last) };
            if (0xd800..0xdc00).contains(&u) { even - 2 } else { even }
        }
    }
}

/// `unicode_encode_impl`: `encode(encoding='utf-8', errors='strict')`.
fn meth_encode(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    let a = parse_kw("encode", args, kwargs, &["encoding", "errors"], 0)?;
    let text_arg = |i: usize, name: &str| -> PyResult<Option<String>> {
        match &a[i] {
            None => Ok(None),
            Some(o) => match downcast::<StrObject>(o) {
                Some(s) => Ok(Some(s.to_string_lossy())),
                None => Err(type_err(&format!(
                    "encode() argument '{name}' must be str, not {}",
                    type_of(o).name()
                ))),
            },
        }
    };
    let encoding = text_arg(0, "encoding")?.unwrap_or_else(|| "utf-8".into());
    let errs = text_arg(1, "errors")?.unwrap_or_else(|| "strict".into());
    let Some(codec) = lookup_codec(&encoding) else {
        return crate::codecs::encode_text(v, &encoding, &errs);
    };
    let data = encode_cps(&cps(as_s(v)?), codec, &errs)?;
    bytesobject::from_bytes(&data).map(into_obj)
}

// ---------------------------------------------------------------------
// Formatting entry points (the work is in formatter_unicode.rs and
// unicode_format.rs).

fn meth_format(v: &PyObject, args: &[ObjRef], kwargs: Option<&DictObject>) -> PyResult<ObjRef> {
    crate::objects::unicode_format::do_string_format(as_s(v)?, args, kwargs.map(|d| object::as_obj(d)))
}

fn meth_format_map(v: &PyObject, mapping: &PyObject) -> PyResult<ObjRef> {
    crate::objects::unicode_format::do_string_format(as_s(v)?, &[], Some(mapping))
}

fn meth_dunder_format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    let Some(spec) = downcast::<StrObject>(spec) else {
        return Err(type_err(&format!(
            "__format__() argument must be str, not {}",
            type_of(spec).name()
        )));
    };
    crate::objects::formatter_unicode::format_str(as_s(v)?, v, spec)
}

fn meth_getnewargs(v: &PyObject) -> PyResult<ObjRef> {
    let copy = new_s(&cps(as_s(v)?))?;
    tupleobject::from_slice(&[&copy]).map(into_obj)
}

/// `unicode___sizeof___impl`, in the sizes of CPython's free-threaded
/// build (a 32-byte object header, as rupy's; `sysconfig` says
/// `Py_GIL_DISABLED`): a compact ASCII (`PyASCIIObject`) or compact
/// (`PyCompactUnicodeObject`) exact str, or a subclass instance
/// (`PyUnicodeObject`, its class's slots not counted).
fn meth_sizeof(v: &PyObject) -> PyResult<ObjRef> {
    let s = as_s(v)?;
    let base = if !object::is_type(v, &STR_TYPE) {
        80
    } else if s.is_ascii() {
        56
    } else {
        72
    };
    longobject::from_i64(base + ((s.len() + 1) * usize::from(s.kind())) as i64)
}

macro_rules! m {
    ($name:literal, $kind:ident($f:ident), $doc:literal) => {
        MethodDef { ml_name: $name, ml_meth: MethodFn::$kind($f), ml_doc: Some($doc) }
    };
}

/// `unicode_methods`.
pub(crate) static STR_METHODS: [MethodDef; 50] = [
    m!("encode", FastCallKw(meth_encode), "encode($self, /, encoding='utf-8', errors='strict')\n--\n\nEncode the string using the codec registered for encoding.\n\n  encoding\n    The encoding in which to encode the string.\n  errors\n    The error handling scheme to use for encoding errors.\n    The default is 'strict' meaning that encoding errors raise a\n    UnicodeEncodeError.  Other possible values are 'ignore', 'replace'\n    and 'xmlcharrefreplace' as well as any other name registered with\n    codecs.register_error that can handle UnicodeEncodeErrors."),
    m!("replace", FastCallKw(meth_replace), "replace($self, old, new, /, count=-1)\n--\n\nReturn a copy with all occurrences of substring old replaced by new.\n\n  count\n    Maximum number of occurrences to replace.\n    -1 (the default value) means replace all occurrences.\n\nIf the optional argument count is given, only the first count occurrences are\nreplaced."),
    m!("split", FastCallKw(meth_split), "split($self, /, sep=None, maxsplit=-1)\n--\n\nReturn a list of the substrings in the string, using sep as the separator string.\n\n  sep\n    The separator used to split the string.\n\n    When set to None (the default value), will split on any\n    whitespace character (including \\n \\r \\t \\f and spaces) and\n    will discard empty strings from the result.\n  maxsplit\n    Maximum number of splits.\n    -1 (the default value) means no limit.\n\nSplitting starts at the front of the string and works to the end.\n\nNote, str.split() is mainly useful for data that has been\nintentionally delimited.  With natural text that includes\npunctuation, consider using the regular expression module."),
    m!("rsplit", FastCallKw(meth_rsplit), "rsplit($self, /, sep=None, maxsplit=-1)\n--\n\nReturn a list of the substrings in the string, using sep as the separator string.\n\n  sep\n    The separator used to split the string.\n\n    When set to None (the default value), will split on any\n    whitespace character (including \\n \\r \\t \\f and spaces) and\n    will discard empty strings from the result.\n  maxsplit\n    Maximum number of splits.\n    -1 (the default value) means no limit.\n\nSplitting starts at the end of the string and works to the front."),
    m!("join", O(meth_join), "join($self, iterable, /)\n--\n\nConcatenate any number of strings.\n\nThe string whose method is called is inserted in between each given\nstring.  The result is returned as a new string.\n\nExample: '.'.join(['ab', 'pq', 'rs']) -> 'ab.pq.rs'"),
    m!("capitalize", NoArgs(meth_capitalize), "capitalize($self, /)\n--\n\nReturn a capitalized version of the string.\n\nMore specifically, make the first character have upper case and the\nrest lower case."),
    m!("casefold", NoArgs(meth_casefold), "casefold($self, /)\n--\n\nReturn a version of the string suitable for caseless comparisons."),
    m!("title", NoArgs(meth_title), "title($self, /)\n--\n\nReturn a version of the string where each word is titlecased.\n\nMore specifically, words start with uppercased characters and all\nremaining cased characters have lower case."),
    m!("center", FastCall(meth_center), "center($self, width, fillchar=' ', /)\n--\n\nReturn a centered string of length width.\n\nPadding is done using the specified fill character (default is\na space)."),
    m!("count", FastCall(meth_count), "count($self, sub[, start[, end]], /)\n--\n\nReturn the number of non-overlapping occurrences of substring sub in string S[start:end].\n\nOptional arguments start and end are interpreted as in slice\nnotation."),
    m!("expandtabs", FastCallKw(meth_expandtabs), "expandtabs($self, /, tabsize=8)\n--\n\nReturn a copy where all tab characters are expanded using spaces.\n\nIf tabsize is not given, a tab size of 8 characters is assumed."),
    m!("find", FastCall(meth_find), "find($self, sub[, start[, end]], /)\n--\n\nReturn the lowest index in S where substring sub is found, such that sub is contained within S[start:end].\n\nOptional arguments start and end are interpreted as in slice\nnotation.  Return -1 on failure."),
    m!("partition", O(meth_partition), "partition($self, sep, /)\n--\n\nPartition the string into three parts using the given separator.\n\nThis will search for the separator in the string.  If the separator\nis found, returns a 3-tuple containing the part before the\nseparator, the separator itself, and the part after it.\n\nIf the separator is not found, returns a 3-tuple containing\nthe original string and two empty strings."),
    m!("index", FastCall(meth_index), "index($self, sub[, start[, end]], /)\n--\n\nReturn the lowest index in S where substring sub is found, such that sub is contained within S[start:end].\n\nOptional arguments start and end are interpreted as in slice\nnotation.  Raises ValueError when the substring is not found."),
    m!("ljust", FastCall(meth_ljust), "ljust($self, width, fillchar=' ', /)\n--\n\nReturn a left-justified string of length width.\n\nPadding is done using the specified fill character (default is\na space)."),
    m!("lower", NoArgs(meth_lower), "lower($self, /)\n--\n\nReturn a copy of the string converted to lowercase."),
    m!("lstrip", FastCall(meth_lstrip), "lstrip($self, chars=None, /)\n--\n\nReturn a copy of the string with leading whitespace removed.\n\nIf chars is given and not None, remove characters in chars instead."),
    m!("rfind", FastCall(meth_rfind), "rfind($self, sub[, start[, end]], /)\n--\n\nReturn the highest index in S where substring sub is found, such that sub is contained within S[start:end].\n\nOptional arguments start and end are interpreted as in slice\nnotation.  Return -1 on failure."),
    m!("rindex", FastCall(meth_rindex), "rindex($self, sub[, start[, end]], /)\n--\n\nReturn the highest index in S where substring sub is found, such that sub is contained within S[start:end].\n\nOptional arguments start and end are interpreted as in slice\nnotation.  Raises ValueError when the substring is not found."),
    m!("rjust", FastCall(meth_rjust), "rjust($self, width, fillchar=' ', /)\n--\n\nReturn a right-justified string of length width.\n\nPadding is done using the specified fill character (default is\na space)."),
    m!("rstrip", FastCall(meth_rstrip), "rstrip($self, chars=None, /)\n--\n\nReturn a copy of the string with trailing whitespace removed.\n\nIf chars is given and not None, remove characters in chars instead."),
    m!("rpartition", O(meth_rpartition), "rpartition($self, sep, /)\n--\n\nPartition the string into three parts using the given separator.\n\nThis will search for the separator in the string, starting at the\nend.  If the separator is found, returns a 3-tuple containing the\npart before the separator, the separator itself, and the part after\nit.\n\nIf the separator is not found, returns a 3-tuple containing two\nempty strings and the original string."),
    m!("splitlines", FastCallKw(meth_splitlines), "splitlines($self, /, keepends=False)\n--\n\nReturn a list of the lines in the string, breaking at line boundaries.\n\nLine breaks are not included in the resulting list unless keepends\nis given and true."),
    m!("strip", FastCall(meth_strip), "strip($self, chars=None, /)\n--\n\nReturn a copy of the string with leading and trailing whitespace removed.\n\nIf chars is given and not None, remove characters in chars instead."),
    m!("swapcase", NoArgs(meth_swapcase), "swapcase($self, /)\n--\n\nConvert uppercase characters to lowercase and lowercase characters to uppercase."),
    m!("translate", O(meth_translate), "translate($self, table, /)\n--\n\nReplace each character in the string using the given translation table.\n\n  table\n    Translation table, which must be a mapping of Unicode ordinals\n    to Unicode ordinals, strings, or None.\n\nThe table must implement lookup/indexing via __getitem__, for\ninstance a dictionary or list.  If this operation raises\nLookupError, the character is left untouched.  Characters mapped to\nNone are deleted."),
    m!("upper", NoArgs(meth_upper), "upper($self, /)\n--\n\nReturn a copy of the string converted to uppercase."),
    m!("startswith", FastCall(meth_startswith), "startswith($self, prefix[, start[, end]], /)\n--\n\nReturn True if the string starts with the specified prefix, False otherwise.\n\n  prefix\n    A string or a tuple of strings to try.\n  start\n    Optional start position. Default: start of the string.\n  end\n    Optional stop position. Default: end of the string."),
    m!("endswith", FastCall(meth_endswith), "endswith($self, suffix[, start[, end]], /)\n--\n\nReturn True if the string ends with the specified suffix, False otherwise.\n\n  suffix\n    A string or a tuple of strings to try.\n  start\n    Optional start position. Default: start of the string.\n  end\n    Optional stop position. Default: end of the string."),
    m!("removeprefix", O(meth_removeprefix), "removeprefix($self, prefix, /)\n--\n\nReturn a str with the given prefix string removed if present.\n\nIf the string starts with the prefix string, return\nstring[len(prefix):].  Otherwise, return a copy of the original\nstring."),
    m!("removesuffix", O(meth_removesuffix), "removesuffix($self, suffix, /)\n--\n\nReturn a str with the given suffix string removed if present.\n\nIf the string ends with the suffix string and that suffix is not\nempty, return string[:-len(suffix)].  Otherwise, return a copy of\nthe original string."),
    m!("isascii", NoArgs(meth_isascii), "isascii($self, /)\n--\n\nReturn True if all characters in the string are ASCII, False otherwise.\n\nASCII characters have code points in the range U+0000-U+007F.\nEmpty string is ASCII too."),
    m!("islower", NoArgs(meth_islower), "islower($self, /)\n--\n\nReturn True if the string is a lowercase string, False otherwise.\n\nA string is lowercase if all cased characters in the string are\nlowercase and there is at least one cased character in the string."),
    m!("isupper", NoArgs(meth_isupper), "isupper($self, /)\n--\n\nReturn True if the string is an uppercase string, False otherwise.\n\nA string is uppercase if all cased characters in the string are\nuppercase and there is at least one cased character in the string."),
    m!("istitle", NoArgs(meth_istitle), "istitle($self, /)\n--\n\nReturn True if the string is a title-cased string, False otherwise.\n\nIn a title-cased string, upper- and title-case characters may only\nfollow uncased characters and lowercase characters only cased ones."),
    m!("isspace", NoArgs(meth_isspace), "isspace($self, /)\n--\n\nReturn True if the string is a whitespace string, False otherwise.\n\nA string is whitespace if all characters in the string are\nwhitespace and there is at least one character in the string."),
    m!("isdecimal", NoArgs(meth_isdecimal), "isdecimal($self, /)\n--\n\nReturn True if the string is a decimal string, False otherwise.\n\nA string is a decimal string if all characters in the string are\ndecimal and there is at least one character in the string."),
    m!("isdigit", NoArgs(meth_isdigit), "isdigit($self, /)\n--\n\nReturn True if the string is a digit string, False otherwise.\n\nA string is a digit string if all characters in the string are\ndigits and there is at least one character in the string."),
    m!("isnumeric", NoArgs(meth_isnumeric), "isnumeric($self, /)\n--\n\nReturn True if the string is a numeric string, False otherwise.\n\nA string is numeric if all characters in the string are numeric and\nthere is at least one character in the string."),
    m!("isalpha", NoArgs(meth_isalpha), "isalpha($self, /)\n--\n\nReturn True if the string is an alphabetic string, False otherwise.\n\nA string is alphabetic if all characters in the string are\nalphabetic and there is at least one character in the string."),
    m!("isalnum", NoArgs(meth_isalnum), "isalnum($self, /)\n--\n\nReturn True if the string is an alpha-numeric string, False otherwise.\n\nA string is alpha-numeric if all characters in the string are\nalpha-numeric and there is at least one character in the string."),
    m!("isidentifier", NoArgs(meth_isidentifier), "isidentifier($self, /)\n--\n\nReturn True if the string is a valid Python identifier, False otherwise.\n\nCall keyword.iskeyword(s) to test whether string s is a reserved\nidentifier, such as \"def\" or \"class\"."),
    m!("isprintable", NoArgs(meth_isprintable), "isprintable($self, /)\n--\n\nReturn True if all characters in the string are printable, False otherwise.\n\nA character is printable if repr() may use it in its output."),
    m!("zfill", O(meth_zfill), "zfill($self, width, /)\n--\n\nPad a numeric string with zeros on the left, to fill a field of the given width.\n\nThe string is never truncated."),
    m!("format", FastCallKw(meth_format), "format($self, /, *args, **kwargs)\n--\n\nReturn a formatted version of the string, using substitutions from args and kwargs.\nThe substitutions are identified by braces ('{' and '}')."),
    m!("format_map", O(meth_format_map), "format_map($self, mapping, /)\n--\n\nReturn a formatted version of the string, using substitutions from mapping.\nThe substitutions are identified by braces ('{' and '}')."),
    m!("__format__", O(meth_dunder_format), "__format__($self, format_spec, /)\n--\n\nReturn a formatted version of the string as described by format_spec."),
    m!("maketrans", Class(meth_maketrans), "Return a translation table usable for str.translate()."),
    m!("__sizeof__", NoArgs(meth_sizeof), "__sizeof__($self, /)\n--\n\nReturn the size of the string in memory, in bytes."),
    m!("__getnewargs__", NoArgs(meth_getnewargs), "__getnewargs__($self, /)\n--\n\n"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<u32> {
        s.chars().map(u32::from).collect()
    }

    fn text(c: &[u32]) -> String {
        c.iter().map(|&x| char::from_u32(x).unwrap()).collect()
    }

    fn parts(s: &str, r: &[(usize, usize)]) -> Vec<String> {
        let c = v(s);
        r.iter().map(|&(a, b)| text(&c[a..b])).collect()
    }

    #[test]
    fn splitting() {
        let s = "  a bb  ccc ";
        assert_eq!(parts(s, &split_cps(&v(s), None, -1)), ["a", "bb", "ccc"]);
        assert_eq!(parts(s, &split_cps(&v(s), None, 1)), ["a", "bb  ccc "]);
        assert_eq!(parts(s, &rsplit_cps(&v(s), None, 1)), ["  a bb", "ccc"]);
        let t = "a,,b,";
        assert_eq!(parts(t, &split_cps(&v(t), Some(&v(",")), -1)), ["a", "", "b", ""]);
        assert_eq!(parts(t, &rsplit_cps(&v(t), Some(&v(",")), 2)), ["a,", "b", ""]);
    }

    #[test]
    fn searching_and_replacing() {
        assert_eq!(find_slice(&v("hello"), &v("ll")), Some(2));
        assert_eq!(rfind_slice(&v("hello"), &v("l")), Some(3));
        assert_eq!(count_slice(&v("aaaa"), &v("aa"), usize::MAX), 2);
        assert_eq!(count_slice(&v("ab"), &v(""), usize::MAX), 3);
        assert_eq!(text(&replace_cps(&v("aXbXc"), &v("X"), &v("--"), 1).unwrap().unwrap()), "a--bXc");
        assert_eq!(text(&replace_cps(&v("ab"), &v(""), &v("."), -1).unwrap().unwrap()), ".a.b.");
        assert!(replace_cps(&v("ab"), &v("z"), &v("."), -1).unwrap().is_none());
        assert_eq!(adjust_indices(-2, 100, 5), (3, 5));
    }

    #[test]
    fn case_conversions() {
        assert_eq!(text(&convert_case(&v("ΣΑΣ ΣΑΣ."), Case::Lower)), "σας σας.");
        assert_eq!(text(&convert_case(&v("hello wORLD it's"), Case::Title)), "Hello World It'S");
        assert_eq!(text(&convert_case(&v("ǆemal"), Case::Capitalize)), "ǅemal");
        assert_eq!(text(&convert_case(&v("Straße"), Case::Upper)), "STRASSE");
        assert_eq!(text(&convert_case(&v("ß"), Case::Swap)), "SS");
        assert_eq!(text(&convert_case(&v("ẞ"), Case::Fold)), "ss");
    }

    #[test]
    fn codecs() {
        assert_eq!(lookup_codec("UTF_8"), Some(Codec::Utf8));
        assert_eq!(lookup_codec("Latin-1"), Some(Codec::Latin1));
        assert_eq!(lookup_codec("utf-16-be"), Some(Codec::Utf16(Some(true))));
        assert_eq!(lookup_codec("cp1252"), None);
        assert_eq!(encode_cps(&v("h€"), Codec::Utf8, "strict").unwrap(), "h€".as_bytes());
        assert_eq!(encode_cps(&v("hé€"), Codec::Latin1, "replace").unwrap(), b"h\xe9?");
        assert_eq!(encode_cps(&v("é"), Codec::Ascii, "xmlcharrefreplace").unwrap(), b"&#233;");
        assert_eq!(decode_bytes(b"a\xffb", Codec::Utf8, "replace").unwrap(), v("a\u{fffd}b"));
        assert_eq!(decode_bytes(b"\xe2\x82\xac", Codec::Utf8, "strict").unwrap(), v("€"));
        assert_eq!(decode_bytes(b"\xff\xfeh\x00", Codec::Utf16(None), "strict").unwrap(), v("h"));
    }
}
