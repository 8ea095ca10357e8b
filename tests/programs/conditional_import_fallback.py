# Conditional imports with fallbacks, importing inside functions, and __import__.
try:
    import tomllib as toml_reader
    print("have tomllib")
except ImportError:
    toml_reader = None
try:
    import definitely_missing_module as dm
except ImportError as e:
    dm = None
    print("fallback for", e.name)
def lazy():
    import json
    return json.dumps({"lazy": True})
print(lazy(), dm)
data = toml_reader.loads('title = "t"\n[owner]\nname = "n"\nnums = [1, 2]\n')
print(data)
mod = __import__("math")
print(mod.sqrt(16), __import__("os.path").path.join("a", "b"))
import importlib.util
print(importlib.util.find_spec("json") is not None, importlib.util.find_spec("nope_nope") is None)
