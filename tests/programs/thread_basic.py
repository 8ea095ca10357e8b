# threading.Thread start/join, results gathered in a deterministic order.
import threading
results = [None] * 5
def work(i):
    total = 0
    for k in range(10000):
        total += k % (i + 2)
    results[i] = total
threads = [threading.Thread(target=work, args=(i,), name=f"w{i}") for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
print([t.name for t in threads], [t.is_alive() for t in threads])
class Summer(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.result = None
    def run(self):
        self.result = sum(range(self.n))
s = Summer(1000)
s.start()
s.join()
print(s.result, threading.current_thread().name, threading.main_thread() is threading.current_thread())
t = threading.Thread(target=lambda: None, daemon=True)
print(t.daemon)
t.start(); t.join()
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
print(threading.active_count() >= 1)
