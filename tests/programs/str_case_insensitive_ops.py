# Case-insensitive comparisons: lower vs casefold, sorting, dedup and lookup tables.
words = ["Straße", "STRASSE", "strasse", "Apple", "apple", "ÉCOLE", "école", "Zebra"]
print(sorted(set(w.lower() for w in words)))
print(sorted(set(w.casefold() for w in words)))
print(sorted(words, key=str.casefold))
print("Straße".lower() == "strasse", "Straße".casefold() == "strasse")
index = {}
for w in words:
    index.setdefault(w.casefold(), []).append(w)
print(index)
print("HeLLo".lower().capitalize(), "hello world".title(), "o'neil mc-donald".title(), "ßa".capitalize())
