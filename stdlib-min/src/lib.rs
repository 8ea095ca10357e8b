//! rupy-stdlib: Rust ports of CPython's Modules/*.c, registered with the
//! runtime at start-up.

#[path = "_io/mod.rs"]
pub mod io;
pub mod abcmodule;
pub mod arraymodule;
pub mod atexitmodule;
pub mod cmathmodule;
pub mod interpqueuesmodule;
pub mod interpretersmodule;
pub mod binasciimodule;
pub mod blake2module;
pub mod bisectmodule;
pub mod codecsmodule;
pub mod collectionsmodule;
pub mod contextvarsmodule;
pub mod errnomodule;
pub mod faulthandler;
pub mod fcntlmodule;
pub mod functoolsmodule;
pub mod gcmodule;
pub mod heapqmodule;
mod guarded;
pub mod hashlib;
pub mod itertoolsmodule;
pub mod jsonmodule;
pub mod localemodule;
pub mod marshalmodule;
pub mod md5module;
pub mod mathmodule;
pub mod opcodemodule;
pub mod operatormodule;
pub mod posixmodule;
pub mod posixsubprocessmodule;
pub mod queuemodule;
pub mod randommodule;
pub mod resourcemodule;
pub mod selectmodule;
pub mod sha1module;
pub mod sha2module;
pub mod sha3module;
pub mod signalmodule;
pub mod statmodule;
pub mod socketmodule;
pub mod structmodule;
pub mod sysconfigdata;
#[path = "_sre/mod.rs"]
pub mod sre;
pub mod threadmodule;
pub mod timemodule;
pub mod tracemallocmodule;
pub mod typingmodule;
pub mod unicodedatamodule;
pub mod warningsmodule;
pub mod weakrefmodule;
pub mod zlibmodule;
pub mod testinternalcapi;

/// Adds every module of this crate to the runtime's builtin-module table
/// (`rupy::import::register_builtin`, CPython's `PyImport_Inittab`).
/// Called by the `rupy` binary before anything runs.
pub fn register_all() {
    atexitmodule::register();
    rupy::import::register_builtin("_opcode", opcodemodule::init);
    rupy::import::register_builtin("_interpreters", interpretersmodule::init);
    rupy::import::register_builtin("_interpqueues", interpqueuesmodule::init);
    rupy::import::register_builtin("itertools", itertoolsmodule::init);
    rupy::import::register_builtin("_collections", collectionsmodule::init);
    rupy::import::register_builtin("_functools", functoolsmodule::init);
    rupy::import::register_builtin("_abc", abcmodule::init);
    rupy::import::register_builtin("posix", posixmodule::init);
    rupy::import::register_builtin("errno", errnomodule::init);
    rupy::import::register_builtin("time", timemodule::init);
    rupy::import::register_builtin("_contextvars", contextvarsmodule::init);
    rupy::import::register_builtin("math", mathmodule::init);
    rupy::import::register_builtin("cmath", cmathmodule::init);
    rupy::import::register_builtin("_io", io::init);
    io::register_open();
    rupy::import::register_builtin("_string", rupy::objects::unicode_string_module::init);
    rupy::import::register_builtin("_thread", threadmodule::init);
    rupy::import::register_builtin("_weakref", weakrefmodule::init);
    rupy::import::register_builtin("_warnings", warningsmodule::init);
    rupy::import::register_builtin("marshal", marshalmodule::init);
    rupy::import::register_builtin("_sre", sre::init);
    rupy::import::register_builtin("_codecs", codecsmodule::init);
    rupy::import::register_builtin("_signal", signalmodule::init);
    rupy::import::register_builtin("gc", gcmodule::init);
    rupy::import::register_builtin("_random", randommodule::init);
    rupy::import::register_builtin("_struct", structmodule::init);
    rupy::import::register_builtin("select", selectmodule::init);
    rupy::import::register_builtin("_socket", socketmodule::init);
    rupy::import::register_builtin("_posixsubprocess", posixsubprocessmodule::init);
    rupy::import::register_builtin("resource", resourcemodule::init);
    rupy::import::register_builtin("_typing", typingmodule::init);
    rupy::import::register_builtin("unicodedata", unicodedatamodule::init);
    rupy::import::register_builtin("_md5", md5module::init);
    rupy::import::register_builtin("_sha1", sha1module::init);
    rupy::import::register_builtin("_sha2", sha2module::init);
    rupy::import::register_builtin("_sha3", sha3module::init);
    rupy::import::register_builtin("_blake2", blake2module::init);
    rupy::import::register_builtin("binascii", binasciimodule::init);
    rupy::import::register_builtin("zlib", zlibmodule::init);
    rupy::import::register_builtin("_json", jsonmodule::init);
    rupy::import::register_builtin("_operator", operatormodule::init);
    rupy::import::register_builtin("_heapq", heapqmodule::init);
    rupy::import::register_builtin("_bisect", bisectmodule::init);
    rupy::import::register_builtin("_testinternalcapi", testinternalcapi::init);
    rupy::import::register_builtin("_queue", queuemodule::init);
    rupy::import::register_builtin("array", arraymodule::init);
    rupy::import::register_builtin("_stat", statmodule::init);
    rupy::import::register_builtin("fcntl", fcntlmodule::init);
    rupy::import::register_builtin("_locale", localemodule::init);
    rupy::import::register_builtin("faulthandler", faulthandler::init);
    rupy::import::register_builtin("_tracemalloc", tracemallocmodule::init);
    rupy::import::register_builtin(sysconfigdata::NAME, sysconfigdata::init);
}
