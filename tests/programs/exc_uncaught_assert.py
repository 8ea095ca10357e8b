# A failing assert statement with a message, uncaught.
def checked_div(a, b):
    assert b != 0, f"divisor must be non-zero, got {b}"
    return a / b
print(checked_div(6, 3))
print(checked_div(1, 0))
