# sys.exit(-1) leaves the process with status 255 (the OS keeps the low 8 bits).
import sys
print("exit -1")
sys.exit(-1)
