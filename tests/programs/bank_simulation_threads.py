# Teller threads process a fixed set of transfers against locked accounts; no transfer can fail,
# so the final balances do not depend on the interleaving.
import threading
import queue
accounts = {name: 5000 for name in "ABCD"}
locks = {name: threading.Lock() for name in accounts}
jobs = queue.Queue()
txs = [("A", "B", 10), ("B", "C", 25), ("C", "D", 5), ("D", "A", 40), ("A", "C", 7), ("B", "D", 13)] * 50
for tx in txs:
    jobs.put(tx)
failed = []
fail_lock = threading.Lock()
def teller():
    while True:
        try:
            src, dst, amt = jobs.get_nowait()
        except queue.Empty:
            return
        first, second = sorted((src, dst))
        with locks[first], locks[second]:
            if accounts[src] >= amt:
                accounts[src] -= amt
                accounts[dst] += amt
            else:
                with fail_lock:
                    failed.append((src, dst, amt))
ts = [threading.Thread(target=teller) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(accounts, sum(accounts.values()), len(failed))
