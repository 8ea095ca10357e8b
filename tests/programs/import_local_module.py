# Importing a sibling module: execution once, sys.modules caching, from-import, star-import.
import sys
import _helper_mod
import _helper_mod as again
print(_helper_mod.CONSTANT, _helper_mod.greet("rupy"), again is _helper_mod)
from _helper_mod import greet, Widget as W
print(greet("x"), W(), "_helper_mod" in sys.modules)
ns = {}
exec("from _helper_mod import *", ns)
print(sorted(k for k in ns if not k.startswith("__")))
print(_helper_mod.__name__, _helper_mod.__file__.rsplit("/", 1)[-1])
try:
    import no_such_module_xyz
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, e.name)
try:
    from _helper_mod import missing_name
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
import importlib
print(importlib.import_module("_helper_mod") is _helper_mod)
