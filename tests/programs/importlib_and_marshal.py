# importlib on rupy's import machinery (via _imp, _warnings, marshal):
# import_module, util.find_spec, reload; marshal round trips of constants.
import importlib
import importlib.util
import marshal
import sys

m = importlib.import_module('colorsys')
print(m.__name__, m.rgb_to_hsv(1, 0, 0), m is sys.modules['colorsys'])
spec = importlib.util.find_spec('colorsys')
print(spec.name, spec.origin.endswith('colorsys.py'), spec.parent == '')
print(importlib.util.find_spec('no_such_module_xyz'))
print(importlib.import_module('.util', 'importlib').__name__)
m2 = importlib.reload(m)
print(m2 is m, hasattr(m2, 'hls_to_rgb'))
for v in [(1, 2.5, 'x', b'y', None, True, ...), frozenset({3}), 10**30, -7, 1.5e300, 2j, 'h\u00e9llo \U0001f600']:
    print(repr(marshal.loads(marshal.dumps(v))))
for bad in [b'', b'\x00']:
    try:
        marshal.loads(bad)
    except (EOFError, ValueError) as e:
        print(type(e).__name__, e)
print(marshal.version)
