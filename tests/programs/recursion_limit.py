# Exceeding the recursion limit raises RecursionError, which can be caught.
import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)
def depth(n=0):
    try:
        return depth(n + 1)
    except RecursionError:
        return n
d = depth()
print(500 < d <= sys.getrecursionlimit())
sys.setrecursionlimit(200)
print(sys.getrecursionlimit())
def count(n):
    return 0 if n == 0 else 1 + count(n - 1)
print(count(150))
try:
    count(1000)
except RecursionError:
    print("limit 200 enforced")
sys.setrecursionlimit(1000)
print(count(900))
class Loop:
    def __repr__(self):
        return repr(self)
try:
    repr(Loop())
except RecursionError as e:
    print("RecursionError in repr")
