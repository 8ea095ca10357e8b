//! The `marshal` module (Python/marshal.c) over the runtime's marshal
//! format code (runtime/src/marshal.rs): `loads`/`load` of every value a
//! code object's constants can hold (and code objects), `dumps`/`dump` of
//! such constants and of code objects. Lists, dicts and sets are not
//! supported yet ("unmarshallable object").


use rupy::ast::{Constant, PyStr};
use rupy::builtins::BuiltinDef;
use rupy::compile::code::{Code, ConstValue};
use rupy::errors::{self, PyResult};
use rupy::marshal::MarshalError;
use rupy::objects::bytesobject::{self, BytesObject};
use rupy::objects::codeobject::CodeObject;
use rupy::objects::complexobject::ComplexObject;
use rupy::objects::exceptions;
use rupy::objects::floatobject::FloatObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::sliceobject::SliceObject;
use rupy::objects::object::{self, ObjRef, PyObject, downcast, into_obj, type_of};
use rupy::objects::tupleobject::TupleObject;
use rupy::objects::unicodeobject::StrObject;

fn raise(e: MarshalError) -> errors::ErrSet {
    match e {
        MarshalError::EofError(m) => errors::set_string(exceptions::eof_error(), &m),
        MarshalError::ValueError(m) => errors::set_string(exceptions::value_error(), &m),
        MarshalError::TypeError(m) => errors::set_string(exceptions::type_error(), &m),
    }
}

fn unmarshallable() -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), "unmarshallable object")
}

/// A value as the compiler's constant form.
fn to_const(v: &PyObject) -> PyResult<ConstValue> {
    if object::is_none(v) {
        return Ok(ConstValue::Scalar(Constant::None));
    }
    if core::ptr::eq(type_of(v), &rupy::objects::boolobject::BOOL_TYPE) {
        return Ok(ConstValue::Scalar(Constant::Bool(object::is_true(v)?)));
    }
    if core::ptr::eq(v, &*rupy::objects::sliceobject::ellipsis()) {
        return Ok(ConstValue::Scalar(Constant::Ellipsis));
    }
    if let Some(i) = downcast::<IntObject>(v) {
        return Ok(ConstValue::Scalar(Constant::Int(i.to_bigint())));
    }
    if let Some(f) = downcast::<FloatObject>(v) {
        return Ok(ConstValue::Scalar(Constant::Float(f.value())));
    }
    if let Some(c) = downcast::<ComplexObject>(v) {
        let z = c.value();
        let (real, imag) = (z.re, z.im);
        return Ok(ConstValue::Scalar(Constant::Complex { real, imag }));
    }
    if let Some(s) = downcast::<StrObject>(v) {
        return Ok(ConstValue::Scalar(Constant::Str(py_str(s))));
    }
    if let Some(b) = downcast::<BytesObject>(v) {
        return Ok(ConstValue::Scalar(Constant::Bytes(b.as_bytes().to_vec())));
    }
    if let Some(t) = downcast::<TupleObject>(v) {
        return t.as_slice().iter().map(|x| to_const(x)).collect::<PyResult<_>>().map(ConstValue::Tuple);
    }
    if object::type_check(v, &rupy::objects::setobject::FROZENSET_TYPE) {
        let items = rupy::objects::r#abstract::collect(v)?;
        return items.iter().map(|x| to_const(x)).collect::<PyResult<_>>().map(ConstValue::FrozenSet);
    }
    if let Some(sl) = downcast::<SliceObject>(v) {
        let [a, b, c] = sl.parts();
        return Ok(ConstValue::Slice(Box::new([to_const(a)?, to_const(b)?, to_const(c)?])));
    }
    if let Some(co) = downcast::<CodeObject>(v) {
        return code_of(co).map(|c| ConstValue::Code(Box::new(c)));
    }
    Err(unmarshallable())
}

/// The text of a str as the compiler holds it.
fn py_str(s: &StrObject) -> PyStr {
    let mut p = PyStr::new();
    for cp in s.data().iter() {
        p.push_code_point(cp);
    }
    p
}

fn py_str_of(v: &PyObject) -> PyResult<PyStr> {
    downcast::<StrObject>(v).map(py_str).ok_or_else(unmarshallable)
}

/// The compiler's form of a code object (`w_complex_object`'s
/// `TYPE_CODE` fields; rupy never specializes code units, so they are
/// written as they are).
fn code_of(co: &CodeObject) -> PyResult<Code> {
    let strs = |v: &[ObjRef]| v.iter().map(|x| py_str_of(x)).collect::<PyResult<Vec<_>>>();
    let count = |n: usize| i32::try_from(n).map_err(|_| unmarshallable());
    Ok(Code {
        argcount: count(co.argcount)?,
        posonlyargcount: count(co.posonlyargcount)?,
        kwonlyargcount: count(co.kwonlyargcount)?,
        stacksize: count(co.stacksize)?,
        flags: co.flags,
        code: co.code.iter().flat_map(|u| [u.op, u.arg]).collect(),
        consts: co.consts.iter().map(|x| to_const(x)).collect::<PyResult<_>>()?,
        names: strs(&co.names)?,
        localsplusnames: strs(&co.localsplusnames)?,
        localspluskinds: co.localspluskinds.to_vec(),
        filename: py_str_of(&co.filename)?,
        name: py_str_of(&co.name)?,
        qualname: py_str_of(&co.qualname)?,
        firstlineno: co.firstlineno,
        linetable: co.linetable.to_vec(),
        exceptiontable: co.exceptiontable.to_vec(),
    })
}

fn version_arg(args: &[&PyObject], i: usize) -> PyResult<()> {
    if let Some(v) = args.get(i) {
        rupy::objects::r#abstract::as_ssize(v, None)?;
    }
    Ok(())
}

/// `dumps(value, version=5, /, *, allow_code=True)`.
fn dumps(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let npos = args.len() - kw.map_or(0, TupleObject::len);
    let Some(v) = args.first().filter(|_| npos >= 1) else {
        return Err(errors::set_string(exceptions::type_error(), "dumps() missing required argument 'value' (pos 1)"));
    };
    version_arg(&args[..npos], 1)?;
    let c = to_const(v)?;
    bytesobject::from_bytes(&rupy::marshal::dumps(&c)).map(into_obj)
}

/// `loads(bytes, /, *, allow_code=True)`.
fn loads(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(v) = args.first() else {
        return Err(errors::set_string(exceptions::type_error(), "loads() missing required argument 'bytes' (pos 1)"));
    };
    let Some(data) = bytesobject::bytes_like(v) else {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("a bytes-like object is required, not '{}'", type_of(v).name()),
        ));
    };
    let c = rupy::marshal::loads(&data).map_err(raise)?;
    rupy::objects::codeobject::const_to_object(&c)
}

/// `dump(value, file, version=5, /)`.
fn dump(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if args.len() < 2 {
        return Err(errors::set_string(exceptions::type_error(), "dump() missing required argument 'file' (pos 2)"));
    }
    let data = dumps(&[args[0]], kw)?;
    let write = object::get_attr_str(args[1], "write")?;
    object::call(&write, &[&data])?;
    Ok(object::none())
}

/// `load(file, /)`: reads the whole file, then `loads`.
fn load(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let Some(f) = args.first() else {
        return Err(errors::set_string(exceptions::type_error(), "load() missing required argument 'file' (pos 1)"));
    };
    let data = object::call(&*object::get_attr_str(f, "read")?, &[])?;
    loads(&[&data], kw)
}

static FUNCTIONS: [BuiltinDef; 4] = [
    BuiltinDef { name: "dumps", func: dumps },
    BuiltinDef { name: "loads", func: loads },
    BuiltinDef { name: "dump", func: dump },
    BuiltinDef { name: "load", func: load },
];

/// `marshal_module_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("marshal")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("version", &*longobject::from_i64(5)?)?;
    Ok(into_obj(m))
}
