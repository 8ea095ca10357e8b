# \b and \B at the edges and on empty input (3.14: \B matches '').
import re

for pat in (r"\b", r"\B"):
    for s in ("", " ", "a", "ab", "a b"):
        print(repr(pat), repr(s), [m.span() for m in re.finditer(pat, s)])
        print(repr(pat), repr(s), bool(re.search(pat, s, re.ASCII)))
    print(repr(pat), bool(re.search(pat.encode(), b"")), bool(re.search(pat.encode(), b"", re.LOCALE)))
