# sys.exit(True) exits with status 1 and prints nothing (bool is an int).
import sys
try:
    sys.exit(False)
except SystemExit as e:
    print("False ->", repr(e.code))
sys.exit(True)
