//! The format-spec mini-language, ported from Python/formatter_unicode.c
//! (`parse_internal_render_format_spec`, `calc_padding`,
//! `calc_number_widths`, `fill_number`, `format_string_internal`,
//! `format_long_internal`, `format_float_internal`), the float-to-text
//! modes of Python/pystrtod.c (`PyOS_double_to_string`: 'e', 'f', 'g',
//! 'r' with `Py_DTSF_ADD_DOT_0` / `ALT` / `NO_NEG_0`),
//! `_PyUnicode_InsertThousandsGrouping`, `PyObject_Format`
//! (Objects/abstract.c) and `object.__format__` (Objects/typeobject.c).
//!
//! Digits of floats come from Rust's exact, correctly rounded (ties to
//! even on the exact binary value) formatting, which gives the digits
//! `_Py_dg_dtoa` gives in modes 0, 2 and 3.

use crate::errors::{self, ErrSet, PyResult};
use crate::objects::descrobject::{MethodDef, MethodFn};
use crate::objects::floatobject::FloatObject;
use crate::objects::longobject::{self, IntObject};
use crate::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use crate::objects::typeobject::slotdefs::StaticName;
use crate::objects::unicode_methods::{new_s, reserve, total_len};
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::exceptions;
use crate::unicode::ctype;

/// `InternalFormatSpec`.
#[derive(Clone, Debug)]
pub(crate) struct Spec {
    pub fill_char: u32,
    pub align: u8,
    pub alternate: bool,
    pub no_neg_0: bool,
    pub sign: u8,
    pub width: isize,
    /// 0, `,` or `_` (`thousands_separators`); `_` becomes `4` for
    /// every-four-digit grouping in b/o/x/X.
    pub thousands: u8,
    pub precision: isize,
    /// Separator of the fractional digits (3.14), 0 if none.
    pub frac_thousands: u8,
    /// The `0` before the width was given (the zero-padding form).
    pub zero_padding: bool,
    pub ty: u32,
}

fn value_err(msg: &str) -> ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn code_text(c: u32) -> String {
    if c > 32 && c < 128 { format!("'{}'", c as u8 as char) } else { format!("'\\x{c:x}'") }
}

/// `unknown_presentation_type`.
fn unknown_presentation_type(c: u32, type_name: &str) -> ErrSet {
    value_err(&format!("Unknown format code {} for object of type '{type_name}'", code_text(c)))
}

/// `invalid_thousands_separator_type`.
fn invalid_separator_type(sep: u8, c: u32) -> ErrSet {
    let sep = if sep == 4 { b'_' } else { sep };
    value_err(&format!("Cannot specify '{}' with {}.", sep as char, code_text(c)))
}

/// `get_integer`: decimal digits (any Unicode decimal) from `pos`.
fn get_integer(s: &[u32], pos: &mut usize) -> PyResult<(usize, isize)> {
    let mut acc: isize = 0;
    let mut n = 0;
    while *pos < s.len() {
        let Some(d) = ctype::to_decimal(s[*pos]) else { break };
        let d = d as isize;
        if acc > (isize::MAX - d) / 10 {
            return Err(value_err("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d;
        *pos += 1;
        n += 1;
    }
    Ok((n, acc))
}

/// `parse_internal_render_format_spec`.
pub(crate) fn parse_spec(s: &[u32], type_name: &str, default_type: u32, default_align: u8) -> PyResult<Spec> {
    let is_align = |c: u32| matches!(c, 0x3c | 0x3e | 0x3d | 0x5e);
    let mut f = Spec {
        fill_char: 0x20,
        align: default_align,
        alternate: false,
        no_neg_0: false,
        sign: 0,
        width: -1,
        thousands: 0,
        precision: -1,
        frac_thousands: 0,
        zero_padding: false,
        ty: default_type,
    };
    let end = s.len();
    let mut pos = 0;
    let (mut fill_specified, mut align_specified) = (false, false);
    if end >= 2 && is_align(s[1]) {
        f.align = s[1] as u8;
        f.fill_char = s[0];
        fill_specified = true;
        align_specified = true;
        pos = 2;
    } else if end >= 1 && is_align(s[0]) {
        f.align = s[0] as u8;
        align_specified = true;
        pos = 1;
    }
    if pos < end && matches!(s[pos], 0x20 | 0x2b | 0x2d) {
        f.sign = s[pos] as u8;
        pos += 1;
    }
    if pos < end && s[pos] == u32::from(b'z') {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && s[pos] == u32::from(b'#') {
        f.alternate = true;
        pos += 1;
    }
    if !fill_specified && pos < end && s[pos] == u32::from(b'0') {
        f.fill_char = u32::from(b'0');
        f.zero_padding = true;
        if !align_specified && default_align == b'>' {
            f.align = b'=';
        }
        pos += 1;
    }
    let (n, w) = get_integer(s, &mut pos)?;
    f.width = if n == 0 { -1 } else { w };
    if pos < end && s[pos] == u32::from(b',') {
        f.thousands = b',';
        pos += 1;
    }
    if pos < end && s[pos] == u32::from(b'_') {
        if f.thousands != 0 {
            return Err(value_err("Cannot specify both ',' and '_'."));
        }
        f.thousands = b'_';
        pos += 1;
    }
    // A second ',' is left for the type check ("Cannot specify ',' with
    // ','."); only ',' after '_' is the mixed-separator error.
    if pos < end && s[pos] == u32::from(b',') && f.thousands == b'_' {
        return Err(value_err("Cannot specify both ',' and '_'."));
    }
    if pos < end && s[pos] == u32::from(b'.') {
        pos += 1;
        let (n, p) = get_integer(s, &mut pos)?;
        if n > 0 {
            f.precision = p;
        }
        if pos < end && (s[pos] == u32::from(b',') || s[pos] == u32::from(b'_')) {
            f.frac_thousands = s[pos] as u8;
            pos += 1;
            let other = if f.frac_thousands == b',' { b'_' } else { b',' };
            if pos < end && s[pos] == u32::from(other) {
                return Err(value_err("Cannot specify both ',' and '_'."));
            }
        } else if n == 0 {
            return Err(value_err("Format specifier missing precision"));
        }
    }
    if end - pos > 1 {
        let text: String = s.iter().map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}')).collect();
        return Err(value_err(&format!("Invalid format specifier '{text}' for object of type '{type_name}'")));
    }
    if end - pos == 1 {
        f.ty = s[pos];
    }
    if f.thousands != 0 {
        match char::from_u32(f.ty).unwrap_or('\u{FFFD}') {
            'd' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F' | '\0' => {}
            'b' | 'o' | 'x' | 'X' if f.thousands == b'_' => f.thousands = 4,
            _ => return Err(invalid_separator_type(f.thousands, f.ty)),
        }
    }
    // The fractional separator is checked against 'n' only.
    if f.frac_thousands != 0 && f.ty == u32::from(b'n') {
        return Err(invalid_separator_type(f.frac_thousands, f.ty));
    }
    Ok(f)
}

/// `calc_padding`: (left, right) padding of `nchars` in the field.
fn calc_padding(nchars: usize, width: isize, align: u8) -> (usize, usize) {
    let total = if width >= 0 { (width as usize).max(nchars) } else { nchars };
    let left = match align {
        b'>' => total - nchars,
        b'^' => (total - nchars) / 2,
        _ => 0,
    };
    (left, total - nchars - left)
}

/// `format_string_internal` (str.__format__ with a parsed spec).
fn format_string_internal(s: &[u32], f: &Spec) -> PyResult<Vec<u32>> {
    if f.sign == b' ' {
        return Err(value_err("Space not allowed in string format specifier"));
    }
    if f.sign != 0 {
        return Err(value_err("Sign not allowed in string format specifier"));
    }
    if f.no_neg_0 {
        return Err(value_err("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if f.alternate {
        return Err(value_err("Alternate form (#) not allowed in string format specifier"));
    }
    if f.align == b'=' {
        return Err(value_err("'=' alignment not allowed in string format specifier"));
    }
    let len = if f.precision >= 0 { s.len().min(f.precision as usize) } else { s.len() };
    let (l, r) = calc_padding(len, f.width, f.align);
    let mut out = Vec::new();
    reserve(&mut out, total_len(&[l, len, r])?)?;
    out.resize(l, f.fill_char);
    out.extend_from_slice(&s[..len]);
    out.resize(out.len() + r, f.fill_char);
    Ok(out)
}

/// `str.__format__` (`unicode___format___impl`); an empty spec is
/// `str(v)`, which a subclass may override (`format_obj`).
pub(crate) fn format_str(s: &StrObject, v: &PyObject, spec: &StrObject) -> PyResult<ObjRef> {
    if spec.is_empty() {
        return object::str(v).map(into_obj);
    }
    let spec: Vec<u32> = spec.data().iter().collect();
    let f = parse_spec(&spec, "str", u32::from(b's'), b'<')?;
    if f.ty != u32::from(b's') {
        return Err(unknown_presentation_type(f.ty, "str"));
    }
    let text: Vec<u32> = s.data().iter().collect();
    new_s(&format_string_internal(&text, &f)?)
}

/// `_PyUnicode_InsertThousandsGrouping` for one repeating group size
/// (`group` 0: no separators), padding the digits with zeros to
/// `min_width`.
fn group_digits(digits: &[u32], min_width: isize, sep: u32, group: usize) -> PyResult<Vec<u32>> {
    let mut rev: Vec<u32> = Vec::new();
    reserve(&mut rev, total_len(&[digits.len() * 2, min_width.max(0) as usize * 2])?)?;
    let mut remaining = digits.len() as isize;
    let mut min_width = min_width;
    let mut pos = digits.len();
    if group == 0 {
        let l = remaining.max(min_width).max(1);
        let zeros = (l - remaining).max(0);
        let mut out = Vec::new();
        reserve(&mut out, total_len(&[zeros as usize, digits.len()])?)?;
        out.resize(zeros as usize, u32::from(b'0'));
        out.extend_from_slice(digits);
        return Ok(out);
    }
    let mut use_sep = false;
    loop {
        let l = remaining.max(min_width).max(1).min(group as isize);
        let zeros = (l - remaining).max(0);
        let chars = remaining.min(l).max(0);
        if use_sep {
            rev.push(sep);
        }
        for _ in 0..chars {
            pos -= 1;
            rev.push(digits[pos]);
        }
        for _ in 0..zeros {
            rev.push(u32::from(b'0'));
        }
        use_sep = true;
        remaining -= chars;
        min_width -= l;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    rev.reverse();
    Ok(rev)
}

/// The parts of a formatted number (`NumberFieldWidths` plus the text).
struct Number<'a> {
    /// '-' if negative, else 0.
    sign_char: u8,
    prefix: &'a str,
    /// The integer digits.
    digits: &'a [u32],
    /// The decimal point and what follows (fraction, exponent, '%').
    remainder: Vec<u32>,
}

/// `calc_number_widths` + `fill_number`.
fn fill_number(n: &Number<'_>, f: &Spec, toupper: bool) -> PyResult<Vec<u32>> {
    let sign = match f.sign {
        b'+' => Some(if n.sign_char == b'-' { '-' } else { '+' }),
        b' ' => Some(if n.sign_char == b'-' { '-' } else { ' ' }),
        _ => (n.sign_char == b'-').then_some('-'),
    };
    let n_sign = usize::from(sign.is_some());
    let non_digit = n_sign + n.prefix.len() + n.remainder.len();
    let min_width = if f.fill_char == u32::from(b'0') && f.align == b'=' { f.width - non_digit as isize } else { 0 };
    let (sep, group) = match f.thousands {
        b',' => (u32::from(b','), 3),
        b'_' => (u32::from(b'_'), 3),
        4 => (u32::from(b'_'), 4),
        _ => (0, 0),
    };
    let grouped = if n.digits.is_empty() { Vec::new() } else { group_digits(n.digits, min_width, sep, group)? };
    let padding = f.width - (non_digit + grouped.len()) as isize;
    let (mut l, mut s, mut r) = (0, 0, 0);
    if padding > 0 {
        let p = padding as usize;
        match f.align {
            b'<' => r = p,
            b'^' => {
                l = p / 2;
                r = p - l;
            }
            b'=' => s = p,
            _ => l = p,
        }
    }
    let mut out = Vec::new();
    reserve(&mut out, total_len(&[l, non_digit, grouped.len(), s, r])?)?;
    out.resize(l, f.fill_char);
    if let Some(c) = sign {
        out.push(u32::from(c));
    }
    for b in n.prefix.bytes() {
        out.push(u32::from(if toupper { b.to_ascii_uppercase() } else { b }));
    }
    out.resize(out.len() + s, f.fill_char);
    for &d in &grouped {
        out.push(if toupper && d < 128 { u32::from((d as u8).to_ascii_uppercase()) } else { d });
    }
    out.extend_from_slice(&n.remainder);
    out.resize(out.len() + r, f.fill_char);
    Ok(out)
}

/// `format_long_internal`.
pub(crate) fn format_long_internal(v: &IntObject, f: &Spec) -> PyResult<Vec<u32>> {
    if f.precision != -1 {
        return Err(value_err("Precision not allowed in integer format specifier"));
    }
    if f.no_neg_0 {
        return Err(value_err("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    let ty = f.ty;
    if ty == u32::from(b'c') {
        if f.sign != 0 {
            return Err(value_err("Sign not allowed with integer format specifier 'c'"));
        }
        if f.alternate {
            return Err(value_err("Alternate form (#) not allowed with integer format specifier 'c'"));
        }
        let Some(x) = v.as_i64() else {
            return Err(errors::set_string(exceptions::overflow_error(), "Python int too large to convert to C long"));
        };
        if !(0..=0x10ffff).contains(&x) {
            return Err(errors::set_string(exceptions::overflow_error(), "%c arg not in range(0x110000)"));
        }
        let ch = [x as u32];
        let n = Number { sign_char: 0, prefix: "", digits: &[], remainder: ch.to_vec() };
        return fill_number(&n, f, false);
    }
    let (base, prefix) = match char::from_u32(ty).unwrap_or('\0') {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    let text = match v.as_i64() {
        Some(x) => {
            let m = x.unsigned_abs();
            match base {
                2 => format!("{m:b}"),
                8 => format!("{m:o}"),
                16 => format!("{m:x}"),
                _ => m.to_string(),
            }
        }
        None => v.to_bigint().magnitude().to_str_radix(base),
    };
    let digits: Vec<u32> = text.bytes().map(u32::from).collect();
    let n = Number {
        sign_char: if v.sign() < 0 { b'-' } else { 0 },
        prefix: if f.alternate { prefix } else { "" },
        digits: &digits,
        remainder: Vec::new(),
    };
    // 'n' in the C locale: no grouping.
    fill_number(&n, f, ty == u32::from(b'X'))
}

/// `PyOS_double_to_string` for the modes the formatter uses: `ty` is
/// one of e E f F g G r (and `%` as f on the scaled value).
pub(crate) fn double_to_string(x: f64, ty: u8, precision: usize, add_dot_0: bool, alt: bool, no_neg_0: bool) -> String {
    let upper = ty.is_ascii_uppercase();
    let lower_ty = ty.to_ascii_lowercase();
    let neg = x.is_sign_negative() && !x.is_nan();
    let mut body = if x.is_nan() {
        "nan".to_string()
    } else if x.is_infinite() {
        "inf".to_string()
    } else {
        let a = x.abs();
        match lower_ty {
            b'f' => {
                let mut s = format!("{a:.precision$}");
                if alt && precision == 0 {
                    s.push('.');
                }
                s
            }
            b'e' => {
                let s = format!("{a:.precision$e}");
                let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                let mut m = m.to_string();
                if alt && precision == 0 {
                    m.push('.');
                }
                exp_text(&m, e.parse().unwrap_or(0))
            }
            b'g' => {
                let p = precision.max(1);
                let s = format!("{a:.prec$e}", prec = p - 1);
                let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                let exp: i32 = e.parse().unwrap_or(0);
                let digits: String = m.chars().filter(|c| *c != '.').collect();
                // `format_float_short`: with ADD_DOT_0 the exponent form
                // starts one digit earlier.
                let limit = p as i32 - i32::from(add_dot_0);
                let mut out = if -4 <= exp && exp < limit {
                    fixed_from_digits(&digits, exp + 1)
                } else {
                    let (first, rest) = digits.split_at(1);
                    format!("{first}.{rest}")
                };
                let is_exp = !(-4 <= exp && exp < limit);
                if alt {
                    if !out.contains('.') {
                        out.push('.');
                    }
                } else if out.contains('.') {
                    out = out.trim_end_matches('0').trim_end_matches('.').to_string();
                }
                if add_dot_0 && !out.contains('.') && !is_exp {
                    out.push_str(".0");
                }
                if is_exp { exp_text(&out, exp) } else { out }
            }
            _ => {
                // 'r': the shortest repr; ALT always shows the point.
                let mut r = crate::objects::floatobject::format_r(a, add_dot_0, false);
                if alt && !r.contains('.') {
                    match r.find('e') {
                        Some(i) => r.insert(i, '.'),
                        None => r.push('.'),
                    }
                }
                r
            }
        }
    };
    if upper {
        body = body.to_ascii_uppercase();
    }
    let zero = x.is_finite() && !body.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if neg && !(no_neg_0 && zero) { format!("-{body}") } else { body }
}

/// MemoryError rather than an abort when a precision asks for more text
/// than can be allocated (the digits, plus up to 310 integer digits).
pub(crate) fn check_float_room(precision: usize) -> PyResult<()> {
    let mut probe: Vec<u8> = Vec::new();
    reserve(&mut probe, precision.saturating_add(400))
}

/// Digits `d1d2...` with the decimal point after `decpt` of them.
fn fixed_from_digits(digits: &str, decpt: i32) -> String {
    let n = digits.len() as i32;
    if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{digits}{}", "0".repeat((decpt - n) as usize))
    } else {
        let (a, b) = digits.split_at(decpt as usize);
        format!("{a}.{b}")
    }
}

/// A mantissa with `e+XX` (at least two exponent digits).
fn exp_text(mant: &str, exp: i32) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}e{sign}{:02}", exp.abs())
}

/// Inserts the fractional-part separator every three digits after the
/// decimal point (3.14's `.3_f`).
fn group_fraction(rem: &[u32], sep: u8) -> Vec<u32> {
    if rem.first() != Some(&u32::from(b'.')) {
        return rem.to_vec();
    }
    let mut out = vec![u32::from(b'.')];
    let mut count = 0;
    let mut i = 1;
    while i < rem.len() && (u32::from(b'0')..=u32::from(b'9')).contains(&rem[i]) {
        if count > 0 && count % 3 == 0 {
            out.push(u32::from(sep));
        }
        out.push(rem[i]);
        count += 1;
        i += 1;
    }
    out.extend_from_slice(&rem[i..]);
    out
}

/// `format_float_internal`.
pub(crate) fn format_float_internal(val: f64, f: &Spec, type_name: &str) -> PyResult<Vec<u32>> {
    let mut ty = f.ty;
    let mut precision = f.precision;
    let mut default_precision = 6;
    let mut add_dot_0 = false;
    if !matches!(char::from_u32(ty).unwrap_or('r'), '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
        return Err(unknown_presentation_type(f.ty, type_name));
    }
    if ty == 0 {
        add_dot_0 = true;
        ty = u32::from(b'r');
        default_precision = 0;
    }
    if ty == u32::from(b'n') {
        ty = u32::from(b'g');
    }
    let mut val = val;
    let mut add_pct = false;
    if ty == u32::from(b'%') {
        ty = u32::from(b'f');
        val *= 100.0;
        add_pct = true;
    }
    if !matches!(char::from_u32(ty).unwrap_or('\0'), 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'r') {
        return Err(unknown_presentation_type(f.ty, type_name));
    }
    if precision > i32::MAX as isize {
        return Err(value_err("precision too big"));
    }
    if precision < 0 {
        precision = default_precision;
    } else if ty == u32::from(b'r') {
        ty = u32::from(b'g');
    }
    check_float_room(precision as usize)?;
    let text = double_to_string(val, ty as u8, precision as usize, add_dot_0, f.alternate, f.no_neg_0);
    let mut cps: Vec<u32> = text.bytes().map(u32::from).collect();
    if add_pct {
        cps.push(u32::from(b'%'));
    }
    let (sign_char, body) = if cps.first() == Some(&u32::from(b'-')) { (b'-', &cps[1..]) } else { (0, &cps[..]) };
    let ndig = body.iter().take_while(|&&c| (u32::from(b'0')..=u32::from(b'9')).contains(&c)).count();
    let mut remainder = body[ndig..].to_vec();
    if f.frac_thousands != 0 {
        remainder = group_fraction(&remainder, f.frac_thousands);
    }
    let n = Number { sign_char, prefix: "", digits: &body[..ndig], remainder };
    fill_number(&n, f, false)
}

/// `format_complex_internal`: both parts in the float modes, the
/// imaginary part always signed unless the real part is skipped, the
/// whole padded as one field.
pub(crate) fn format_complex_internal(re: f64, im: f64, f: &Spec) -> PyResult<Vec<u32>> {
    let mut ty = f.ty;
    let mut precision = f.precision;
    let mut default_precision = 6;
    let (mut skip_re, mut add_parens) = (false, false);
    if !matches!(char::from_u32(ty).unwrap_or('r'), '\0' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') {
        return Err(unknown_presentation_type(f.ty, "complex"));
    }
    if f.fill_char == u32::from(b'0') {
        return Err(value_err("Zero padding is not allowed in complex format specifier"));
    }
    if f.align == b'=' {
        return Err(value_err("'=' alignment flag is not allowed in complex format specifier"));
    }
    if ty == 0 {
        ty = u32::from(b'r');
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            add_parens = true;
        }
    }
    if ty == u32::from(b'n') {
        ty = u32::from(b'g');
    }
    if !matches!(char::from_u32(ty).unwrap_or('\0'), 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'r') {
        return Err(unknown_presentation_type(f.ty, "complex"));
    }
    if precision > i32::MAX as isize {
        return Err(value_err("precision too big"));
    }
    if precision < 0 {
        precision = default_precision;
    } else if ty == u32::from(b'r') {
        ty = u32::from(b'g');
    }
    check_float_room(precision as usize)?;
    let part = |x: f64| double_to_string(x, ty as u8, precision as usize, false, f.alternate, f.no_neg_0);
    let mut text = String::new();
    if add_parens {
        text.push('(');
    }
    if !skip_re {
        let r = part(re);
        match f.sign {
            b'+' if !r.starts_with('-') => text.push('+'),
            b' ' if !r.starts_with('-') => text.push(' '),
            _ => {}
        }
        text.push_str(&r);
    }
    let i = part(im);
    if !i.starts_with('-') {
        if !skip_re || f.sign == b'+' {
            text.push('+');
        } else if f.sign == b' ' {
            text.push(' ');
        }
    }
    text.push_str(&i);
    text.push('j');
    if add_parens {
        text.push(')');
    }
    let body: Vec<u32> = text.bytes().map(u32::from).collect();
    let (l, r) = calc_padding(body.len(), f.width, f.align);
    let mut out = Vec::new();
    reserve(&mut out, total_len(&[l, body.len(), r])?)?;
    out.resize(l, f.fill_char);
    out.extend_from_slice(&body);
    out.resize(out.len() + r, f.fill_char);
    Ok(out)
}

/// `complex.__format__` (`complex___format___impl`).
pub fn complex_format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    let z = downcast::<crate::objects::complexobject::ComplexObject>(v).ok_or_else(errors::bad_internal_call)?.value();
    let spec = spec_arg(spec)?;
    if spec.is_empty() {
        return object::str(v).map(into_obj);
    }
    let text = spec_cps(spec);
    let f = parse_spec(&text, type_of(v).name(), 0, b'>')?;
    new_s(&format_complex_internal(z.re, z.im, &f)?)
}

/// `complex.__format__`'s method entry (for complexobject.rs).
pub const COMPLEX_FORMAT_METHOD: MethodDef = MethodDef {
    ml_name: "__format__",
    ml_meth: MethodFn::O(complex_format),
    ml_doc: Some("__format__($self, format_spec, /)\n--\n\nConvert to a string according to format_spec."),
};

fn spec_cps(spec: &StrObject) -> Vec<u32> {
    spec.data().iter().collect()
}

/// `int.__format__` (`long__format__` / `_PyLong_FormatAdvancedWriter`).
pub fn int_format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    let i = downcast::<IntObject>(v).ok_or_else(errors::bad_internal_call)?;
    let spec = spec_arg(spec)?;
    if spec.is_empty() {
        return object::str(v).map(into_obj);
    }
    let f = parse_spec(&spec_cps(spec), type_of(v).name(), u32::from(b'd'), b'>')?;
    match char::from_u32(f.ty).unwrap_or('\0') {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => new_s(&format_long_internal(i, &f)?),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = longobject::to_f64(i)?;
            new_s(&format_float_internal(x, &f, type_of(v).name())?)
        }
        _ => Err(unknown_presentation_type(f.ty, type_of(v).name())),
    }
}

/// `float.__format__` (`float___format___impl`).
pub fn float_format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    let x = downcast::<FloatObject>(v).ok_or_else(errors::bad_internal_call)?.value();
    let spec = spec_arg(spec)?;
    if spec.is_empty() {
        return object::str(v).map(into_obj);
    }
    let f = parse_spec(&spec_cps(spec), type_of(v).name(), 0, b'>')?;
    new_s(&format_float_internal(x, &f, type_of(v).name())?)
}

fn spec_arg(spec: &PyObject) -> PyResult<&StrObject> {
    downcast::<StrObject>(spec).ok_or_else(|| {
        errors::set_string(
            exceptions::type_error(),
            &format!("__format__() argument must be str, not {}", type_of(spec).name()),
        )
    })
}

/// `object.__format__` (`object___format___impl`).
pub fn object_format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    let spec = spec_arg(spec)?;
    if !spec.is_empty() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("unsupported format string passed to {}.__format__", type_of(v).name()),
        ));
    }
    object::str(v).map(into_obj)
}

/// `int.__format__`'s method entry (registered by longobject.rs).
pub const INT_FORMAT_METHOD: MethodDef = MethodDef {
    ml_name: "__format__",
    ml_meth: MethodFn::O(int_format),
    ml_doc: Some("__format__($self, format_spec, /)\n--\n\nConvert to a string according to format_spec."),
};

/// `float.__format__`'s method entry (registered by floatobject.rs).
pub const FLOAT_FORMAT_METHOD: MethodDef = MethodDef {
    ml_name: "__format__",
    ml_meth: MethodFn::O(float_format),
    ml_doc: Some("__format__($self, format_spec, /)\n--\n\nFormats the float according to format_spec."),
};

/// `object.__format__`'s method entry.
pub const OBJECT_FORMAT_METHOD: MethodDef = MethodDef {
    ml_name: "__format__",
    ml_meth: MethodFn::O(object_format),
    ml_doc: Some("__format__($self, format_spec, /)\n--\n\nDefault object formatter.\n\nReturn str(self) if format_spec is empty. Raise TypeError otherwise."),
};

static FORMAT: StaticName = StaticName::new("__format__");

/// `PyObject_Format`: `format(v, spec)`.
pub fn format(v: &PyObject, spec: &PyObject) -> PyResult<ObjRef> {
    let Some(s) = downcast::<StrObject>(spec) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("format() argument 2 must be str, not {}", type_of(spec).name()),
        ));
    };
    if s.is_empty() {
        if object::is_type(v, &unicodeobject::STR_TYPE) {
            return Ok(object::new_ref(v));
        }
        if object::is_type(v, &longobject::INT_TYPE) {
            return object::str(v).map(into_obj);
        }
    }
    // The exact builtin types cannot have their `__format__` replaced:
    // call it without the method lookup and argument tuple.
    if object::is_type(v, &longobject::INT_TYPE) {
        return int_format(v, spec);
    }
    if object::is_type(v, &crate::objects::floatobject::FLOAT_TYPE) {
        return float_format(v, spec);
    }
    if let Some(st) = downcast::<StrObject>(v).filter(|_| object::is_type(v, &unicodeobject::STR_TYPE)) {
        return format_str(st, v, s);
    }
    let res = match crate::objects::typeobject::slotdefs::lookup_maybe_method(v, FORMAT.get()?)? {
        Some(_) => crate::objects::typeobject::slotdefs::call_method(v, &FORMAT, &[spec])?,
        None => {
            return Err(errors::set_string(
                exceptions::type_error(),
                &format!("Type {} doesn't define __format__", type_of(v).name()),
            ));
        }
    };
    if downcast::<StrObject>(&res).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("__format__ must return a str, not {}", type_of(&res).name()),
        ));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::floatobject;
    use crate::state;

    fn fmt(v: ObjRef, spec: &str) -> String {
        let s = into_obj(unicodeobject::from_str(spec).unwrap());
        match format(&v, &s) {
            Ok(r) => downcast::<StrObject>(&r).unwrap().to_string_lossy(),
            Err(_) => errors::take_message().unwrap(),
        }
    }

    #[test]
    fn ints() {
        state::ensure();
        let i = |x: i64| longobject::from_i64(x).unwrap();
        assert_eq!(fmt(i(1234567), ","), "1,234,567");
        assert_eq!(fmt(i(-1234), "010,"), "-0,001,234");
        assert_eq!(fmt(i(255), "#X"), "0XFF");
        assert_eq!(fmt(i(255), "#010b"), "0b11111111");
        assert_eq!(fmt(i(0xabcdef), "_x"), "ab_cdef");
        assert_eq!(fmt(i(42), "*^9"), "***42****");
        assert_eq!(fmt(i(42), "+"), "+42");
        assert_eq!(fmt(i(97), "c"), "a");
        assert_eq!(fmt(i(5), ".2f"), "5.00");
        assert_eq!(fmt(i(1), ",x"), "ValueError: Cannot specify ',' with 'x'.");
        assert_eq!(fmt(i(1), "cc"), "ValueError: Invalid format specifier 'cc' for object of type 'int'");
    }

    #[test]
    fn floats() {
        state::ensure();
        let f = |x: f64| floatobject::from_f64(x).unwrap();
        assert_eq!(fmt(f(3.14159), ".2f"), "3.14");
        assert_eq!(fmt(f(1234567.891), ",.2f"), "1,234,567.89");
        assert_eq!(fmt(f(0.5), ".0%"), "50%");
        assert_eq!(fmt(f(12345.678), ".3e"), "1.235e+04");
        assert_eq!(fmt(f(1e-5), "g"), "1e-05");
        assert_eq!(fmt(f(1.0), ".3"), "1.0");
        assert_eq!(fmt(f(123.0), "#g"), "123.000");
        assert_eq!(fmt(f(-0.0001), "z.2f"), "0.00");
        assert_eq!(fmt(f(f64::INFINITY), "010"), "0000000inf");
        assert_eq!(fmt(f(-1234.5), "015,.2f"), "-000,001,234.50");
        assert_eq!(fmt(f(1234567.1234567), "_._f"), "1_234_567.123_457");
        assert_eq!(fmt(f(2.5), "10"), "       2.5");
    }

    #[test]
    fn strings() {
        state::ensure();
        let s = |x: &str| into_obj(unicodeobject::from_str(x).unwrap());
        assert_eq!(fmt(s("abc"), ">5"), "  abc");
        assert_eq!(fmt(s("abcdef"), ".3"), "abc");
        assert_eq!(fmt(s("ab"), "^6"), "  ab  ");
        assert_eq!(fmt(s("a"), "=5"), "ValueError: '=' alignment not allowed in string format specifier");
        assert_eq!(fmt(s("a"), "d"), "ValueError: Unknown format code 'd' for object of type 'str'");
    }
}
