# A vending machine as a state machine driven by events, with match dispatch.
from enum import Enum, auto
class S(Enum):
    IDLE = auto()
    HAS_MONEY = auto()
    VENDING = auto()
class Machine:
    PRICE = 75
    def __init__(self):
        self.state, self.credit, self.log = S.IDLE, 0, []
    def event(self, ev, arg=None):
        before = self.state
        match (self.state, ev):
            case (S.IDLE | S.HAS_MONEY, "coin"):
                self.credit += arg
                self.state = S.HAS_MONEY
            case (S.HAS_MONEY, "select") if self.credit >= self.PRICE:
                self.state = S.VENDING
            case (S.HAS_MONEY, "select"):
                self.log.append(f"need {self.PRICE - self.credit} more")
            case (S.VENDING, "dispense"):
                change = self.credit - self.PRICE
                self.credit = 0
                self.state = S.IDLE
                self.log.append(f"dispensed, change {change}")
            case (_, "refund"):
                self.log.append(f"refunded {self.credit}")
                self.credit, self.state = 0, S.IDLE
            case (state, other):
                self.log.append(f"ignored {other} in {state.name}")
        print(f"{before.name:>9} --{ev}({arg if arg is not None else ''})--> {self.state.name}")
m = Machine()
for ev in [("select",), ("coin", 25), ("select",), ("coin", 25), ("coin", 50), ("select",), ("coin", 5),
           ("dispense",), ("coin", 10), ("refund",), ("dispense",)]:
    m.event(*ev)
print(m.log)
