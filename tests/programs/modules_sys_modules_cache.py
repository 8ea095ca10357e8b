# sys.modules caching, module attributes, reload-free re-import, and module-level __getattr__.
import sys
import types
mod = types.ModuleType("dynmod")
exec("""
counter = 0
def __getattr__(name):
    if name.startswith("auto_"):
        return name[5:].upper()
    raise AttributeError(f"module 'dynmod' has no attribute {name!r}")
def __dir__():
    return ["counter", "auto_*"]
""", mod.__dict__)
sys.modules["dynmod"] = mod
import dynmod
print(dynmod is mod, dynmod.counter, dynmod.auto_hello, dir(dynmod))
try:
    dynmod.other
except AttributeError as e:
    print("AttributeError:", e)
dynmod.counter += 1
import dynmod as again
print(again.counter)
del sys.modules["dynmod"]
try:
    import dynmod
except ImportError as e:
    print(type(e).__name__ + ":", e)
import json
print("json" in sys.modules, sys.modules["json"] is json)
