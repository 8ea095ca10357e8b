//! The import system, `sys` and the command line, end to end: programs
//! in a scratch directory run by the `rupy` binary. The expected outputs
//! are what CPython 3.14 prints for the same files and command lines
//! (with the scratch directory's path replaced by `DIR`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory with the given files (`path`, `text`).
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rupy-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir.canonicalize().unwrap()
}

/// Runs `rupy ARGS` in `dir` with a clean environment; stdout, stderr
/// (with `dir` shown as `DIR`) and the exit status.
fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_rupy"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PYTHONHASHSEED", "0")
        .output()
        .unwrap();
    let d = dir.to_string_lossy().into_owned();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&d, "DIR");
    (clean(&out.stdout), clean(&out.stderr), out.status.code().unwrap_or(-1))
}

const PACKAGE: &[(&str, &str)] = &[
    ("pkg/__init__.py", "print('pkg init', __name__, __package__, len(__path__))\nVALUE = 1\n"),
    (
        "pkg/mod.py",
        "from . import helper\nfrom .helper import twice\nfrom .sub.leaf import LEAF\n\
         __all__ = ['twice', 'LEAF', 'public']\ndef public(): return 'public'\ndef _private(): return 'private'\n",
    ),
    ("pkg/helper.py", "def twice(x): return 2 * x\nprint('helper runs once')\n"),
    ("pkg/sub/__init__.py", ""),
    ("pkg/sub/leaf.py", "from .. import helper\nfrom ..helper import twice\nLEAF = twice(21)\n"),
    ("circ/__init__.py", "import circ.b\nX = 1\n"),
    ("circ/b.py", "from circ import X\n"),
];

#[test]
fn packages_relative_imports_and_errors() {
    let main = r#"import sys
import pkg.mod
import pkg.mod as again
from pkg.mod import *
print(twice(4), LEAF, public(), "_private" in dir())
print(again is pkg.mod, pkg.mod.helper is sys.modules["pkg.helper"], pkg.sub.leaf.LEAF)
print(pkg.mod.__name__, pkg.mod.__package__, pkg.mod.__spec__.name, pkg.mod.__spec__.parent)
print(pkg.__spec__.submodule_search_locations == pkg.__path__, pkg.__file__.endswith("pkg/__init__.py"))
print(pkg.mod.__file__.endswith("pkg/mod.py"), pkg.mod.__cached__.endswith(".pyc"))
for name, fromlist in [("no_such_mod", None), ("pkg.nope", None), ("pkg.helper.deeper", None), ("pkg", ["nothing_here"]), ("circ", None)]:
    try:
        m = __import__(name, globals(), None, fromlist, 0)
        if fromlist:
            getattr(m, fromlist[0])
    except ImportError as e:
        print(type(e).__name__, "|", e, "|", e.name)
    except AttributeError as e:
        print("AttributeError |", e)
for globs, level in [({"__name__": "top"}, 1), ({"__name__": "pkg", "__package__": "pkg"}, 3)]:
    try:
        __import__("x", globs, None, None, level)
    except ImportError as e:
        print(type(e).__name__, "|", e)
try:
    __import__("")
except ValueError as e:
    print("ValueError |", e)
print(__import__("pkg.sub.leaf").__name__, __import__("pkg.sub.leaf", fromlist=["LEAF"]).__name__)
print(sorted(n for n in sys.modules if n.startswith("pkg")))
"#;
    let mut files = PACKAGE.to_vec();
    files.push(("main.py", main));
    let dir = tree("pkg", &files);
    let (out, err, status) = run(&dir, &["-B", "main.py"]);
    assert_eq!(err, "");
    assert_eq!(status, 0);
    assert_eq!(
        out,
        "pkg init pkg pkg 1
helper runs once
8 42 public False
True True 42
pkg.mod pkg pkg.mod pkg
True True
True True
ModuleNotFoundError | No module named 'no_such_mod' | no_such_mod
ModuleNotFoundError | No module named 'pkg.nope' | pkg.nope
ModuleNotFoundError | No module named 'pkg.helper.deeper'; 'pkg.helper' is not a package | pkg.helper.deeper
AttributeError | module 'pkg' has no attribute 'nothing_here'
ImportError | cannot import name 'X' from 'circ' (consider renaming 'DIR/circ/__init__.py' if it has the same name as a library you intended to import) | circ
ImportError | attempted relative import with no known parent package
ImportError | attempted relative import beyond top-level package
ValueError | Empty module name
pkg pkg.sub.leaf
['pkg', 'pkg.helper', 'pkg.mod', 'pkg.sub', 'pkg.sub.leaf']
"
    );
}

#[test]
fn module_objects() {
    let main = r#"import sys
M = type(sys)
m = M("fresh", "doc")
print(m, m.__name__, m.__doc__, m.__spec__, m.__package__, m.__loader__, sys)
m.__dict__["__getattr__"] = lambda name: "dyn_" + name
m.__dict__["__dir__"] = lambda: ["b", "a"]
print(m.anything, dir(m))
try:
    M("x").missing
except AttributeError as e:
    print("AttributeError:", e)
sys.modules["made"] = m
import made
print(made is m)
sys.modules["made"] = None
try:
    import made
except ImportError as e:
    print(type(e).__name__, e)
class Sub(M):
    pass
print(Sub("s"), isinstance(Sub("s"), M))
import types
ns = types.SimpleNamespace({"x": 1}, y=2)
ns.me = ns
print(type(sys.implementation) is types.SimpleNamespace, ns, vars(ns)["y"], ns == types.SimpleNamespace(x=1))
"#;
    let dir = tree("module", &[("main.py", main)]);
    let (out, err, status) = run(&dir, &["-B", "main.py"]);
    assert_eq!((err.as_str(), status), ("", 0));
    assert_eq!(
        out,
        "<module 'fresh'> fresh doc None None None <module 'sys' (built-in)>
dyn_anything ['a', 'b']
AttributeError: module 'x' has no attribute 'missing'
True
ModuleNotFoundError import of made halted; None in sys.modules
<module 's'> True
True namespace(x=1, y=2, me=namespace(...)) 2 False
"
    );
}

#[test]
fn circular_import_and_stdlib_shadowing_messages() {
    let dir = tree(
        "circ",
        &[
            ("a2.py", "import b2\ndef f(): return 1\n"),
            ("b2.py", "import a2\nprint(a2.f)\n"),
            ("string.py", "import string\nprint(string.nope)\n"),
        ],
    );
    let (out, err, status) = run(&dir, &["-B", "b2.py"]);
    assert_eq!((out.as_str(), status), ("", 1));
    assert!(
        err.ends_with(
            "AttributeError: module 'a2' has no attribute 'f' (consider renaming 'DIR/a2.py' if it has the same name as a library you intended to import)\n"
        ),
        "{err}"
    );
    let (_, err, status) = run(&dir, &["-B", "-c", "import string"]);
    assert_eq!(status, 1);
    assert!(
        err.ends_with(
            "AttributeError: module 'string' has no attribute 'nope' (consider renaming 'DIR/string.py' since it has the same name as the standard library module named 'string' and prevents importing that standard library module)\n"
        ),
        "{err}"
    );
}

#[test]
fn bytecode_cache_is_written_and_reused() {
    let dir = tree("cache", &[("m.py", "print('m body')\nX = 7\n"), ("main.py", "import m\nprint(m.X, m.__cached__)\n")]);
    let (out, err, status) = run(&dir, &["main.py"]);
    assert_eq!((err.as_str(), status), ("", 0));
    assert_eq!(out, "m body\n7 DIR/__pycache__/m.rupy-314.pyc\n");
    let cache = dir.join("__pycache__/m.rupy-314.pyc");
    let data = std::fs::read(&cache).unwrap();
    assert_eq!(&data[..4], b"\x2b\x0e\r\n", "CPython 3.14's magic number");
    // A second run loads the cache; a run with -B neither reads a stale
    // cache wrongly nor writes one.
    let (out2, _, _) = run(&dir, &["main.py"]);
    assert_eq!(out2, out);
    std::fs::write(dir.join("m.py"), "print('m body 2')\nX = 8\n").unwrap();
    let (out3, _, _) = run(&dir, &["-B", "main.py"]);
    assert_eq!(out3, "m body 2\n8 DIR/__pycache__/m.rupy-314.pyc\n");
    std::fs::remove_dir_all(dir.join("__pycache__")).unwrap();
    let _ = run(&dir, &["-B", "main.py"]);
    assert!(!cache.exists());
}

#[test]
fn command_line_and_sys() {
    let dir = tree(
        "cli",
        &[
            ("app/__init__.py", ""),
            ("app/__main__.py", "import sys\nprint('main of app', __name__, sys.argv[1:])\n"),
            (
                "runner/go.py",
                "import sys\nprint('runner', __name__, __package__, sys.argv[0].endswith('runner/go.py'), sys.argv[1:])\nsys.exit('bye')\n",
            ),
            ("runner/__init__.py", ""),
            (
                "s.py",
                "import sys\nprint(sys.argv, sys.path[0] == __file__.rsplit('/', 1)[0], __file__)\n\
                 print(sys.version_info >= (3, 14), sys.version_info[:2], sys.version_info.major, sys.implementation.name)\n\
                 print(sys.maxsize, sys.byteorder, sys.getrecursionlimit(), sys.flags.dont_write_bytecode)\n\
                 print(sys.modules['__main__'].__name__, type(__builtins__).__name__, 'sys' in sys.builtin_module_names)\n\
                 sys.stdout.write('direct\\n')\nprint('to stderr', file=sys.stderr)\n",
            ),
        ],
    );
    let (out, err, status) = run(&dir, &["-B", "s.py", "a", "b"]);
    assert_eq!((err.as_str(), status), ("to stderr\n", 0));
    assert_eq!(
        out,
        "['s.py', 'a', 'b'] True DIR/s.py\nTrue (3, 14) 3 rupy\n9223372036854775807 little 1000 1\n__main__ module True\ndirect\n"
    );
    assert_eq!(run(&dir, &["-B", "-m", "app", "x", "y"]), ("main of app __main__ ['x', 'y']\n".into(), String::new(), 0));
    assert_eq!(
        run(&dir, &["-B", "-m", "runner.go", "1"]),
        ("runner __main__ runner True ['1']\n".into(), "bye\n".into(), 1)
    );
    let (_, err, status) = run(&dir, &["-B", "-m", "nosuch"]);
    assert!(err.ends_with(": No module named nosuch\n"), "{err}");
    assert_eq!(status, 1);
    let (_, err, _) = run(&dir, &["-B", "-m", "runner"]);
    assert!(
        err.ends_with(": No module named runner.__main__; 'runner' is a package and cannot be directly executed\n"),
        "{err}"
    );
    let (out, _, status) = run(&dir, &["-c", "import sys; print(sys.argv, repr(sys.path[0]))", "a"]);
    assert_eq!((out.as_str(), status), ("['-c', 'a'] ''\n", 0));
    assert_eq!(run(&dir, &["-c", "raise SystemExit(3)"]).2, 3);
    assert_eq!(run(&dir, &["-c", "raise SystemExit(None)"]).2, 0);
    assert_eq!(run(&dir, &["-c", "import sys; sys.exit(256 + 7)"]).2, 7);
    let (out, _, _) = run(
        &dir,
        &["-BE", "-W", "ignore", "-Xdev", "-c", "import sys; print(sys.flags.dev_mode, sys.warnoptions, sys._xoptions, sys.flags.ignore_environment)"],
    );
    assert_eq!(out, "True ['default', 'ignore'] {'dev': True} 1\n");
    let (out, err, status) = run(&dir, &["-Z"]);
    assert_eq!((out.as_str(), status), ("", 2));
    assert!(err.starts_with("Unknown option: -Z\nusage: "), "{err}");
    let (_, err, status) = run(&dir, &["-c"]);
    assert_eq!(status, 2);
    assert!(err.starts_with("Argument expected for the -c option\n"), "{err}");
}

#[test]
fn atexit_callbacks_run_newest_first_after_system_exit() {
    let dir = tree(
        "atexit",
        &[(
            "a.py",
            "import atexit, sys\ndef bye(n): print('bye', n)\natexit.register(bye, 1)\natexit.register(print, 'a', 'b', sep='-')\n\
             atexit.register(bye, 2)\natexit.unregister(bye)\natexit.register(bye, 3)\nprint(atexit._ncallbacks())\nsys.exit('done')\n",
        )],
    );
    assert_eq!(run(&dir, &["a.py"]), ("2\nbye 3\na-b\n".into(), "done\n".into(), 1));
}

/// Arguments that are not UTF-8 reach `sys.argv` decoded with
/// surrogateescape (`Py_DecodeLocale`), so `os.fsencode` gives the bytes
/// back, as in CPython; they used to stop the interpreter with a panic.
#[test]
fn non_utf8_arguments_are_surrogate_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree("argv", &[("empty.py", "")]);
    let out = Command::new(env!("CARGO_BIN_EXE_rupy"))
        .arg("-c")
        .arg("import os, sys; print(ascii(sys.argv[1:]), os.fsencode(sys.argv[1]), ascii(sys.orig_argv[-2]))")
        .arg(std::ffi::OsStr::from_bytes(b"a\xff\xfeb"))
        .arg("\u{e9}")
        .current_dir(&dir)
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "['a\\udcff\\udcfeb', '\\xe9'] b'a\\xff\\xfeb' 'a\\udcff\\udcfeb'\n"
    );
}
