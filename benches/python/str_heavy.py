# String-heavy workload: building, splitting, joining, formatting, searching, replacing.
def work():
    parts = []
    for i in range(60000):
        parts.append(f"{i:05d}:{i * 7 % 1000:03d}")
    text = ";".join(parts)
    fields = text.split(";")
    total = 0
    for f in fields:
        a, b = f.split(":")
        total += int(a) + int(b)
    up = text.upper().replace("0", "o")
    count = up.count("oo") + text.find("59999")
    words = ("alpha beta gamma delta " * 5000).split()
    caps = " ".join(w.capitalize() for w in words)
    rev = "".join(reversed(caps))
    s = ""
    for i in range(20000):
        s += chr(97 + i % 26)
    return (total, count, len(caps), rev[:12], s.count("abc"), "%s-%d" % (s[:5], len(s)))
def main(rounds=12):
    results = [work() for _ in range(rounds)]
    assert all(r == results[0] for r in results)
    print(*results[0])
main()
