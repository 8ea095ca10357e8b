# AttributeError and NameError messages with "Did you mean" suggestions.
class Config:
    def __init__(self):
        self.timeout = 5
        self.retries = 3
c = Config()
for name in ["timeot", "retry", "zzz"]:
    try:
        getattr(c, name)
    except AttributeError as e:
        print("AttributeError:", e, "| name:", e.name, "| obj is c:", e.obj is c)
try:
    [].apend(1)
except AttributeError as e:
    print("AttributeError:", e)
try:
    None.upper()
except AttributeError as e:
    print("AttributeError:", e)
import math
try:
    math.sqr(4)
except AttributeError as e:
    print("AttributeError:", e)
