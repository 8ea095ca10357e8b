# A custom sys.excepthook receives the uncaught exception.
import sys
print(sys.excepthook is sys.__excepthook__)
def hook(t, v, tb):
    print("custom hook:", t.__name__, v, tb.tb_lineno)
sys.excepthook = hook
raise ValueError("through the hook")
