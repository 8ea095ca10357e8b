# contextvars: ContextVar get/set/reset, Token (3.14 context manager),
# Context.run/copy/mapping, copy_context, the errors.
import contextvars as cv
v = cv.ContextVar('v', default=1); w = cv.ContextVar('w')
print(v.name, v.get(), repr(v).startswith("<ContextVar name='v' default=1 at"))
try: w.get()
except LookupError as e: print(type(e).__name__, e.args[0] is w)
t = v.set(5); print(v.get(), t.var is v, t.old_value is cv.Token.MISSING, repr(cv.Token.MISSING))
v.reset(t); print(v.get())
try: v.reset(t)
except RuntimeError as e: print('used' in str(e))
c = cv.copy_context(); print(type(c).__name__, len(c), list(c.items()))
def f(x):
    v.set(x)
    return v.get()
print(c.run(f, 9), v.get(), c[v], v in c, c.get(w, 'd'), len(c))
try: c.run(lambda: c.run(lambda: 0))
except RuntimeError as e: print(str(e).startswith('cannot enter context: <_contextvars.Context object at'))
try: cv.ContextVar(1)
except TypeError as e: print(e)
try: w.reset(v.set(2))
except ValueError as e: print(str(e).endswith('was created by a different ContextVar'))
with v.set(7): print(v.get())
print(v.get(), w.get('dflt'), cv.Context() == cv.Context())
import threading
seen = []
def worker():
    seen.append(v.get())
    v.set(100)
