# An uncaught exception prints a traceback on stderr and exits with status 1.
def level3(d):
    return d["missing"]
def level2(d):
    return level3(d) + 1
def level1():
    data = {"present": 1}
    print("about to fail")
    return level2(data)
level1()
print("never printed")
