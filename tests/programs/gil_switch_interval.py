# sys.getswitchinterval / setswitchinterval (the GIL's switch interval),
# and a threaded program whose result does not depend on the GIL.
import sys
import threading

print(sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
for v in (0, -1.0, 0.0, -5):
    try:
        sys.setswitchinterval(v)
    except ValueError as e:
        print("ValueError", e)
for v in ("x", None):
    try:
        sys.setswitchinterval(v)
    except TypeError as e:
        print("TypeError", e)
print(sys.getswitchinterval())
print(type(sys._is_gil_enabled()).__name__)

lock = threading.Lock()
total = [0]
results = {}

def work(k):
    s = 0
    for i in range(20000):
        s += i * k
        with lock:
            total[0] += 1
    results[k] = s

threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(total[0], sorted(results.items()))
sys.setswitchinterval(0.005)
print(sys.getswitchinterval())
