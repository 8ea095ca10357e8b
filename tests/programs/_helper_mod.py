# Helper module imported by import_local_module.py (not a test program itself: names starting
# with "_" are skipped by run.sh and regen.sh).
print("helper module executing, __name__ =", __name__)
CONSTANT = 42
def greet(who):
    return f"hello from helper, {who}"
class Widget:
    def __repr__(self):
        return "Widget()"
_private = "hidden from star-import"
__all__ = ["CONSTANT", "greet", "Widget"]
