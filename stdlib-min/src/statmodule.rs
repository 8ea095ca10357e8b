//! The `_stat` module, ported from Modules/_stat.c: the `S_IF*`, `S_I*`,
//! `UF_*`, `SF_*` and `ST_*` constants, the `S_IS*` predicates,
//! `S_IMODE`, `S_IFMT` and `filemode` (`filetype` + `fileperm`).

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{ObjRef, PyObject, downcast, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject;

const S_IFMT: u32 = 0o170000;
const S_IFDIR: u32 = 0o040000;
const S_IFCHR: u32 = 0o020000;
const S_IFBLK: u32 = 0o060000;
const S_IFREG: u32 = 0o100000;
const S_IFIFO: u32 = 0o010000;
const S_IFLNK: u32 = 0o120000;
const S_IFSOCK: u32 = 0o140000;
// Solaris doors, event ports and BSD whiteouts do not exist on Linux: 0.
const S_IFDOOR: u32 = 0;
const S_IFPORT: u32 = 0;
const S_IFWHT: u32 = 0;

const S_ISUID: u32 = 0o4000;
const S_ISGID: u32 = 0o2000;
const S_ISVTX: u32 = 0o1000;
const S_IRUSR: u32 = 0o400;
const S_IWUSR: u32 = 0o200;
const S_IXUSR: u32 = 0o100;
const S_IRGRP: u32 = 0o040;
const S_IWGRP: u32 = 0o020;
const S_IXGRP: u32 = 0o010;
const S_IROTH: u32 = 0o004;
const S_IWOTH: u32 = 0o002;
const S_IXOTH: u32 = 0o001;
/// The bits `os.chmod` can set.
const S_IMODE: u32 = 0o7777;

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn overflow(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::overflow_error(), msg)
}

/// `_PyLong_AsMode_t`: `PyLong_AsUnsignedLong` narrowed to `mode_t`.
fn as_mode(name: &str, args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<u32> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("_stat.{name}() takes no keyword arguments")));
    }
    let [op] = args else {
        return Err(type_error(&format!("_stat.{name}() takes exactly one argument ({} given)", args.len())));
    };
    let i = r#abstract::index(op)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    if i.sign() < 0 {
        return Err(overflow("can't convert negative value to unsigned int"));
    }
    let v = u64::try_from(i.to_bigint()).map_err(|_| overflow("Python int too large to convert to C unsigned long"))?;
    u32::try_from(v).map_err(|_| overflow("mode out of range"))
}

fn is_type(mode: u32, ty: u32) -> bool {
    ty != 0 && mode & S_IFMT == ty
}

macro_rules! s_is {
    ($fname:ident, $name:literal, $ty:expr) => {
        fn $fname(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
            Ok(boolobject::from_bool(is_type(as_mode($name, args, kwnames)?, $ty)))
        }
    };
}

s_is!(s_isdir, "S_ISDIR", S_IFDIR);
s_is!(s_ischr, "S_ISCHR", S_IFCHR);
s_is!(s_isblk, "S_ISBLK", S_IFBLK);
s_is!(s_isreg, "S_ISREG", S_IFREG);
s_is!(s_isfifo, "S_ISFIFO", S_IFIFO);
s_is!(s_islnk, "S_ISLNK", S_IFLNK);
s_is!(s_issock, "S_ISSOCK", S_IFSOCK);
s_is!(s_isdoor, "S_ISDOOR", S_IFDOOR);
s_is!(s_isport, "S_ISPORT", S_IFPORT);
s_is!(s_iswht, "S_ISWHT", S_IFWHT);

fn s_imode(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    longobject::from_i64(i64::from(as_mode("S_IMODE", args, kwnames)? & S_IMODE))
}

fn s_ifmt(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    longobject::from_i64(i64::from(as_mode("S_IFMT", args, kwnames)? & S_IFMT))
}

/// `filetype`: the first character of `filemode`.
fn filetype(mode: u32) -> char {
    const TYPES: [(u32, char); 10] = [
        (S_IFREG, '-'),
        (S_IFDIR, 'd'),
        (S_IFLNK, 'l'),
        (S_IFBLK, 'b'),
        (S_IFCHR, 'c'),
        (S_IFIFO, 'p'),
        (S_IFSOCK, 's'),
        (S_IFDOOR, 'D'),
        (S_IFPORT, 'P'),
        (S_IFWHT, 'w'),
    ];
    TYPES.iter().find(|(t, _)| is_type(mode, *t)).map_or('?', |(_, c)| *c)
}

/// `fileperm`: the nine permission characters, with the set-id and
/// sticky bits folded into the execute columns.
fn fileperm(mode: u32, out: &mut String) {
    let triples = [(S_IRUSR, S_IWUSR, S_IXUSR, S_ISUID, 's'), (S_IRGRP, S_IWGRP, S_IXGRP, S_ISGID, 's'), (S_IROTH, S_IWOTH, S_IXOTH, S_ISVTX, 't')];
    for (r, w, x, special, c) in triples {
        out.push(if mode & r != 0 { 'r' } else { '-' });
        out.push(if mode & w != 0 { 'w' } else { '-' });
        out.push(match (mode & special != 0, mode & x != 0) {
            (true, true) => c,
            (true, false) => c.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
}

fn filemode(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let mode = as_mode("filemode", args, kwnames)?;
    let mut s = String::with_capacity(10);
    s.push(filetype(mode));
    fileperm(mode, &mut s);
    unicodeobject::from_string(s).map(into_obj)
}

static FUNCTIONS: [BuiltinDef; 13] = [
    BuiltinDef { name: "S_ISDIR", func: s_isdir },
    BuiltinDef { name: "S_ISCHR", func: s_ischr },
    BuiltinDef { name: "S_ISBLK", func: s_isblk },
    BuiltinDef { name: "S_ISREG", func: s_isreg },
    BuiltinDef { name: "S_ISFIFO", func: s_isfifo },
    BuiltinDef { name: "S_ISLNK", func: s_islnk },
    BuiltinDef { name: "S_ISSOCK", func: s_issock },
    BuiltinDef { name: "S_ISDOOR", func: s_isdoor },
    BuiltinDef { name: "S_ISPORT", func: s_isport },
    BuiltinDef { name: "S_ISWHT", func: s_iswht },
    BuiltinDef { name: "S_IMODE", func: s_imode },
    BuiltinDef { name: "S_IFMT", func: s_ifmt },
    BuiltinDef { name: "filemode", func: filemode },
];

/// `stat_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_stat")?;
    m.add_functions(&FUNCTIONS)?;
    let consts: [(&str, u32); 47] = [
        ("S_IFDIR", S_IFDIR),
        ("S_IFCHR", S_IFCHR),
        ("S_IFBLK", S_IFBLK),
        ("S_IFREG", S_IFREG),
        ("S_IFIFO", S_IFIFO),
        ("S_IFLNK", S_IFLNK),
        ("S_IFSOCK", S_IFSOCK),
        ("S_IFDOOR", S_IFDOOR),
        ("S_IFPORT", S_IFPORT),
        ("S_IFWHT", S_IFWHT),
        ("S_ISUID", S_ISUID),
        ("S_ISGID", S_ISGID),
        ("S_ISVTX", S_ISVTX),
        ("S_ENFMT", S_ISGID),
        ("S_IREAD", S_IRUSR),
        ("S_IWRITE", S_IWUSR),
        ("S_IEXEC", S_IXUSR),
        ("S_IRWXU", 0o700),
        ("S_IRUSR", S_IRUSR),
        ("S_IWUSR", S_IWUSR),
        ("S_IXUSR", S_IXUSR),
        ("S_IRWXG", 0o070),
        ("S_IRGRP", S_IRGRP),
        ("S_IWGRP", S_IWGRP),
        ("S_IXGRP", S_IXGRP),
        ("S_IRWXO", 0o007),
        ("S_IROTH", S_IROTH),
        ("S_IWOTH", S_IWOTH),
        ("S_IXOTH", S_IXOTH),
        ("UF_SETTABLE", 0x0000_ffff),
        ("UF_NODUMP", 0x0000_0001),
        ("UF_IMMUTABLE", 0x0000_0002),
        ("UF_APPEND", 0x0000_0004),
        ("UF_OPAQUE", 0x0000_0008),
        ("UF_NOUNLINK", 0x0000_0010),
        ("UF_COMPRESSED", 0x0000_0020),
        ("UF_TRACKED", 0x0000_0040),
        ("UF_DATAVAULT", 0x0000_0080),
        ("UF_HIDDEN", 0x0000_8000),
        ("SF_SETTABLE", 0xffff_0000),
        ("SF_ARCHIVED", 0x0001_0000),
        ("SF_IMMUTABLE", 0x0002_0000),
        ("SF_APPEND", 0x0004_0000),
        ("SF_NOUNLINK", 0x0010_0000),
        ("SF_SNAPSHOT", 0x0020_0000),
        ("SF_FIRMLINK", 0x0080_0000),
        ("SF_DATALESS", 0x4000_0000),
    ];
    for (name, v) in consts {
        m.add_object(name, &*longobject::from_i64(i64::from(v))?)?;
    }
    let st = ["ST_MODE", "ST_INO", "ST_DEV", "ST_NLINK", "ST_UID", "ST_GID", "ST_SIZE", "ST_ATIME", "ST_MTIME", "ST_CTIME"];
    for (i, name) in (0_i64..).zip(st) {
        m.add_object(name, &*longobject::from_i64(i)?)?;
    }
    Ok(into_obj(m))
}
