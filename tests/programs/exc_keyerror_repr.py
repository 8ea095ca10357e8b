# KeyError str() uses repr of the key; other exceptions use str of their args.
for key in ["text", 42, ("t", 1), None, "", 3.5]:
    try:
        {}[key]
    except KeyError as e:
        print(f"str={str(e)!r} repr={e!r} args={e.args}")
print(str(KeyError()), str(KeyError("a", "b")), str(ValueError("text")), str(ValueError()))
print(str(OSError("msg")), str(OSError(1, "two")), str(OSError(1, "two", "file.txt")))
print(repr(StopIteration()), repr(SystemExit(1)), str(UnicodeError("u")))
