# An uncaught AttributeError with a suggestion, raised inside a method.
class Account:
    def __init__(self):
        self.balance = 10
    def report(self):
        return f"balance: {self.balanse}"
acct = Account()
print(acct.report())
