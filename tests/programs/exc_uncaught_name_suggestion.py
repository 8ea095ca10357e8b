# An uncaught NameError shows a "Did you mean" suggestion in the traceback.
def compute(values):
    total = 0
    for value in values:
        total += valeu
    return total
print("computing")
compute([1, 2, 3])
