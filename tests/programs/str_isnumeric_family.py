# isdecimal / isdigit / isnumeric / isalpha across Unicode, and int()/float() on such strings.
samples = ["123", "١٢٣", "½", "²", "Ⅷ", "四", "1.5", "-1", "", "abc", "ß", "İ", "٣.٥", "१२"]
for s in samples:
    conv = None
    try:
        conv = int(s)
    except ValueError:
        try:
            conv = float(s)
        except ValueError:
            conv = "-"
    print(f"{s!r:8} dec={s.isdecimal()!s:5} dig={s.isdigit()!s:5} num={s.isnumeric()!s:5} alpha={s.isalpha()!s:5} -> {conv}")
print("İ".lower(), len("İ".lower()), "ß".upper(), "ﬁ".upper(), "Σ".lower(), "ΑΣ".lower())
