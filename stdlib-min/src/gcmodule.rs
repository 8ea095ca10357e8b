//! The `gc` module, after Modules/gcmodule.c, on the runtime's
//! free-threaded cycle collector (`rupy::state::gc`). As in 3.14t there
//! is one generation: `collect(generation)` always collects everything,
//! and the first threshold is the only one that schedules collections.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use rupy::builtins::BuiltinDef;
use rupy::errors::{self, PyResult};
use rupy::objects::boolobject;
use rupy::objects::dictobject::DictObject;
use rupy::objects::exceptions;
use rupy::objects::listobject::ListObject;
use rupy::objects::longobject;
use rupy::objects::moduleobject;
use rupy::objects::object::{self, ObjRef, PyObject, as_obj, into_obj};
use rupy::objects::r#abstract;
use rupy::objects::tupleobject::{self, TupleObject};
use rupy::objects::unicodeobject;
use rupy::state::gc::{self, Stats};
use rupy_gc::collector;
use rupy_gc::object::gc_bits;

/// `DEBUG_SAVEALL`: keep the garbage in `gc.garbage` instead of freeing it.
const DEBUG_SAVEALL: i64 = 32;

static DEBUG: AtomicI64 = AtomicI64::new(0);
static THRESHOLDS: Mutex<[i64; 3]> = Mutex::new([2000, 10, 0]);

fn type_error(msg: &str) -> errors::ErrSet {
    errors::set_string(exceptions::type_error(), msg)
}

fn no_kw(fname: &str, kwnames: Option<&TupleObject>) -> PyResult<()> {
    if kwnames.is_some_and(|k| k.len() > 0) {
        return Err(type_error(&format!("{fname}() takes no keyword arguments")));
    }
    Ok(())
}

fn at_most(fname: &str, args: &[&PyObject], kwnames: Option<&TupleObject>, n: usize) -> PyResult<()> {
    no_kw(fname, kwnames)?;
    if args.len() > n {
        return Err(type_error(&match n {
            0 => format!("{fname}() takes no arguments ({} given)", args.len()),
            _ => format!("{fname} expected at most {n} argument{}, got {}", if n == 1 { "" } else { "s" }, args.len()),
        }));
    }
    Ok(())
}

fn int(v: i64) -> PyResult<ObjRef> {
    longobject::from_i64(v)
}

/// The module's `callbacks` list, called with ("start"|"stop", info).
fn run_callbacks(module_callbacks: &PyObject, phase: &str, generation: i64, stats: Stats) -> PyResult<()> {
    let Some(list) = object::downcast::<ListObject>(module_callbacks) else { return Ok(()) };
    let info = DictObject::new()?;
    for (k, v) in [("generation", generation), ("collected", stats.collected as i64), ("uncollectable", stats.uncollectable as i64)] {
        info.set_item(&*into_obj(unicodeobject::from_str(k)?), &*int(v)?)?;
    }
    let phase = into_obj(unicodeobject::from_str(phase)?);
    for cb in list.snapshot() {
        if let Err(e) = object::call(&cb, &[&phase, as_obj(&*info)]) {
            drop(e);
            let exc = errors::take_raised();
            if let Some(exc) = exc {
                rupy::errors::traceback::write_unraisable("Exception ignored in garbage collector callback", &exc);
            }
        }
    }
    Ok(())
}

/// `gc.collect(generation=2)`.
fn collect(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let mut generation = 2;
    let given = match (args.len() - nkw, kwnames) {
        (1, None) => Some(args[0]),
        (0, Some(k)) if k.len() == 1 && object::str_lossy(&k.as_slice()[0]) == "generation" => Some(args[0]),
        (0, None) => None,
        _ => return Err(type_error("collect() takes at most 1 argument")),
    };
    if let Some(g) = given {
        generation = r#abstract::as_ssize(g, Some(exceptions::overflow_error()))? as i64;
        if !(0..=2).contains(&generation) {
            return Err(errors::set_string(exceptions::value_error(), "invalid generation"));
        }
    }
    int(run_collection(generation)? as i64)
}

/// A collection with the module's callbacks and `DEBUG_SAVEALL`
/// (`gc_collect_main`'s part in the module); the number of unreachable
/// objects found, 0 if another thread is collecting.
fn run_collection(generation: i64) -> PyResult<usize> {
    let callbacks = rupy::import::machinery::get_module_attr("gc", "callbacks")?;
    run_callbacks(&callbacks, "start", generation, Stats::default())?;
    let save_all = DEBUG.load(Ordering::Relaxed) & DEBUG_SAVEALL != 0;
    let Some((stats, saved)) = gc::collect(save_all) else {
        run_callbacks(&callbacks, "stop", generation, Stats::default())?;
        return Ok(0);
    };
    if !saved.is_empty() {
        let garbage = rupy::import::machinery::get_module_attr("gc", "garbage")?;
        if let Some(list) = object::downcast::<ListObject>(&garbage) {
            for o in &saved {
                list.append(o)?;
            }
        }
    }
    drop(saved);
    gc::record(generation as usize, stats);
    run_callbacks(&callbacks, "stop", generation, stats)?;
    Ok(stats.collected)
}

fn enable(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("enable", args, kwnames, 0)?;
    collector::set_enabled(true);
    Ok(object::none())
}

fn disable(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("disable", args, kwnames, 0)?;
    collector::set_enabled(false);
    Ok(object::none())
}

fn isenabled(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("isenabled", args, kwnames, 0)?;
    Ok(boolobject::from_bool(collector::is_enabled()))
}

fn get_threshold(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("get_threshold", args, kwnames, 0)?;
    let t = *THRESHOLDS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let items = [int(t[0])?, int(t[1])?, int(t[2])?];
    tupleobject::from_slice(&[&items[0], &items[1], &items[2]]).map(into_obj)
}

fn set_threshold(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("set_threshold", kwnames)?;
    if args.is_empty() || args.len() > 3 {
        return Err(type_error(&format!("set_threshold() takes 1 to 3 arguments ({} given)", args.len())));
    }
    let mut t = THRESHOLDS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for (i, a) in args.iter().enumerate() {
        t[i] = r#abstract::as_ssize(a, Some(exceptions::overflow_error()))? as i64;
    }
    collector::set_threshold(t[0] as isize);
    Ok(object::none())
}

fn get_count(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("get_count", args, kwnames, 0)?;
    let young = int(collector::young_count().max(0) as i64)?;
    let z = int(0)?;
    tupleobject::from_slice(&[&young, &z, &z]).map(into_obj)
}

fn get_debug(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("get_debug", args, kwnames, 0)?;
    int(DEBUG.load(Ordering::Relaxed))
}

fn set_debug(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("set_debug", kwnames)?;
    let [flags] = args else { return Err(type_error(&format!("set_debug() takes exactly one argument ({} given)", args.len()))) };
    DEBUG.store(r#abstract::as_ssize(flags, Some(exceptions::overflow_error()))? as i64, Ordering::Relaxed);
    Ok(object::none())
}

/// `gc.is_tracked(obj)`.
fn is_tracked(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("is_tracked", kwnames)?;
    let [obj] = args else { return Err(type_error(&format!("is_tracked() takes exactly one argument ({} given)", args.len()))) };
    Ok(boolobject::from_bool(gc::is_tracked(obj)))
}

fn is_finalized(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("is_finalized", kwnames)?;
    let [obj] = args else { return Err(type_error(&format!("is_finalized() takes exactly one argument ({} given)", args.len()))) };
    Ok(boolobject::from_bool(obj.has_gc_bits(gc_bits::FINALIZED)))
}

fn list_of(items: Vec<ObjRef>) -> PyResult<ObjRef> {
    let list = ListObject::new()?;
    for o in &items {
        list.append(o)?;
    }
    Ok(into_obj(list))
}

/// `gc.get_objects(generation=None)`.
fn get_objects(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    let nkw = kwnames.map_or(0, TupleObject::len);
    let given = match (args.len() - nkw, kwnames) {
        (1, None) => Some(args[0]),
        (0, Some(k)) if k.len() == 1 && object::str_lossy(&k.as_slice()[0]) == "generation" => Some(args[0]),
        (0, None) => None,
        _ => return Err(type_error("get_objects() takes at most 1 argument")),
    };
    if let Some(g) = given.filter(|g| !object::is(g, &object::none())) {
        let g = r#abstract::as_ssize(g, Some(exceptions::overflow_error()))?;
        if g >= 3 {
            return Err(errors::set_string(exceptions::value_error(), "generation parameter must be less than the number of available generations (3)"));
        }
        if g < 0 {
            return Err(errors::set_string(exceptions::value_error(), "generation parameter cannot be negative"));
        }
    }
    list_of(gc::objects())
}

/// `gc.get_referrers(*objs)`.
fn get_referrers(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("get_referrers", kwnames)?;
    list_of(gc::referrers(args))
}

/// `gc.get_referents(*objs)`.
fn get_referents(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    no_kw("get_referents", kwnames)?;
    let mut all = Vec::new();
    for o in args {
        all.extend(gc::referents(o));
    }
    list_of(all)
}

fn freeze(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("freeze", args, kwnames, 0)?;
    gc::freeze();
    Ok(object::none())
}

fn unfreeze(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("unfreeze", args, kwnames, 0)?;
    gc::unfreeze();
    Ok(object::none())
}

fn get_freeze_count(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("get_freeze_count", args, kwnames, 0)?;
    int(gc::freeze_count() as i64)
}

fn get_stats(args: &[&PyObject], kwnames: Option<&TupleObject>) -> PyResult<ObjRef> {
    at_most("get_stats", args, kwnames, 0)?;
    let list = ListObject::new()?;
    for g in gc::history() {
        let d = DictObject::new()?;
        for (k, v) in [("collections", g.collections), ("collected", g.collected), ("uncollectable", g.uncollectable)] {
            d.set_item(&*into_obj(unicodeobject::from_str(k)?), &*int(v as i64)?)?;
        }
        list.append(as_obj(&*d))?;
    }
    Ok(into_obj(list))
}

static FUNCTIONS: [BuiltinDef; 18] = [
    BuiltinDef { name: "get_objects", func: get_objects },
    BuiltinDef { name: "get_referrers", func: get_referrers },
    BuiltinDef { name: "get_referents", func: get_referents },
    BuiltinDef { name: "collect", func: collect },
    BuiltinDef { name: "enable", func: enable },
    BuiltinDef { name: "disable", func: disable },
    BuiltinDef { name: "isenabled", func: isenabled },
    BuiltinDef { name: "get_threshold", func: get_threshold },
    BuiltinDef { name: "set_threshold", func: set_threshold },
    BuiltinDef { name: "get_count", func: get_count },
    BuiltinDef { name: "get_debug", func: get_debug },
    BuiltinDef { name: "set_debug", func: set_debug },
    BuiltinDef { name: "is_tracked", func: is_tracked },
    BuiltinDef { name: "is_finalized", func: is_finalized },
    BuiltinDef { name: "freeze", func: freeze },
    BuiltinDef { name: "unfreeze", func: unfreeze },
    BuiltinDef { name: "get_freeze_count", func: get_freeze_count },
    BuiltinDef { name: "get_stats", func: get_stats },
];

/// `gcmodule_exec`.
pub fn init() -> PyResult<ObjRef> {
    let m = moduleobject::new_module("gc")?;
    m.add_functions(&FUNCTIONS)?;
    m.add_object("garbage", as_obj(&*ListObject::new()?))?;
    m.add_object("callbacks", as_obj(&*ListObject::new()?))?;
    for (name, v) in [("DEBUG_STATS", 1), ("DEBUG_COLLECTABLE", 2), ("DEBUG_UNCOLLECTABLE", 4), ("DEBUG_SAVEALL", 32), ("DEBUG_LEAK", 38)] {
        m.add_object(name, &*int(v)?)?;
    }
    Ok(into_obj(m))
}
