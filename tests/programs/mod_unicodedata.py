# unicodedata: properties, decompositions, numeric values, names, normalization.
import unicodedata as u
for c in 'aA1½é\u0301中€(\u2028\U0001F600\x00':
    print(repr(c), u.category(c), u.bidirectional(c), u.combining(c), u.east_asian_width(c), u.mirrored(c), repr(u.decomposition(c)), u.numeric(c, None), u.name(c, '?'))
print(u.normalize('NFD', 'é'), len(u.normalize('NFD', 'é')), u.normalize('NFKC', 'ﬁ'), u.is_normalized('NFC', 'e\u0301'), u.lookup('SNOWMAN'), u.unidata_version)
for f in [lambda: u.category('ab'), lambda: u.numeric('a'), lambda: u.normalize('X', 'a'), lambda: u.lookup('NO SUCH')]:
    try: f()
    except Exception as e: print(type(e).__name__, e)
