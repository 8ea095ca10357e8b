//! `os.DirEntry` and the `scandir` iterator (Modules/posixmodule.c
//! `DirEntry_*`, `ScandirIterator_*`): the directory is read when the
//! iterator is made; each entry keeps its `d_type` and caches its stat.

use std::sync::Mutex;

use rupy::errors::{self, PyResult};
use rupy::objects::descrobject::{GetSetDef, MethodDef, MethodFn};
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::longobject;
use rupy::objects::object::{self, ObjRef, PyObject, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::typeobject::{TypeObject, TypeSlots};
use rupy::objects::unicodeobject;
use rupy_gc::ObjectHeader;
use rupy_gc::object::PyObjectLike;

/// An `os.DirEntry`.
#[repr(C)]
pub struct DirEntryObject {
    ob_base: ObjectHeader,
    name: ObjRef,
    path: ObjRef,
    d_type: u8,
    ino: u64,
    /// `stat()` and `lstat()` results once asked for.
    stat: Mutex<(Option<ObjRef>, Option<ObjRef>)>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for DirEntryObject {}

fn entry(v: &PyObject) -> PyResult<&DirEntryObject> {
    if !core::ptr::eq(type_of(v), &DIR_ENTRY_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<DirEntryObject>() })
}

fn follow_symlinks(fname: &str, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<bool> {
    if !args.is_empty() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("DirEntry.{fname}() takes no positional arguments"),
        ));
    }
    let mut follow = true;
    if let Some(k) = kwds {
        for (key, v) in k.items() {
            if object::str_lossy(&key) != "follow_symlinks" {
                return Err(errors::set_string(
                    exceptions::type_error(),
                    &format!("DirEntry.{fname}() got an unexpected keyword argument '{}'", object::str_lossy(&key)),
                ));
            }
            follow = object::is_true(&v)?;
        }
    }
    Ok(follow)
}

/// `DirEntry_fetch_stat` with the cache.
fn get_stat(e: &DirEntryObject, follow: bool) -> PyResult<ObjRef> {
    let follow = follow && e.d_type == libc::DT_LNK || follow && e.d_type == libc::DT_UNKNOWN;
    {
        let c = e.stat.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let hit = if follow { c.0.clone() } else { c.1.clone() };
        if let Some(s) = hit {
            return Ok(s);
        }
    }
    let f = if follow { super::stat } else { super::lstat };
    let st = f(&[&e.path], None)?;
    let mut c = e.stat.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if follow { c.0 = Some(st.clone()) } else { c.1 = Some(st.clone()) }
    Ok(st)
}

/// The file type bits: from `d_type`, else from a stat.
fn mode_is(e: &DirEntryObject, follow: bool, want: u32) -> PyResult<bool> {
    let known = match e.d_type {
        libc::DT_DIR => Some(libc::S_IFDIR),
        libc::DT_REG => Some(libc::S_IFREG),
        libc::DT_LNK if !follow => Some(libc::S_IFLNK),
        libc::DT_UNKNOWN | libc::DT_LNK => None,
        _ => Some(0),
    };
    if let Some(k) = known {
        return Ok(k == want);
    }
    let st = match get_stat(e, follow) {
        Ok(s) => s,
        Err(err) => {
            if errors::exception_matches(exceptions::file_not_found_error()) {
                errors::clear();
                return Ok(false);
            }
            return Err(err);
        }
    };
    let mode = object::get_attr_str(&st, "st_mode")?;
    let mode = rupy::objects::r#abstract::as_ssize(&mode, None)? as u32;
    Ok(mode & libc::S_IFMT == want)
}

fn is_dir(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let follow = follow_symlinks("is_dir", args, kwds)?;
    Ok(rupy::objects::boolobject::from_bool(mode_is(entry(v)?, follow, libc::S_IFDIR)?))
}

fn is_file(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let follow = follow_symlinks("is_file", args, kwds)?;
    Ok(rupy::objects::boolobject::from_bool(mode_is(entry(v)?, follow, libc::S_IFREG)?))
}

fn is_symlink(v: &PyObject) -> PyResult<ObjRef> {
    Ok(rupy::objects::boolobject::from_bool(mode_is(entry(v)?, false, libc::S_IFLNK)?))
}

fn is_junction(_v: &PyObject) -> PyResult<ObjRef> {
    Ok(rupy::objects::boolobject::from_bool(false))
}

fn stat(v: &PyObject, args: &[ObjRef], kwds: Option<&DictObject>) -> PyResult<ObjRef> {
    let follow = follow_symlinks("stat", args, kwds)?;
    get_stat(entry(v)?, follow)
}

fn inode(v: &PyObject) -> PyResult<ObjRef> {
    longobject::from_bigint(num_bigint::BigInt::from(entry(v)?.ino))
}

fn fspath(v: &PyObject) -> PyResult<ObjRef> {
    Ok(entry(v)?.path.clone())
}

fn repr(v: &PyObject) -> PyResult<ObjRef> {
    let name = object::repr(&entry(v)?.name)?.to_string_lossy();
    unicodeobject::from_string(format!("<DirEntry {name}>")).map(into_obj)
}

fn get_name(v: &PyObject) -> PyResult<ObjRef> {
    Ok(entry(v)?.name.clone())
}

fn get_path(v: &PyObject) -> PyResult<ObjRef> {
    Ok(entry(v)?.path.clone())
}

static DIR_ENTRY_METHODS: [MethodDef; 8] = [
    MethodDef { ml_name: "is_dir", ml_meth: MethodFn::FastCallKw(is_dir), ml_doc: None },
    MethodDef { ml_name: "is_file", ml_meth: MethodFn::FastCallKw(is_file), ml_doc: None },
    MethodDef { ml_name: "is_symlink", ml_meth: MethodFn::NoArgs(is_symlink), ml_doc: None },
    MethodDef { ml_name: "is_junction", ml_meth: MethodFn::NoArgs(is_junction), ml_doc: None },
    MethodDef { ml_name: "stat", ml_meth: MethodFn::FastCallKw(stat), ml_doc: None },
    MethodDef { ml_name: "inode", ml_meth: MethodFn::NoArgs(inode), ml_doc: None },
    MethodDef { ml_name: "__fspath__", ml_meth: MethodFn::NoArgs(fspath), ml_doc: None },
    rupy::objects::genericaliasobject::CLASS_GETITEM_METHOD,
];

static DIR_ENTRY_GETSET: [GetSetDef; 2] = [
    GetSetDef { name: "name", get: get_name, set: None, doc: Some("the entry's base filename, relative to scandir() \"path\" argument") },
    GetSetDef { name: "path", get: get_path, set: None, doc: Some("the entry's full path name; equivalent to os.path.join(scandir_path, entry.name)") },
];

fn no_new(_ty: &TypeObject, _a: &TupleObject, _k: Option<&DictObject>) -> PyResult<ObjRef> {
    Err(errors::set_string(exceptions::type_error(), "cannot create 'posix.DirEntry' instances"))
}

/// `os.DirEntry`.
pub static DIR_ENTRY_TYPE: TypeObject = TypeObject::new_static(
    "posix.DirEntry",
    size_of::<DirEntryObject>(),
    object::dealloc_simple::<DirEntryObject>,
    TypeSlots { tp_repr: Some(repr), tp_new: Some(no_new), tp_getattro: Some(object::generic_get_attr), ..TypeSlots::EMPTY },
)
.with_methods(&DIR_ENTRY_METHODS)
.with_getset(&DIR_ENTRY_GETSET);

/// The `scandir()` iterator.
#[repr(C)]
pub struct ScandirObject {
    ob_base: ObjectHeader,
    entries: Mutex<std::vec::IntoIter<ObjRef>>,
}

// SAFETY: #[repr(C)] with the ObjectHeader first.
unsafe impl PyObjectLike for ScandirObject {}

fn scandir_of(v: &PyObject) -> PyResult<&ScandirObject> {
    if !core::ptr::eq(type_of(v), &SCANDIR_ITER_TYPE) {
        return Err(errors::bad_internal_call());
    }
    // SAFETY: checked the type.
    Ok(unsafe { &*core::ptr::from_ref(v).cast::<ScandirObject>() })
}

/// The iterator over the entries of `base`, read by the caller.
pub(super) fn new_iterator(base: &PyObject, bytes: bool, entries: Vec<(Vec<u8>, u8, u64)>) -> PyResult<ObjRef> {
    let base_text: Vec<u8> = match object::downcast::<rupy::objects::bytesobject::BytesObject>(base) {
        Some(b) => b.as_bytes().to_vec(),
        None => object::str_lossy(base).into_bytes(),
    };
    let mut objs = Vec::with_capacity(entries.len());
    for (name, d_type, ino) in entries {
        let mut full = base_text.clone();
        if !full.is_empty() && !full.ends_with(b"/") {
            full.push(b'/');
        }
        full.extend_from_slice(&name);
        let e = DirEntryObject {
            ob_base: ObjectHeader::new(&DIR_ENTRY_TYPE.head),
            name: super::os_str(&name, bytes)?,
            path: super::os_str(&full, bytes)?,
            d_type,
            ino,
            stat: Mutex::new((None, None)),
        };
        objs.push(into_obj(object::new_object(e)?));
    }
    let it = ScandirObject { ob_base: ObjectHeader::new(&SCANDIR_ITER_TYPE.head), entries: Mutex::new(objs.into_iter()) };
    object::new_object(it).map(into_obj)
}

fn scandir_next(v: &PyObject) -> PyResult<Option<ObjRef>> {
    Ok(scandir_of(v)?.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next())
}

fn scandir_close(v: &PyObject) -> PyResult<ObjRef> {
    let rest: Vec<ObjRef> = scandir_of(v)?.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).by_ref().collect();
    drop(rest);
    Ok(object::none())
}

fn scandir_enter(v: &PyObject) -> PyResult<ObjRef> {
    Ok(object::new_ref(v))
}

fn scandir_exit(v: &PyObject, _args: &[ObjRef]) -> PyResult<ObjRef> {
    scandir_close(v)?;
    Ok(rupy::objects::boolobject::from_bool(false))
}

static SCANDIR_METHODS: [MethodDef; 3] = [
    MethodDef { ml_name: "close", ml_meth: MethodFn::NoArgs(scandir_close), ml_doc: None },
    MethodDef { ml_name: "__enter__", ml_meth: MethodFn::NoArgs(scandir_enter), ml_doc: None },
    MethodDef { ml_name: "__exit__", ml_meth: MethodFn::FastCall(scandir_exit), ml_doc: None },
];

/// `posix.ScandirIterator`.
pub static SCANDIR_ITER_TYPE: TypeObject = TypeObject::new_static(
    "posix.ScandirIterator",
    size_of::<ScandirObject>(),
    object::dealloc_simple::<ScandirObject>,
    TypeSlots {
        tp_iter: Some(rupy::objects::iterobject::self_iter),
        tp_iternext: Some(scandir_next),
        tp_new: Some(no_new),
        ..TypeSlots::EMPTY
    },
)
.with_methods(&SCANDIR_METHODS);
