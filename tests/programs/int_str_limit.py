# The int/str conversion digit limit (4300 digits by default).
import sys
print(sys.get_int_max_str_digits())
big = 10 ** 5000
try:
    str(big)
except ValueError as e:
    print("ValueError:", e)
try:
    int("1" * 5000)
except ValueError as e:
    print("ValueError:", e)
ok = int("7" * 4300)
print(len(str(ok)))
print(len(hex(big)) > 0)
sys.set_int_max_str_digits(6000)
print(len(str(big)))
sys.set_int_max_str_digits(0)
print(len(str(10 ** 9000)))
try:
    sys.set_int_max_str_digits(100)
except ValueError as e:
    print("ValueError:", e)
sys.set_int_max_str_digits(4300)
print(int("1" * 40, 2), int("f" * 4400, 16) > 0)
