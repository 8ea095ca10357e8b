# String literal escapes and raw strings.
s = "tab\there\nnl\\bs\'sq\"dq\a\b\f\v\0end"
print(repr(s), len(s))
print(repr("\x41\u00e9\U0001F600\101\N{GREEK SMALL LETTER ALPHA}"))
print(repr(r"raw\n\t\\"), len(r"\n"), r"C:\path\to")
print(repr('single "double"'), repr("double 'single'"), repr("both ' \""))
print("""triple "quoted" 'string'""")
print('''a
b''')
print("implicit " "concat" ' works')
print(repr("\u0000\u001f\u007f\u0080\u00a0\u2028"))
print(repr("line\r\n"), ascii("ñ€😀"), "\N{BULLET}")
print("back\
slash continuation")
print(len("\U0010FFFF"), repr(chr(0xD800)))
print("é" == "e\u0301", len("e\u0301"))
