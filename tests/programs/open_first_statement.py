# builtins.open works before anything imports io or _io (the _io classes
# are readied on first use), for writing, reading and binary files.
with open(__file__ + ".tmp", "w") as f:
    f.write("first line\nsecond line\n")
with open(__file__ + ".tmp") as f:
    print(f.readline().rstrip(), type(f).__name__)
with open(__file__ + ".tmp", "rb") as f:
    print(f.read(5), type(f).__name__, type(f.raw).__name__)
import os
os.remove(__file__ + ".tmp")
print("removed:", not os.path.exists(__file__ + ".tmp"))
