//! `range`, `slice`, sequence slicing, `enumerate`, `reversed`, dict iteration and `bytes` from Python, run by the `rupy` binary; the expected
//! outputs were printed by CPython 3.14 for the same programs.

use std::process::Command;

/// Runs `src` as `name.py` and checks its stdout against `expected`.
fn check(name: &str, src: &str, expected: &str) {
    let dir = std::env::temp_dir().join(format!("rupy-{}-{}", env!("CARGO_CRATE_NAME"), std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, src).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rupy")).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout, expected, "{name}: stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{name}: exit status {:?}", out.status);
}

#[test]
fn bytes_basics() {
    check(
        "bytes_basics",
        r##"a = bytes([104, 105, 39]); q = bytes([39, 34]); z = bytes(range(0, 256, 37))
print(a, q, z, repr(bytes([0, 9, 10, 13, 92])), bytes(3), bytes([1, 2]), bytes('hé', 'utf-8'), bytes('hé', 'latin-1'), bytes('ab', encoding='ascii'))
print(hash(bytes()), len(z), z[1], z[-1], z[slice(1, 4)], z[slice(None, None, -2)], a + q, 104 in a, bytes([105]) in a, bytes() in a)
print(a == bytes([104, 105, 39]), a < q, a > q, a != q, list(a), bytes(a) is a)
h = bytes('héllo wörld', 'utf-8')
print(h.decode(), h.decode('utf-8'), h.decode(encoding='latin-1'), bytes('abc', 'ascii').decode('ascii'))
sp = bytes(' a  b\tc\n ', 'ascii')
print(sp.split(), sp.split(None, 1), bytes('a,b,,c', 'ascii').split(bytes(',', 'ascii')), bytes('a,b,,c', 'ascii').split(bytes(',', 'ascii'), maxsplit=2), bytes().split())
print(bytes(', ', 'ascii').join([a, q, bytes()]), a.startswith(bytes([104])), a.endswith((bytes([1]), bytes([39]))), a.startswith(bytes([105]), 1), a.find(bytes([105])), a.find(39), a.find(bytes([7])), a.find(bytes([104]), 1))
print(z.hex(), bytes.fromhex('de ad BE EF'), bytes.fromhex(''), hash(bytes('abc', 'ascii')) == hash(bytes('abc', 'ascii')))
for f in [lambda: bytes('x'), lambda: bytes(1.5), lambda: bytes([256]), lambda: bytes(-1), lambda: bytes(1, 'utf-8'), lambda: bytes('é', 'ascii'),
          lambda: bytes([255]).decode(), lambda: bytes([97, 233, 98]).decode('ascii'), lambda: a[5], lambda: a['x'], lambda: a + 'b', lambda: 'b' in a,
          lambda: 300 in a, lambda: bytes.fromhex('zz'), lambda: a.decode('foo'), lambda: bytes([0xc3]).decode(), lambda: bytes([0xc3, 0x28]).decode(),
          lambda: a.split(bytes()), lambda: bytes(', ', 'ascii').join([a, 'x']), lambda: a.startswith('h'), lambda: bytes(['a'])]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ':', e)
"##,
        r##"b"hi'" b'\'"' b'\x00%Jo\x94\xb9\xde' b'\x00\t\n\r\\' b'\x00\x00\x00' b'\x01\x02' b'h\xc3\xa9' b'h\xe9' b'ab'
0 7 37 222 b'%Jo' b'\xde\x94J\x00' b'hi\'\'"' True True True
True False True True [104, 105, 39] True
héllo wörld héllo wörld hÃ©llo wÃ¶rld abc
[b'a', b'b', b'c'] [b'a', b'b\tc\n '] [b'a', b'b', b'', b'c'] [b'a', b'b', b',c'] []
b'hi\', \'", ' True True True 1 2 -1 -1
00254a6f94b9de b'\xde\xad\xbe\xef' b'' True
TypeError: string argument without an encoding
TypeError: cannot convert 'float' object to bytes
ValueError: bytes must be in range(0, 256)
ValueError: negative count
TypeError: encoding without a string argument
UnicodeEncodeError: 'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte
UnicodeDecodeError: 'ascii' codec can't decode byte 0xe9 in position 1: ordinal not in range(128)
IndexError: index out of range
TypeError: byte indices must be integers or slices, not str
TypeError: can't concat str to bytes
TypeError: a bytes-like object is required, not 'str'
ValueError: byte must be in range(0, 256)
ValueError: non-hexadecimal number found in fromhex() arg at position 0
LookupError: unknown encoding: foo
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 0: unexpected end of data
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc3 in position 0: invalid continuation byte
ValueError: empty separator
TypeError: sequence item 1: expected a bytes-like object, str found
TypeError: startswith first arg must be bytes or a tuple of bytes, not str
TypeError: 'str' object cannot be interpreted as an integer
"##,
    );
}

#[test]
fn dict_iteration() {
    check(
        "dict_iteration",
        r##"d = {1: 'a', 'b': 2, (3,): None}
for k in d:
    print(k, d[k], end='; ')
print()
print(d.keys(), d.values(), d.items(), len(d.keys()), list(d.items()))
print(1 in d.keys(), 5 in d.keys(), (1, 'a') in d.items(), (1, 'b') in d.items(), 2 in d.values(), [] in d.items())
it = iter(d.values())
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it), list(it))
k = d.keys()
d['new'] = 0
print(list(k), list(enumerate(d.items())))
del d[1]
for x, y in d.items():
    print(x, y, end='; ')
print()
try:
    for k in d:
        d['other'] = 1
except RuntimeError as e:
    print('RuntimeError:', e)
e = {}
e['self'] = e.keys()
print(e, list({}.items()))
"##,
        r##"1 a; b 2; (3,) None; 
dict_keys([1, 'b', (3,)]) dict_values(['a', 2, None]) dict_items([(1, 'a'), ('b', 2), ((3,), None)]) 3 [(1, 'a'), ('b', 2), ((3,), None)]
True False True False True False
3 a 2 [2, None] []
[1, 'b', (3,), 'new'] [(0, (1, 'a')), (1, ('b', 2)), (2, ((3,), None)), (3, ('new', 0))]
b 2; (3,) None; new 0; 
RuntimeError: dictionary changed size during iteration
{'self': dict_keys(['self'])} []
"##,
    );
}

#[test]
fn enumerate_reversed() {
    check(
        "enumerate_reversed",
        r##"print(list(enumerate('ab', start=10**20)), list(enumerate(iterable='ab')), list(reversed([1, 2, 3])), list(reversed('abc')))
print(list(enumerate([5, 6], 9223372036854775806)), list(enumerate('xy', -2)), list(reversed(range(1, 10, 3))), list(reversed((1, 2))))
r = reversed([1, 2, 3])
print(r.__length_hint__(), next(r), r.__length_hint__())
class S:
    def __len__(self): return 3
    def __getitem__(self, i): return i * 10
class R:
    def __reversed__(self): return iter('zyx')
print(list(reversed(S())), list(reversed(R())))
for x, y in enumerate(range(3)):
    print(x, y, end=';')
print()
for f in [lambda: enumerate(), lambda: enumerate(1), lambda: enumerate([], 'a'), lambda: enumerate([], x=1), lambda: enumerate([], 1, 2),
          lambda: reversed(1), lambda: reversed(), lambda: reversed(1, 2), lambda: reversed([], x=1)]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ':', e)
"##,
        r##"[(100000000000000000000, 'a'), (100000000000000000001, 'b')] [(0, 'a'), (1, 'b')] [3, 2, 1] ['c', 'b', 'a']
[(9223372036854775806, 5), (9223372036854775807, 6)] [(-2, 'x'), (-1, 'y')] [7, 4, 1] [2, 1]
3 3 2
[20, 10, 0] ['z', 'y', 'x']
0 0;1 1;2 2;
TypeError: enumerate() missing required argument 'iterable'
TypeError: 'int' object is not iterable
TypeError: 'str' object cannot be interpreted as an integer
TypeError: 'x' is an invalid keyword argument for enumerate()
TypeError: enumerate() takes at most 2 arguments (3 given)
TypeError: 'int' object is not reversible
TypeError: reversed expected 1 argument, got 0
TypeError: reversed expected 1 argument, got 2
TypeError: reversed() takes no keyword arguments
"##,
    );
}

#[test]
fn range_slice() {
    check(
        "range_slice",
        r##"print(hash(range(0)), hash(range(3)), hash(range(5,6)), hash(range(1,10,3)), range(10)[slice(None,None,-2)], range(10)[slice(2,100,3)], range(-5,5)[-3], range(10)==range(0,10,1), range(0)==range(5,5), range(0,3,2)==range(0,4,2), range(10**20)[10**19], range(10**20)[slice(2,10**19,7)], repr(range(1,2,1)))
print(list(range(1,10,3).__reversed__()), list(range(10**19, 10**19+3)), range(3).count(1), range(3).count(1.0), 2.0 in range(3), True in range(3))
print(list(range(5)), list(range(10, 0, -3)), len(range(0, 10**6, 7)), range(3).start, range(1,5,2).step, range(4).stop, bool(range(0)), bool(range(2**100)))
print(range(1,20,3).index(7), 5 in range(0,10,2), 4 in range(0,10,2), -1 in range(0,-10,-1))
print(slice(1), slice(1,2), slice(1,2,3), slice(1,2)==slice(1,2), slice(1,2)<slice(1,3), hash(slice(1,2,3)), hash(slice(None)), slice(None,None,-1).indices(10), slice(-100, 100, 2).indices(10), slice(5).start, slice(1,2,3).step)
print(list(iter(range(3))), iter(range(3)).__length_hint__(), list(range(2**63-2, 2**63+1)))
for f in [lambda: len(range(2**63)), lambda: range(1,2,3,4), lambda: range(), lambda: range('a'), lambda: range(1)['a'], lambda: range(1)[5], lambda: range(1,2,0), lambda: range(5).index(9), lambda: range(5).index('a'), lambda: range(1,x=2), lambda: range(1)[10**30], lambda: slice(), lambda: slice(1,2,3,4), lambda: slice(1,2,0).indices(4), lambda: slice('a').indices(3), lambda: slice(1).indices(-1), lambda: range(1) < range(2), lambda: {slice(1):2}]:
    try:
        f()
        print('no error')
    except Exception as e:
        print(type(e).__name__ + ':', e)
"##,
        r##"2676694398852732306 -8338477496398685190 -7048428680432378585 -9160968616009628824 range(9, -1, -2) range(2, 10, 3) 2 True True True 10000000000000000000 range(2, 10000000000000000000, 7) range(1, 2)
[7, 4, 1] [10000000000000000000, 10000000000000000001, 10000000000000000002] 1 1 True True
[0, 1, 2, 3, 4] [10, 7, 4, 1] 142858 0 2 4 False True
2 False True True
slice(None, 1, None) slice(1, 2, None) slice(1, 2, 3) True True -2340833382717974474 4032618106351268893 (9, -1, -1) (0, 10, 2) None 3
[0, 1, 2] 3 [9223372036854775806, 9223372036854775807, 9223372036854775808]
OverflowError: Python int too large to convert to C ssize_t
TypeError: range expected at most 3 arguments, got 4
TypeError: range expected at least 1 argument, got 0
TypeError: 'str' object cannot be interpreted as an integer
TypeError: range indices must be integers or slices, not str
IndexError: range object index out of range
ValueError: range() arg 3 must not be zero
ValueError: range.index(x): x not in range
ValueError: sequence.index(x): x not in sequence
TypeError: range() takes no keyword arguments
IndexError: range object index out of range
TypeError: slice expected at least 1 argument, got 0
TypeError: slice expected at most 3 arguments, got 4
ValueError: slice step cannot be zero
TypeError: slice indices must be integers or None or have an __index__ method
ValueError: length should not be negative
TypeError: '<' not supported between instances of 'range' and 'range'
no error
"##,
    );
}

#[test]
fn sequence_slicing() {
    check(
        "sequence_slicing",
        r##"l = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
t = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
s = "héllo wörld"
for sl in [slice(None), slice(2, 5), slice(None, None, -1), slice(-3, None), slice(1, 100, 3), slice(100, -100, -4), slice(5, 2), slice(-2**70, 2**70, 2**65)]:
    print(l[sl], t[sl], repr(s[sl]))
print(t[slice(None)] is t, s[slice(0, 100)] is s)
for f in [lambda: l[slice(0, 5, 0)], lambda: l[slice('a')], lambda: s['a'], lambda: t[1.5]]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ':', e)
"##,
        r##"[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] (0, 1, 2, 3, 4, 5, 6, 7, 8, 9) 'héllo wörld'
[2, 3, 4] (2, 3, 4) 'llo'
[9, 8, 7, 6, 5, 4, 3, 2, 1, 0] (9, 8, 7, 6, 5, 4, 3, 2, 1, 0) 'dlröw olléh'
[7, 8, 9] (7, 8, 9) 'rld'
[1, 4, 7] (1, 4, 7) 'éoöd'
[9, 5, 1] (9, 5, 1) 'dwl'
[] () ''
[0] (0,) 'h'
True True
ValueError: slice step cannot be zero
TypeError: slice indices must be integers or None or have an __index__ method
TypeError: string indices must be integers, not 'str'
TypeError: tuple indices must be integers or slices, not float
"##,
    );
}
