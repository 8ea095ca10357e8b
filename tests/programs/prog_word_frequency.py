# Word frequency report over an embedded text.
TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness, it was the spring of hope,
it was the winter of despair."""
import re
from collections import Counter
words = re.findall(r"[a-z]+", TEXT.lower())
freq = Counter(words)
print(f"{len(words)} words, {len(freq)} distinct")
width = max(len(w) for w, _ in freq.most_common(8))
for word, n in freq.most_common(8):
    print(f"{word:<{width}} {n:>3} {'*' * n}")
by_len = {}
for w in freq:
    by_len.setdefault(len(w), []).append(w)
for length in sorted(by_len):
    print(length, sorted(by_len[length]))
print(max(freq, key=lambda w: (len(w), w)))
