# A failing sys.excepthook: its error, then the original exception.
import sys
def hook(t, v, tb):
    raise RuntimeError("hook broke")
sys.excepthook = hook
raise ValueError("original")
