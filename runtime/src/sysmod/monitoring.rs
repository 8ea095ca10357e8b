//! `sys.monitoring` (PEP 669), the Python-level API of
//! Python/instrumentation.c: tool identifiers, callback registration and
//! the global and per-code event sets, with CPython's checks and errors.
//! The eval loop does not deliver monitoring events yet, so registered
//! callbacks are kept but never called (docs/quirks.md).

use std::sync::{Mutex, OnceLock, PoisonError};

use crate::builtins::BuiltinDef;
use crate::errors::{self, PyResult};
use crate::objects::exceptions;
use crate::objects::longobject;
use crate::objects::moduleobject;
use crate::objects::object::{self, ObjRef, PyObject, into_obj};
use crate::objects::r#abstract;
use crate::objects::tupleobject::TupleObject;
use crate::objects::unicodeobject;

/// `PY_MONITORING_TOOL_IDS`.
const TOOL_IDS: usize = 6;

/// The events, by bit (`_PyMonitoringEventSet` bit numbers).
const EVENTS: [(&str, u32); 19] = [
    ("PY_START", 1 << 0),
    ("PY_RESUME", 1 << 1),
    ("PY_RETURN", 1 << 2),
    ("PY_YIELD", 1 << 3),
    ("CALL", 1 << 4),
    ("LINE", 1 << 5),
    ("INSTRUCTION", 1 << 6),
    ("JUMP", 1 << 7),
    ("BRANCH_LEFT", 1 << 8),
    ("BRANCH_RIGHT", 1 << 9),
    ("STOP_ITERATION", 1 << 10),
    ("RAISE", 1 << 11),
    ("EXCEPTION_HANDLED", 1 << 12),
    ("PY_UNWIND", 1 << 13),
    ("PY_THROW", 1 << 14),
    ("RERAISE", 1 << 15),
    ("C_RETURN", 1 << 16),
    ("C_RAISE", 1 << 17),
    ("BRANCH", 1 << 18),
];

/// Events a tool may set (`_PY_MONITORING_EVENTS`): all but the ones
/// implied by others (C_RETURN/C_RAISE come with CALL).
const ALL_EVENTS: u32 = (1 << 19) - 1;
/// Events that cannot be set per code object (`_PY_MONITORING_UNGROUPED_EVENTS`
/// excluded from local sets): the exception events.
const LOCAL_EVENTS: u32 = ALL_EVENTS & !((1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 17));

/// The interpreter's monitoring state (`interp->monitors`,
/// `monitoring_tool_names`, `monitoring_callables`).
struct Monitors {
    names: [Option<ObjRef>; TOOL_IDS],
    global: [u32; TOOL_IDS],
    callbacks: Vec<[Option<ObjRef>; TOOL_IDS]>,
    /// Per-code event sets: the code object, the tool, the events.
    local: Vec<(ObjRef, usize, u32)>,
}

fn monitors() -> &'static Mutex<Monitors> {
    static M: OnceLock<Mutex<Monitors>> = OnceLock::new();
    M.get_or_init(|| {
        Mutex::new(Monitors {
            names: Default::default(),
            global: [0; TOOL_IDS],
            callbacks: (0..EVENTS.len()).map(|_| Default::default()).collect(),
            local: Vec::new(),
        })
    })
}

fn with<R>(f: impl FnOnce(&mut Monitors) -> R) -> R {
    f(&mut monitors().lock().unwrap_or_else(PoisonError::into_inner))
}

fn value_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::value_error(), msg)
}

fn arity<'a>(fname: &str, args: &'a [&'a PyObject], kwnames: Option<&TupleObject>, n: usize) -> PyResult<&'a [&'a PyObject]> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(errors::set_string(exceptions::type_error(), &format!("{fname}() takes no keyword arguments")));
    }
    if args.len() != n {
        let msg = if n == 1 {
            format!("{fname}() takes exactly one argument ({} given)", args.len())
        } else {
            format!("{fname} expected {n} arguments, got {}", args.len())
        };
        return Err(errors::set_string(exceptions::type_error(), &msg));
    }
    Ok(args)
}

/// `check_valid_tool`.
fn tool_arg(v: &PyObject) -> PyResult<usize> {
    let t = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    if !(0..TOOL_IDS as isize).contains(&t) {
        return Err(value_error(&format!("invalid tool {t} (must be between 0 and 5)")));
    }
    Ok(t as usize)
}

/// `check_tool`: the tool must be in use.
fn in_use(m: &Monitors, tool: usize) -> PyResult<()> {
    if m.names[tool].is_none() {
        return Err(value_error(&format!("tool {tool} is not in use")));
    }
    Ok(())
}

fn events_arg(v: &PyObject, allowed: u32) -> PyResult<u32> {
    let e = r#abstract::as_ssize(v, Some(exceptions::overflow_error()))?;
    if e < 0 || e as u64 & !u64::from(allowed) != 0 {
        return Err(value_error(&format!("invalid event set 0x{e:x}")));
    }
    Ok(e as u32)
}

fn use_tool_id(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("use_tool_id", args, kw, 2)?;
    let tool = tool_arg(a[0])?;
    if crate::objects::object::downcast::<crate::objects::unicodeobject::StrObject>(a[1]).is_none() {
        return Err(value_error("tool name must be a str"));
    }
    with(|m| {
        if m.names[tool].is_some() {
            return Err(value_error(&format!("tool {tool} is already in use")));
        }
        m.names[tool] = Some(object::new_ref(a[1]));
        Ok(object::none())
    })
}

/// `clear_tool_id`: drops the tool's events and callbacks.
fn clear_tool_id(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("clear_tool_id", args, kw, 1)?;
    let tool = tool_arg(a[0])?;
    with(|m| {
        if m.names[tool].is_some() {
            m.global[tool] = 0;
            for cbs in &mut m.callbacks {
                cbs[tool] = None;
            }
            m.local.retain(|(_, t, _)| *t != tool);
        }
    });
    Ok(object::none())
}

fn free_tool_id(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("free_tool_id", args, kw, 1)?;
    let tool = tool_arg(a[0])?;
    clear_tool_id(args, kw)?;
    with(|m| m.names[tool] = None);
    Ok(object::none())
}

fn get_tool(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("get_tool", args, kw, 1)?;
    let tool = tool_arg(a[0])?;
    Ok(with(|m| m.names[tool].clone()).unwrap_or_else(object::none))
}

/// `register_callback(tool_id, event, func)`: the previous callback.
fn register_callback(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("register_callback", args, kw, 3)?;
    let tool = tool_arg(a[0])?;
    let event = r#abstract::as_ssize(a[1], Some(exceptions::overflow_error()))?;
    if event <= 0 || event.count_ones() != 1 {
        return Err(value_error("The callback can only be set for one event at a time"));
    }
    let bit = event.trailing_zeros() as usize;
    if bit >= EVENTS.len() {
        return Err(value_error(&format!("invalid event {event}")));
    }
    let func = if object::is_none(a[2]) { None } else { Some(object::new_ref(a[2])) };
    Ok(with(|m| core::mem::replace(&mut m.callbacks[bit][tool], func)).unwrap_or_else(object::none))
}

fn get_events(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("get_events", args, kw, 1)?;
    let tool = tool_arg(a[0])?;
    longobject::from_i64(i64::from(with(|m| m.global[tool])))
}

fn set_events(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("set_events", args, kw, 2)?;
    let tool = tool_arg(a[0])?;
    let events = events_arg(a[1], ALL_EVENTS)?;
    with(|m| {
        in_use(m, tool)?;
        m.global[tool] = events;
        Ok(object::none())
    })
}

fn code_arg(v: &PyObject) -> PyResult<()> {
    if crate::objects::object::downcast::<crate::objects::codeobject::CodeObject>(v).is_none() {
        return Err(errors::set_string(
            exceptions::type_error(),
            &format!("code must be a code object, not {}", crate::objects::object::type_of(v).name()),
        ));
    }
    Ok(())
}

fn get_local_events(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("get_local_events", args, kw, 2)?;
    let tool = tool_arg(a[0])?;
    code_arg(a[1])?;
    let e = with(|m| m.local.iter().find(|(c, t, _)| *t == tool && object::is(c, a[1])).map_or(0, |x| x.2));
    longobject::from_i64(i64::from(e))
}

fn set_local_events(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    let a = arity("set_local_events", args, kw, 3)?;
    let tool = tool_arg(a[0])?;
    code_arg(a[1])?;
    let events = events_arg(a[2], LOCAL_EVENTS)?;
    with(|m| {
        in_use(m, tool)?;
        m.local.retain(|(c, t, _)| !(*t == tool && object::is(c, a[1])));
        if events != 0 {
            m.local.push((object::new_ref(a[1]), tool, events));
        }
        Ok(object::none())
    })
}

/// `restart_events`: re-enables DISABLEd locations (none are disabled
/// while events are not delivered).
fn restart_events(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    arity("restart_events", args, kw, 0)?;
    Ok(object::none())
}

/// `_all_events`: event name -> bitmask of the tools monitoring it.
fn all_events(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    arity("_all_events", args, kw, 0)?;
    let d = crate::objects::dictobject::DictObject::new()?;
    let global = with(|m| m.global);
    for (name, bit) in EVENTS {
        let tools = global.iter().enumerate().filter(|(_, e)| *e & bit != 0).fold(0i64, |acc, (t, _)| acc | (1 << t));
        if tools != 0 {
            d.set_item(&*unicodeobject::intern_str(name)?, &*longobject::from_i64(tools)?)?;
        }
    }
    Ok(into_obj(d))
}

static FUNCTIONS: [BuiltinDef; 11] = [
    BuiltinDef { name: "use_tool_id", func: use_tool_id },
    BuiltinDef { name: "clear_tool_id", func: clear_tool_id },
    BuiltinDef { name: "free_tool_id", func: free_tool_id },
    BuiltinDef { name: "get_tool", func: get_tool },
    BuiltinDef { name: "register_callback", func: register_callback },
    BuiltinDef { name: "get_events", func: get_events },
    BuiltinDef { name: "set_events", func: set_events },
    BuiltinDef { name: "get_local_events", func: get_local_events },
    BuiltinDef { name: "set_local_events", func: set_local_events },
    BuiltinDef { name: "restart_events", func: restart_events },
    BuiltinDef { name: "_all_events", func: all_events },
];

/// The `sys.monitoring` module (`monitoring_module_def`).
pub fn module() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("sys.monitoring")?;
    m.add_functions(&FUNCTIONS)?;
    for (name, id) in [("DEBUGGER_ID", 0), ("COVERAGE_ID", 1), ("PROFILER_ID", 2), ("OPTIMIZER_ID", 5)] {
        m.add_object(name, &*longobject::from_i64(id)?)?;
    }
    // DISABLE and MISSING are unique sentinels.
    for name in ["DISABLE", "MISSING"] {
        let sentinel = crate::objects::object::call(crate::objects::object::as_obj(&crate::objects::typeobject::OBJECT_TYPE), &[])?;
        m.add_object(name, &sentinel)?;
    }
    let mut items: Vec<(&str, ObjRef)> = vec![("NO_EVENTS", longobject::from_i64(0)?)];
    for (name, bit) in EVENTS {
        items.push((name, longobject::from_i64(i64::from(bit))?));
    }
    m.add_object("events", &*crate::objects::namespaceobject::new_namespace(&items)?)?;
    Ok(into_obj(m))
}

/// `sys._jit` (Python/sysmodule.c): rupy has no JIT, so it is neither
/// available, enabled nor active.
fn jit_false(args: &[&PyObject], kw: Option<&TupleObject>) -> PyResult<ObjRef> {
    arity("is_available", args, kw, 0)?;
    Ok(crate::objects::boolobject::from_bool(false))
}

static JIT_FUNCTIONS: [BuiltinDef; 3] = [
    BuiltinDef { name: "is_available", func: jit_false },
    BuiltinDef { name: "is_enabled", func: jit_false },
    BuiltinDef { name: "is_active", func: jit_false },
];

/// The `sys._jit` module.
pub fn jit_module() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("sys._jit")?;
    m.add_functions(&JIT_FUNCTIONS)?;
    Ok(into_obj(m))
}
