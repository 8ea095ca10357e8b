# sys.exit with a string prints it on stderr and exits with status 1.
import sys
try:
    sys.exit(5)
except SystemExit as e:
    print("caught SystemExit", e.code)
print("now exiting with a message")
sys.exit("fatal: configuration missing")
