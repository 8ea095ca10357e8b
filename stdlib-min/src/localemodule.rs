//! The `_locale` module, ported from Modules/_localemodule.c:
//! `setlocale`, `localeconv` (with `locale_decode_monetary` and
//! Python/fileutils.c's `_Py_GetLocaleconvNumeric`), `strcoll`, `strxfrm`,
//! `nl_langinfo` (with glibc's `decode_strings` for ERA and ALT_DIGITS),
//! the gettext functions, `getencoding` (`_Py_GetLocaleEncoding`) and the
//! constants.
//!
//! The C locale is process-wide and its functions return pointers into
//! static storage that the next `setlocale` may overwrite, so every call
//! runs under `LOCALE_LOCK` and copies what it needs out before the lock
//! is released. No Python object is made under the lock (an allocation
//! may stop the world while another thread waits for the lock).

use std::ffi::{CStr, CString, c_char, c_int};
use std::sync::{Mutex, MutexGuard, OnceLock};

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject::{self, StrObject};

use crate::hashlib;

type WChar = libc::wchar_t;

unsafe extern "C" {
    fn wcscoll(s1: *const WChar, s2: *const WChar) -> c_int;
    fn wcsxfrm(dest: *mut WChar, src: *const WChar, n: usize) -> usize;
    fn mbrtowc(pwc: *mut WChar, s: *const c_char, n: usize, ps: *mut libc::mbstate_t) -> usize;
    fn gettext(msgid: *const c_char) -> *mut c_char;
    fn dgettext(domain: *const c_char, msgid: *const c_char) -> *mut c_char;
    fn dcgettext(domain: *const c_char, msgid: *const c_char, category: c_int) -> *mut c_char;
    fn textdomain(domain: *const c_char) -> *mut c_char;
    fn bindtextdomain(domain: *const c_char, dirname: *const c_char) -> *mut c_char;
    fn bind_textdomain_codeset(domain: *const c_char, codeset: *const c_char) -> *mut c_char;
}

/// glibc's `_DATE_FMT` (`_NL_ITEM(LC_TIME, 0x6c)`), missing from the libc crate.
const DATE_FMT: libc::nl_item = 0x2006c;

static LOCALE_LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    // The guarded state is the C library's; a panic cannot leave it
    // half-updated from Rust's point of view.
    LOCALE_LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

static ERROR: OnceLock<usize> = OnceLock::new();

/// `locale.Error`.
fn error_class() -> PyResult<ObjRef> {
    hashlib::exception_class(&ERROR, "locale", "Error", as_obj(exceptions::exception()))
}

fn locale_error(msg: &str) -> errors::ErrSet {
    hashlib::raise(error_class(), msg)
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

/// A locale-encoded C string decoded in the current `LC_CTYPE` with
/// `mbrtowc` (`_Py_DecodeLocaleEx`'s `decode_current_locale`), as code
/// points; `Err(byte offset)` where a sequence does not decode. Runs
/// under the lock.
fn decode_c(s: &[u8]) -> Result<Vec<u32>, usize> {
    let mut out = Vec::with_capacity(s.len());
    // SAFETY: a zeroed mbstate_t is the initial conversion state.
    let mut state: libc::mbstate_t = unsafe { core::mem::zeroed() };
    let mut i = 0;
    while i < s.len() {
        let mut wc: WChar = 0;
        let rest = &s[i..];
        // SAFETY: `rest` is valid for `rest.len()` bytes and `wc`/`state`
        // are valid out-parameters.
        let n = unsafe { mbrtowc(&raw mut wc, rest.as_ptr().cast(), rest.len(), &raw mut state) };
        if n == usize::MAX || n == usize::MAX - 1 {
            return Err(i);
        }
        out.push(wc as u32);
        i += n.max(1);
    }
    Ok(out)
}

/// The decoded text of a C string, or where it failed to decode.
type Decoded = (Vec<u8>, Result<Vec<u32>, usize>);

/// Copies and decodes a C string under the lock.
///
/// # Safety
/// `p` is null or a NUL-terminated string valid until the lock is released.
unsafe fn take(p: *const c_char) -> Decoded {
    if p.is_null() {
        return (Vec::new(), Ok(Vec::new()));
    }
    // SAFETY: per this function's contract.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
    let dec = decode_c(&bytes);
    (bytes, dec)
}

/// `PyUnicode_DecodeLocale(s, NULL)` after the lock: the text, or the
/// strict error handler's UnicodeDecodeError.
fn to_str(d: &Decoded) -> PyResult<ObjRef> {
    match &d.1 {
        Ok(cps) => from_wide(cps),
        Err(pos) => Err(exceptions::set_unicode_decode_error("locale", &d.0, *pos, pos + 1, "decoding error")),
    }
}

/// `PyUnicode_FromWideChar`.
fn from_wide(cps: &[u32]) -> PyResult<ObjRef> {
    if let Some(c) = cps.iter().find(|&&c| c > 0x10ffff) {
        return Err(value_error(&format!("character U+{c:x} is not in range [U+0000; U+10ffff]")));
    }
    unicodeobject::from_code_points(cps).map(into_obj)
}

/// `PyUnicode_AsWideCharString`: the code points and a NUL.
fn to_wide(v: &PyObject, fname: &str, which: &str) -> PyResult<Vec<WChar>> {
    let Some(s) = downcast::<StrObject>(v) else {
        return Err(type_error(&format!("{fname}() {which} must be str, not {}", type_of(v).name())));
    };
    let mut w: Vec<WChar> = s.data().iter().map(|c| c as WChar).collect();
    if w.contains(&0) {
        return Err(value_error("embedded null character"));
    }
    w.push(0);
    Ok(w)
}

/// A `str` argument as a C string (the `s` converter); None for None
/// when `accept_none`.
fn c_string(v: &PyObject, fname: &str, which: &str, accept_none: bool) -> PyResult<Option<CString>> {
    if accept_none && object::is_none(v) {
        return Ok(None);
    }
    if downcast::<StrObject>(v).is_none() {
        let what = if accept_none { "str or None" } else { "str" };
        return Err(type_error(&format!("{fname}() {which} must be {what}, not {}", type_of(v).name())));
    }
    let b = rupy::codecs::encode_text(v, "utf-8", "strict")?;
    let bytes = rupy::objects::bytesobject::bytes_like(&b).map(std::borrow::Cow::into_owned).unwrap_or_default();
    CString::new(bytes).map(Some).map_err(|_| value_error("embedded null character"))
}

/// Positional-only arguments, `min..=max` of them.
fn positional<'a, 'b>(fname: &str, args: &'b [&'a PyObject], kwnames: Option<&TupleObject>, min: usize, max: usize) -> PyResult<&'b [&'a PyObject]> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    let n = args.len();
    if n < min || n > max {
        if max == 0 {
            return Err(type_error(&format!("_locale.{fname}() takes no arguments ({n} given)")));
        }
        let (how, bound) = if min == max { ("", min) } else if n < min { ("at least ", min) } else { ("at most ", max) };
        let s = if bound == 1 { "" } else { "s" };
        return Err(type_error(&format!("{fname} expected {how}{bound} argument{s}, got {n}")));
    }
    Ok(args)
}

fn int_arg(v: &PyObject) -> PyResult<c_int> {
    hashlib::int_arg(v)
}

/// `setlocale(category, locale=None, /)`.
fn setlocale(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("setlocale", args, kwnames, 1, 2)?;
    let category = int_arg(a[0])?;
    let loc = match a.get(1) {
        Some(v) => c_string(v, "setlocale", "argument 2", true)?,
        None => None,
    };
    let r = {
        let _g = lock();
        // SAFETY: `loc` is a NUL-terminated string or null; the result
        // points to static storage read under the lock.
        let p = unsafe { libc::setlocale(category, loc.as_ref().map_or(core::ptr::null(), |c| c.as_ptr())) };
        // SAFETY: setlocale returns null or a C string valid until the next call.
        if p.is_null() { None } else { Some(unsafe { take(p) }) }
    };
    match r {
        Some(d) => to_str(&d),
        None if loc.is_some() => Err(locale_error("unsupported locale setting")),
        None => Err(locale_error("locale query failed")),
    }
}

/// `copy_grouping`: the group sizes up to CHAR_MAX or the terminating 0
/// (which is kept).
fn grouping(s: &[u8]) -> PyResult<ObjRef> {
    let mut vals = Vec::new();
    for &c in s {
        vals.push(longobject::from_i64(i64::from(c as c_char))?);
        if c as c_char == c_char::MAX {
            break;
        }
    }
    if !s.is_empty() && !s.iter().any(|&c| c as c_char == c_char::MAX) {
        vals.push(longobject::from_i64(0)?);
    }
    let refs: Vec<&PyObject> = vals.iter().map(|v| &**v).collect();
    ListObject::from_slice(&refs).map(into_obj)
}

/// Whether a C string is one ASCII character (`locale_is_ascii`).
fn is_ascii(p: *const c_char) -> bool {
    // SAFETY: called with lconv fields, NUL-terminated strings.
    let s = unsafe { CStr::from_ptr(p) }.to_bytes();
    s.len() == 1 && s[0] <= 127
}

/// Runs `f` with LC_CTYPE temporarily set to `category`'s locale when
/// `needed` (non-ASCII text of that category is decoded in its own
/// encoding). Under the lock.
fn with_ctype_of<R>(category: c_int, needed: bool, f: impl FnOnce() -> R) -> R {
    let mut restore: Option<CString> = None;
    if needed {
        let name_of = |cat: c_int| {
            // SAFETY: a query; the name is copied before the next locale call.
            let p = unsafe { libc::setlocale(cat, core::ptr::null()) };
            // SAFETY: a non-null result is a NUL-terminated locale name.
            (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_owned())
        };
        if let (Some(old), Some(cat)) = (name_of(libc::LC_CTYPE), name_of(category))
            && old != cat
        {
            // SAFETY: `cat` is a NUL-terminated locale name.
            unsafe { libc::setlocale(libc::LC_CTYPE, cat.as_ptr()) };
            restore = Some(old);
        }
    }
    let r = f();
    if let Some(old) = restore {
        // SAFETY: `old` is the NUL-terminated name of the previous locale.
        unsafe { libc::setlocale(libc::LC_CTYPE, old.as_ptr()) };
    }
    r
}

/// `localeconv()`.
fn localeconv(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("localeconv", args, kwnames, 0, 0)?;
    struct Conv {
        strings: Vec<(&'static str, Decoded)>,
        ints: Vec<(&'static str, i64)>,
        mon_grouping: Vec<u8>,
        grouping: Vec<u8>,
    }
    let conv = {
        let _g = lock();
        // SAFETY: localeconv returns a static struct, read under the lock
        // before any other locale call.
        let lc = unsafe { &*libc::localeconv() };
        let mon_change = !is_ascii(lc.int_curr_symbol)
            || !is_ascii(lc.currency_symbol)
            || !is_ascii(lc.mon_decimal_point)
            || !is_ascii(lc.mon_thousands_sep);
        let mut strings = with_ctype_of(libc::LC_MONETARY, mon_change, || {
            // SAFETY: the lconv fields are NUL-terminated strings.
            unsafe {
                vec![
                    ("int_curr_symbol", take(lc.int_curr_symbol)),
                    ("currency_symbol", take(lc.currency_symbol)),
                    ("mon_decimal_point", take(lc.mon_decimal_point)),
                    ("mon_thousands_sep", take(lc.mon_thousands_sep)),
                ]
            }
        });
        // SAFETY: as above.
        unsafe {
            strings.push(("positive_sign", take(lc.positive_sign)));
            strings.push(("negative_sign", take(lc.negative_sign)));
        }
        let num_change = !is_ascii(lc.decimal_point) || !is_ascii(lc.thousands_sep);
        strings.extend(with_ctype_of(libc::LC_NUMERIC, num_change, || {
            // SAFETY: as above.
            unsafe { vec![("decimal_point", take(lc.decimal_point)), ("thousands_sep", take(lc.thousands_sep))] }
        }));
        let ints = vec![
            ("int_frac_digits", i64::from(lc.int_frac_digits)),
            ("frac_digits", i64::from(lc.frac_digits)),
            ("p_cs_precedes", i64::from(lc.p_cs_precedes)),
            ("p_sep_by_space", i64::from(lc.p_sep_by_space)),
            ("n_cs_precedes", i64::from(lc.n_cs_precedes)),
            ("n_sep_by_space", i64::from(lc.n_sep_by_space)),
            ("p_sign_posn", i64::from(lc.p_sign_posn)),
            ("n_sign_posn", i64::from(lc.n_sign_posn)),
        ];
        // SAFETY: the grouping fields are NUL-terminated strings.
        let (mon_grouping, grouping) = unsafe { (CStr::from_ptr(lc.mon_grouping).to_bytes().to_vec(), CStr::from_ptr(lc.grouping).to_bytes().to_vec()) };
        Conv { strings, ints, mon_grouping, grouping }
    };
    let d = DictObject::new()?;
    let set = |k: &str, v: ObjRef| -> PyResult<()> { d.set_item(as_obj(&*unicodeobject::from_str(k)?), &v) };
    for (k, v) in &conv.strings[..4] {
        set(k, to_str(v)?)?;
    }
    set("mon_grouping", grouping(&conv.mon_grouping)?)?;
    for (k, v) in &conv.strings[4..6] {
        set(k, to_str(v)?)?;
    }
    for (k, v) in &conv.ints {
        set(k, longobject::from_i64(*v)?)?;
    }
    for (k, v) in &conv.strings[6..] {
        set(k, to_str(v)?)?;
    }
    set("grouping", grouping(&conv.grouping)?)?;
    Ok(into_obj(d))
}

/// `strcoll(os1, os2, /)`.
fn strcoll(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("strcoll", args, kwnames, 2, 2)?;
    let w1 = to_wide(a[0], "strcoll", "argument 1")?;
    let w2 = to_wide(a[1], "strcoll", "argument 2")?;
    let r = {
        let _g = lock();
        // SAFETY: both are NUL-terminated wide strings.
        unsafe { wcscoll(w1.as_ptr(), w2.as_ptr()) }
    };
    longobject::from_i64(i64::from(r))
}

/// `strxfrm(string, /)`.
fn strxfrm(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("strxfrm", args, kwnames, 1, 1)?;
    let s = to_wide(a[0], "strxfrm", "argument")?;
    let out = {
        let _g = lock();
        let mut buf: Vec<WChar> = vec![0; s.len()];
        // SAFETY: `buf` holds `buf.len()` wide characters; `s` is NUL-terminated.
        let mut n = unsafe { wcsxfrm(buf.as_mut_ptr(), s.as_ptr(), buf.len()) };
        if n >= buf.len() {
            buf = vec![0; n.checked_add(1).ok_or_else(errors::no_memory)?];
            // SAFETY: as above, with the size the first call asked for.
            n = unsafe { wcsxfrm(buf.as_mut_ptr(), s.as_ptr(), buf.len()) };
        }
        buf.truncate(n.min(buf.len()));
        buf
    };
    let cps: Vec<u32> = out.iter().map(|&c| c as u32).collect();
    from_wide(&cps)
}

/// The `nl_langinfo` items, in `langinfo_constants`' order.
static LANGINFO: [(&str, libc::nl_item); 56] = [
    ("DAY_1", libc::DAY_1),
    ("DAY_2", libc::DAY_2),
    ("DAY_3", libc::DAY_3),
    ("DAY_4", libc::DAY_4),
    ("DAY_5", libc::DAY_5),
    ("DAY_6", libc::DAY_6),
    ("DAY_7", libc::DAY_7),
    ("ABDAY_1", libc::ABDAY_1),
    ("ABDAY_2", libc::ABDAY_2),
    ("ABDAY_3", libc::ABDAY_3),
    ("ABDAY_4", libc::ABDAY_4),
    ("ABDAY_5", libc::ABDAY_5),
    ("ABDAY_6", libc::ABDAY_6),
    ("ABDAY_7", libc::ABDAY_7),
    ("MON_1", libc::MON_1),
    ("MON_2", libc::MON_2),
    ("MON_3", libc::MON_3),
    ("MON_4", libc::MON_4),
    ("MON_5", libc::MON_5),
    ("MON_6", libc::MON_6),
    ("MON_7", libc::MON_7),
    ("MON_8", libc::MON_8),
    ("MON_9", libc::MON_9),
    ("MON_10", libc::MON_10),
    ("MON_11", libc::MON_11),
    ("MON_12", libc::MON_12),
    ("ABMON_1", libc::ABMON_1),
    ("ABMON_2", libc::ABMON_2),
    ("ABMON_3", libc::ABMON_3),
    ("ABMON_4", libc::ABMON_4),
    ("ABMON_5", libc::ABMON_5),
    ("ABMON_6", libc::ABMON_6),
    ("ABMON_7", libc::ABMON_7),
    ("ABMON_8", libc::ABMON_8),
    ("ABMON_9", libc::ABMON_9),
    ("ABMON_10", libc::ABMON_10),
    ("ABMON_11", libc::ABMON_11),
    ("ABMON_12", libc::ABMON_12),
    ("RADIXCHAR", libc::RADIXCHAR),
    ("THOUSEP", libc::THOUSEP),
    ("CRNCYSTR", libc::CRNCYSTR),
    ("D_T_FMT", libc::D_T_FMT),
    ("D_FMT", libc::D_FMT),
    ("T_FMT", libc::T_FMT),
    ("AM_STR", libc::AM_STR),
    ("PM_STR", libc::PM_STR),
    ("CODESET", libc::CODESET),
    ("T_FMT_AMPM", libc::T_FMT_AMPM),
    ("ERA", libc::ERA),
    ("ERA_D_FMT", libc::ERA_D_FMT),
    ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
    ("ERA_T_FMT", libc::ERA_T_FMT),
    ("ALT_DIGITS", libc::ALT_DIGITS),
    ("YESEXPR", libc::YESEXPR),
    ("NOEXPR", libc::NOEXPR),
    ("_DATE_FMT", DATE_FMT),
];

/// glibc's ERA and ALT_DIGITS values are NUL-separated lists (ending in
/// an empty string, ALT_DIGITS at most 100 long): joined with ';'
/// (`decode_strings`).
fn join_strings(p: *const c_char, max_count: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut q = p;
    for count in 0..max_count {
        // SAFETY: `q` points into the NUL-separated list, within its end
        // marker (an empty string) or the count limit.
        let s = unsafe { CStr::from_ptr(q) }.to_bytes();
        if s.is_empty() {
            break;
        }
        if count > 0 {
            out.push(b';');
        }
        out.extend_from_slice(s);
        // SAFETY: the next string starts after this one's NUL.
        q = unsafe { q.add(s.len() + 1) };
    }
    out
}

/// `nl_langinfo(key, /)`.
fn nl_langinfo(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("nl_langinfo", args, kwnames, 1, 1)?;
    let item = int_arg(a[0])?;
    if !LANGINFO.iter().any(|(_, v)| *v == item) {
        return Err(value_error("unsupported langinfo constant"));
    }
    let d = {
        let _g = lock();
        // SAFETY: `item` is a known nl_item; the result is a static string.
        let p = unsafe { libc::nl_langinfo(item) };
        // SAFETY: p is null or valid until the next locale call.
        if p.is_null() || unsafe { *p } == 0 {
            (Vec::new(), Ok(Vec::new()))
        } else if item == libc::ALT_DIGITS || item == libc::ERA {
            let max = if item == libc::ALT_DIGITS { 100 } else { usize::MAX };
            let bytes = join_strings(p, max);
            let dec = decode_c(&bytes);
            (bytes, dec)
        } else {
            // SAFETY: as above.
            unsafe { take(p) }
        }
    };
    to_str(&d)
}

/// Runs a gettext-family call under the lock and decodes its result.
fn gettext_result(f: impl FnOnce() -> *mut c_char) -> PyResult<Option<ObjRef>> {
    let d = {
        let _g = lock();
        let p = f();
        // SAFETY: the result is null or a string valid until the next call.
        if p.is_null() { None } else { Some(unsafe { take(p) }) }
    };
    d.map(|d| to_str(&d)).transpose()
}

fn ptr(c: &Option<CString>) -> *const c_char {
    c.as_ref().map_or(core::ptr::null(), |c| c.as_ptr())
}

fn py_gettext(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("gettext", args, kwnames, 1, 1)?;
    let msg = c_string(a[0], "gettext", "argument", false)?;
    // SAFETY: a NUL-terminated message.
    gettext_result(|| unsafe { gettext(ptr(&msg)) }).map(|r| r.unwrap_or_else(object::none))
}

fn py_dgettext(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("dgettext", args, kwnames, 2, 2)?;
    let domain = c_string(a[0], "dgettext", "argument 1", true)?;
    let msg = c_string(a[1], "dgettext", "argument 2", false)?;
    // SAFETY: NUL-terminated strings or a null domain.
    gettext_result(|| unsafe { dgettext(ptr(&domain), ptr(&msg)) }).map(|r| r.unwrap_or_else(object::none))
}

fn py_dcgettext(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("dcgettext", args, kwnames, 3, 3)?;
    let domain = c_string(a[0], "dcgettext", "argument 1", true)?;
    let msg = c_string(a[1], "dcgettext", "argument 2", false)?;
    let category = int_arg(a[2])?;
    // SAFETY: NUL-terminated strings or a null domain.
    gettext_result(|| unsafe { dcgettext(ptr(&domain), ptr(&msg), category) }).map(|r| r.unwrap_or_else(object::none))
}

fn py_textdomain(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("textdomain", args, kwnames, 1, 1)?;
    let domain = c_string(a[0], "textdomain", "argument", true)?;
    // SAFETY: a NUL-terminated domain or null (a query).
    match gettext_result(|| unsafe { textdomain(ptr(&domain)) })? {
        Some(r) => Ok(r),
        None => Err(exceptions::set_from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None)),
    }
}

fn py_bindtextdomain(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("bindtextdomain", args, kwnames, 2, 2)?;
    let domain = c_string(a[0], "bindtextdomain", "argument 1", false)?;
    if domain.as_ref().is_some_and(|d| d.as_bytes().is_empty()) {
        return Err(locale_error("domain must be a non-empty string"));
    }
    let dir = if object::is_none(a[1]) {
        None
    } else {
        let b = object::call(&*object::get_attr_str(&*rupy::import::import_module("os")?, "fsencode")?, &[a[1]])?;
        let bytes = rupy::objects::bytesobject::bytes_like(&b).map(std::borrow::Cow::into_owned).unwrap_or_default();
        Some(CString::new(bytes).map_err(|_| value_error("embedded null byte"))?)
    };
    // SAFETY: NUL-terminated strings or a null directory (a query).
    match gettext_result(|| unsafe { bindtextdomain(ptr(&domain), ptr(&dir)) })? {
        Some(r) => Ok(r),
        None => Err(exceptions::set_from_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None)),
    }
}

fn py_bind_textdomain_codeset(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = positional("bind_textdomain_codeset", args, kwnames, 2, 2)?;
    let domain = c_string(a[0], "bind_textdomain_codeset", "argument 1", false)?;
    let codeset = c_string(a[1], "bind_textdomain_codeset", "argument 2", true)?;
    // SAFETY: NUL-terminated strings or a null codeset (a query).
    gettext_result(|| unsafe { bind_textdomain_codeset(ptr(&domain), ptr(&codeset)) }).map(|r| r.unwrap_or_else(object::none))
}

/// `getencoding()`: `_Py_GetLocaleEncoding` (rupy has no UTF-8 mode):
/// the LC_CTYPE codeset, "utf-8" when the C library names none.
fn getencoding(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    positional("getencoding", args, kwnames, 0, 0)?;
    let d = {
        let _g = lock();
        // SAFETY: CODESET is a valid item; the result is a static string.
        unsafe { take(libc::nl_langinfo(libc::CODESET)) }
    };
    if d.0.is_empty() {
        return unicodeobject::from_str("utf-8").map(into_obj);
    }
    to_str(&d)
}

static FUNCTIONS: [BuiltinDef; 12] = [
    BuiltinDef { name: "setlocale", func: setlocale },
    BuiltinDef { name: "localeconv", func: localeconv },
    BuiltinDef { name: "strcoll", func: strcoll },
    BuiltinDef { name: "strxfrm", func: strxfrm },
    BuiltinDef { name: "nl_langinfo", func: nl_langinfo },
    BuiltinDef { name: "gettext", func: py_gettext },
    BuiltinDef { name: "dgettext", func: py_dgettext },
    BuiltinDef { name: "dcgettext", func: py_dcgettext },
    BuiltinDef { name: "textdomain", func: py_textdomain },
    BuiltinDef { name: "bindtextdomain", func: py_bindtextdomain },
    BuiltinDef { name: "bind_textdomain_codeset", func: py_bind_textdomain_codeset },
    BuiltinDef { name: "getencoding", func: getencoding },
];

/// `_Py_SetLocaleFromEnv(LC_CTYPE)`, done once at start-up as CPython's
/// pre-initialization does: LC_CTYPE follows the environment (the other
/// categories stay "C" until a program calls `setlocale`).
pub fn set_ctype_from_env() {
    let _g = lock();
    // SAFETY: an empty name selects the environment's locale; the result
    // is not used.
    unsafe { libc::setlocale(libc::LC_CTYPE, c"".as_ptr()) };
}

/// `_locale_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_locale")?;
    m.add_functions(&FUNCTIONS)?;
    let consts: [(&str, c_int); 8] = [
        ("LC_CTYPE", libc::LC_CTYPE),
        ("LC_TIME", libc::LC_TIME),
        ("LC_COLLATE", libc::LC_COLLATE),
        ("LC_MONETARY", libc::LC_MONETARY),
        ("LC_MESSAGES", libc::LC_MESSAGES),
        ("LC_NUMERIC", libc::LC_NUMERIC),
        ("LC_ALL", libc::LC_ALL),
        ("CHAR_MAX", c_int::from(c_char::MAX)),
    ];
    for (name, v) in consts {
        m.add_object(name, &*longobject::from_i64(i64::from(v))?)?;
    }
    m.add_object("Error", &*error_class()?)?;
    for (name, v) in LANGINFO.iter() {
        m.add_object(name, &*longobject::from_i64(i64::from(*v))?)?;
    }
    Ok(into_obj(m))
}
