# exit status 2 from a nested call; stdout before exit is flushed.
import sys
def check(args):
    if not args:
        print("usage: prog ARG", file=sys.stderr)
        sys.exit(2)
print("checking")
check([])
print("unreachable")
