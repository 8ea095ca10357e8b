# __name__ == "__main__", module dunders, sys.argv.
import sys
print(__name__, __file__.rsplit("/", 1)[-1], sys.argv, __doc__)
print(__spec__ is None, __package__ is None or __package__ == "", type(__builtins__).__name__)
def main():
    return "main ran"
if __name__ == "__main__":
    print(main())
print(sys.modules["__main__"].main is main)
print(sys.version_info[:2], sys.version_info.major, sys.implementation.name in ("cpython", "rupy"))
print(sys.maxsize == 2 ** 63 - 1, sys.byteorder, sys.platform, sys.getrecursionlimit())
print(sys.flags.utf8_mode, sys.getdefaultencoding(), sys.stdout.encoding, sys.float_info.dig, sys.hash_info.width)
