//! The `rupy` command line (the binary itself is in stdlib-min, which
//! registers its builtin modules and calls [`main`]), ported from Modules/main.c (`pymain_run_python`,
//! `pymain_run_file`, `pymain_run_command`) and the reporting half of
//! Python/pythonrun.c (`_PyRun_SimpleFileObject`, `PyErr_Print`).

use std::process::ExitCode;

use crate::compile::code::Code;
use crate::ast::preprocess::SyntaxWarning;
use crate::compile::{compile_bytes_source, compile_file_bytes_source};
use crate::errors;
use crate::objects::codeobject::CodeObject;
use crate::objects::moduleobject::{self, ModuleObject};
use crate::objects::object::{self, ObjRef, as_obj, downcast};
use crate::objects::unicodeobject;
use crate::parser::parser::Mode;
use crate::sysmod::Config;

/// The program name for messages (`argv[0]`).
fn prog() -> String {
    std::env::args_os().next().map_or_else(|| "rupy".into(), |a| a.to_string_lossy().into_owned())
}

fn usage() -> String {
    format!("usage: {} [option] ... [-c cmd | -m mod | file | -] [arg] ...", prog())
}

/// `usage(1, ...)`: the short usage after a command-line error; status 2.
fn usage_error(msg: &str) -> ExitCode {
    eprintln!("{msg}\n{}\nTry `python -h' for more information.", usage());
    ExitCode::from(2)
}

const HELP: &str = "\
Options (and corresponding environment variables):
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-I     : isolate Python from the user's environment (implies -E, -P and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements
-P     : don't prepend a potentially unsafe path to sys.path
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered
-V     : print the Python version number and exit (also --version)
-W arg : warning control
-X opt : set implementation-specific option
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
";

/// What to run.
enum Target {
    /// `-c cmd`.
    Command(String),
    /// `-m module`.
    Module(String),
    /// A script path (`-` is standard input).
    File(String),
}

/// A non-empty environment variable, unless `-E` (`config_get_env`).
fn env_var(config: &Config, name: &str) -> Option<String> {
    if config.ignore_environment {
        return None;
    }
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Parses the command line (`_PyOS_GetOpt` with CPython's option
/// string) into the configuration and what to run.
fn parse_args(args: &[String], config: &mut Config) -> Result<(Option<Target>, Vec<String>), ExitCode> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            break;
        }
        if a == "--version" {
            println!("Python {}.{}.{}", crate::sysmod::VERSION.0, crate::sysmod::VERSION.1, crate::sysmod::VERSION.2);
            return Err(ExitCode::SUCCESS);
        }
        if a == "--help" {
            print!("{}\n{HELP}", usage());
            return Err(ExitCode::SUCCESS);
        }
        if a.starts_with("--") {
            return Err(usage_error(&format!("unknown option {a}")));
        }
        if !a.starts_with('-') || a == "-" {
            let rest = args[i..].to_vec();
            return Ok((Some(Target::File(a.clone())), rest));
        }
        let opts: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        while j < opts.len() {
            let c = opts[j];
            j += 1;
            // Options with a value take the rest of this argument or the
            // next one.
            let mut value = |name: char| -> Result<String, ExitCode> {
                if j < opts.len() {
                    let v: String = opts[j..].iter().collect();
                    j = opts.len();
                    Ok(v)
                } else if i < args.len() {
                    i += 1;
                    Ok(args[i - 1].clone())
                } else {
                    Err(usage_error(&format!("Argument expected for the -{name} option")))
                }
            };
            match c {
                'c' => {
                    let cmd = value('c')?;
                    return Ok((Some(Target::Command(cmd)), args[i..].to_vec()));
                }
                'm' => {
                    let m = value('m')?;
                    return Ok((Some(Target::Module(m)), args[i..].to_vec()));
                }
                'W' => {
                    let w = value('W')?;
                    config.warnoptions.push(w);
                }
                'X' => {
                    let x = value('X')?;
                    if x == "utf8" || x == "utf8=1" {
                        config.utf8_mode = true;
                    } else if x == "dev" {
                        config.dev_mode = true;
                    }
                    config.xoptions.push(x);
                }
                'B' => config.dont_write_bytecode = true,
                'E' => config.ignore_environment = true,
                'I' => {
                    config.isolated = true;
                    config.ignore_environment = true;
                    config.no_user_site = true;
                    config.safe_path = true;
                }
                'O' => config.optimize += 1,
                'P' => config.safe_path = true,
                's' => config.no_user_site = true,
                'S' => config.no_site = true,
                'u' => config.unbuffered = true,
                'q' => config.quiet = true,
                'v' => config.verbose += 1,
                'b' => config.bytes_warning += 1,
                'i' => config.inspect = true,
                'd' | 'R' | 'x' => {}
                'h' | '?' => {
                    print!("{}\n{HELP}", usage());
                    return Err(ExitCode::SUCCESS);
                }
                'V' => {
                    println!("Python {}.{}.{}", crate::sysmod::VERSION.0, crate::sysmod::VERSION.1, crate::sysmod::VERSION.2);
                    return Err(ExitCode::SUCCESS);
                }
                other => return Err(usage_error(&format!("Unknown option: -{other}"))),
            }
        }
    }
    Ok((None, args[i.min(args.len())..].to_vec()))
}

/// Runs the command line of this process; the exit status.
pub fn main() -> ExitCode {
    // Options are parsed from text; an argument that is not UTF-8 reaches
    // `sys.argv` as given, decoded with surrogateescape.
    let all_os: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let all: Vec<String> = all_os.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut config = Config { orig_argv: all_os.clone(), ..Config::default() };
    let (target, rest) = match parse_args(&all[1..], &mut config) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if env_var(&config, "PYTHONDONTWRITEBYTECODE").is_some() {
        config.dont_write_bytecode = true;
    }
    if env_var(&config, "PYTHONUNBUFFERED").is_some() {
        config.unbuffered = true;
    }
    if env_var(&config, "PYTHONSAFEPATH").is_some() {
        config.safe_path = true;
    }
    if env_var(&config, "PYTHONUTF8").as_deref() == Some("1") {
        config.utf8_mode = true;
    }
    // `config_read_gil`: PYTHON_GIL, then -X gil (the first one given).
    let mut gil = None;
    let x_gil = config.xoptions.iter().find_map(|x| match x.split_once('=') {
        Some(("gil", v)) => Some(v),
        None if x == "gil" => Some(""),
        _ => None,
    });
    for v in env_var(&config, "PYTHON_GIL").as_deref().into_iter().chain(x_gil) {
        match crate::state::ceval_gil::read_gil(v) {
            Ok(on) => gil = Some(on),
            Err(msg) => {
                eprintln!("Fatal Python error: config_read_gil: {msg}\nPython runtime state: preinitialized\n");
                return ExitCode::from(1);
            }
        }
    }
    crate::state::ceval_gil::configure(gil);
    config.hash_randomization = std::env::var("PYTHONHASHSEED").ok().filter(|v| !v.is_empty()).is_none_or(|v| v != "0");
    // `config_init_warnoptions`: -X dev, then -b, then PYTHONWARNINGS,
    // then -W, the last winning.
    let mut ws: Vec<String> = Vec::new();
    if config.dev_mode {
        ws.push("default".to_owned());
    }
    match config.bytes_warning {
        0 => {}
        1 => ws.push("default::BytesWarning".to_owned()),
        _ => ws.push("error::BytesWarning".to_owned()),
    }
    if let Some(w) = env_var(&config, "PYTHONWARNINGS") {
        ws.extend(w.split(',').filter(|s| !s.is_empty()).map(str::to_owned));
    }
    ws.append(&mut config.warnoptions);
    config.warnoptions = ws;
    // `stdin_is_interactive`: a terminal, or `-i`.
    let stdin_tty = std::io::IsTerminal::is_terminal(&std::io::stdin());
    let interactive = stdin_tty || config.inspect;
    let run_code = target.is_some();
    let show_header = !config.quiet && (config.verbose > 0 || (!run_code && interactive));
    let site_import = !config.no_site;
    let startup = env_var(&config, "PYTHONSTARTUP");
    let use_environment = !config.ignore_environment;
    INSPECT.store(config.inspect, std::sync::atomic::Ordering::Relaxed);
    let target = target.unwrap_or_else(|| Target::File("-".to_owned()));
    // sys.argv and sys.path[0] (`config_run_filename_abspath`,
    // `_PyPathConfig_ComputeSysPath0`).
    let cwd = std::env::current_dir().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let (argv0, path0) = match &target {
        Target::Command(_) => ("-c".to_owned(), String::new()),
        Target::Module(_) => ("-m".to_owned(), cwd.clone()),
        Target::File(f) if f == "-" => (String::new(), String::new()),
        Target::File(f) => {
            let abs = std::path::Path::new(&cwd).join(f);
            let dir = abs.parent().map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf()));
            (f.clone(), dir.map(|d| d.to_string_lossy().into_owned()).unwrap_or_default())
        }
    };
    config.argv = std::iter::once(argv0.into()).chain(all_os[all_os.len() - rest.len()..].iter().cloned()).collect();
    config.sys_path_0 = Some(path0.clone());
    // `pymain_update_sys_path`: the script's directory goes first in
    // `sys.path` once `site` has run (so `site` leaves it as given).
    let path0 = (!config.safe_path).then_some(path0);
    if let Some(pp) = env_var(&config, "PYTHONPATH") {
        config.path.extend(pp.split(':').filter(|s| !s.is_empty()).map(str::to_owned));
    }
    if let Some(lib) = crate::sysmod::stdlib_dir() {
        config.path.push(lib);
    }
    let optimize = config.optimize as i32;
    // `config->faulthandler`: -X faulthandler or PYTHONFAULTHANDLER.
    let faulthandler = config.xoptions.iter().any(|x| x == "faulthandler" || x.starts_with("faulthandler="))
        || env_var(&config, "PYTHONFAULTHANDLER").is_some();
    let tracemalloc = match tracemalloc_frames(&config) {
        Ok(n) => n,
        Err(msg) => {
            eprintln!("Fatal Python error: config_init_tracemalloc: {msg}\nPython runtime state: preinitialized\n");
            return ExitCode::from(1);
        }
    };
    crate::sysmod::configure(config);
    if let Err(e) = crate::signals::init_main_thread() {
        drop(e);
        crate::errors::clear();
    }
    if faulthandler {
        call_at_startup("faulthandler", "enable", None);
    }
    if tracemalloc > 0 && !call_at_startup("_tracemalloc", "start", Some(tracemalloc)) {
        return ExitCode::from(1);
    }
    // `init_import_site`: `site` adds the site-packages directories (and a
    // virtual environment's), `.pth` files, and the `exit`/`help` builtins.
    if site_import && !import_site() {
        return ExitCode::from(1);
    }
    // `pymain_get_importer`: a directory or zip archive given as the
    // script runs its `__main__` module, with itself first in sys.path.
    let main_importer = match &target {
        Target::File(f) if f != "-" => main_importer_path(&std::path::Path::new(&cwd).join(f).to_string_lossy()),
        _ => None,
    };
    if let Some(p) = main_importer.as_deref().or(path0.as_deref())
        && let Err(e) = prepend_sys_path(p)
    {
        return ExitCode::from(finish(Err(e)));
    }
    if show_header {
        pymain_header(site_import);
    }
    let status = match target {
        Target::Command(cmd) => run_source(cmd.as_bytes(), "<string>", optimize),
        Target::Module(m) => run_module(&m, true),
        Target::File(_) if main_importer.is_some() => run_module("__main__", false),
        // `pymain_run_stdin`: a terminal or `-i` gets the prompt.
        Target::File(path) if path == "-" && interactive => {
            INSPECT.store(false, std::sync::atomic::Ordering::Relaxed);
            run_interactive(startup.as_deref(), optimize)
        }
        Target::File(path) if path == "-" => {
            let mut buf = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf);
            run_source(&buf, "<stdin>", optimize)
        }
        Target::File(path) => match std::fs::read(&path) {
            Ok(bytes) if path.ends_with(".pyc") => run_pyc(&bytes, &path),
            // The script's name becomes absolute (`config_run_filename_abspath`).
            Ok(bytes) => run_source(&bytes, &std::path::Path::new(&cwd).join(&path).to_string_lossy(), optimize),
            Err(e) => {
                let code = e.raw_os_error().unwrap_or(0);
                let text = std::io::Error::from_raw_os_error(code).to_string();
                let text = text.split(" (os error").next().unwrap_or("");
                eprintln!("{}: can't open file '{path}': [Errno {code}] {text}", prog());
                return ExitCode::from(2);
            }
        },
    };
    // `pymain_repl`: `-i` (or PYTHONINSPECT, read now so the program can
    // set it) after running code enters the prompt in `__main__`, if
    // standard input is a terminal or `-i` was given.
    let inspect_env = use_environment && std::env::var("PYTHONINSPECT").is_ok_and(|v| !v.is_empty());
    let status = if run_code && interactive && (INSPECT.load(std::sync::atomic::Ordering::Relaxed) || inspect_env) {
        INSPECT.store(false, std::sync::atomic::Ordering::Relaxed);
        run_interactive(None, optimize)
    } else {
        status
    };
    crate::pylifecycle::finalize();
    ExitCode::from(status)
}

/// `init_import_site`; false (after CPython's fatal error report) when
/// `site` fails to import.
fn import_site() -> bool {
    crate::state::ensure();
    crate::vm::ready_types();
    if crate::import::import_module("site").is_ok() {
        return true;
    }
    crate::builtins::flush_stdout();
    if let Some(exc) = errors::take_raised() {
        eprint!("{}", errors::traceback::format_exception(&exc));
    }
    eprintln!("Fatal Python error: init_import_site: Failed to import the site module\nPython runtime state: initialized\n");
    false
}

/// `sys.path.insert(0, dir)`.
fn prepend_sys_path(dir: &str) -> errors::PyResult<()> {
    crate::state::ensure();
    let Some(path) = crate::import::machinery::sys_attr("path")? else { return Ok(()) };
    let insert = object::get_attr_str(&path, "insert")?;
    let zero = crate::objects::longobject::from_i64(0)?;
    object::call(&insert, &[&zero, as_obj(&*unicodeobject::from_str(dir)?)])?;
    Ok(())
}

/// `-i` is in force: an uncaught SystemExit is reported, not obeyed
/// (`_Py_HandleSystemExit` with `config->inspect`), until the prompt starts.
static INSPECT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `pymain_header`: the version banner on standard error.
fn pymain_header(site_import: bool) {
    let sys_str = |name: &str| {
        crate::import::builtin_module("sys")
            .and_then(|sys| object::get_attr_str(&sys, name))
            .and_then(|v| object::str(&v).map(|s| s.to_string_lossy()))
            .unwrap_or_else(|_| {
                errors::clear();
                String::new()
            })
    };
    eprintln!("Python {} on {}", sys_str("version"), sys_str("platform"));
    if site_import {
        eprintln!("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.");
    }
}

/// The prompt (`pymain_run_stdin` / `pymain_repl`): the PYTHONSTARTUP file
/// (`pymain_run_startup`, with no code run first), `sys.__interactivehook__`,
/// then statements from standard input in `__main__` until it ends; the
/// exit status (0, or SystemExit's).
fn run_interactive(startup: Option<&str>, optimize: i32) -> u8 {
    crate::state::ensure();
    crate::vm::ready_types();
    let main = crate::import::get_module_str("__main__").ok().flatten();
    let globals = match main.as_deref().and_then(downcast::<ModuleObject>) {
        Some(m) => m.dict(),
        None => {
            errors::clear();
            main_module(None).and_then(|m| m.dict())
        }
    };
    let globals = match globals {
        Ok(g) => g,
        Err(e) => return finish(Err(e)),
    };
    if let Some(path) = startup {
        match std::fs::read(path) {
            Ok(src) => {
                let res = compile_file_bytes_source(&src, path, Mode::Exec, 0, optimize, &mut Vec::<SyntaxWarning>::new())
                    .map_err(|e| crate::import::machinery::raise_compile_error(&e, path))
                    .and_then(|code| CodeObject::new(&code))
                    .and_then(|co| crate::vm::run_module_code(co, globals.clone()));
                if let Err(e) = res {
                    report_or_exit(e);
                }
            }
            Err(e) => {
                eprintln!("Could not open PYTHONSTARTUP");
                let err = match unicodeobject::from_str(path) {
                    Ok(p) => crate::objects::exceptions::set_from_errno(e.raw_os_error().unwrap_or(0), Some(as_obj(&*p))),
                    Err(err) => err,
                };
                report_or_exit(err);
            }
        }
    }
    let hook = crate::import::machinery::sys_attr("__interactivehook__");
    if let Ok(Some(hook)) = hook {
        if let Err(e) = object::call(&hook, &[]) {
            eprintln!("Failed calling sys.__interactivehook__");
            report_or_exit(e);
        }
    } else {
        errors::clear();
    }
    finish(crate::pythonrun::interactive_loop(&globals, optimize).map(|()| object::none()))
}

/// `pymain_err_print`: an error before the prompt is printed, unless it is
/// SystemExit, which ends the process.
fn report_or_exit(e: errors::ErrSet) {
    let Some(exc) = errors::take_raised() else {
        drop(e);
        return;
    };
    drop(e);
    if is_instance_named(&exc, "SystemExit") {
        let status = handle_system_exit(&exc);
        crate::pylifecycle::finalize();
        std::process::exit(i32::from(status));
    }
    errors::traceback::print_uncaught(&exc);
}

/// `config_init_tracemalloc`: the number of frames asked for by
/// `-X tracemalloc[=N]` (which wins) or PYTHONTRACEMALLOC; 0 for none.
fn tracemalloc_frames(config: &Config) -> Result<i64, &'static str> {
    let x = config.xoptions.iter().rev().find_map(|x| match x.split_once('=') {
        Some(("tracemalloc", v)) => Some(Some(v)),
        None if x == "tracemalloc" => Some(None),
        _ => None,
    });
    match x {
        Some(None) => Ok(1),
        Some(Some(v)) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or("-X tracemalloc=NFRAME: invalid number of frames"),
        None => match env_var(config, "PYTHONTRACEMALLOC") {
            Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or("PYTHONTRACEMALLOC: invalid number of frames"),
            None => Ok(0),
        },
    }
}

/// Calls `module.func(arg)` before the program runs, as
/// `_PyFaulthandler_Init` and `_PyTraceMalloc_Start` do at start-up; an
/// error is printed and false returned.
fn call_at_startup(module: &str, func: &str, arg: Option<i64>) -> bool {
    crate::state::ensure();
    crate::vm::ready_types();
    let r = crate::import::import_module(module).and_then(|m| {
        let f = object::get_attr_str(&m, func)?;
        match arg {
            Some(n) => object::call(&f, &[&*crate::objects::longobject::from_i64(n)?]),
            None => object::call(&f, &[]),
        }
    });
    if r.is_err() {
        if let Some(exc) = errors::take_raised() {
            crate::errors::traceback::print_uncaught(&exc);
        }
        return false;
    }
    true
}

/// Compiles and runs `source` as `__main__`; the exit status.
fn run_source(source: &[u8], filename: &str, optimize: i32) -> u8 {
    // A source declaring an encoding the parser does not know is decoded
    // through the codec registry, which needs the runtime.
    crate::state::ensure();
    crate::vm::ready_types();
    let mut warnings: Vec<SyntaxWarning> = Vec::new();
    // `-c` is read as a string (`PyRun_SimpleString`), a script and stdin
    // as a file (`_PyParser_ASTFromFile`).
    let compiled = if filename == "<string>" {
        compile_bytes_source(source, filename, Mode::Exec, 0, optimize, &mut warnings)
    } else {
        compile_file_bytes_source(source, filename, Mode::Exec, 0, optimize, &mut warnings)
    };
    if !warnings.is_empty() {
        // The SyntaxWarnings go through the warnings module (which may make
        // them errors), as `_PyErr_EmitSyntaxWarning` does while compiling.
        if let Err(e) = crate::builtins::introspect::emit_syntax_warnings(&warnings, filename) {
            return finish(Err(e));
        }
    }
    let code = match compiled {
        Ok(c) => c,
        // `PyErr_Print`: the SyntaxError goes to `sys.excepthook`.
        Err(e) => return finish(Err(crate::import::machinery::raise_compile_error(&e, filename))),
    };
    if filename == "<string>" {
        crate::errors::traceback::register_command_source(&String::from_utf8_lossy(source));
    }
    run_code(&code, filename)
}

/// `run_pyc_file`: runs the code object of a compiled file.
fn run_pyc(data: &[u8], filename: &str) -> u8 {
    match crate::marshal::load_pyc(data) {
        Ok(code) => run_code(&code, filename),
        Err(e) => {
            eprintln!("RuntimeError: Bad code object in .pyc file ({e:?})");
            1
        }
    }
}

/// The `__main__` module (`PyImport_AddModuleRef("__main__")` as
/// `pymain_run_python` leaves it): `__builtins__` is the builtins module.
fn main_module(file: Option<&str>) -> crate::errors::PyResult<rupy_gc::PyRef<ModuleObject>> {
    let m = moduleobject::new_module("__main__")?;
    let builtins = crate::import::builtin_module("builtins")?;
    m.add_object("__builtins__", &builtins)?;
    if let Some(f) = file {
        m.add_object("__file__", as_obj(&*unicodeobject::from_str(f)?))?;
        m.add_object("__cached__", &object::NONE)?;
    }
    crate::import::set_module(&*unicodeobject::intern_str("__main__")?, as_obj(&*m))?;
    Ok(m)
}

/// Runs a code object as `__main__`; the exit status (1 after printing
/// an uncaught exception).
fn run_code(code: &Code, filename: &str) -> u8 {
    crate::state::ensure();
    crate::vm::ready_types();
    let file = (!filename.starts_with('<')).then_some(filename);
    let res = (|| {
        let co = CodeObject::new(code)?;
        crate::errors::traceback::register_command_code(&co);
        let m = main_module(file)?;
        crate::vm::run_module_code(co, m.dict()?)
    })();
    finish(res)
}

/// `pymain_get_importer`: the absolute `path` of the script when a path
/// hook gives it a finder (a directory, a zip archive), so that its
/// `__main__` module runs. A regular file is handed to the hooks only if
/// it ends with a zip end-of-central-directory record, so that ordinary
/// scripts do not import zipimport.
fn main_importer_path(path: &str) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() && !(meta.is_file() && has_zip_end_record(path, meta.len())) {
        return None;
    }
    crate::state::ensure();
    crate::vm::ready_types();
    match crate::import::machinery::path_importer(path) {
        Ok(Some(_)) => Some(path.to_owned()),
        Ok(None) => None,
        Err(_) => {
            errors::clear();
            None
        }
    }
}

/// Does the file end with a zip archive's end-of-central-directory record
/// (its signature within the last 64 KiB + 22 bytes, where zipimport's
/// `_read_directory` looks for it)?
fn has_zip_end_record(path: &str, len: u64) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    const MAX_TAIL: u64 = 0xffff + 22;
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let start = len.saturating_sub(MAX_TAIL);
    let mut tail = Vec::new();
    if f.seek(SeekFrom::Start(start)).is_err() || f.take(MAX_TAIL).read_to_end(&mut tail).is_err() {
        return false;
    }
    tail.windows(4).any(|w| w == b"PK\x05\x06")
}

/// `pymain_run_module` / runpy's `_run_module_as_main`: finds `name`
/// with the import system (a package runs its `__main__`) and runs it as
/// `__main__`. `alter_argv` (`-m`) makes `sys.argv[0]` the module's
/// file; without it (a directory or zip archive run as the script)
/// `__main__` is looked up as `_get_main_module_details` does.
fn run_module(name: &str, alter_argv: bool) -> u8 {
    crate::state::ensure();
    crate::vm::ready_types();
    let found = if alter_argv {
        crate::import::machinery::find_main_spec(name)
    } else {
        crate::import::machinery::find_main_module_spec()
    };
    let found = match found {
        Ok(f) => f,
        // runpy's `sys.exit("%s: %s" % (sys.executable, exc))`.
        Err(crate::import::machinery::MainError::Message(msg)) => {
            crate::builtins::flush_stdout();
            let exe = match crate::import::machinery::sys_attr("executable") {
                Ok(Some(e)) => object::str_lossy(&e),
                _ => prog(),
            };
            eprintln!("{exe}: {msg}");
            return 1;
        }
        Err(crate::import::machinery::MainError::Raised(e)) => return finish(Err(e)),
    };
    let (spec, file) = found;
    let res = (|| {
        let m = main_module(Some(&file))?;
        let m_obj = as_obj(&*m);
        crate::import::spec::set(m_obj, "__spec__", &spec)?;
        crate::import::spec::set(m_obj, "__loader__", &*object::get_attr_str(&spec, "loader")?)?;
        crate::import::spec::set(m_obj, "__package__", &*object::get_attr_str(&spec, "parent")?)?;
        let cached = object::get_attr_str(&spec, "cached")?;
        crate::import::spec::set(m_obj, "__cached__", &cached)?;
        // sys.argv[0] becomes the module's file.
        if alter_argv
            && let Some(argv) = crate::import::machinery::sys_attr("argv")?
            && let Some(l) = downcast::<crate::objects::listobject::ListObject>(&argv)
            && !l.is_empty()
        {
            l.set_item(0, as_obj(&*unicodeobject::from_str(&file)?))?;
        }
        let loader = object::get_attr_str(&spec, "loader")?;
        let co = if core::ptr::eq(&*loader, crate::import::finders::path_finder()) {
            let spec_name = object::get_attr_str(&spec, "name")?;
            CodeObject::new(&crate::import::machinery::module_code(&object::str_lossy(&spec_name), &file)?)?
        } else {
            // runpy's `_get_module_details`: the loader's code object.
            let spec_name = object::get_attr_str(&spec, "name")?;
            let code = object::call(&*object::get_attr_str(&loader, "get_code")?, &[&spec_name])?;
            match object::downcast_ref::<CodeObject>(code) {
                Ok(co) => co,
                Err(_) => {
                    return Err(crate::import::machinery::import_error(
                        &format!("No code object available for {name}"),
                        None,
                        None,
                    ));
                }
            }
        };
        crate::vm::run_module_code(co, m.dict()?)
    })();
    finish(res)
}

/// Is `e` an instance of the builtin exception class `name`?
fn is_instance_named(e: &object::PyObject, name: &str) -> bool {
    match crate::import::machinery::exc_type(name, crate::objects::exceptions::system_error()) {
        Ok(t) => downcast::<crate::objects::TypeObject>(&t).is_some_and(|t| errors::given_exception_matches(e, t)),
        Err(_) => {
            errors::clear();
            false
        }
    }
}

/// The exit status of a finished run: 0, SystemExit's status
/// (`_Py_HandleSystemExit`), or 1 after printing the traceback.
fn finish(res: crate::errors::PyResult<ObjRef>) -> u8 {
    match res {
        Ok(_) => 0,
        Err(_) => {
            crate::builtins::flush_stdout();
            match errors::take_raised() {
                Some(exc)
                    if is_instance_named(&exc, "SystemExit") && !INSPECT.load(std::sync::atomic::Ordering::Relaxed) =>
                {
                    handle_system_exit(&exc)
                }
                Some(exc) if is_instance_named(&exc, "KeyboardInterrupt") => {
                    // `_Py_UnhandledKeyboardInterrupt`: report, then end by
                    // SIGINT (`exit_sigint`).
                    errors::traceback::print_uncaught(&exc);
                    errors::traceback::exit_sigint()
                }
                Some(exc) => {
                    errors::traceback::print_uncaught(&exc);
                    1
                }
                None => {
                    eprintln!("SystemError: error return without exception set");
                    1
                }
            }
        }
    }
}

/// `_Py_HandleSystemExit`: `code` None is 0, an int is the status, any
/// other value is printed on stderr and gives 1.
fn handle_system_exit(exc: &object::PyObject) -> u8 {
    let code = match object::get_attr_str(exc, "code") {
        Ok(c) => c,
        Err(_) => {
            errors::clear();
            // Without a `code` attribute: the single argument, if any.
            match object::get_attr_str(exc, "args") {
                Ok(a) => match downcast::<crate::objects::tupleobject::TupleObject>(&a) {
                    Some(t) if t.len() == 1 => t.as_slice()[0].clone(),
                    Some(t) if t.is_empty() => object::none(),
                    _ => a,
                },
                Err(_) => {
                    errors::clear();
                    object::none()
                }
            }
        }
    };
    if object::is_none(&code) {
        return 0;
    }
    if object::type_check(&code, &crate::objects::longobject::INT_TYPE) {
        return match crate::objects::r#abstract::as_ssize(&code, None) {
            Ok(n) => n as u8,
            Err(_) => {
                errors::clear();
                1
            }
        };
    }
    crate::builtins::flush_stdout();
    match object::str(&code) {
        Ok(s) => eprintln!("{}", s.to_string_lossy()),
        Err(_) => errors::clear(),
    }
    1
}

