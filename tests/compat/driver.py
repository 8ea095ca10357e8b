# Runs one CPython test module under the interpreter running this file and
# prints one summary line that scripts/compat.sh parses:
#   COMPAT <module> run=N failures=N errors=N skipped=N xfail=N xpass=N passed=N
# (passed counts tests with no failure or error in any of their subtests;
# errors raised outside tests, in setUpClass for instance, count too)
# or, when the module (or unittest itself) cannot be imported:
#   COMPAT <module> import-error <ExceptionType>: <message>
import sys

name = sys.argv[1]
verbose = "-v" in sys.argv[2:]


def fail_import(exc):
    msg = str(exc).splitlines()[0] if str(exc) else ""
    print(f"COMPAT {name} import-error {type(exc).__name__}: {msg}", flush=True)
    sys.exit(0)


try:
    import importlib
    import unittest
except BaseException as exc:  # the runtime's own gaps are what we record
    fail_import(exc)

try:
    module = importlib.import_module(name)
except unittest.SkipTest as exc:
    print(f"COMPAT {name} run=0 failures=0 errors=0 skipped=1 xfail=0 xpass=0 passed=0 (module skipped: {exc})", flush=True)
    sys.exit(0)
except BaseException as exc:
    fail_import(exc)

suite = unittest.defaultTestLoader.loadTestsFromModule(module)
runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2 if verbose else 1)
result = runner.run(suite)
def test_id(test):
    # A subtest's failure belongs to its test.
    return getattr(test, "test_case", test).id()


bad = {test_id(t) for t, _ in result.failures + result.errors}
bad |= {test_id(t) for t in result.unexpectedSuccesses}
other = {test_id(t) for t, _ in result.skipped + result.expectedFailures}
passed = max(0, result.testsRun - len(bad | other))
# On a line of its own: tests may leave stdout mid-line (the
# concurrent.futures executor tests print timings with end=' ').
print(
    f"\nCOMPAT {name} run={result.testsRun} failures={len(result.failures)} "
    f"errors={len(result.errors)} skipped={len(result.skipped)} "
    f"xfail={len(result.expectedFailures)} xpass={len(result.unexpectedSuccesses)} passed={passed}",
    flush=True,
)
