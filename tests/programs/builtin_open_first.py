# builtins.open works before anything has imported io or _io.
with open(__file__) as f:
    print(type(f).__name__, f.mode, f.readline().rstrip())
with open(__file__, "rb") as f:
    print(type(f).__name__, f.read(9))
with open(__file__, "rb", buffering=0) as f:
    print(type(f).__name__, f.read(9))
