# site at start-up and virtual environments: `-m venv` makes one whose
# interpreter has the environment as sys.prefix and its site-packages on
# sys.path; -S skips site (no exit/quit builtins, no site-packages).
import os, subprocess, sys, tempfile
import builtins
print("site" in sys.modules, hasattr(builtins, "exit"), hasattr(builtins, "help"))
with tempfile.TemporaryDirectory() as d:
    env_dir = os.path.join(d, "env")
    r = subprocess.run([sys.executable, "-m", "venv", "--without-pip", env_dir], capture_output=True, text=True)
    print("venv rc", r.returncode, r.stderr)
    print(os.path.isfile(os.path.join(env_dir, "pyvenv.cfg")), os.path.exists(os.path.join(env_dir, "bin", "python")))
    sp = os.path.join(env_dir, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
    os.makedirs(sp, exist_ok=True)
    with open(os.path.join(sp, "inside_venv.py"), "w") as f:
        f.write("WHERE = 'venv'\n")
    code = ("import sys, inside_venv; print(inside_venv.WHERE, sys.prefix == %r, sys.base_prefix != sys.prefix, "
            "sys.executable.startswith(%r))" % (env_dir, env_dir))
    r = subprocess.run([os.path.join(env_dir, "bin", "python"), "-c", code], capture_output=True, text=True)
    print(r.returncode, r.stdout, r.stderr)
    r = subprocess.run([os.path.join(env_dir, "bin", "python"), "-S", "-c",
                        "import sys, builtins; print('site' in sys.modules, hasattr(builtins, 'exit'))"],
                       capture_output=True, text=True)
    print(r.returncode, r.stdout, r.stderr)
