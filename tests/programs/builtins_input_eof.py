# input() with stdin at end of file raises EOFError; stdin is /dev/null.
import sys
try:
    line = input("prompt> ")
except EOFError as e:
    print("\nEOFError:", repr(e))
print(repr(sys.stdin.read()))
print(sys.stdin.readline() == "")
