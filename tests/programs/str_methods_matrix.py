# The str methods over a matrix of tricky strings (case mappings, final sigma,
# line breaks, wide kinds) and arguments, errors included.
strs = ["", "a", "abc", "  a b  ", "a\tb\n\tc", "ΣΑΣ σ ΌΣΟΣ", "ǅǄǆ", "ﬁ ß İı", "x\u2028y\x1cz\r\n", "aaa", "ab" * 3, "é€😀", "Hello World", "hello_world 123", "١٢٣", "MiXeD cAsE", "'quoted' \"dq\"", "a-b-c", "\x00\x7f\xa0"]
args = ["", "a", "ab", " ", "-", "😀", "σ"]
out = []
def r(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ": " + str(e)
for s in strs:
    out.append(repr(s))
    for m in ["upper", "lower", "casefold", "title", "capitalize", "swapcase", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "isalpha", "isalnum", "isdigit", "isdecimal", "isnumeric", "isspace", "islower", "isupper", "istitle", "isidentifier", "isprintable", "isascii", "expandtabs"]:
        out.append(f"  {m} {r(lambda: getattr(s, m)())}")
    out.append(f"  splitlines(True) {r(lambda: s.splitlines(True))} expandtabs(3) {r(lambda: s.expandtabs(3))} repr {r(lambda: repr(s))} ascii {r(lambda: ascii(s))}")
    for a in args:
        out.append(f"  [{a!r}] find {r(lambda: s.find(a))} rfind {r(lambda: s.rfind(a))} count {r(lambda: s.count(a))} split {r(lambda: s.split(a))} rsplit1 {r(lambda: s.rsplit(a, 1))} partition {r(lambda: s.partition(a))} rpartition {r(lambda: s.rpartition(a))}")
        out.append(f"  [{a!r}] replace {r(lambda: s.replace(a, '<>'))} strip {r(lambda: s.strip(a))} starts {r(lambda: s.startswith(a, 1))} ends {r(lambda: s.endswith(a, 0, -1))} find2 {r(lambda: s.find(a, -3, -1))} count2 {r(lambda: s.count(a, 2))} in {r(lambda: a in s)} index {r(lambda: s.index(a, 1))}")
    for w in [-1, 0, 5, 12]:
        out.append(f"  w{w} {r(lambda: s.center(w, '*'))} {r(lambda: s.ljust(w))} {r(lambda: s.rjust(w, '😀'))} {r(lambda: s.zfill(w))}")
    out.append(f"  enc {r(lambda: s.encode('utf-8', 'surrogatepass'))} {r(lambda: s.encode('latin-1', 'backslashreplace'))} {r(lambda: s.encode('utf-16-le', 'replace'))} {r(lambda: s.encode('ascii', 'namereplace'))}")
    out.append(f"  idx {r(lambda: s[1:-1:2])} {r(lambda: s[::-1])} {r(lambda: s[-2:])} {r(lambda: s * 2)} {r(lambda: sorted(set(s)))} {r(lambda: '|'.join(s))}")
print("\n".join(out))
