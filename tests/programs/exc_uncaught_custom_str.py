# Uncaught exceptions of several shapes: no message, multi-arg, and one raised in a class body.
import sys
print("stdout line before the error")
sys.stdout.flush()
class Strange(Exception):
    def __str__(self):
        return "custom\nmultiline message"
def go():
    raise Strange()
go()
