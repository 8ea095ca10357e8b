# Closures as objects: a bank account with private state via nonlocal.
def account(balance=0):
    history = []
    def deposit(v):
        nonlocal balance
        balance += v
        history.append(("dep", v))
        return balance
    def withdraw(v):
        nonlocal balance
        if v > balance:
            raise ValueError(f"insufficient funds: {balance} < {v}")
        balance -= v
        history.append(("wd", v))
        return balance
    def report():
        return balance, list(history)
    return deposit, withdraw, report
dep, wd, rep = account(100)
print(dep(50), wd(30))
try:
    wd(1000)
except ValueError as e:
    print("ValueError:", e)
print(rep())
dep2, _, rep2 = account()
dep2(1)
print(rep2(), rep()[0])
print(dep.__closure__ is not None, len(dep.__code__.co_freevars))
