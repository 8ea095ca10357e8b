//! Cross-interpreter data and exception snapshots, ported from
//! Python/crossinterp.c, Python/crossinterp_data_lookup.h and
//! Python/crossinterp_exceptions.h (`_PyObject_GetXIData`,
//! `_PyXIData_NewObject`, `_PyPickle_GetXIData` / `_PyPickle_LoadFromXIData`
//! with the fake `__main__` of `ensure_isolated_main`,
//! `_PyFunction_GetXIData`, `_PyXI_excinfo`).
//!
//! An object leaves its interpreter as an [`XiData`] and a new object is
//! made from it in the receiving interpreter. The shareable types are the
//! exact `None`, `bool`, `int`, `float`, `str`, `bytes`, `tuple` of
//! shareables and `memoryview`, and the classes native modules register
//! (the queues of `_interpqueues`); the receiver gets copies of the
//! immutable ones, as in CPython. The fallbacks are stateless functions (their code
//! object, with the receiver's `__main__` as globals) and `pickle`.

use std::sync::{Mutex, OnceLock, PoisonError};

use crate::errors::{self, PyResult};
use crate::objects::dictobject::DictObject;
use crate::objects::exceptions;
use crate::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj, type_of};
use crate::objects::typeobject::TypeObject;
use crate::objects::unicodeobject::{self, StrObject};
use crate::objects::{bytesobject, floatobject, longobject, tupleobject};

/// A value on its way between interpreters (`_PyXIData_t`).
pub enum XiData {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An exact `int`, `float`, `str` or `bytes`, copied in the receiver.
    Immutable(ObjRef),
    /// A tuple of shareable items, rebuilt in the receiver.
    Tuple(Vec<XiData>),
    /// `memoryview` (`_PyMemoryView_GetXIData`): a new view on the same
    /// buffer.
    MemoryView(ObjRef),
    /// A stateless function (`_PyFunction_GetXIData`): its code object.
    Function(ObjRef),
    /// An instance of a registered class: an id the class's `new_object`
    /// turns back into an object in the receiver.
    Registered { id: i64, new_object: fn(i64) -> PyResult<ObjRef> },
    /// The `pickle` fallback: the pickled bytes and the sender's
    /// `__main__.__file__` (`struct _shared_pickle_data`).
    Pickled { bytes: ObjRef, mainfile: Option<String> },
}

/// `xidata_fallback_t`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fallback {
    /// `_PyXIDATA_XIDATA_ONLY`: shareable types only.
    XidataOnly,
    /// `_PyXIDATA_FULL_FALLBACK`: then stateless functions and pickle.
    Full,
}

impl Fallback {
    /// From the int of the Python API (0 or 1).
    pub fn from_int(v: i64) -> PyResult<Fallback> {
        match v {
            0 => Ok(Fallback::XidataOnly),
            1 => Ok(Fallback::Full),
            _ => Err(errors::set_string(exceptions::value_error(), &format!("unsupported fallback {v}"))),
        }
    }

    /// The int of the Python API.
    pub fn as_int(self) -> i64 {
        match self {
            Fallback::XidataOnly => 0,
            Fallback::Full => 1,
        }
    }
}

// ---------------------------------------------------------------------
// The exception classes (crossinterp_exceptions.h). They are static
// types in CPython, shared by every interpreter; here they are made once.

/// A class made once per process and kept immortal.
fn process_class(slot: &OnceLock<usize>, name: &str, module: &str, base: &PyObject, doc: &str) -> PyResult<ObjRef> {
    if let Some(&p) = slot.get() {
        // SAFETY: an immortal class stored below.
        return Ok(object::new_ref(unsafe { &*(p as *const PyObject) }));
    }
    let bases = tupleobject::from_slice(&[base])?;
    let ns = DictObject::new()?;
    ns.set_item(&*unicodeobject::intern_str("__module__")?, as_obj(&*unicodeobject::from_str(module)?))?;
    ns.set_item(&*unicodeobject::intern_str("__doc__")?, as_obj(&*unicodeobject::from_str(doc)?))?;
    let name = unicodeobject::from_str(name)?;
    let cls = object::call(as_obj(&crate::objects::typeobject::TYPE_TYPE), &[as_obj(&*name), as_obj(&*bases), as_obj(&*ns)])?;
    cls.header().set_immortal();
    let p = *slot.get_or_init(|| core::ptr::from_ref::<PyObject>(&cls) as usize);
    // SAFETY: the first class stored stays immortal.
    Ok(object::new_ref(unsafe { &*(p as *const PyObject) }))
}

/// `PyExc_InterpreterError`.
pub fn interpreter_error() -> PyResult<ObjRef> {
    static C: OnceLock<usize> = OnceLock::new();
    process_class(&C, "InterpreterError", "concurrent.interpreters", as_obj(exceptions::exception()), "A cross-interpreter operation failed")
}

/// `PyExc_InterpreterNotFoundError`.
pub fn interpreter_not_found_error() -> PyResult<ObjRef> {
    static C: OnceLock<usize> = OnceLock::new();
    let base = interpreter_error()?;
    process_class(&C, "InterpreterNotFoundError", "concurrent.interpreters", &base, "An interpreter was not found")
}

/// `PyExc_NotShareableError`.
pub fn not_shareable_error() -> PyResult<ObjRef> {
    static C: OnceLock<usize> = OnceLock::new();
    process_class(&C, "NotShareableError", "concurrent.interpreters", as_obj(exceptions::type_error()), "An object could not be shared between interpreters")
}

/// A new exception class made once per process (the queue errors).
pub fn exception_class(slot: &OnceLock<usize>, name: &str, module: &str, base: &PyObject, doc: &str) -> PyResult<ObjRef> {
    process_class(slot, name, module, base, doc)
}

/// Raises `cls(msg)`, with `cause` as its `__cause__`.
pub fn raise_with_cause(cls: &PyObject, msg: &str, cause: Option<ObjRef>) -> errors::ErrSet {
    let build = || -> PyResult<ObjRef> {
        let exc = object::call(cls, &[as_obj(&*unicodeobject::from_str(msg)?)])?;
        if let Some(c) = cause {
            object::set_attr(&exc, &*unicodeobject::intern_str("__cause__")?, Some(&c))?;
        }
        Ok(exc)
    };
    match build() {
        Ok(exc) => errors::set_raised(exc),
        Err(e) => e,
    }
}

/// Raises `cls(msg)` for one of the classes above.
pub fn raise(cls: PyResult<ObjRef>, msg: &str) -> errors::ErrSet {
    match cls {
        Ok(c) => raise_with_cause(&c, msg, None),
        Err(e) => e,
    }
}

/// `set_notshareableerror`: raises NotShareableError(msg) caused by the
/// exception being raised now, if any.
pub fn not_shareable(msg: &str) -> errors::ErrSet {
    let cause = errors::take_raised();
    match not_shareable_error() {
        Ok(c) => raise_with_cause(&c, msg, cause),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------
// The registry of shareable classes (`_PyXIData_RegisterClass`).

/// A registered class and its `getdata` function.
struct Registered {
    cls: ObjRef,
    getdata: fn(&PyObject) -> PyResult<XiData>,
}

static REGISTRY: Mutex<Vec<Registered>> = Mutex::new(Vec::new());

/// `_PyXIData_RegisterClass`: instances of exactly `cls` become shareable
/// through `getdata`. A class registered again keeps its first function.
pub fn register_class(cls: &PyObject, getdata: fn(&PyObject) -> PyResult<XiData>) -> PyResult<()> {
    if downcast::<TypeObject>(cls).is_none() {
        return Err(errors::set_string(exceptions::value_error(), "only classes may be registered"));
    }
    let mut reg = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    if !reg.iter().any(|r| core::ptr::eq(&*r.cls, cls)) {
        reg.push(Registered { cls: object::new_ref(cls), getdata });
    }
    Ok(())
}

fn registered_getdata(ty: &TypeObject) -> Option<fn(&PyObject) -> PyResult<XiData>> {
    let reg = REGISTRY.lock().unwrap_or_else(PoisonError::into_inner);
    reg.iter().find(|r| core::ptr::eq(&*r.cls, as_obj(ty))).map(|r| r.getdata)
}

// ---------------------------------------------------------------------
// Getting the data.

/// The exact builtin types with data of their own (`lookup_getdata`'s
/// builtin registry); a tuple's items are converted with the same
/// fallback (`_tuple_shared`).
fn basic_xidata(obj: &PyObject, fallback: Fallback) -> PyResult<Option<XiData>> {
    let ty = type_of(obj);
    if object::is_none(obj) {
        return Ok(Some(XiData::None));
    }
    if core::ptr::eq(ty, &crate::objects::boolobject::BOOL_TYPE) {
        return Ok(Some(XiData::Bool(crate::objects::boolobject::is_true_singleton(obj))));
    }
    if [&longobject::INT_TYPE, &floatobject::FLOAT_TYPE, &unicodeobject::STR_TYPE, &bytesobject::BYTES_TYPE]
        .into_iter()
        .any(|t| core::ptr::eq(ty, t))
    {
        return Ok(Some(XiData::Immutable(object::new_ref(obj))));
    }
    if core::ptr::eq(ty, &tupleobject::TUPLE_TYPE) {
        let t = downcast::<tupleobject::TupleObject>(obj).ok_or_else(errors::bad_internal_call)?;
        let mut items = Vec::with_capacity(t.len());
        for item in t.as_slice() {
            crate::state::enter_recursive_call(" while sharing a tuple")?;
            let r = get_xidata(item, fallback);
            crate::state::leave_recursive_call();
            items.push(r?);
        }
        return Ok(Some(XiData::Tuple(items)));
    }
    if core::ptr::eq(ty, &crate::objects::memoryobject::MEMORYVIEW_TYPE) {
        return Ok(Some(XiData::MemoryView(object::new_ref(obj))));
    }
    match registered_getdata(ty) {
        Some(getdata) => getdata(obj).map(Some),
        None => Ok(None),
    }
}

/// `_PyObject_GetXIData`: the data of `obj`, or NotShareableError.
pub fn get_xidata(obj: &PyObject, fallback: Fallback) -> PyResult<XiData> {
    let basic = match basic_xidata(obj, fallback) {
        Ok(Some(d)) => return Ok(d),
        Ok(None) => {
            let msg = format!("{} does not support cross-interpreter data", object::repr(obj)?.to_string_lossy());
            raise(not_shareable_error(), &msg)
        }
        Err(_) => not_shareable(&format!("{} does not support cross-interpreter data", repr_or_type(obj))),
    };
    if fallback == Fallback::XidataOnly {
        return Err(basic);
    }
    let mut original = errors::take_raised();
    if crate::objects::funcobject::as_function(obj).is_some() {
        match function_xidata(obj) {
            Ok(d) => return Ok(d),
            Err(_) => original = errors::take_raised(),
        }
    }
    match pickle_xidata(obj) {
        Ok(d) => Ok(d),
        Err(_) => {
            errors::clear();
            match original {
                Some(e) => Err(errors::set_raised(e)),
                None => Err(errors::bad_internal_call()),
            }
        }
    }
}

fn repr_or_type(obj: &PyObject) -> String {
    match object::repr(obj) {
        Ok(r) => r.to_string_lossy(),
        Err(_) => {
            errors::clear();
            format!("<{} object>", type_of(obj).name())
        }
    }
}

/// `_PyObject_CheckXIData`: is `obj` shareable without a fallback?
pub fn is_shareable(obj: &PyObject) -> bool {
    let ok = get_xidata(obj, Fallback::XidataOnly).is_ok();
    errors::clear();
    ok
}

/// `_PyPickle_GetXIData`: `pickle.dumps(obj)` and the sender's main file.
fn pickle_xidata(obj: &PyObject) -> PyResult<XiData> {
    let dumps = crate::import::machinery::get_module_attr("pickle", "dumps")?;
    let bytes = match object::call(&dumps, &[obj]) {
        Ok(b) => b,
        Err(_) => return Err(not_shareable("object could not be pickled")),
    };
    Ok(XiData::Pickled { bytes, mainfile: main_file() })
}

/// `_Py_GetMainfile`: `sys.modules['__main__'].__file__`, if any.
fn main_file() -> Option<String> {
    let m = crate::import::get_module_str("__main__").ok().flatten()?;
    let f = object::get_attr_str(&m, "__file__");
    match f {
        Ok(f) => downcast::<StrObject>(&f).map(StrObject::to_string_lossy),
        Err(_) => {
            errors::clear();
            None
        }
    }
}

/// `_PyFunction_GetXIData`: a stateless function crosses as its code.
fn function_xidata(func: &PyObject) -> PyResult<XiData> {
    if let Err(_) = verify_stateless_function(func) {
        return Err(not_shareable("only stateless functions are shareable"));
    }
    Ok(XiData::Function(object::get_attr_str(func, "__code__")?))
}

/// `_PyFunction_VerifyStateless`: no closure, no defaults, and the
/// code uses only builtins as globals (ValueError otherwise).
pub fn verify_stateless_function(func: &PyObject) -> PyResult<()> {
    let f = crate::objects::funcobject::as_function(func).ok_or_else(|| errors::set_string(exceptions::type_error(), "expected a function"))?;
    let code = object::get_attr_str(func, "__code__")?;
    verify_stateless_code(&code, Some(&f.globals), &f.builtins)?;
    let value_error = |m: &str| Err(errors::set_string(exceptions::value_error(), m));
    let non_empty = |name: &str| -> PyResult<bool> {
        let v = object::get_attr_str(func, name)?;
        Ok(!object::is_none(&v) && crate::objects::r#abstract::size(&v)? > 0)
    };
    if non_empty("__closure__")? {
        return value_error("closures not supported");
    }
    if non_empty("__defaults__")? {
        return value_error("defaults not supported");
    }
    if non_empty("__kwdefaults__")? {
        return value_error("keyword defaults not supported");
    }
    Ok(())
}

/// The instructions of `co` as `(base opcode, full oparg)`, without
/// `EXTENDED_ARG` prefixes and inline caches.
fn instructions(co: &crate::objects::codeobject::CodeObject) -> Vec<(u16, u32)> {
    use crate::compile::opcode::{CACHES, DEOPT, EXTENDED_ARG};
    let mut out = Vec::new();
    let mut i = 0;
    let mut ext: u32 = 0;
    while i < co.code.len() {
        let unit = co.code[i];
        let op = DEOPT[usize::from(unit.op)];
        let arg = (ext << 8) | u32::from(unit.arg);
        i += 1 + usize::from(CACHES[usize::from(op)]);
        if u16::from(op) == EXTENDED_ARG {
            ext = arg;
            continue;
        }
        ext = 0;
        out.push((u16::from(op), arg));
    }
    out
}

/// `_PyCode_VerifyStateless`: no free variables, and every global name
/// the code (or code nested in it) uses is a builtin, not in `globals`.
pub fn verify_stateless_code(code: &PyObject, globals: Option<&DictObject>, builtins: &DictObject) -> PyResult<()> {
    use crate::compile::opcode::{DELETE_GLOBAL, LOAD_GLOBAL, STORE_GLOBAL};
    let co = crate::objects::codeobject::as_code(code).ok_or_else(errors::bad_internal_call)?;
    let value_error = |m: &str| Err(errors::set_string(exceptions::value_error(), m));
    if co.nfreevars > 0 {
        return value_error("closures not supported");
    }
    for (op, arg) in instructions(co) {
        let index = match op {
            LOAD_GLOBAL => arg >> 1,
            STORE_GLOBAL | DELETE_GLOBAL => arg,
            _ => continue,
        };
        let Some(name) = co.names.get(index as usize) else { continue };
        if op != LOAD_GLOBAL {
            return value_error("globals not supported");
        }
        if let Some(g) = globals
            && g.get_item(name)?.is_some()
        {
            return value_error("globals not supported");
        }
        if builtins.get_item(name)?.is_none() {
            return value_error("globals not supported");
        }
    }
    for c in co.consts.iter() {
        if crate::objects::codeobject::as_code(c).is_some() {
            verify_stateless_code(c, globals, builtins)?;
        }
    }
    Ok(())
}

/// `_PyCode_ReturnsOnlyNone` (Objects/codeobject.c): every return of the
/// code returns the constant None (or it only raises).
pub fn code_returns_only_none(code: &PyObject) -> bool {
    use crate::compile::opcode::{LOAD_CONST, RETURN_VALUE};
    let Some(co) = crate::objects::codeobject::as_code(code) else { return false };
    let instrs = instructions(co);
    let Some(none_index) = co.consts.iter().position(|c| object::is_none(c)) else {
        // No None constant: no implicit return, so any return is explicit.
        return instrs.last().is_none_or(|&(op, _)| op != RETURN_VALUE);
    };
    instrs
        .windows(2)
        .filter(|w| w[1].0 == RETURN_VALUE)
        .all(|w| w[0].0 == LOAD_CONST && w[0].1 as usize == none_index)
        && instrs.first().is_none_or(|&(op, _)| op != RETURN_VALUE)
}

// ---------------------------------------------------------------------
// Making the object in the receiver.

/// `_PyXIData_NewObject`: a new object in the calling thread's
/// interpreter.
pub fn new_object(data: &XiData) -> PyResult<ObjRef> {
    match data {
        XiData::None => Ok(object::none()),
        XiData::Bool(b) => Ok(crate::objects::boolobject::from_bool(*b)),
        XiData::Immutable(o) => copy_immutable(o),
        XiData::Tuple(items) => {
            let objs: Vec<ObjRef> = items.iter().map(new_object).collect::<PyResult<_>>()?;
            let refs: Vec<&PyObject> = objs.iter().map(|o| &**o).collect();
            tupleobject::from_slice(&refs).map(into_obj)
        }
        XiData::MemoryView(mv) => object::call(as_obj(&crate::objects::memoryobject::MEMORYVIEW_TYPE), &[mv]),
        XiData::Function(code) => {
            let main = crate::import::get_module_str("__main__")?.ok_or_else(errors::bad_internal_call)?;
            let globals = object::get_attr_str(&main, "__dict__")?;
            object::call(as_obj(&crate::objects::funcobject::FUNCTION_TYPE), &[code, &globals])
        }
        XiData::Registered { id, new_object } => new_object(*id),
        XiData::Pickled { bytes, mainfile } => match unpickle(bytes, mainfile.as_deref()) {
            Ok(o) => Ok(o),
            Err(_) => Err(not_shareable("object could not be unpickled")),
        },
    }
}

/// A new object equal to the exact `int`, `float`, `str` or `bytes` `o`
/// (`_new_long_object`, `_new_float_object`, `_new_str_object`,
/// `_new_bytes_object`): the receiver gets its own object, as in CPython
/// (small ints and the empty str/bytes stay the shared singletons).
fn copy_immutable(o: &PyObject) -> PyResult<ObjRef> {
    if let Some(s) = downcast::<StrObject>(o) {
        let cps: Vec<u32> = s.data().iter().collect();
        return unicodeobject::from_code_points(&cps).map(into_obj);
    }
    if let Some(b) = downcast::<bytesobject::BytesObject>(o) {
        return bytesobject::from_bytes(b.as_bytes()).map(into_obj);
    }
    if let Some(f) = downcast::<floatobject::FloatObject>(o) {
        return floatobject::from_f64(f.value());
    }
    if let Some(i) = downcast::<longobject::IntObject>(o) {
        return longobject::from_bigint(i.to_bigint());
    }
    Ok(object::new_ref(o))
}

/// `check_missing___main___attr`: did a lookup on `__main__` fail?
fn missing_main_attr(exc: &PyObject) -> bool {
    if !object::type_check(exc, exceptions::attribute_error()) {
        return false;
    }
    match object::str(exc) {
        Ok(s) => s.to_string_lossy().starts_with("module '__main__' has no attribute '"),
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// `_PyPickle_Loads`: `pickle.loads(bytes)`; when it misses something
/// in `__main__`, the sender's main script is run once in this
/// interpreter under the name `<fake __main__>` (cached in the
/// interpreter's dict) and swapped in as `__main__` for a second try
/// (`ensure_isolated_main`, `apply_isolated_main`, `restore_main`).
fn unpickle(bytes: &PyObject, mainfile: Option<&str>) -> PyResult<ObjRef> {
    let loads = crate::import::machinery::get_module_attr("pickle", "loads")?;
    let first = object::call(&loads, &[bytes]);
    let Err(err) = first else { return first };
    let exc = errors::take_raised().ok_or_else(errors::bad_internal_call)?;
    let Some(file) = mainfile.filter(|_| missing_main_attr(&exc)) else {
        return Err(errors::set_raised(exc));
    };
    drop(err);
    let Ok(fake) = fake_main(file) else {
        errors::clear();
        return Err(errors::set_raised(exc));
    };
    let key = unicodeobject::intern_str("__main__")?;
    let modules = crate::import::modules_dict()?;
    let real = modules.get_item(&key)?;
    modules.set_item(&key, &fake)?;
    let second = object::call(&loads, &[bytes]);
    match real {
        Some(m) => modules.set_item(&key, &m)?,
        None => modules.del_item(&key)?,
    }
    match second {
        Ok(o) => Ok(o),
        Err(_) => {
            errors::clear();
            Err(errors::set_raised(exc))
        }
    }
}

/// The cached fake `__main__` of this interpreter, made by running the
/// main script with `runpy.run_path(file, None, "<fake __main__>")`.
fn fake_main(file: &str) -> PyResult<ObjRef> {
    let cache = crate::state::interpreters::with_current(crate::state::interpreters::Interpreter::dict)?;
    let key = unicodeobject::intern_str("CACHED_MODULE_NS___main__")?;
    if let Some(m) = cache.get_item(&key)? {
        return Ok(m);
    }
    let module = crate::objects::moduleobject::new_module("__main__")?;
    let run_path = crate::import::machinery::get_module_attr("runpy", "run_path")?;
    let ns = object::call(
        &run_path,
        &[as_obj(&*unicodeobject::from_str(file)?), &object::NONE, as_obj(&*unicodeobject::from_str("<fake __main__>")?)],
    )?;
    module.dict()?.merge(&ns, true)?;
    let module = into_obj(module);
    cache.set_item(&key, &module)?;
    Ok(module)
}

// ---------------------------------------------------------------------
// Exception snapshots (`_PyXI_excinfo`).

/// What crosses back of an exception raised in another interpreter.
#[derive(Clone, Debug, Default)]
pub struct ExcInfo {
    /// The class's `__name__`, `__qualname__` and `__module__`.
    pub name: String,
    pub qualname: String,
    pub module: String,
    /// `str(exc)`, if it worked.
    pub msg: Option<String>,
    /// The error display (traceback and chained exceptions).
    pub errdisplay: Option<String>,
}

fn str_attr(obj: &PyObject, name: &str) -> Option<String> {
    match object::get_attr_str(obj, name) {
        Ok(v) => downcast::<StrObject>(&v).map(StrObject::to_string_lossy),
        Err(_) => {
            errors::clear();
            None
        }
    }
}

impl ExcInfo {
    /// `_PyXI_excinfo_InitFromException`.
    pub fn capture(exc: &PyObject) -> ExcInfo {
        let ty = as_obj(type_of(exc));
        let name = str_attr(ty, "__name__").unwrap_or_default();
        let msg = match object::str(exc) {
            Ok(s) => Some(s.to_string_lossy()),
            Err(_) => {
                errors::clear();
                None
            }
        };
        let display = crate::errors::traceback::format_exception(exc);
        ExcInfo {
            qualname: str_attr(ty, "__qualname__").unwrap_or_else(|| name.clone()),
            module: str_attr(ty, "__module__").unwrap_or_else(|| "builtins".to_owned()),
            name,
            msg,
            errdisplay: Some(display.strip_suffix('\n').unwrap_or(&display).to_owned()),
        }
    }

    /// `_PyXI_excinfo_format`: `"module.qualname: msg"`, the module left
    /// out for builtins and `__main__`.
    pub fn formatted(&self) -> String {
        let ty = if self.module == "builtins" || self.module == "__main__" {
            self.qualname.clone()
        } else {
            format!("{}.{}", self.module, self.qualname)
        };
        match &self.msg {
            Some(m) => format!("{ty}: {m}"),
            None => ty,
        }
    }

    /// `_PyXI_excinfo_AsObject`: the `types.SimpleNamespace` that
    /// `ExecutionFailed` wraps.
    pub fn as_object(&self) -> PyResult<ObjRef> {
        let s = |v: &str| unicodeobject::from_str(v).map(into_obj);
        let ty = crate::objects::namespaceobject::new_namespace(&[
            ("__name__", s(&self.name)?),
            ("__qualname__", s(&self.qualname)?),
            ("__module__", s(&self.module)?),
        ])?;
        let opt = |v: &Option<String>| -> PyResult<ObjRef> { v.as_deref().map_or_else(|| Ok(object::none()), s) };
        crate::objects::namespaceobject::new_namespace(&[
            ("type", ty),
            ("msg", opt(&self.msg)?),
            ("formatted", s(&self.formatted())?),
            ("errdisplay", opt(&self.errdisplay)?),
        ])
    }

    /// The chain of an error that happened while preparing a call in the
    /// other interpreter, as one line per exception
    /// (`_PyXI_ApplyError`'s cause): what CPython shows when the
    /// exceptions carry no Python traceback.
    pub fn capture_chain(exc: &PyObject) -> String {
        let mut chain = vec![object::new_ref(exc)];
        let mut links = Vec::new();
        while chain.len() < 32 {
            let last = chain.last().cloned().unwrap_or_else(object::none);
            let (next, link) = match object::get_attr_str(&last, "__cause__") {
                Ok(c) if !object::is_none(&c) => (c, "The above exception was the direct cause of the following exception:"),
                _ => {
                    errors::clear();
                    match object::get_attr_str(&last, "__context__") {
                        Ok(c) if !object::is_none(&c) => (c, "During handling of the above exception, another exception occurred:"),
                        _ => {
                            errors::clear();
                            break;
                        }
                    }
                }
            };
            chain.push(next);
            links.push(link);
        }
        let mut out = String::new();
        for (k, e) in chain.iter().enumerate().rev() {
            out.push_str(&ExcInfo::capture(e).formatted());
            if k > 0 {
                out.push_str("\n\n");
                out.push_str(links[k - 1]);
                out.push_str("\n\n");
            }
        }
        out
    }
}
