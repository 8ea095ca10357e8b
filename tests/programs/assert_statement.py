# assert with and without messages; __debug__.
print(__debug__)
assert True
assert 1 == 1, "never shown"
try:
    assert 1 == 2
except AssertionError as e:
    print("AssertionError args:", e.args)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert False, {"detail": 42}
except AssertionError as e:
    print("AssertionError:", e.args[0])
def validate(age):
    assert isinstance(age, int), f"age must be int, not {type(age).__name__}"
    assert 0 <= age < 150, "age out of range"
    return age
for a in [30, "x", 200]:
    try:
        print(validate(a))
    except AssertionError as e:
        print("invalid:", e)
