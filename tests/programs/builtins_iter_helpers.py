# iter() with sentinel on a callable, next() defaults, enumerate/zip/reversed on custom classes.
import io
stream = io.StringIO("line1\nline2\n\nline4\n")
print(list(iter(stream.readline, "")))
stream.seek(0)
print(list(iter(lambda: stream.readline().strip(), "")))
blocks = io.BytesIO(b"abcdefgh")
print(list(iter(lambda: blocks.read(3), b"")))
class Countdown:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError
        return self.n - i
c = Countdown(4)
print(list(c), list(reversed(c)), list(enumerate(c, 1)), list(zip(c, "abcd")), sorted(c))
it = iter(c)
print(next(it), next(it), next(it), next(it), next(it, "stop"))
print(sum(c), max(c), 2 in c, 9 in c, len(c))
