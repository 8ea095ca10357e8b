//! The `_io` module, ported from Modules/_io/ (3.14): the abstract bases
//! (`iobase.rs`), `StringIO` and `BytesIO` (`stringio.rs`, `bytesio.rs`),
//! `FileIO` (`fileio.rs`), the buffered classes (`bufferedio.rs`),
//! `TextIOWrapper` (`textio.rs`), and `open()` (`_iomodule.c`). Each
//! concrete object keeps its state in a cell guarded by its critical
//! section. `sys.stdout` and friends are not yet `_io` objects
//! (docs/stdlib.md).

pub mod bufferedio;
pub mod bytesio;
pub mod fileio;
pub mod iobase;
pub mod stringio;
pub mod textio;

use std::sync::OnceLock;

use rupy::builtins::BuiltinDef;
use rupy::errors::PyResult;
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, ObjSlot, PyObject, as_obj, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::typeobject::TypeObject;
use rupy::objects::unicodeobject;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::Guarded;
use iobase::{type_error, value_error};

/// `DEFAULT_BUFFER_SIZE` (3.14: 128 KiB).
pub const DEFAULT_BUFFER_SIZE: usize = 128 * 1024;

/// A concrete I/O object: header, instance dict, guarded state.
#[repr(C)]
pub struct IoObject<S> {
    ob_base: ObjectHeader,
    pub dict: ObjSlot,
    pub st: Guarded<S>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl<S> PyObjectLike for IoObject<S> {}

/// A new instance of `ty` (the concrete type `base` or a subclass of it)
/// holding `st`.
pub fn alloc<S: Send>(ty: &TypeObject, st: S) -> PyResult<ObjRef> {
    // SAFETY: only the header is initialized; the dict slot is valid
    // zeroed and the state is written below.
    let obj: ObjRef = unsafe { rupy::objects::typeobject::heaptype::generic_alloc::<PyObject>(ty) }?;
    let p = obj.as_ptr().as_ptr().cast::<IoObject<S>>();
    // SAFETY: the class's instances have at least this layout; the state
    // is written once into zeroed memory.
    unsafe { core::ptr::addr_of_mut!((*p).st).write(Guarded::new(st)) };
    Ok(obj)
}

/// The state of `v`, an instance of `base` or of a subclass.
pub fn state<'a, S>(v: &'a PyObject, base: &TypeObject) -> PyResult<&'a Guarded<S>> {
    if !object::type_check(v, base) {
        return Err(type_error(&format!(
            "descriptor requires a '{}' object but received a '{}'",
            base.name(),
            type_of(v).name()
        )));
    }
    // SAFETY: instances of `base` and its subclasses have this layout.
    Ok(unsafe { &(*core::ptr::from_ref(v).cast::<IoObject<S>>()).st })
}

/// `io.UnsupportedOperation`: made once, a subclass of OSError and
/// ValueError.
pub fn unsupported_operation() -> PyResult<ObjRef> {
    static CLS: OnceLock<usize> = OnceLock::new();
    if let Some(&p) = CLS.get() {
        // SAFETY: an immortal class made below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let name = unicodeobject::from_str("UnsupportedOperation")?;
    let bases = tupleobject::from_slice(&[as_obj(exceptions::os_error()), as_obj(exceptions::value_error())])?;
    let ns = DictObject::new()?;
    ns.set_item(&*unicodeobject::intern_str("__module__")?, &*unicodeobject::intern_str("io")?)?;
    let cls = object::call(
        as_obj(&rupy::objects::typeobject::TYPE_TYPE),
        &[as_obj(&*name), as_obj(&*bases), as_obj(&*ns)],
    )?;
    cls.header().set_immortal();
    let p = *CLS.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: as above.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// The parsed `mode` of `open()` (`_io_open_impl`'s checks).
struct Mode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    text: bool,
    binary: bool,
}

fn parse_mode(mode: &str) -> PyResult<Mode> {
    let mut m = Mode { creating: false, reading: false, writing: false, appending: false, updating: false, text: false, binary: false };
    for (i, c) in mode.chars().enumerate() {
        if mode[..mode.char_indices().nth(i).map_or(0, |(b, _)| b)].contains(c) {
            return Err(value_error(&format!("invalid mode: '{mode}'")));
        }
        match c {
            'x' => m.creating = true,
            'r' => m.reading = true,
            'w' => m.writing = true,
            'a' => m.appending = true,
            '+' => m.updating = true,
            't' => m.text = true,
            'b' => m.binary = true,
            _ => return Err(value_error(&format!("invalid mode: '{mode}'"))),
        }
    }
    if m.text && m.binary {
        return Err(value_error("can't have text and binary mode at once"));
    }
    if [m.creating, m.reading, m.writing, m.appending].iter().filter(|b| **b).count() > 1 {
        return Err(value_error("must have exactly one of create/read/write/append mode"));
    }
    Ok(m)
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None,
/// newline=None, closefd=True, opener=None)` (`_io_open_impl`).
fn open(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    const NAMES: [&str; 8] = ["file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"];
    ready_types()?;
    let nkw = kwnames.map_or(0, TupleObject::len);
    let npos = args.len() - nkw;
    if npos > NAMES.len() {
        return Err(type_error(&format!("open() takes at most 8 arguments ({npos} given)")));
    }
    let mut a: [Option<&PyObject>; 8] = [None; 8];
    for (i, v) in args[..npos].iter().enumerate() {
        a[i] = Some(*v);
    }
    if let Some(k) = kwnames {
        for (key, v) in k.as_slice().iter().zip(&args[npos..]) {
            let key = object::str_lossy(key);
            let Some(i) = NAMES.iter().position(|n| *n == key) else {
                return Err(type_error(&format!("open() got an unexpected keyword argument '{key}'")));
            };
            a[i] = Some(*v);
        }
    }
    let Some(file) = a[0] else { return Err(type_error("open() missing required argument 'file' (pos 1)")) };
    let mode_text = match a[1] {
        Some(m) => iobase::str_arg("open() argument 'mode'", m)?,
        None => "r".to_owned(),
    };
    let m = parse_mode(&mode_text)?;
    let buffering = match a[2] {
        Some(b) if !object::is_none(b) => r#abstract::as_ssize(b, None)?,
        _ => -1,
    };
    let opt = |i: usize| a[i].filter(|v| !object::is_none(v));
    if m.binary && opt(3).is_some() {
        return Err(value_error("binary mode doesn't take an encoding argument"));
    }
    if m.binary && opt(4).is_some() {
        return Err(value_error("binary mode doesn't take an errors argument"));
    }
    if m.binary && opt(5).is_some() {
        return Err(value_error("binary mode doesn't take a newline argument"));
    }
    if m.binary && buffering == 1 {
        // CPython warns (RuntimeWarning) and uses the default buffering.
    }
    let mut rawmode = String::new();
    if m.creating {
        rawmode.push('x');
    }
    if m.reading {
        rawmode.push('r');
    }
    if m.writing {
        rawmode.push('w');
    }
    if m.appending {
        rawmode.push('a');
    }
    if m.updating {
        rawmode.push('+');
    }
    let rawmode_obj = unicodeobject::from_string(rawmode)?;
    let true_ = rupy::objects::boolobject::from_bool(true);
    let closefd = a[6].unwrap_or(&true_);
    let opener = a[7].unwrap_or(&object::NONE);
    let raw = fileio::new_fileio(&fileio::FILEIO_TYPE, file, as_obj(&*rawmode_obj), closefd, opener)?;
    let line_buffering = buffering == 1 || (buffering < 0 && object::is_true(&*iobase::call(&raw, "isatty", &[])?)?);
    if buffering == 0 {
        if !m.binary {
            return Err(value_error("can't have unbuffered text I/O"));
        }
        return Ok(raw);
    }
    let bufsize = if buffering > 1 { buffering as usize } else { DEFAULT_BUFFER_SIZE };
    let size = longobject::from_i64(bufsize as i64)?;
    let buffered = if m.updating {
        object::call(as_obj(&bufferedio::BUFFERED_RANDOM_TYPE), &[&raw, &size])?
    } else if m.creating || m.writing || m.appending {
        object::call(as_obj(&bufferedio::BUFFERED_WRITER_TYPE), &[&raw, &size])?
    } else {
        object::call(as_obj(&bufferedio::BUFFERED_READER_TYPE), &[&raw, &size])?
    };
    if m.binary {
        return Ok(buffered);
    }
    let text = textio::new_wrapper(
        &buffered,
        opt(3),
        opt(4),
        opt(5),
        line_buffering,
    )?;
    object::set_attr(&text, &*unicodeobject::intern_str("mode")?, Some(as_obj(&*unicodeobject::from_str(&mode_text)?)))?;
    Ok(text)
}

/// `open_code(path)`: the file opened for reading bytes.
fn open_code(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    if kwnames.is_some_and(|k| !k.is_empty()) || args.len() != 1 {
        return Err(type_error("open_code() takes exactly one argument"));
    }
    iobase::str_arg("open_code() argument 'path'", args[0])?;
    let rb = unicodeobject::from_str("rb")?;
    open(&[args[0], as_obj(&*rb)], None)
}

/// `text_encoding(encoding, stacklevel=2)`: the encoding, or "locale"
/// for None (UTF-8 mode is off).
fn text_encoding(args: &[&PyObject], _kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    match args.first() {
        Some(e) if !object::is_none(e) => Ok(object::new_ref(*e)),
        Some(_) => unicodeobject::from_str("locale").map(into_obj),
        None => Err(type_error("text_encoding() missing required argument 'encoding' (pos 1)")),
    }
}

static TYPES: [(&str, &TypeObject); 14] = [
    ("_IOBase", &iobase::IOBASE_TYPE),
    ("_RawIOBase", &iobase::RAWIOBASE_TYPE),
    ("_BufferedIOBase", &iobase::BUFFEREDIOBASE_TYPE),
    ("_TextIOBase", &iobase::TEXTIOBASE_TYPE),
    ("StringIO", &stringio::STRINGIO_TYPE),
    ("BytesIO", &bytesio::BYTESIO_TYPE),
    ("FileIO", &fileio::FILEIO_TYPE),
    ("BufferedReader", &bufferedio::BUFFERED_READER_TYPE),
    ("BufferedWriter", &bufferedio::BUFFERED_WRITER_TYPE),
    ("BufferedRandom", &bufferedio::BUFFERED_RANDOM_TYPE),
    ("BufferedRWPair", &bufferedio::BUFFERED_RWPAIR_TYPE),
    ("TextIOWrapper", &textio::TEXTIOWRAPPER_TYPE),
    ("IncrementalNewlineDecoder", &textio::NEWLINE_DECODER_TYPE),
    ("_BytesIOBuffer", &bytesio::BYTESIO_TYPE),
];

/// Readies the module's types: the builtin `open` can run before `_io`
/// is imported.
fn ready_types() -> PyResult<()> {
    TYPES.iter().try_for_each(|(_, t)| t.ready())
}

static OPEN: BuiltinDef = BuiltinDef { name: "open", func: open };

/// Makes `open` a builtin (`builtins.open is io.open`), as CPython's
/// start-up does.
pub fn register_open() {
    rupy::builtins::register_builtin_function(&OPEN);
}

static FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef { name: "open", func: open },
    BuiltinDef { name: "open_code", func: open_code },
    BuiltinDef { name: "text_encoding", func: text_encoding },
];

/// `iomodule_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_io")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("DEFAULT_BUFFER_SIZE", &*longobject::from_i64(DEFAULT_BUFFER_SIZE as i64)?)?;
    m.add_object("UnsupportedOperation", &*unsupported_operation()?)?;
    m.add_object("BlockingIOError", as_obj(exceptions::blocking_io_error()))?;
    for (name, t) in TYPES {
        t.ready()?;
        m.add_object(name, as_obj(t))?;
    }
    Ok(into_obj(m))
}
