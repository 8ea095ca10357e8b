//! The `_opcode` module, ported from Modules/_opcode.c: the opcode
//! metadata queries Lib's opcode.py and dis.py build their tables from,
//! answered from the compiler's own tables (rupy::compile::opcode).

use rupy::builtins::BuiltinDef;
use rupy::compile::{dis, flowgraph, instr_seq, opcode as op};
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject::{self, IntObject};
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, downcast, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject;

/// `PY_INVALID_STACK_EFFECT`'s ValueError.
fn invalid() -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), "invalid opcode or oparg")
}

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

/// An `int` argument (`_PyLong_AsInt`), as an i64 clamped into `i32`'s
/// range by OverflowError.
fn int_arg(v: &PyObject) -> PyResult<i64> {
    let idx = r#abstract::index(v)?;
    let Some(i) = downcast::<IntObject>(&idx).and_then(IntObject::as_i64).filter(|i| i32::try_from(*i).is_ok()) else {
        return Err(errors::set_string(
            exceptions::overflow_error(),
            "Python int too large to convert to C int",
        ));
    };
    Ok(i)
}

/// The opcode as a table index, `None` outside `0..=u16::MAX`.
fn opcode_of(v: &PyObject) -> PyResult<Option<u16>> {
    Ok(u16::try_from(int_arg(v)?).ok())
}

/// `IS_VALID_OPCODE`.
fn valid(code: Option<u16>) -> Option<u16> {
    code.filter(|&c| op::METADATA.get(c as usize).is_some_and(|m| m.valid))
}

fn flag_set(code: Option<u16>, flag: u16) -> bool {
    valid(code).is_some_and(|c| op::METADATA[c as usize].flags & flag != 0)
}

/// One positional argument, no keywords.
fn one<'a>(name: &str, args: &[&'a PyObject], kw: Option<&TupleObject>) -> PyResult<&'a PyObject> {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no keyword arguments")));
    }
    match args {
        [a] => Ok(*a),
        _ => Err(type_error(&format!("{name}() takes exactly one argument ({} given)", args.len()))),
    }
}

/// `stack_effect(opcode, oparg=None, /, *, jump=None)`.
fn stack_effect(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let pos = &args[..args.len() - nkw];
    let mut jump: Option<&PyObject> = None;
    if let Some(k) = kwnames {
        for (name, v) in k.as_slice().iter().zip(&args[pos.len()..]) {
            match object::str_lossy(name).as_str() {
                "jump" => jump = Some(*v),
                other => return Err(type_error(&format!("stack_effect() got an unexpected keyword argument '{other}'"))),
            }
        }
    }
    let (code, oparg) = match pos {
        [c] => (*c, None),
        [c, a] => (*c, Some(*a)),
        [] => return Err(type_error("stack_effect() missing required argument 'opcode' (pos 1)")),
        _ => return Err(type_error(&format!("stack_effect() takes at most 2 positional arguments ({} given)", pos.len()))),
    };
    let code = int_arg(code)?;
    let oparg = match oparg {
        Some(a) if !object::is_none(a) => int_arg(a)? as i32,
        _ => 0,
    };
    // None counts as a jump: the larger effect of a block push.
    let jump = match jump {
        None => true,
        Some(j) if object::is_none(j) => true,
        Some(j) if core::ptr::eq(j, &*boolobject::from_bool(true)) => true,
        Some(j) if core::ptr::eq(j, &*boolobject::from_bool(false)) => false,
        Some(_) => {
            return Err(errors::set_string(
                exceptions::value_error(),
                "stack_effect: jump must be False, True or None",
            ));
        }
    };
    let Ok(code) = u16::try_from(code) else { return Err(invalid()) };
    match flowgraph::stack_effect(code, oparg, jump) {
        Some(e) => longobject::from_i64(i64::from(e)),
        None => Err(invalid()),
    }
}

fn is_valid(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("is_valid", args, kw)?)?;
    Ok(boolobject::from_bool(valid(c).is_some()))
}

fn has_arg(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_arg", args, kw)?)?;
    Ok(boolobject::from_bool(flag_set(c, op::HAS_ARG_FLAG)))
}

fn has_const(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_const", args, kw)?)?;
    Ok(boolobject::from_bool(flag_set(c, op::HAS_CONST_FLAG)))
}

fn has_name(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_name", args, kw)?)?;
    Ok(boolobject::from_bool(flag_set(c, op::HAS_NAME_FLAG)))
}

fn has_jump(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_jump", args, kw)?)?;
    Ok(boolobject::from_bool(flag_set(c, op::HAS_JUMP_FLAG)))
}

fn has_free(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_free", args, kw)?)?;
    Ok(boolobject::from_bool(flag_set(c, op::HAS_FREE_FLAG)))
}

fn has_local(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_local", args, kw)?)?;
    Ok(boolobject::from_bool(flag_set(c, op::HAS_LOCAL_FLAG)))
}

/// `has_exc`: the block-push pseudo-instructions.
fn has_exc(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let c = opcode_of(one("has_exc", args, kw)?)?;
    Ok(boolobject::from_bool(valid(c).is_some_and(instr_seq::is_block_push)))
}

fn no_args(name: &str, args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<()> {
    if !args.is_empty() || kw.is_some_and(|k| !k.is_empty()) {
        return Err(type_error(&format!("{name}() takes no arguments ({} given)", args.len())));
    }
    Ok(())
}

fn str_list(items: &[&str]) -> PyResult<ObjRef> {
    let list = ListObject::new()?;
    for s in items {
        list.append(as_obj(&*unicodeobject::from_str(s)?))?;
    }
    Ok(into_obj(list))
}

/// `get_specialization_stats()`: rupy gathers none.
fn get_specialization_stats(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_specialization_stats", args, kw)?;
    Ok(object::none())
}

fn get_intrinsic1_descs(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_intrinsic1_descs", args, kw)?;
    str_list(&dis::INTRINSIC_1)
}

fn get_intrinsic2_descs(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_intrinsic2_descs", args, kw)?;
    str_list(&dis::INTRINSIC_2)
}

fn get_special_method_names(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_special_method_names", args, kw)?;
    str_list(&dis::SPECIAL_METHODS)
}

/// The `NB_*` names of `BINARY_OP`'s oparg, in oparg order.
const NB_NAMES: [&str; 27] = [
    "NB_ADD", "NB_AND", "NB_FLOOR_DIVIDE", "NB_LSHIFT", "NB_MATRIX_MULTIPLY", "NB_MULTIPLY", "NB_REMAINDER",
    "NB_OR", "NB_POWER", "NB_RSHIFT", "NB_SUBTRACT", "NB_TRUE_DIVIDE", "NB_XOR", "NB_INPLACE_ADD",
    "NB_INPLACE_AND", "NB_INPLACE_FLOOR_DIVIDE", "NB_INPLACE_LSHIFT", "NB_INPLACE_MATRIX_MULTIPLY",
    "NB_INPLACE_MULTIPLY", "NB_INPLACE_REMAINDER", "NB_INPLACE_OR", "NB_INPLACE_POWER", "NB_INPLACE_RSHIFT",
    "NB_INPLACE_SUBTRACT", "NB_INPLACE_TRUE_DIVIDE", "NB_INPLACE_XOR", "NB_SUBSCR",
];

/// `get_nb_ops()`: `(name, symbol)` for each `BINARY_OP` oparg.
fn get_nb_ops(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_args("get_nb_ops", args, kw)?;
    let list = ListObject::new()?;
    for (name, sym) in NB_NAMES.iter().zip(dis::NB_OPS) {
        let n = unicodeobject::from_str(name)?;
        let s = unicodeobject::from_str(sym)?;
        list.append(as_obj(&*tupleobject::from_slice(&[as_obj(&*n), as_obj(&*s)])?))?;
    }
    Ok(into_obj(list))
}

/// `get_executor(code, offset)`: rupy has no tier-2 executors.
fn get_executor(args: &[&PyObject], _kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    if args.len() != 2 {
        return Err(type_error(&format!("get_executor expected 2 arguments, got {}", args.len())));
    }
    int_arg(args[1])?;
    Err(errors::set_string(exceptions::value_error(), "no executor at given byte offset"))
}

static FUNCTIONS: [BuiltinDef; 15] = [
    BuiltinDef { name: "stack_effect", func: stack_effect },
    BuiltinDef { name: "is_valid", func: is_valid },
    BuiltinDef { name: "has_arg", func: has_arg },
    BuiltinDef { name: "has_const", func: has_const },
    BuiltinDef { name: "has_name", func: has_name },
    BuiltinDef { name: "has_jump", func: has_jump },
    BuiltinDef { name: "has_free", func: has_free },
    BuiltinDef { name: "has_local", func: has_local },
    BuiltinDef { name: "has_exc", func: has_exc },
    BuiltinDef { name: "get_specialization_stats", func: get_specialization_stats },
    BuiltinDef { name: "get_intrinsic1_descs", func: get_intrinsic1_descs },
    BuiltinDef { name: "get_intrinsic2_descs", func: get_intrinsic2_descs },
    BuiltinDef { name: "get_special_method_names", func: get_special_method_names },
    BuiltinDef { name: "get_nb_ops", func: get_nb_ops },
    BuiltinDef { name: "get_executor", func: get_executor },
];

/// `_opcode_exec`: the functions and the specialization switches (rupy
/// does not specialize yet).
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("_opcode")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("ENABLE_SPECIALIZATION", &*longobject::from_i64(0)?)?;
    m.add_object("ENABLE_SPECIALIZATION_FT", &*longobject::from_i64(0)?)?;
    Ok(into_obj(m))
}
