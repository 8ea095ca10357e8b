# unicodedata.ucd_3_2_0 (the Unicode 3.2.0 database IDNA uses) against the
# current one: every UCD method over a broad sample of code points, the
# 3.2.0 normalization, and the stringprep tables and idna codec built on it.
import codecs
import stringprep
import unicodedata
import zlib
from encodings import idna

old = unicodedata.ucd_3_2_0
print(type(old).__name__, type(old).__module__, old.unidata_version, unicodedata.UCD is type(old))
print(sorted(n for n in dir(unicodedata.UCD) if not n.startswith('_')))
try:
    unicodedata.UCD()
except TypeError as e:
    print('TypeError', e)

sample = [chr(cp) for cp in range(0, 0x110000, 89)]
sample += [chr(cp) for cp in (0x3f9, 0x1b06, 0x2f868, 0x2f874, 0x2f91f, 0x2f95f, 0x2f9bf, 0xf951, 0xac01,
                              0x4dc0, 0x9fa5, 0x9fa6, 0x20000, 0x2a6d6, 0x2a6d7, 0x2a700, 0xe0100, 0xfe0f, 0x345,
                              0x10fc, 0x1d2c, 0x0b3e, 0x16121, 0x1f600, 0xd800, 0xf0000, 0x10ffff)]


def props(db, c):
    return (db.category(c), db.bidirectional(c), db.combining(c), db.east_asian_width(c), db.mirrored(c),
            db.decomposition(c), db.decimal(c, None), db.digit(c, None), db.numeric(c, None), db.name(c, None))


changed = 0
for db in (unicodedata, old):
    rows = [props(db, c) for c in sample]
    print(db.unidata_version, len(rows), zlib.crc32(repr(rows).encode()))
for c in sample:
    a, b = props(old, c), props(unicodedata, c)
    if a != b:
        changed += 1
        if changed <= 40:
            print(f'U+{ord(c):04X}', a, b)
print('changed in sample:', changed)

# Normalization: single characters, canonical pairs, sequences with marks.
texts = [c for c in sample]
texts += ['\u1b05\u1b35', '\u1b05\u0334\u1b35', 'e\u0301\u0327', '\u1100\u1161\u11a8', '\uac00\u11a8',
          '\u0344', '\u0f73\u0f71', 'A\u030a\u0301', '\U0002f868\u0301', '\u2126\u212b', 'ﬁ\u0301',
          '\u1e9b\u0323', '\u0958', '\U00016121\U0001611f', '\U00016d69\U00016d67', '\ud800e\u0301']
for form in ('NFC', 'NFD', 'NFKC', 'NFKD'):
    res = [old.normalize(form, t) for t in texts]
    diff = [(t, r) for t, r in zip(texts, res) if r != unicodedata.normalize(form, t)]
    print(form, zlib.crc32(repr(res).encode()), [(ascii(t), ascii(r)) for t, r in diff[:12]], len(diff))
    print(' is_normalized', sum(old.is_normalized(form, t) for t in texts), sum(unicodedata.is_normalized(form, t) for t in texts))
print(ascii(old.normalize('NFC', '')), old.is_normalized('NFD', ''))

# Names: 3.2.0 knows no aliases, nor characters added since.
print(old.lookup('LATIN SMALL LETTER A'), ascii(old.lookup('BALINESE LETTER AKARA')), ascii(unicodedata.lookup('LATIN CAPITAL LETTER GHA')))
for f in (lambda: old.lookup('LATIN CAPITAL LETTER GHA'), lambda: old.name('\u1b06'), lambda: old.decimal('\u1b50'),
          lambda: old.numeric('x'), lambda: old.category('ab'), lambda: old.normalize('NFX', 'a'),
          lambda: old.category(5), lambda: old.category('a', x=1), lambda: unicodedata.UCD.category(old)):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(unicodedata.UCD.category(old, '\u1b06'), unicodedata.UCD.name(old, 'a'))

# stringprep (RFC 3454) tables over the sample.
tables = [n for n in dir(stringprep) if n.startswith(('in_table', 'map_table'))]
print(tables)
for n in tables:
    f = getattr(stringprep, n)
    print(n, zlib.crc32(repr([f(c) for c in sample]).encode()))
print(stringprep.in_table_a1('\u0221'), stringprep.in_table_a1('\u0220'), ascii(stringprep.map_table_b2('\u1e9e')),
      ascii(stringprep.map_table_b3('\u0130')), stringprep.in_table_d1('\u05d0'), stringprep.in_table_d2('a'))

# The idna codec: nameprep, ToASCII / ToUnicode, round trips, errors.
for name in ['bücher.example', 'Bücher.Example.', 'пример.испытание', '例え.テスト', 'ÉCOLE.fr',
             'straße.de', 'ǅemal.ba', 'python.org', 'a\u00adb.com', 'ᏚᎢᎵᎬᎢᎬᏒ.example', 'Ⴀ.example']:
    enc = name.encode('idna')
    print(name, enc, enc.decode('idna'), ascii(idna.nameprep(name.split('.')[0])))
print(b'xn--bcher-kva.example'.decode('idna'), b'XN--BCHER-KVA.EXAMPLE'.decode('idna'), idna.ToASCII('ü'), idna.ToUnicode(b'xn--tda'))
for bad in ['a' * 64 + '.com', '\u0221.com', '\u05d0a.com', '\u200e.com', '\udcff.com']:
    try:
        print(bad.encode('idna'))
    except UnicodeError as e:
        print(type(e).__name__, e)
for bad in [b'xn--.com', b'xn--a-\xff.com', b'xn--zzzzz.com']:
    try:
        print(bad.decode('idna'))
    except UnicodeError as e:
        print(type(e).__name__, e)
enc = codecs.getincrementalencoder('idna')()
print(enc.encode('bücher.'), enc.encode('example'), enc.encode('', final=True))
dec = codecs.getincrementaldecoder('idna')()
print(dec.decode(b'xn--bcher-kva.'), dec.decode(b'example'), dec.decode(b'', final=True))
