//! End-to-end tests of the eval loop: small programs run by the `rupy`
//! binary, checked on stdout, stderr and exit status. With
//! `RUPY_REF_PYTHON` set, each program is also compiled to a `.pyc` by
//! the reference CPython 3.14 and run from that, so the loop is tested on
//! exactly CPython's bytecode; without it, rupy's own compiler is used.

use std::path::PathBuf;
use std::process::Command;

struct Outcome {
    stdout: String,
    stderr: String,
    status: i32,
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rupy-vm-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run_file(path: &PathBuf) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_rupy"))
        .arg(path)
        .output()
        .unwrap();
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// Runs `src` (named `name.py`) from source and, if a reference Python is
/// configured, from the reference's `.pyc` too; both must agree.
fn run(name: &str, src: &str) -> Outcome {
    let py = scratch(&format!("{name}.py"));
    std::fs::write(&py, src).unwrap();
    let from_source = run_file(&py);
    if let Ok(reference) = std::env::var("RUPY_REF_PYTHON") {
        let pyc = scratch(&format!("{name}.pyc"));
        let script = "import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], dfile=sys.argv[1], doraise=True)";
        let st = Command::new(reference)
            .args(["-c", script])
            .arg(&py)
            .arg(&pyc)
            .status()
            .unwrap();
        assert!(st.success(), "reference compile of {name} failed");
        let from_pyc = run_file(&pyc);
        assert_eq!(
            from_pyc.stdout, from_source.stdout,
            "{name}: stdout differs between .pyc and source"
        );
        assert_eq!(
            from_pyc.status, from_source.status,
            "{name}: status differs between .pyc and source"
        );
    }
    from_source
}

fn expect_ok(name: &str, src: &str, stdout: &str) {
    let o = run(name, src);
    assert_eq!(o.stderr, "", "{name}: unexpected stderr");
    assert_eq!(o.stdout, stdout, "{name}: stdout");
    assert_eq!(o.status, 0, "{name}: status");
}

#[test]
fn arithmetic_calls_and_containers() {
    expect_ok(
        "basics",
        r#"
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
x = [1, 2, 3]
x.append(4)
d = {"a": 1, "b": 2}
print(fib(20), x, d, len(x), "hi", 3.5, 7 // 2, 7 % 3, 2 ** 10, -x[0])
t = (1, "two", None, True)
print(t, t[1], x[-1], d["b"], "b" in d, 5 not in x, x is x)
print(1 < 2 < 3, 1 == 1.0, "ab" + "cd", not [], sep="|", end="!\n")
"#,
        "6765 [1, 2, 3, 4] {'a': 1, 'b': 2} 4 hi 3.5 3 1 1024 -1\n\
         (1, 'two', None, True) two 4 2 True True True\n\
         True|True|abcd|True!\n",
    );
}

#[test]
fn loops_unpacking_and_fstrings() {
    expect_ok(
        "loops",
        r#"
total = 0
for v in [1, 2, 3, 4]:
    if v == 3:
        continue
    total += v
i = 0
while True:
    i += 1
    if i > 5:
        break
a, *b = [1, 2, 3]
p, q = q, p = 1, 2
print(total, i, a, b, p, q)
name = "rupy"
print(f"{name!r} has {len(name)} letters: {name}")
for ch in "ab":
    print(ch, end=",")
print()
"#,
        "7 6 1 [2, 3] 2 1\n'rupy' has 4 letters: rupy\na,b,\n",
    );
}

#[test]
fn arguments_defaults_and_closures() {
    expect_ok(
        "args",
        r#"
def f(a, b=2, *args, k, **kw):
    return a, b, args, k, kw
print(f(1, k=3))
print(f(1, 2, 3, 4, k=5, z=6))
print(f(*[7, 8], **{"k": 9}))
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
c(); c()
print(c())
try:
    f()
except TypeError as e:
    print(e)
try:
    f(1, 2, k=1, b=3)
except TypeError as e:
    print(e)
"#,
        "(1, 2, (), 3, {})\n(1, 2, (3, 4), 5, {'z': 6})\n(7, 8, (), 9, {})\n3\n\
         f() missing 1 required positional argument: 'a'\n\
         f() got multiple values for argument 'b'\n",
    );
}

#[test]
fn exceptions_are_caught_chained_and_reported() {
    expect_ok(
        "excs",
        r#"
d = {}
try:
    d["zz"]
except KeyError as e:
    print("caught", repr(e))
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("bad")
except ValueError as e:
    print(repr(e), repr(e.__context__))
try:
    raise KeyError("k") from None
except LookupError as e:
    print("lookup", e, e.__suppress_context__)
def g():
    try:
        return "try"
    finally:
        print("finally")
print(g())
"#,
        "caught KeyError('zz')\nValueError('bad') ZeroDivisionError('division by zero')\nlookup 'k' True\nfinally\ntry\n",
    );
    let o = run(
        "uncaught",
        "def level2(d):\n    return d['missing']\ndef level1():\n    return level2({})\nprint('start')\nlevel1()\n",
    );
    assert_eq!(o.stdout, "start\n");
    assert_eq!(o.status, 1);
    assert!(
        o.stderr.starts_with("Traceback (most recent call last):\n"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("line 6, in <module>\n"), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("line 2, in level2\n    return d['missing']\n"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.ends_with("KeyError: 'missing'\n"), "{}", o.stderr);
}

#[test]
fn deep_recursion_raises_recursion_error() {
    expect_ok(
        "recursion",
        r#"
def deep(n):
    return deep(n + 1)
try:
    deep(0)
except RecursionError as e:
    print("recursion:", e)
def down(n):
    return 0 if n == 0 else 1 + down(n - 1)
print(down(900))
"#,
        "recursion: maximum recursion depth exceeded\n900\n",
    );
    let o = run(
        "recursion_uncaught",
        "def forever(n):\n    return forever(n + 1)\nforever(0)\n",
    );
    assert_eq!(o.status, 1);
    assert!(
        o.stderr
            .contains("  [Previous line repeated 996 more times]\n"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr
            .ends_with("RecursionError: maximum recursion depth exceeded\n"),
        "{}",
        o.stderr
    );
}

#[test]
fn missing_names_and_bad_operations_raise() {
    let o = run("nameerror", "x = 1\nprint(x)\nprint(undefined_name)\n");
    assert_eq!(o.stdout, "1\n");
    assert_eq!(o.status, 1);
    assert!(
        o.stderr
            .ends_with("NameError: name 'undefined_name' is not defined\n"),
        "{}",
        o.stderr
    );
    expect_ok(
        "typeerrors",
        r#"
for thunk in (lambda: 1 + "a", lambda: len(5), (lambda n=5: n()), lambda: [][0]):
    try:
        thunk()
    except (TypeError, IndexError) as e:
        print(repr(e))
"#,
        "TypeError(\"unsupported operand type(s) for +: 'int' and 'str'\")\n\
         TypeError(\"object of type 'int' has no len()\")\n\
         TypeError(\"'int' object is not callable\")\n\
         IndexError('list index out of range')\n",
    );
}

#[test]
fn classes_methods_and_super() {
    expect_ok(
        "classes",
        r#"
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
class P3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z
p = P3(1, 2, 3)
m = p.norm2
print(p.norm2(), m(), p, p.z, isinstance(p, Point), issubclass(P3, Point))
"#,
        "5 5 Point(1, 2) 3 True True\n",
    );
}
