# print(): sep, end, file, flush, and writing to stderr.
import sys
print("a", "b", "c")
print("a", "b", "c", sep="-")
print("no newline", end="")
print(" <- continued")
print("x", "y", sep="", end="!\n")
print()
print(*range(5), sep=", ")
print("to stderr", file=sys.stderr)
print("flushed", flush=True)
print(None, True, 1.5, [1, "2"], {"k": (3,)})
print("tab\tsep", "multi\nline")
sys.stdout.write("written directly\n")
print(sys.stdout.write("abc") if False else "write returns count:", sys.stdout.write("xyz\n"))
print("sep None", "works", sep=None)
try:
    print("x", sep=5)
except TypeError as e:
    print("TypeError:", e)
print("", end="")
print("end", end="\n\n")
print("done")
