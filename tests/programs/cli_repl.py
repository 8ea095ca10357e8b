# The prompt (-i and piped standard input): statements run one at a time in
# __main__, expression values are displayed, errors are reported and the
# loop goes on, compound statements end at a blank line, prompts go to
# stderr, PYTHONSTARTUP runs first, SystemExit ends the session.
import os, subprocess, sys, tempfile

TMP = None

def repl(args, text, **env):
    e = dict(os.environ, PYTHON_BASIC_REPL="1", **env)
    e.pop("PYTHONSTARTUP", None) if "PYTHONSTARTUP" not in env else None
    r = subprocess.run([sys.executable, "-q", *args], input=text, capture_output=True, text=True, env=e)
    print("--- rc", r.returncode)
    print(r.stdout, end="")
    print("stderr:", r.stderr.replace(TMP, "TMP") if TMP else r.stderr, end="")

repl(["-i"], "x = 6\nx * 7\nimport sys; hasattr(sys, 'ps1'), sys.ps2\n")
repl(["-i"], "def f(n):\n    return 10 / n\n\nf(5)\nf(0)\nf(2)\n")
repl(["-i"], "if 1:\n  print('a')\nelse:\n  print('b')\n\nfor i in range(2): i\n\n")
repl(["-i"], "a b\n'ok'\n(1,\n 2)\n\"\"\"x\ny\"\"\"\n")
repl(["-i"], "if 1:\n  x = 1\ny = 2\nx\n")
repl(["-i"], "from __future__ import annotations\ndef g(a: nope): pass\n\ng.__annotations__\n")
repl(["-i"], "import sys\nsys.exit(3)\nprint('no')\n")
repl(["-i"], "1 +\n")
repl(["-i"], "x = 1\nx + 1")
with tempfile.TemporaryDirectory() as d:
    TMP = d
    script = os.path.join(d, "script.py")
    with open(script, "w") as f:
        f.write("y = 5\nraise SystemExit(4)\n")
    repl(["-i", script], "y\n")
    startup = os.path.join(d, "startup.py")
    with open(startup, "w") as f:
        f.write("print('startup ran'); z = 9\n")
    repl(["-i"], "z\n", PYTHONSTARTUP=startup)
    repl(["-i", "-c", "w = 2"], "w\n", PYTHONSTARTUP=startup)
TMP = None
repl(["-c", "v = 1"], "v\n", PYTHONINSPECT="1")
repl([], "print('plain stdin')\nq = 1\nq\n")
