# Imports from a zip archive on sys.path (zipimport as the first path
# hook): a module, a package and its submodule, a namespace portion, the
# import attributes they get, the loader's get_data/get_source, and a
# zip archive with __main__.py run as the script.
import importlib.util
import os
import subprocess
import sys
import shutil
import tempfile
import zipfile
import zipimport

tmp = tempfile.mkdtemp()
archive = os.path.join(tmp, "lib.zip")
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("zmod.py", "VALUE = 42\ndef f():\n    return 'f in zmod'\n")
    z.writestr("zpkg/__init__.py", "from . import sub\nNAME = 'zpkg'\n")
    z.writestr("zpkg/sub.py", "import sys\nWHO = __name__\n")
    z.writestr("zpkg/data.txt", b"some bytes\n")
    z.writestr("zns/part.py", "X = 'namespace portion'\n")


def rel(p):
    return None if p is None else p.replace(tmp, "<tmp>")


sys.path.insert(0, archive)
import zmod
import zpkg
import zpkg.sub
import zns.part

print(zmod.VALUE, zmod.f())
print(rel(zmod.__file__))
print(type(zmod.__loader__) is zipimport.zipimporter, zmod.__loader__ is zmod.__spec__.loader)
print(zmod.__spec__.name, rel(zmod.__spec__.origin), zmod.__spec__.has_location)
print(zpkg.NAME, zpkg.sub.WHO, zpkg.__package__, zpkg.sub.__package__)
print(rel(zpkg.__file__), [rel(p) for p in zpkg.__path__])
print(rel(zpkg.__spec__.origin), [rel(p) for p in zpkg.__spec__.submodule_search_locations])
print(zpkg.__spec__.parent, zpkg.sub.__spec__.parent)
print(zns.part.X, [rel(p) for p in zns.__path__], zns.__spec__.origin)
print(isinstance(sys.path_importer_cache[archive], zipimport.zipimporter))

loader = zpkg.__loader__
print(loader.get_data(os.path.join(archive, "zpkg", "data.txt")))
print(repr(zpkg.sub.__loader__.get_source("zpkg.sub")), repr(zpkg.sub.__loader__.prefix))
print(loader.is_package("zpkg"), zpkg.sub.__loader__.is_package("zpkg.sub"))
print(rel(loader.get_filename("zmod")))
print(rel(loader.archive), repr(loader.prefix))
try:
    loader.get_data(os.path.join(archive, "missing.txt"))
except OSError as e:
    print(type(e).__name__)

spec = importlib.util.find_spec("zmod")
print(spec.name, rel(spec.origin))
try:
    zipimport.zipimporter(tmp)
except zipimport.ZipImportError as e:
    print("ZipImportError", e)
z = zipimport.zipimporter(os.path.join(archive, "zpkg"))
print(repr(z.prefix), z.find_spec("sub").name)

# A zip archive with __main__.py (as `python -m zipfile -c` makes it) and
# an application archive made by zipapp run as the script.
app = os.path.join(tmp, "app")
os.mkdir(app)
with open(os.path.join(app, "__main__.py"), "w") as f:
    f.write(
        "import sys, helper\n"
        "print('main', __name__, __file__.replace(sys.path[0], '<zip>'), __package__ == '')\n"
        "print(helper.greet(), sys.argv[1:], sys.path[0] == sys.argv[0] or sys.argv[0])\n"
    )
with open(os.path.join(app, "helper.py"), "w") as f:
    f.write("def greet():\n    return 'hello from the archive'\n")
appzip = os.path.join(tmp, "app.zip")
subprocess.run([sys.executable, "-m", "zipfile", "-c", appzip,
                os.path.join(app, "__main__.py"), os.path.join(app, "helper.py")], check=True)
r = subprocess.run([sys.executable, appzip, "x", "y"], capture_output=True, text=True, cwd=tmp)
print(r.returncode, r.stdout, r.stderr)
pyz = os.path.join(tmp, "app.pyz")
subprocess.run([sys.executable, "-m", "zipapp", app, "-o", pyz], check=True)
r = subprocess.run([sys.executable, pyz], capture_output=True, text=True, cwd=tmp)
print(r.returncode, r.stdout, r.stderr)
empty = os.path.join(tmp, "empty.zip")
with zipfile.ZipFile(empty, "w") as z:
    z.writestr("other.py", "")
r = subprocess.run([sys.executable, empty], capture_output=True, text=True)
print(r.returncode, r.stderr.replace(sys.executable, "<exe>").replace(tmp, "<tmp>"))
shutil.rmtree(tmp)
