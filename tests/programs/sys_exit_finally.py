# SystemExit runs finally blocks and context managers; raise SystemExit directly.
import sys
class CM:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("context manager exit:", a[0].__name__)
def main():
    with CM():
        try:
            raise SystemExit(7)
        finally:
            print("finally ran")
try:
    main()
except SystemExit as e:
    print("code", e.code, type(e.code).__name__)
try:
    sys.exit()
except SystemExit as e:
    print("no-arg code", e.code)
try:
    sys.exit(None)
except BaseException as e:
    print(type(e).__name__, isinstance(e, Exception))
print("final exit 0 via SystemExit(0)")
raise SystemExit(0)
