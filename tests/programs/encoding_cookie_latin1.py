# -*- coding: latin-1 -*-
# This source file is encoded in Latin-1; the byte E9 is "é".
s = "café naïve"
print(s, len(s), s.encode("utf-8"), [hex(ord(c)) for c in s[-5:]])
