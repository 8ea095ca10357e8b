# str subclasses with nonempty __slots__ (str has no item size, as in
# CPython), and the types whose subclasses must refuse them.
import copy
import gc
import pickle
import sys
import weakref


class P(str):
    __slots__ = ('a', 'b')


class D(str):
    __slots__ = ('a', '__dict__', '__weakref__')


class E(str):
    __slots__ = ()


class Plain(str):
    pass


class Q(P):
    __slots__ = ('c',)


print('itemsize', str.__itemsize__, P.__itemsize__, D.__itemsize__, int.__itemsize__, bool.__itemsize__,
      bytes.__itemsize__, tuple.__itemsize__)
print('basicsize', E.__basicsize__ == str.__basicsize__, P.__basicsize__ - str.__basicsize__,
      Q.__basicsize__ - P.__basicsize__)
print('members', sorted(k for k in vars(P) if not k.startswith('__')), type(P.a).__name__)
print('slots attr', P.__slots__, Q.__slots__, hasattr(P('x'), '__dict__'), hasattr(E('x'), '__dict__'))

# Slot values live apart from the characters.
p = P('hello world')
p.a = 'A' * 50
p.b = [1, 2, 3]
print('value', p, repr(p), len(p), p.a[:3], p.b)
p.b.append(4)
print('after', p, p.upper(), p.split(), p[1:4], p[::-1], p.b)
del p.a
try:
    p.a
except AttributeError as e:
    print('AttributeError', e)
try:
    p.z = 1
except AttributeError as e:
    print('AttributeError', e)
q = Q('wide \u20ac \U0001f600')
q.a, q.b, q.c = 1, 2, 3
print('subclass', q, len(q), q.a, q.b, q.c, q.encode('utf-8'))
print('mro', [c.__name__ for c in Q.__mro__])

# Still a str everywhere.
s1, s2 = P('key'), D('key')
print('eq', s1 == 'key', 'key' == s2, s1 == s2, hash(s1) == hash('key'), s1 < 'kez', s1 + '!', '!' + s2,
      type(s1 + '!').__name__, s1 * 2, type(s1 * 2).__name__, str(s1) == 'key', type(str(s1)).__name__)
d = {s1: 1}
print('dict', d['key'], d.get(s2), 'key' in d, {'key': 2}[s1])
print('format', f'{s1:>6}', '%s-%s' % (s1, s2), '-'.join([s1, s2]), s1.replace('e', 'E'), 'e' in s1)
print('methods', s1.startswith('k'), s1.find('y'), s1.isidentifier(), s1.title(), s1.center(7, '*'))
try:
    sys.intern(s1)
except TypeError as e:
    print('TypeError', e)
class Over(str):
    __slots__ = ('n',)

    def __str__(self):
        return 'overridden'


o = Over('text')
print('format', '%s' % o, '{}'.format(o), f'{o}', format(o), format(o, '>6'), o.__format__(''), '%r' % o, len('x' * 3))
try:
    'ab' * sys.maxsize
except OverflowError as e:
    print('OverflowError', e)
print('str() of it', str.__str__(s1), type(str.__str__(s1)).__name__, str(P('')) == '', len(P()))

# __dict__ and __weakref__ slots.
x = D('dee')
x.a = 1
x.other = 2
print('dict slot', x.__dict__, x.a, x.other, vars(x))
r = weakref.ref(x)
print('weakref', r() is x, r() == 'dee')
del x
gc.collect()
print('weakref dead', r())
print('weakref plain', weakref.ref(Plain('p'))() is None)
try:
    weakref.ref(P('p'))
except TypeError as e:
    print('TypeError', e)
pl = Plain('plain')
pl.x = 5
print('plain', pl.__dict__, pl)

# Sizes, compared so that the default and free-threaded builds agree: a
# subclass instance is a PyUnicodeObject whose own slots are not counted,
# and getsizeof adds the managed dict/weakref pre-header.
def pre(v):
    return sys.getsizeof(v) - v.__sizeof__()


print('sizeof subclass', P('ab').__sizeof__() == Plain('ab').__sizeof__() == D('ab').__sizeof__() == E('ab').__sizeof__(),
      [P(t).__sizeof__() - P('').__sizeof__() for t in ('ab', '\xe9', '\u20ac', '\U0001f600', 'abc\u20ac')])
print('sizeof exact', ['x'.__sizeof__() - ''.__sizeof__(),
                       '\u20ac\u20ac'.__sizeof__() - '\u20ac'.__sizeof__(), '\U0001f600'.__sizeof__() - '\u20ac'.__sizeof__()])
print('sizeof vs exact', P('ab').__sizeof__() - 'ab'.__sizeof__(), P('\u20ac').__sizeof__() - '\u20ac'.__sizeof__())
print('preheader', pre(D('x')) - pre(P('x')), pre(Plain('x')) - pre(P('x')), pre(E('x')) - pre(P('x')), pre('x'))
print('int sizeof', [n.__sizeof__() - (1).__sizeof__() for n in (0, 2 ** 30 - 1, 2 ** 30, -2 ** 60, 2 ** 100)],
      sys.getsizeof(True) == sys.getsizeof(1), pre(5))

# The collector finds cycles through slot values.
class Node(str):
    __slots__ = ('ref', '__weakref__')


a, b = Node('a'), Node('b')
a.ref, b.ref = b, a
wa = weakref.ref(a)
del a, b
gc.collect()
print('cycle collected', wa() is None)
holder = P('h')
holder.a = [holder]
wh = weakref.ref(holder.a[0].__class__)
print('self cycle', gc.is_tracked(holder), holder.a[0] is holder)
del holder
gc.collect()

# Copy and pickle keep the text and the slots.
p = P('pickled')
p.a = {'k': 1}
p.b = (1, 2)
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    try:
        c = pickle.loads(pickle.dumps(p, proto))
        print('pickle', proto, type(c).__name__, c, c.a, c.b)
    except TypeError as e:
        print('pickle', proto, 'TypeError', e)
c = copy.copy(p)
print('copy', type(c).__name__, c, c.a is p.a, c.b)
c = copy.deepcopy(p)
print('deepcopy', type(c).__name__, c, c.a == p.a, c.a is p.a, c.b)
x = D('dd')
x.a, x.z = 1, 2
c = pickle.loads(pickle.dumps(x))
print('pickle dict', c, c.a, c.z, type(c).__name__)
print('reduce', p.__reduce_ex__(2)[1:])

# __class__ assignment needs the same slots.
class P2(str):
    __slots__ = ('a', 'b')


p = P('cls')
p.a = 1
p.__class__ = P2
print('class assign', type(p).__name__, p, p.a)
try:
    p.__class__ = Plain
except TypeError as e:
    print('TypeError', e)

# Multiple inheritance from str subclasses with a dict.
class M1(str):
    pass


class M2(str):
    pass


class M3(M1, M2):
    pass


m = M3('multi')
m.x = 1
print('multi', m, m.x, [c.__name__ for c in M3.__mro__])
try:
    class Bad(P, P2):
        pass
except TypeError as e:
    print('TypeError', e)

# The types with items refuse nonempty __slots__; the rest accept them.
for base in (int, bytes, tuple, float, complex, list, dict, bytearray, frozenset, set):
    try:
        class X(base):
            __slots__ = ('a',)
        ok = X()
        ok.a = 1
        print('slots', base.__name__, 'ok', ok.a, X.__itemsize__)
    except TypeError as e:
        print('slots', base.__name__, 'TypeError', e)
    try:
        class Y(base):
            __slots__ = ('__dict__',)
        print('dict slot', base.__name__, 'ok')
    except TypeError as e:
        print('dict slot', base.__name__, 'TypeError', e)
    class Z(base):
        __slots__ = ()
    print('empty', base.__name__, Z.__itemsize__ == base.__itemsize__)
for base in (int, bytes, tuple):
    class W(base):
        pass
    try:
        weakref.ref(W())
        print('weakref', base.__name__, 'ok')
    except TypeError as e:
        print('weakref', base.__name__, 'TypeError', e)
    class W2(base):
        pass
    class W3(W, W2):
        pass
    w = W3()
    w.x = 1
    print('multi', base.__name__, w.x)
class I(int):
    pass
i = I(2 ** 70)
i.tag = 't'
print('int subclass', i, i + 1, i.tag, i.__sizeof__() - (1).__sizeof__(), pickle.loads(pickle.dumps(i)) == i)

# configparser's _Line is such a class.
import configparser
cp = configparser.ConfigParser()
cp.read_string('[s]\nkey = value ; note\n# comment\nother = 2\n')
print('configparser', dict(cp['s']), cp.getint('s', 'other'))
