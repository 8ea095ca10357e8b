# Case conversion and classification methods of str.
words = ["hello", "WORLD", "Hello World", "ß straße", "ǅemal", "123abc", "", "  ", "a1_b", "ΣΑΣ"]
for w in words:
    print(repr(w), w.upper(), w.lower(), w.title(), w.capitalize(), w.swapcase(), w.casefold())
    print(" ", w.isalpha(), w.isdigit(), w.isalnum(), w.isspace(), w.isupper(), w.islower(),
          w.istitle(), w.isidentifier(), w.isascii(), w.isprintable())
print("½".isnumeric(), "½".isdigit(), "²".isdigit(), "²".isdecimal(), "٣".isdecimal(), int("٣"))
