# A context manager tracking nesting depth, a transaction with rollback, and a reusable class.
class Indent:
    def __init__(self):
        self.level = 0
    def __enter__(self):
        self.level += 1
        return self
    def __exit__(self, *exc):
        self.level -= 1
    def say(self, msg):
        print("    " * self.level + msg)
ind = Indent()
ind.say("top")
with ind:
    ind.say("one")
    with ind:
        ind.say("two")
        with ind:
            ind.say("three")
    ind.say("back to one")
ind.say("top again")
class Transaction:
    def __init__(self, store):
        self.store = store
    def __enter__(self):
        self.snapshot = dict(self.store)
        return self.store
    def __exit__(self, et, ev, tb):
        if et is not None:
            self.store.clear()
            self.store.update(self.snapshot)
            print(f"rolled back after {et.__name__}: {ev}")
            return True
        print("committed")
db = {"balance": 100}
with Transaction(db) as s:
    s["balance"] -= 30
print(db)
with Transaction(db) as s:
    s["balance"] -= 500
    if s["balance"] < 0:
        raise ValueError("overdraft")
print(db)
