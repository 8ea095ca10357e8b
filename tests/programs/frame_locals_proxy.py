import sys

def basic():
    x = 1
    y = 2
    f = sys._getframe()
    p = f.f_locals
    print(type(p).__name__, sorted(p.keys()))
    p['x'] = 10
    print('x after write', x)
    p['newname'] = 5
    print('newname' in p, p['newname'], 'newname' in locals())
    print(len(p), list(p) == list(p.keys()))
    try:
        del p['x']
    except ValueError as e:
        print('ValueError', e)
    try:
        p.pop('y')
    except ValueError as e:
        print('ValueError', e)
    print(p.pop('newname'), 'newname' in p)
    print(p.pop('missing', 'dflt'))
    try:
        p.pop('missing')
    except KeyError as e:
        print('KeyError', e)
    try:
        p['nope']
    except KeyError as e:
        print('KeyError', e)
    try:
        del p['nope']
    except KeyError as e:
        print('KeyError', e)
    print(p.get('x'), p.get('nope'), p.get('nope', 3))
    print(p.setdefault('x', 99), p.setdefault('zz', 7), p['zz'])
    d = p.copy()
    print(type(d).__name__, sorted(d))
    print(p == d, p == sys._getframe().f_locals, p != {})
    q = p | {'a': 1}
    print(type(q).__name__, q['a'])
    p |= {'y': 20}
    print('y', y)
    p.update({'x': 30})
    print('x', x)
    try:
        p.update([1])
    except TypeError as e:
        print('TypeError', e)
    print(list(reversed(p))[:2])
    print(sorted(k for k, v in p.items() if k in ('x', 'y')), sorted(str(v) for v in p.values())[:2])
    try:
        p[[1]] = 2
    except TypeError as e:
        print('TypeError', type(e).__name__)
    try:
        p.get()
    except TypeError as e:
        print('TypeError', e)
    try:
        p.pop()
    except TypeError as e:
        print('TypeError', e)
    try:
        p.pop(1, 2, 3)
    except TypeError as e:
        print('TypeError', e)
    try:
        p.setdefault()
    except TypeError as e:
        print('TypeError', e)

basic()

def cells():
    a = 1
    def inner():
        nonlocal a
        fr = sys._getframe()
        fr.f_locals['a'] = 42
        return fr.f_locals['a']
    print(inner(), a)
    sys._getframe().f_locals['a'] = 7
    print(inner.__closure__[0].cell_contents)
cells()

def gen():
    v = 1
    yield v
    yield v
g = gen()
next(g)
g.gi_frame.f_locals['v'] = 'changed'
print(next(g))
print(g.gi_frame is g.gi_frame, g.gi_frame.f_generator is g)

def trace_set():
    def tracer(frame, event, arg):
        if event == 'line' and frame.f_code.co_name == 'target':
            if frame.f_locals.get('n') == 1:
                frame.f_locals['n'] = 100
        return tracer
    def target():
        n = 1
        m = n + 1
        return m
    sys.settrace(tracer)
    try:
        r = target()
    finally:
        sys.settrace(None)
    print('traced', r)
trace_set()

def outlive():
    def g1():
        a = 42
        yield sys._getframe().f_locals
    pl = next(g1())
    print('a' in pl, pl['a'], dict(pl))
    pl['a'] = 3
    print(pl['a'])
outlive()

def snapshot():
    x = 1
    l = locals()
    l['x'] = 2
    print(x, type(l).__name__)
    sys._getframe().f_locals['extra'] = 1
    print(sorted(locals()))
snapshot()

print(type(sys._getframe().f_locals).__name__, sys._getframe().f_locals is globals())
class C:
    print(type(sys._getframe().f_locals).__name__)
    z = 1
    print('z' in sys._getframe().f_locals)

FLP = type(sys._getframe().f_locals) if False else None
def mk():
    return type(sys._getframe().f_locals)
T = mk()
print(T.__name__)
try:
    T()
except TypeError as e:
    print(e)
try:
    T(1)
except TypeError as e:
    print(e)
def usenew():
    w = 5
    p = T(sys._getframe())
    print(p['w'], repr(p))
usenew()
def rec():
    p = sys._getframe().f_locals
    p['self'] = p
    print(repr(p))
rec()

# A suspended generator's frame and a released frame, written from
# another thread.
import threading

def worker_gen():
    total = 0
    while True:
        step = yield total
        total += step

wg = worker_gen()
next(wg)
fl = wg.gi_frame.f_locals
def other():
    for _ in range(100):
        fl['total'] = fl['total'] + 1
t = threading.Thread(target=other)
t.start()
t.join()
print('thread total', wg.send(0))

def released():
    k = 'kept'
    return sys._getframe()
rf = released()
rl = rf.f_locals
def other2():
    rl['k'] = 'from thread'
    rl['added'] = 1
t = threading.Thread(target=other2)
t.start()
t.join()
print(dict(rl))
rf.clear()
print(dict(rl))

# Writes stay visible through comprehension-free loops and nested calls.
def caller():
    count = 0
    def bump():
        sys._getframe(1).f_locals['count'] += 1
    for _ in range(3):
        bump()
    return count
print('caller', caller())

def shadow():
    x = 1
    fl = sys._getframe().f_locals
    res = [fl.get('x') for x in range(2)]
    return res, fl['x']
print(shadow())

# Inlined comprehensions (PEP 709): their variables show while they run,
# also at module level, and are gone afterwards.
print('a' in [sys._getframe().f_locals for a in [0]][0])
print([sys._getframe().f_locals['a'] for a in [5]][0])
print([locals()['q'] for q in [1, 2]])
def after():
    [0 for hid in [1]]
    return sorted(locals()), [sorted(locals()) for hid in [1]][0]
print(after())
