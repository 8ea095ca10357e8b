//! The `zlib` module, ported from Modules/zlibmodule.c over zlib itself
//! (libz-sys's bundled static build, so compressed output is zlib's byte
//! for byte): `compress`/`decompress`, the `Compress` and
//! `Decompress` objects of `compressobj`/`decompressobj` (flush modes,
//! `copy`, `unused_data`, `unconsumed_tail`, `eof`, `zdict`),
//! `_ZlibDecompressor`, `crc32`, `adler32`, the constants and `error`.
//! Each object's stream sits in the object's critical section.

use std::ffi::CStr;
use std::sync::OnceLock;

use libz_sys::{self as z, z_stream};
use num_bigint::BigInt;
use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::bytesobject;
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots, flags};
use rupy::objects::unicodeobject;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

use crate::guarded::Guarded;
use crate::hashlib::{self, Spec, bytes_obj};

const MAX_WBITS: i32 = 15;
const DEF_MEM_LEVEL: i32 = 8;
const DEF_BUF_SIZE: usize = 16 * 1024;
/// The first output block of a stream call (`OutputBuffer`'s first block).
const FIRST_BLOCK: usize = 32 * 1024;

static ERROR: OnceLock<usize> = OnceLock::new();

fn error_class() -> PyResult<ObjRef> {
    hashlib::exception_class(&ERROR, "zlib", "error", as_obj(exceptions::exception()))
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// Which of zlib's two machines a stream runs.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Deflate,
    Inflate,
}

/// A zlib stream, ended when dropped. Boxed: zlib's state points back at
/// its `z_stream`, which therefore never moves.
struct ZStream {
    strm: Box<z_stream>,
    kind: Kind,
    /// `is_initialised`: false once ended (and for a failed init).
    live: bool,
}

// SAFETY: the stream's pointers refer to the state zlib allocated for
// it (owned by this value) or to buffers set for the duration of one
// call; the objects holding a ZStream only touch it inside their
// critical section, one thread at a time.
unsafe impl Send for ZStream {}

impl Drop for ZStream {
    fn drop(&mut self) {
        self.end();
    }
}

/// `PyZlib_Malloc`: zlib's allocations, zeroed.
unsafe extern "C" fn zalloc(_opaque: z::voidpf, items: z::uInt, size: z::uInt) -> z::voidpf {
    // SAFETY: calloc checks the product for overflow.
    unsafe { libc::calloc(items as usize, size as usize) }
}

/// `PyZlib_Free`.
unsafe extern "C" fn zfree(_opaque: z::voidpf, p: z::voidpf) {
    // SAFETY: `p` came from `zalloc`.
    unsafe { libc::free(p) }
}

/// A stream not yet initialized, with this module's allocator.
fn blank() -> Box<z_stream> {
    Box::new(z_stream {
        next_in: core::ptr::null_mut(),
        avail_in: 0,
        total_in: 0,
        next_out: core::ptr::null_mut(),
        avail_out: 0,
        total_out: 0,
        msg: core::ptr::null_mut(),
        state: core::ptr::null_mut(),
        zalloc,
        zfree,
        opaque: core::ptr::null_mut(),
        data_type: 0,
        adler: 0,
        reserved: 0,
    })
}

impl ZStream {
    /// `deflateInit2`: the stream, or zlib's error code.
    fn deflate(level: i32, method: i32, wbits: i32, mem_level: i32, strategy: i32) -> Result<ZStream, (i32, Option<String>)> {
        let mut s = ZStream { strm: blank(), kind: Kind::Deflate, live: false };
        // SAFETY: a blank, boxed stream with this module's allocator; the
        // version and size are the library's own.
        let err = unsafe {
            z::deflateInit2_(&mut *s.strm, level, method, wbits, mem_level, strategy, z::zlibVersion(), size_of::<z_stream>() as i32)
        };
        if err != z::Z_OK {
            return Err((err, s.msg()));
        }
        s.live = true;
        Ok(s)
    }

    /// `inflateInit2`.
    fn inflate(wbits: i32) -> Result<ZStream, (i32, Option<String>)> {
        let mut s = ZStream { strm: blank(), kind: Kind::Inflate, live: false };
        // SAFETY: as in `deflate`.
        let err = unsafe { z::inflateInit2_(&mut *s.strm, wbits, z::zlibVersion(), size_of::<z_stream>() as i32) };
        if err != z::Z_OK {
            return Err((err, s.msg()));
        }
        s.live = true;
        Ok(s)
    }

    /// `deflateEnd`/`inflateEnd`; the stream's result code.
    fn end(&mut self) -> i32 {
        if !self.live {
            return z::Z_OK;
        }
        self.live = false;
        // SAFETY: an initialized stream, ended once.
        unsafe {
            match self.kind {
                Kind::Deflate => z::deflateEnd(&mut *self.strm),
                Kind::Inflate => z::inflateEnd(&mut *self.strm),
            }
        }
    }

    /// The stream's last message (`zst.msg`).
    fn msg(&self) -> Option<String> {
        if self.strm.msg.is_null() {
            return None;
        }
        // SAFETY: zlib sets msg to a static NUL-terminated string.
        Some(unsafe { CStr::from_ptr(self.strm.msg) }.to_string_lossy().into_owned())
    }

    /// `deflateCopy`/`inflateCopy`.
    fn copy(&self) -> Result<ZStream, (i32, Option<String>)> {
        let mut d = ZStream { strm: blank(), kind: self.kind, live: false };
        let src: *const z_stream = &*self.strm;
        // SAFETY: both streams are boxed; the source is initialized.
        let err = unsafe {
            match self.kind {
                Kind::Deflate => z::deflateCopy(&mut *d.strm, src.cast_mut()),
                Kind::Inflate => z::inflateCopy(&mut *d.strm, src.cast_mut()),
            }
        };
        if err != z::Z_OK {
            return Err((err, self.msg()));
        }
        d.live = true;
        Ok(d)
    }

    /// Sets a preset dictionary (`deflateSetDictionary` /
    /// `inflateSetDictionary`).
    fn set_dictionary(&mut self, dict: &[u8]) -> PyResult<i32> {
        let len = u32::try_from(dict.len())
            .map_err(|_| errors::set_string(exceptions::overflow_error(), "zdict length does not fit in an unsigned int"))?;
        if !self.live {
            return Ok(z::Z_STREAM_ERROR);
        }
        // SAFETY: an initialized stream; the dictionary is a live slice.
        Ok(unsafe {
            match self.kind {
                Kind::Deflate => z::deflateSetDictionary(&mut *self.strm, dict.as_ptr(), len),
                Kind::Inflate => z::inflateSetDictionary(&mut *self.strm, dict.as_ptr(), len),
            }
        })
    }

    /// One `deflate`/`inflate` call over `input` (at most 4 GiB of it),
    /// appending at most `room` bytes to `out`. Returns the result code,
    /// the input consumed and whether the output space was filled
    /// (`avail_out == 0`).
    fn step(&mut self, input: &[u8], out: &mut Vec<u8>, room: usize, flush: i32) -> PyResult<(i32, usize, bool)> {
        if !self.live {
            return Ok((z::Z_STREAM_ERROR, 0, false));
        }
        let room = room.min(u32::MAX as usize);
        let avail_in = input.len().min(u32::MAX as usize);
        out.try_reserve(room).map_err(|_| errors::no_memory())?;
        let start = out.len();
        self.strm.next_in = input.as_ptr().cast_mut();
        self.strm.avail_in = avail_in as u32;
        // SAFETY: `room` bytes were reserved past the vector's length.
        self.strm.next_out = unsafe { out.as_mut_ptr().add(start) };
        self.strm.avail_out = room as u32;
        // SAFETY: an initialized stream whose buffers are valid for the
        // lengths given.
        let err = unsafe {
            match self.kind {
                Kind::Deflate => z::deflate(&mut *self.strm, flush),
                Kind::Inflate => z::inflate(&mut *self.strm, flush),
            }
        };
        let produced = room - self.strm.avail_out as usize;
        let consumed = avail_in - self.strm.avail_in as usize;
        // SAFETY: zlib wrote `produced` bytes after the old length.
        unsafe { out.set_len(start + produced) };
        self.strm.next_in = core::ptr::null_mut();
        self.strm.avail_in = 0;
        self.strm.next_out = core::ptr::null_mut();
        self.strm.avail_out = 0;
        Ok((err, consumed, produced == room))
    }
}

/// The size of the next output block: doubling, within `limit`.
fn room_for(out: &[u8], first: usize, limit: Option<usize>) -> usize {
    let want = if out.is_empty() { first } else { out.len() };
    match limit {
        Some(l) => want.min(l.saturating_sub(out.len())),
        None => want,
    }
}

/// `zlib_error`: `zlib.error("Error <code> <msg>[: <zlib's message>]")`.
fn zlib_error(err: i32, zmsg: Option<String>, msg: &str) -> errors::ErrSet {
    let zmsg = if err == z::Z_VERSION_ERROR {
        Some("library version mismatch".to_owned())
    } else {
        zmsg.or_else(|| {
            match err {
                z::Z_BUF_ERROR => Some("incomplete or truncated stream"),
                z::Z_STREAM_ERROR => Some("inconsistent stream state"),
                z::Z_DATA_ERROR => Some("invalid input data"),
                _ => None,
            }
            .map(str::to_owned)
        })
    };
    let text = match zmsg {
        Some(m) => format!("Error {err} {msg}: {m}"),
        None => format!("Error {err} {msg}"),
    };
    hashlib::raise(error_class(), &text)
}

fn stream_error(z: &ZStream, err: i32, msg: &str) -> errors::ErrSet {
    zlib_error(err, z.msg(), msg)
}

/// A `Py_buffer` argument.
fn buffer(v: &PyObject) -> PyResult<std::borrow::Cow<'_, [u8]>> {
    hashlib::simple_buffer(v)?
        .ok_or_else(|| type_error(&format!("a bytes-like object is required, not '{}'", type_of(v).name())))
}

fn int_or(v: Option<&PyObject>, default: i32) -> PyResult<i32> {
    v.map_or(Ok(default), hashlib::int_arg)
}

/// A `Py_ssize_t` argument.
fn ssize_or(v: Option<&PyObject>, default: isize) -> PyResult<isize> {
    v.map_or(Ok(default), |v| r#abstract::as_ssize(v, Some(exceptions::overflow_error())))
}

/// `compress(data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS)`.
fn compress(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "compress", names: &["data", "level", "wbits"], posonly: 1, max_pos: 3, required: 1 }, args, kwnames)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let level = int_or(a[1], z::Z_DEFAULT_COMPRESSION)?;
    let wbits = int_or(a[2], MAX_WBITS)?;
    let mut s = match ZStream::deflate(level, z::Z_DEFLATED, wbits, DEF_MEM_LEVEL, z::Z_DEFAULT_STRATEGY) {
        Ok(s) => s,
        Err((z::Z_MEM_ERROR, _)) => return Err(errors::set_string(exceptions::memory_error(), "Out of memory while compressing data")),
        Err((z::Z_STREAM_ERROR, _)) => return Err(hashlib::raise(error_class(), "Bad compression level")),
        Err((err, m)) => return Err(zlib_error(err, m, "while compressing data")),
    };
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let last = data.len() - pos <= u32::MAX as usize;
        let flush = if last { z::Z_FINISH } else { z::Z_NO_FLUSH };
        let room = room_for(&out, FIRST_BLOCK, None);
        let (err, used, full) = s.step(&data[pos..], &mut out, room, flush)?;
        pos += used;
        if err == z::Z_STREAM_ERROR {
            return Err(stream_error(&s, err, "while compressing data"));
        }
        if last && err == z::Z_STREAM_END && !full {
            break;
        }
    }
    let err = s.end();
    if err != z::Z_OK {
        return Err(stream_error(&s, err, "while finishing compression"));
    }
    bytes_obj(&out)
}

/// `decompress(data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)`.
fn decompress(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "decompress", names: &["data", "wbits", "bufsize"], posonly: 1, max_pos: 3, required: 1 }, args, kwnames)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let wbits = int_or(a[1], MAX_WBITS)?;
    let bufsize = ssize_or(a[2], DEF_BUF_SIZE as isize)?;
    if bufsize < 0 {
        return Err(value_error("bufsize must be non-negative"));
    }
    let first = (bufsize as usize).max(1);
    let mut s = match ZStream::inflate(wbits) {
        Ok(s) => s,
        Err((z::Z_MEM_ERROR, _)) => return Err(errors::set_string(exceptions::memory_error(), "Out of memory while decompressing data")),
        Err((err, m)) => return Err(zlib_error(err, m, "while preparing to decompress data")),
    };
    let mut out = Vec::new();
    let mut pos = 0;
    let mut err;
    loop {
        let start = pos;
        let flush = if data.len() - pos <= u32::MAX as usize { z::Z_FINISH } else { z::Z_NO_FLUSH };
        loop {
            let room = room_for(&out, first, None);
            let (e, used, full) = s.step(&data[pos..], &mut out, room, flush)?;
            err = e;
            pos += used;
            match err {
                z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                z::Z_MEM_ERROR => return Err(errors::set_string(exceptions::memory_error(), "Out of memory while decompressing data")),
                _ => return Err(stream_error(&s, err, "while decompressing data")),
            }
            if !full {
                break;
            }
        }
        if err == z::Z_STREAM_END || pos == data.len() || pos == start {
            break;
        }
    }
    if err != z::Z_STREAM_END {
        return Err(stream_error(&s, err, "while decompressing data"));
    }
    let err = s.end();
    if err != z::Z_OK {
        return Err(stream_error(&s, err, "while finishing decompression"));
    }
    bytes_obj(&out)
}

/// The state of a `Compress` or `Decompress` object (`compobject`).
struct Comp {
    z: ZStream,
    unused_data: Vec<u8>,
    unconsumed_tail: Vec<u8>,
    eof: bool,
    zdict: Option<ObjRef>,
}

/// `zlib.Compress` / `zlib.Decompress`.
#[repr(C)]
pub struct CompObject {
    ob_base: ObjectHeader,
    state: Guarded<Comp>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for CompObject {}

unsafe fn comp_dealloc(op: core::ptr::NonNull<PyObject>) {
    // SAFETY: a dead CompObject; dropping it ends its stream.
    unsafe { object::dealloc_simple::<CompObject>(op) };
}

fn comp_with<R>(v: &PyObject, f: impl FnOnce(&mut Comp) -> PyResult<R>) -> PyResult<R> {
    if !object::is_type(v, &COMPRESS_TYPE) && !object::is_type(v, &DECOMPRESS_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of the two types have the CompObject layout.
    let st = unsafe { &(*core::ptr::from_ref(v).cast::<CompObject>()).state };
    st.with(v, f)
}

fn new_comp(ty: &'static TypeObject, c: Comp) -> PyResult<ObjRef> {
    object::new_object(CompObject { ob_base: ObjectHeader::new(&ty.head), state: Guarded::new(c) }).map(into_obj)
}

/// `compressobj(level=-1, method=DEFLATED, wbits=MAX_WBITS,
/// memLevel=DEF_MEM_LEVEL, strategy=Z_DEFAULT_STRATEGY, zdict=None)`.
fn compressobj(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(
        &Spec { fname: "compressobj", names: &["level", "method", "wbits", "memLevel", "strategy", "zdict"], posonly: 0, max_pos: 6, required: 0 },
        args,
        kwnames,
    )?;
    let level = int_or(a[0], z::Z_DEFAULT_COMPRESSION)?;
    let method = int_or(a[1], z::Z_DEFLATED)?;
    let wbits = int_or(a[2], MAX_WBITS)?;
    let mem_level = int_or(a[3], DEF_MEM_LEVEL)?;
    let strategy = int_or(a[4], z::Z_DEFAULT_STRATEGY)?;
    let zdict = match a[5] {
        Some(d) if !object::is_none(d) => Some(buffer(d)?.into_owned()),
        _ => None,
    };
    if zdict.as_ref().is_some_and(|d| u32::try_from(d.len()).is_err()) {
        return Err(errors::set_string(exceptions::overflow_error(), "zdict length does not fit in an unsigned int"));
    }
    let mut s = match ZStream::deflate(level, method, wbits, mem_level, strategy) {
        Ok(s) => s,
        Err((z::Z_MEM_ERROR, _)) => return Err(errors::set_string(exceptions::memory_error(), "Can't allocate memory for compression object")),
        Err((z::Z_STREAM_ERROR, _)) => return Err(value_error("Invalid initialization option")),
        Err((err, m)) => return Err(zlib_error(err, m, "while creating compression object")),
    };
    if let Some(d) = &zdict {
        match s.set_dictionary(d)? {
            z::Z_OK => {}
            z::Z_STREAM_ERROR => return Err(value_error("Invalid dictionary")),
            _ => return Err(value_error("deflateSetDictionary()")),
        }
    }
    new_comp(&COMPRESS_TYPE, Comp { z: s, unused_data: Vec::new(), unconsumed_tail: Vec::new(), eof: false, zdict: None })
}

/// `decompressobj(wbits=MAX_WBITS, zdict=b'')`.
fn decompressobj(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = hashlib::parse_vectorcall(&Spec { fname: "decompressobj", names: &["wbits", "zdict"], posonly: 0, max_pos: 2, required: 0 }, args, kwnames)?;
    let wbits = int_or(a[0], MAX_WBITS)?;
    let zdict = match a[1] {
        Some(d) => {
            if bytesobject::bytes_like(d).is_none() {
                return Err(type_error("zdict argument must support the buffer protocol"));
            }
            Some(object::new_ref(d))
        }
        None => None,
    };
    let mut s = match ZStream::inflate(wbits) {
        Ok(s) => s,
        Err((z::Z_STREAM_ERROR, _)) => return Err(value_error("Invalid initialization option")),
        Err((z::Z_MEM_ERROR, _)) => return Err(errors::set_string(exceptions::memory_error(), "Can't allocate memory for decompression object")),
        Err((err, m)) => return Err(zlib_error(err, m, "while creating decompression object")),
    };
    if let Some(d) = &zdict
        && wbits < 0
    {
        set_inflate_zdict(&mut s, d)?;
    }
    new_comp(&DECOMPRESS_TYPE, Comp { z: s, unused_data: Vec::new(), unconsumed_tail: Vec::new(), eof: false, zdict })
}

/// `set_inflate_zdict`.
fn set_inflate_zdict(s: &mut ZStream, zdict: &PyObject) -> PyResult<()> {
    let d = buffer(zdict)?;
    let err = s.set_dictionary(&d)?;
    if err != z::Z_OK {
        return Err(stream_error(s, err, "while setting zdict"));
    }
    Ok(())
}

/// `Compress.compress(data, /)`.
fn comp_compress(v: &PyObject, data: &PyObject) -> PyResult<ObjRef> {
    let data = buffer(data)?;
    let out = comp_with(v, |c| {
        let mut out = Vec::new();
        let mut pos = 0;
        loop {
            let room = room_for(&out, FIRST_BLOCK, None);
            let (err, used, full) = c.z.step(&data[pos..], &mut out, room, z::Z_NO_FLUSH)?;
            pos += used;
            if err == z::Z_STREAM_ERROR {
                return Err(stream_error(&c.z, err, "while compressing data"));
            }
            if !full && pos == data.len() {
                return Ok(out);
            }
        }
    })?;
    bytes_obj(&out)
}

/// `Compress.flush(mode=Z_FINISH, /)`.
fn comp_flush(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() > 1 {
        return Err(type_error(&format!("flush expected at most 1 argument, got {}", args.len())));
    }
    let mode = int_or(args.first().map(|a| &**a), z::Z_FINISH)?;
    if mode == z::Z_NO_FLUSH {
        return bytes_obj(b"");
    }
    let out = comp_with(v, |c| {
        let mut out = Vec::new();
        let mut err;
        loop {
            let room = room_for(&out, FIRST_BLOCK, None);
            let (e, _, full) = c.z.step(&[], &mut out, room, mode)?;
            err = e;
            if err == z::Z_STREAM_ERROR {
                return Err(stream_error(&c.z, err, "while flushing"));
            }
            if !full {
                break;
            }
        }
        if err == z::Z_STREAM_END && mode == z::Z_FINISH {
            let e = c.z.end();
            if e != z::Z_OK {
                return Err(stream_error(&c.z, e, "while finishing compression"));
            }
        } else if err != z::Z_OK && err != z::Z_BUF_ERROR {
            return Err(stream_error(&c.z, err, "while flushing"));
        }
        Ok(out)
    })?;
    bytes_obj(&out)
}

/// `Compress.copy()` / `Decompress.copy()`.
fn comp_copy(v: &PyObject) -> PyResult<ObjRef> {
    let is_comp = object::is_type(v, &COMPRESS_TYPE);
    let c = comp_with(v, |c| {
        if !c.z.live {
            return Err(value_error("Inconsistent stream state"));
        }
        let z = match c.z.copy() {
            Ok(z) => z,
            Err((z::Z_STREAM_ERROR, _)) => return Err(value_error("Inconsistent stream state")),
            Err((z::Z_MEM_ERROR, _)) => {
                let what = if is_comp { "compression" } else { "decompression" };
                return Err(errors::set_string(exceptions::memory_error(), &format!("Can't allocate memory for {what} object")));
            }
            Err((err, m)) => {
                let what = if is_comp { "while copying compression object" } else { "while copying decompression object" };
                return Err(zlib_error(err, m, what));
            }
        };
        Ok(Comp {
            z,
            unused_data: c.unused_data.clone(),
            unconsumed_tail: c.unconsumed_tail.clone(),
            eof: c.eof,
            zdict: c.zdict.clone(),
        })
    })?;
    new_comp(if is_comp { &COMPRESS_TYPE } else { &DECOMPRESS_TYPE }, c)
}

fn comp_deepcopy(v: &PyObject, _memo: &PyObject) -> PyResult<ObjRef> {
    comp_copy(v)
}

/// `save_unconsumed_input`: input left after a stream end goes to
/// `unused_data`; input left unread (or none, clearing an old tail) to
/// `unconsumed_tail`.
fn save_unconsumed(c: &mut Comp, rest: &[u8], err: i32) -> PyResult<()> {
    let mut rest = rest;
    if err == z::Z_STREAM_END && !rest.is_empty() {
        c.unused_data.try_reserve(rest.len()).map_err(|_| errors::no_memory())?;
        c.unused_data.extend_from_slice(rest);
        rest = &[];
    }
    if !rest.is_empty() || !c.unconsumed_tail.is_empty() {
        c.unconsumed_tail = rest.to_vec();
    }
    Ok(())
}

/// `Decompress.decompress(data, /, max_length=0)`.
fn decomp_decompress(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let pos_args: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    let kw = kwds.map(DictObject::items).unwrap_or_default();
    let kwpairs: Vec<(String, &PyObject)> = kw.iter().map(|(k, v)| (object::str_lossy(k), &**v)).collect();
    let a = hashlib::match_args(&Spec { fname: "decompress", names: &["data", "max_length"], posonly: 1, max_pos: 2, required: 1 }, &pos_args, &kwpairs)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let max_length = ssize_or(a[1], 0)?;
    if max_length < 0 {
        return Err(value_error("max_length must be non-negative"));
    }
    let limit = if max_length == 0 { None } else { Some(max_length as usize) };
    let out = comp_with(v, |c| {
        let mut out = Vec::new();
        let mut pos = 0;
        let mut err = z::Z_OK;
        'outer: loop {
            let start = pos;
            loop {
                if limit == Some(out.len()) {
                    break 'outer;
                }
                let room = room_for(&out, FIRST_BLOCK, limit);
                let (e, used, full) = c.z.step(&data[pos..], &mut out, room, z::Z_SYNC_FLUSH)?;
                err = e;
                pos += used;
                match err {
                    z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                    z::Z_NEED_DICT if c.zdict.is_some() => {
                        let d = c.zdict.clone().ok_or_else(errors::bad_internal_call)?;
                        set_inflate_zdict(&mut c.z, &d)?;
                        continue;
                    }
                    _ => break 'outer,
                }
                if !full {
                    break;
                }
            }
            if err == z::Z_STREAM_END || pos == data.len() || pos == start {
                break;
            }
        }
        save_unconsumed(c, &data[pos..], err)?;
        if err == z::Z_STREAM_END {
            c.eof = true;
        } else if err != z::Z_OK && err != z::Z_BUF_ERROR {
            return Err(stream_error(&c.z, err, "while decompressing data"));
        }
        Ok(out)
    })?;
    bytes_obj(&out)
}

/// `Decompress.flush(length=DEF_BUF_SIZE, /)`: decompresses what is
/// left of `unconsumed_tail` and ends the stream at its end.
fn decomp_flush(v: &PyObject, args: &[ObjRef]) -> PyResult<ObjRef> {
    if args.len() > 1 {
        return Err(type_error(&format!("flush expected at most 1 argument, got {}", args.len())));
    }
    let length = ssize_or(args.first().map(|a| &**a), DEF_BUF_SIZE as isize)?;
    if length <= 0 {
        return Err(value_error("length must be greater than zero"));
    }
    let out = comp_with(v, |c| {
        let data = c.unconsumed_tail.clone();
        let mut out = Vec::new();
        let mut pos = 0;
        let mut err;
        'outer: loop {
            let start = pos;
            let flush = if data.len() - pos <= u32::MAX as usize { z::Z_FINISH } else { z::Z_NO_FLUSH };
            loop {
                let room = room_for(&out, length as usize, None);
                let (e, used, full) = c.z.step(&data[pos..], &mut out, room, flush)?;
                err = e;
                pos += used;
                match err {
                    z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                    _ => break 'outer,
                }
                if !full {
                    break;
                }
            }
            if err == z::Z_STREAM_END || pos == data.len() || pos == start {
                break;
            }
        }
        save_unconsumed(c, &data[pos..], err)?;
        if err == z::Z_STREAM_END {
            c.eof = true;
            let e = c.z.end();
            if e != z::Z_OK {
                return Err(stream_error(&c.z, e, "while finishing decompression"));
            }
        } else if c.z.live && err != z::Z_OK && err != z::Z_BUF_ERROR {
            return Err(stream_error(&c.z, err, "while decompressing data"));
        }
        Ok(out)
    })?;
    bytes_obj(&out)
}

fn get_unused_data(v: &PyObject) -> PyResult<ObjRef> {
    let d = comp_with(v, |c| Ok(c.unused_data.clone()))?;
    bytes_obj(&d)
}

fn get_unconsumed_tail(v: &PyObject) -> PyResult<ObjRef> {
    let d = comp_with(v, |c| Ok(c.unconsumed_tail.clone()))?;
    bytes_obj(&d)
}

fn get_eof(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(comp_with(v, |c| Ok(c.eof))?))
}

static COMP_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "compress", ml_meth: MethodFn::O(comp_compress), ml_doc: Some("Returns a bytes object containing compressed data.") },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::FastCall(comp_flush), ml_doc: Some("Return a bytes object containing any remaining compressed data.") },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(comp_copy), ml_doc: Some("Return a copy of the compression object.") },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(comp_copy), ml_doc: None },
    MethodDef { ml_name: "__deepcopy__", ml_meth: MethodFn::O(comp_deepcopy), ml_doc: None },
];

static DECOMP_METHODS: [MethodDef; 5] = [
    MethodDef { ml_name: "decompress", ml_meth: MethodFn::FastCallKw(decomp_decompress), ml_doc: Some("Return a bytes object containing the decompressed version of the data.") },
    MethodDef { ml_name: "flush", ml_meth: MethodFn::FastCall(decomp_flush), ml_doc: Some("Return a bytes object containing any remaining decompressed data.") },
    MethodDef { ml_name: "copy", ml_meth: MethodFn::NoArgs(comp_copy), ml_doc: Some("Return a copy of the decompression object.") },
    MethodDef { ml_name: "__copy__", ml_meth: MethodFn::NoArgs(comp_copy), ml_doc: None },
    MethodDef { ml_name: "__deepcopy__", ml_meth: MethodFn::O(comp_deepcopy), ml_doc: None },
];

static DECOMP_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "unused_data", get: get_unused_data, set: None, doc: None },
    GetSetDef { name: "unconsumed_tail", get: get_unconsumed_tail, set: None, doc: None },
    GetSetDef { name: "eof", get: get_eof, set: None, doc: None },
];

/// `zlib.Compress`.
pub static COMPRESS_TYPE: TypeObject = TypeObject::new_static(
    "zlib.Compress",
    size_of::<CompObject>(),
    comp_dealloc,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE)
.with_methods(&COMP_METHODS);

/// `zlib.Decompress`.
pub static DECOMPRESS_TYPE: TypeObject = TypeObject::new_static(
    "zlib.Decompress",
    size_of::<CompObject>(),
    comp_dealloc,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_flags(flags::DISALLOW_INSTANTIATION | flags::IMMUTABLETYPE)
.with_methods(&DECOMP_METHODS)
.with_getset(&DECOMP_GETSET);

/// The state of a `_ZlibDecompressor`.
struct ZDecomp {
    z: ZStream,
    zdict: Option<ObjRef>,
    /// Input given but not yet consumed (`input_buffer`).
    pending: Vec<u8>,
    unused_data: Vec<u8>,
    eof: bool,
    needs_input: bool,
}

/// `zlib._ZlibDecompressor`.
#[repr(C)]
pub struct ZDecompObject {
    ob_base: ObjectHeader,
    state: Guarded<ZDecomp>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ZDecompObject {}

unsafe fn zdecomp_dealloc(op: core::ptr::NonNull<PyObject>) {
    // SAFETY: a dead ZDecompObject; dropping it ends its stream.
    unsafe { object::dealloc_simple::<ZDecompObject>(op) };
}

fn zd_with<R>(v: &PyObject, f: impl FnOnce(&mut ZDecomp) -> PyResult<R>) -> PyResult<R> {
    if !object::is_type(v, &ZDECOMP_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: instances of the type have the ZDecompObject layout.
    let st = unsafe { &(*core::ptr::from_ref(v).cast::<ZDecompObject>()).state };
    st.with(v, f)
}

/// `ZlibDecompressor__new__(wbits=MAX_WBITS, zdict=b'')`.
fn zdecomp_new(ty: &TypeObject, args: &TupleObject, kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    if !core::ptr::eq(ty, &ZDECOMP_TYPE) {
        return Err(errors::bad_internal_call());
    }
    let pos: Vec<&PyObject> = args.as_slice().iter().map(|a| &**a).collect();
    let kw = kwds.map(DictObject::items).unwrap_or_default();
    let kwpairs: Vec<(String, &PyObject)> = kw.iter().map(|(k, v)| (object::str_lossy(k), &**v)).collect();
    let a = hashlib::match_args(&Spec { fname: "_ZlibDecompressor", names: &["wbits", "zdict"], posonly: 0, max_pos: 2, required: 0 }, &pos, &kwpairs)?;
    let wbits = int_or(a[0], MAX_WBITS)?;
    let zdict = match a[1] {
        Some(d) => {
            if bytesobject::bytes_like(d).is_none() {
                return Err(type_error("zdict argument must support the buffer protocol"));
            }
            Some(object::new_ref(d))
        }
        None => None,
    };
    let mut s = match ZStream::inflate(wbits) {
        Ok(s) => s,
        Err((z::Z_STREAM_ERROR, _)) => return Err(value_error("Invalid initialization option")),
        Err((z::Z_MEM_ERROR, _)) => return Err(errors::set_string(exceptions::memory_error(), "Can't allocate memory for decompression object")),
        Err((err, m)) => return Err(zlib_error(err, m, "while creating decompression object")),
    };
    if let Some(d) = &zdict
        && wbits < 0
    {
        set_inflate_zdict(&mut s, d)?;
    }
    let st = ZDecomp { z: s, zdict, pending: Vec::new(), unused_data: Vec::new(), eof: false, needs_input: true };
    object::new_object(ZDecompObject { ob_base: ObjectHeader::new(&ZDECOMP_TYPE.head), state: Guarded::new(st) }).map(into_obj)
}

/// `_ZlibDecompressor.decompress(data, max_length=-1)`.
fn zdecomp_decompress(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let pos_args: Vec<&PyObject> = args.iter().map(|a| &**a).collect();
    let kw = kwds.map(DictObject::items).unwrap_or_default();
    let kwpairs: Vec<(String, &PyObject)> = kw.iter().map(|(k, v)| (object::str_lossy(k), &**v)).collect();
    let a = hashlib::match_args(&Spec { fname: "decompress", names: &["data", "max_length"], posonly: 0, max_pos: 2, required: 1 }, &pos_args, &kwpairs)?;
    let data = buffer(a[0].ok_or_else(errors::bad_internal_call)?)?;
    let max_length = ssize_or(a[1], -1)?;
    let limit = if max_length < 0 || max_length == isize::MAX { None } else { Some(max_length as usize) };
    let out = zd_with(v, |d| {
        if d.eof {
            return Err(errors::set_string(exceptions::eof_error(), "End of stream already reached"));
        }
        let mut input = core::mem::take(&mut d.pending);
        input.try_reserve(data.len()).map_err(|_| errors::no_memory())?;
        input.extend_from_slice(&data);
        let first = match limit {
            Some(l) => l.min(DEF_BUF_SIZE * 16),
            None => DEF_BUF_SIZE,
        };
        let mut out = Vec::new();
        let mut pos = 0;
        let mut err = z::Z_OK;
        'outer: loop {
            let start = pos;
            loop {
                if limit == Some(out.len()) {
                    break 'outer;
                }
                let room = room_for(&out, first, limit);
                let (e, used, full) = d.z.step(&input[pos..], &mut out, room, z::Z_SYNC_FLUSH)?;
                err = e;
                pos += used;
                match err {
                    z::Z_OK | z::Z_BUF_ERROR | z::Z_STREAM_END => {}
                    z::Z_NEED_DICT if d.zdict.is_some() => {
                        let zd = d.zdict.clone().ok_or_else(errors::bad_internal_call)?;
                        set_inflate_zdict(&mut d.z, &zd)?;
                        continue;
                    }
                    _ => break 'outer,
                }
                if !full {
                    break;
                }
            }
            if err == z::Z_STREAM_END || pos == input.len() || pos == start {
                break;
            }
        }
        if err == z::Z_STREAM_END {
            d.eof = true;
            let e = d.z.end();
            if e != z::Z_OK {
                return Err(stream_error(&d.z, e, "while finishing decompression"));
            }
        } else if err != z::Z_OK && err != z::Z_BUF_ERROR {
            return Err(stream_error(&d.z, err, "while decompressing data"));
        }
        let rest = &input[pos..];
        if d.eof {
            d.needs_input = false;
            if !rest.is_empty() {
                d.unused_data = rest.to_vec();
            }
        } else if rest.is_empty() {
            d.needs_input = true;
        } else {
            d.needs_input = false;
            d.pending = rest.to_vec();
        }
        Ok(out)
    })?;
    bytes_obj(&out)
}

fn zd_get_eof(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(zd_with(v, |d| Ok(d.eof))?))
}

fn zd_get_needs_input(v: &PyObject) -> PyResult<ObjRef> {
    Ok(boolobject::from_bool(zd_with(v, |d| Ok(d.needs_input))?))
}

fn zd_get_unused_data(v: &PyObject) -> PyResult<ObjRef> {
    let u = zd_with(v, |d| Ok(d.unused_data.clone()))?;
    bytes_obj(&u)
}

static ZDECOMP_METHODS: [MethodDef; 1] = [MethodDef {
    ml_name: "decompress",
    ml_meth: MethodFn::FastCallKw(zdecomp_decompress),
    ml_doc: Some("Decompress *data*, returning uncompressed data as bytes."),
}];

static ZDECOMP_GETSET: [GetSetDef; 3] = [
    GetSetDef { name: "eof", get: zd_get_eof, set: None, doc: Some("True if the end-of-stream marker has been reached.") },
    GetSetDef { name: "unused_data", get: zd_get_unused_data, set: None, doc: Some("Data found after the end of the compressed stream.") },
    GetSetDef {
        name: "needs_input",
        get: zd_get_needs_input,
        set: None,
        doc: Some("True if more input is needed before more decompressed data can be produced."),
    },
];

/// `zlib._ZlibDecompressor`.
pub static ZDECOMP_TYPE: TypeObject = TypeObject::new_static(
    "zlib._ZlibDecompressor",
    size_of::<ZDecompObject>(),
    zdecomp_dealloc,
    TypeSlots { tp_getattro: Some(object::generic_get_attr), tp_new: Some(zdecomp_new), ..TypeSlots::EMPTY },
)
.with_flags(flags::IMMUTABLETYPE)
.with_methods(&ZDECOMP_METHODS)
.with_getset(&ZDECOMP_GETSET)
.with_doc("Create a decompressor object for decompressing data incrementally.");

/// An `unsigned_int(bitwise=True)` argument: the int's low 32 bits.
fn bitwise_u32(v: &PyObject) -> PyResult<u32> {
    if downcast::<IntObject>(v).is_none() && type_of(v).slots.nb_index.get().is_none() {
        return Err(type_error(&format!("'{}' object cannot be interpreted as an integer", type_of(v).name())));
    }
    let i = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&i) else { return Err(errors::bad_internal_call()) };
    u32::try_from(i.to_bigint() & BigInt::from(u32::MAX)).map_err(|_| errors::bad_internal_call())
}

/// The `(data, value, /)` arguments of `crc32` and `adler32`.
fn checksum_args<'a>(fname: &str, args: &[&'a PyObject], kwnames: Option<&TupleObject>, default: u32) -> PyResult<(std::borrow::Cow<'a, [u8]>, u32)> {
    if kwnames.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    if args.is_empty() || args.len() > 2 {
        let (how, k) = if args.is_empty() { ("at least", 1) } else { ("at most", 2) };
        return Err(type_error(&format!("{fname} expected {how} {k} argument{}, got {}", if k == 1 { "" } else { "s" }, args.len())));
    }
    let data = buffer(args[0])?;
    let value = match args.get(1) {
        Some(v) => bitwise_u32(v)?,
        None => default,
    };
    Ok((data, value))
}

/// `adler32(data, value=1, /)`.
fn adler32(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (data, value) = checksum_args("adler32", args, kwnames, 1)?;
    let mut r = libc::c_ulong::from(value);
    for chunk in data.chunks(u32::MAX as usize) {
        // SAFETY: the pointer and length describe the live slice `chunk`.
        r = unsafe { z::adler32(r, chunk.as_ptr(), chunk.len() as u32) };
    }
    longobject::from_i64(i64::from(r as u32))
}

/// `crc32(data, value=0, /)`.
fn crc32(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let (data, value) = checksum_args("crc32", args, kwnames, 0)?;
    longobject::from_i64(i64::from(crate::binasciimodule::crc32_update(value, &data)))
}

static FUNCTIONS: [BuiltinDef; 6] = [
    BuiltinDef { name: "adler32", func: adler32 },
    BuiltinDef { name: "compress", func: compress },
    BuiltinDef { name: "compressobj", func: compressobj },
    BuiltinDef { name: "crc32", func: crc32 },
    BuiltinDef { name: "decompress", func: decompress },
    BuiltinDef { name: "decompressobj", func: decompressobj },
];

/// `zlib_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("zlib")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, ty) in [("Compress", &COMPRESS_TYPE), ("Decompress", &DECOMPRESS_TYPE), ("_ZlibDecompressor", &ZDECOMP_TYPE)] {
        ty.ready()?;
        if name == "_ZlibDecompressor" {
            m.add_object(name, as_obj(ty))?;
        }
    }
    m.add_object("error", &*error_class()?)?;
    let ints: [(&str, i32); 20] = [
        ("MAX_WBITS", MAX_WBITS),
        ("DEFLATED", z::Z_DEFLATED),
        ("DEF_MEM_LEVEL", DEF_MEM_LEVEL),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE as i32),
        ("Z_NO_COMPRESSION", z::Z_NO_COMPRESSION),
        ("Z_BEST_SPEED", z::Z_BEST_SPEED),
        ("Z_BEST_COMPRESSION", z::Z_BEST_COMPRESSION),
        ("Z_DEFAULT_COMPRESSION", z::Z_DEFAULT_COMPRESSION),
        ("Z_FILTERED", z::Z_FILTERED),
        ("Z_HUFFMAN_ONLY", z::Z_HUFFMAN_ONLY),
        ("Z_RLE", z::Z_RLE),
        ("Z_FIXED", z::Z_FIXED),
        ("Z_DEFAULT_STRATEGY", z::Z_DEFAULT_STRATEGY),
        ("Z_NO_FLUSH", z::Z_NO_FLUSH),
        ("Z_PARTIAL_FLUSH", z::Z_PARTIAL_FLUSH),
        ("Z_SYNC_FLUSH", z::Z_SYNC_FLUSH),
        ("Z_FULL_FLUSH", z::Z_FULL_FLUSH),
        ("Z_FINISH", z::Z_FINISH),
        ("Z_BLOCK", z::Z_BLOCK),
        ("Z_TREES", z::Z_TREES),
    ];
    for (name, v) in ints {
        m.add_object(name, &*longobject::from_i64(i64::from(v))?)?;
    }
    // SAFETY: zlibVersion returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(z::zlibVersion()) }.to_string_lossy().into_owned();
    m.add_object("ZLIB_VERSION", &into_obj(unicodeobject::from_str(&version)?))?;
    m.add_object("ZLIB_RUNTIME_VERSION", &into_obj(unicodeobject::from_str(&version)?))?;
    m.add_object("__version__", &into_obj(unicodeobject::from_str("1.0")?))?;
    Ok(into_obj(m))
}
