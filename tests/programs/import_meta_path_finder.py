# A finder added to sys.meta_path is consulted before the native ones;
# its loader creates and executes the module; the native finders are
# classes with find_spec that Python code can call too.
import sys


class Loader:
    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.value = 42
        module.seen = module.__name__


class Finder:
    def find_spec(self, name, path, target=None):
        if name == 'virtual_mod':
            return type(sys.__spec__)(name, Loader())
        return None


sys.meta_path.insert(0, Finder())
import virtual_mod
print(virtual_mod.value, virtual_mod.seen, type(virtual_mod.__loader__).__name__)
print(virtual_mod.__spec__.name, virtual_mod.__spec__.origin)

path_finder = sys.meta_path[-1]
print(path_finder.__name__)
spec = path_finder.find_spec('json')
print(spec.name, spec.submodule_search_locations is not None, spec.origin.endswith('__init__.py'))
print(path_finder.find_spec('no_such_module_here'))
builtin = sys.meta_path[1]
print(builtin.__name__, builtin.find_spec('sys').origin, builtin.find_spec('json'))


class Legacy:
    def find_spec(self, name, path, target=None):
        if name == 'counted':
            return type(sys.__spec__)(name, CountingLoader())
        return None


class CountingLoader:
    runs = 0

    def exec_module(self, module):
        CountingLoader.runs += 1
        module.runs = CountingLoader.runs


sys.meta_path.insert(0, Legacy())
try:
    import counted
except ImportError as e:
    print(e)
CountingLoader.create_module = lambda self, spec: None
import counted
import counted
print(counted.runs, CountingLoader.runs)
del sys.modules['counted']
import counted
print(counted.runs)

sys.meta_path.clear()
try:
    import not_there_mod
except ImportError as e:
    print(type(e).__name__, e)
import sys as again
print(again is sys)
