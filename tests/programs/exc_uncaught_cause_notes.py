# A cause chain with notes, a multi-line message and an exception whose
# str() fails.
class Broken(Exception):
    def __str__(self):
        raise RuntimeError("no str")

class app:
    class Error(Exception):
        pass

def parse(s):
    try:
        return int(s)
    except ValueError as e:
        e.add_note("input came from the config file")
        raise app.Error("cannot parse\nsecond line of message") from e

def load():
    try:
        parse("abc")
    except app.Error:
        raise Broken()

load()
