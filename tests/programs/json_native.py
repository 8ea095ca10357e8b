# The C-accelerated json paths (_json): scanstring, encode_basestring(_ascii),
# make_scanner and make_encoder, with their error messages and the 3.14
# "when serializing ..." notes.
import json
import _json
from collections import OrderedDict


def show(label, f):
    try:
        print(label, repr(f()))
    except BaseException as e:
        notes = getattr(e, "__notes__", None)
        print(label, type(e).__name__, e, notes if notes else "")


print(json.decoder.scanstring is _json.scanstring, json.scanner.make_scanner is _json.make_scanner)
print(json.encoder.c_make_encoder is _json.make_encoder, _json.make_encoder.__name__, _json.make_scanner.__name__)

# scanstring
show("scan1", lambda: _json.scanstring('"abc\\u1234\\ud834\\udd20\\n\\t\\/"x', 1))
show("scan2", lambda: _json.scanstring('"ab\x01c"', 1))
show("scan3", lambda: _json.scanstring('"ab\x01c"', 1, False))
show("scan4", lambda: _json.scanstring(b'"abc"', 1))
show("scan5", lambda: _json.scanstring('"abc"', 10))
show("scan6", lambda: _json.scanstring('"abc"', -1))
show("scan7", lambda: _json.scanstring('"a\\qb"', 1))
show("scan8", lambda: _json.scanstring('"a\\u12"', 1))
show("scan9", lambda: _json.scanstring('"a\\u0041', 1))
show("scan10", lambda: _json.scanstring('"\\ud834\\u0041"', 1))
show("scan11", lambda: _json.scanstring('"\\ud834"', 1))
show("scan12", lambda: _json.scanstring('"\\udd20\\ud834"', 1))
show("scan13", lambda: _json.scanstring('"abc', 1))
show("scan14", lambda: _json.scanstring('"\u00e9\u4e2d\U0001f600"', 1))
show("scan15", lambda: _json.scanstring('"x"'))

# escaping
for s in ["plain", 'q"b\\s', "\x00\x1f\x7f", "\u00e9\u4e2d", "\U0001f600", "\b\f\n\r\t"]:
    print(repr(_json.encode_basestring_ascii(s)), repr(_json.encode_basestring(s)))
show("esc1", lambda: _json.encode_basestring_ascii(1))
show("esc2", lambda: _json.encode_basestring(None))

# decoding through the scanner
docs = [
    '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d"}}',
    '[NaN, Infinity, -Infinity, 1E400, -0, 0.0]',
    ' [ 1 , [ ] , { } , [ [ ] ] ] ',
    '12345678901234567890123',
    '"\\u00e9\\ud83d\\ude00"',
]
for d in docs:
    show("loads", lambda: json.loads(d))
for bad in ['[1,]', '{"a" 1}', '"abc', '[1', '', '{,}', '["\\x"]', '{"a":1,}', '[1 2]',
            '{"a":1 "b":2}', '01', '-', '1.', '[-]', 'nul', '{"a":', '[\n  1,\n  2 x]', '{1: 2}']:
    show("bad " + repr(bad), lambda: json.loads(bad))
try:
    json.loads('[1, 2,\n 3,, 4]')
except json.JSONDecodeError as e:
    print("err", e.msg, e.pos, e.lineno, e.colno, e.doc == '[1, 2,\n 3,, 4]')

print(json.loads('{"a": 1, "b": 2}', object_pairs_hook=OrderedDict))
print(json.loads('{"a": {"b": 2}}', object_hook=lambda d: sorted(d.items())))
print(json.loads('[1.5, 2, NaN]', parse_float=lambda s: "F" + s, parse_int=lambda s: "I" + s,
                 parse_constant=lambda s: "C" + s))
print(json.loads('"a\x01b"', strict=False))
show("strict", lambda: json.loads('"a\x01b"'))

dec = json.JSONDecoder()
print(dec.raw_decode('{"x": [1]} tail'))
keys = json.loads('[{"same": 1}, {"same": 2}]')
print(keys, list(keys[0])[0] is list(keys[1])[0])
sc = _json.make_scanner(dec)
print(sc.strict, sc.object_hook, sc.object_pairs_hook, sc.parse_float is float, sc.parse_int is int)
print(sc('[1, "a"] x', 0), sc(string='{"k": null}', idx=0))
show("sc neg", lambda: sc('1', -1))
show("sc end", lambda: sc('1', 5))
show("sc type", lambda: sc(b'1', 0))
show("sc noctx", lambda: _json.make_scanner(1))
show("sc hook err", lambda: json.loads('{"a": 1}', object_hook=lambda d: 1 / 0))

# encoding
obj = {"s": "t\u00e9\n", "i": 10 ** 20, "f": 1.1, "neg": -0.0, "big": 1e300, "l": [1, (2, 3), []],
       "d": {}, "n": None, "t": True, "F": False}
print(json.dumps(obj))
print(json.dumps(obj, ensure_ascii=False, sort_keys=True))
print(json.dumps(obj, indent=2, sort_keys=True))
print(json.dumps([1, {"a": [2, {}]}], indent="\t", separators=(",", ": ")))
print(json.dumps({3: 1, 2.5: 2, True: 3, False: 4, None: 5}))
print(json.dumps([float("nan"), float("inf"), -float("inf")]))
show("nan", lambda: json.dumps([1, float("nan")], allow_nan=False))
show("inf key", lambda: json.dumps({float("inf"): 1}, allow_nan=False))


class F(float):
    def __repr__(self):
        return "F!"


class I(int):
    def __repr__(self):
        return "I!"


class S(str):
    pass


print(json.dumps([F(1.5), I(7), S("s"), {I(3): F(2.5)}]))


class X:
    pass


show("default", lambda: json.dumps({"a": [1, {"b": X()}]}))
show("nan note", lambda: json.dumps({"a": (1, {"b": float("nan")})}, allow_nan=False))
show("key type", lambda: json.dumps({X(): 1}))
show("key tuple", lambda: json.dumps({(1, 2): 1}))
print(json.dumps({X(): 1, "k": 2}, skipkeys=True))
show("sort mixed", lambda: json.dumps({"a": 1, 1: 2}, sort_keys=True))
print(json.dumps(X(), default=lambda o: {"X": [1]}))
show("default raises", lambda: json.dumps({"k": X()}, default=lambda o: 1 / 0))
show("od note", lambda: json.dumps(OrderedDict(a=set())))
show("circular list", lambda: json.dumps([X()], default=lambda o: [o]))
a = []
a.append(a)
show("circular self", lambda: json.dumps(a))
d = {}
d["d"] = d
show("circular dict", lambda: json.dumps(d))
print(json.dumps(a[:0] + [[1]], check_circular=False))


class BadItems(dict):
    def items(self):
        return [("a", 1), ("b", 2, 3)]


show("bad items", lambda: json.dumps(BadItems(x=1)))


class IterItems(dict):
    def items(self):
        return iter([("z", 1), ("y", 2)])


print(json.dumps(IterItems(q=0)), json.dumps(IterItems(q=0), sort_keys=True))

# the encoder object itself
enc = _json.make_encoder(None, str, _json.encode_basestring, "  ", ": ", ", ", True, False, True)
print(enc(["spam", {"b": 1, "a": (2,)}], 0))
print(enc(["spam"], 2), enc(["spam"], -3))
print(enc.markers, enc.default is str, enc.encoder is _json.encode_basestring, repr(enc.indent),
      repr(enc.key_separator), repr(enc.item_separator), enc.sort_keys, enc.skipkeys)
show("enc level", lambda: enc([1], 1.5))
show("enc missing", lambda: enc([1]))
show("enc markers", lambda: _json.make_encoder([], str, str, None, ":", ",", False, False, True))
show("enc sep", lambda: _json.make_encoder(None, str, str, None, 1, ",", False, False, True))
show("enc nargs", lambda: _json.make_encoder(None, str, str, None, ":", ","))
show("enc int indent", lambda: _json.make_encoder(None, str, str, 2, ":", ",", False, False, True)([1], 0))
bad_enc = _json.make_encoder(None, str, lambda s: None, None, ":", ",", False, False, True)
show("enc bad encoder", lambda: bad_enc(["x"], 0))
custom = _json.make_encoder({}, repr, lambda s: "<" + s + ">", None, "=", ";", False, False, True)
print(custom({"k": ["v", 1, object.__new__(X).__class__.__name__]}, 0))

# live lists: a default that empties the list stops the loop
calls = []
lst = [object() for _ in range(5)]


def shrink(o):
    calls.append(1)
    if len(calls) == 2:
        lst.clear()
    return None


print(_json.make_encoder(None, shrink, _json.encode_basestring, None, ":", ",", False, False, True)(lst, 0), len(calls))

# deep nesting raises RecursionError instead of crashing
deep = []
for _ in range(100000):
    deep = [deep]
# (only the type: CPython's message depends on the size of its C stack)
for label, f in [("deep dumps", lambda: json.dumps(deep)),
                 ("deep loads", lambda: json.loads("[" * 100000 + "]" * 100000)),
                 ("deep loads obj", lambda: json.loads('{"a":' * 100000 + "1" + "}" * 100000))]:
    try:
        f()
    except RecursionError as e:
        print(label, "RecursionError")
print(json.loads("[" * 50 + "]" * 50) == eval("[" * 50 + "]" * 50))
