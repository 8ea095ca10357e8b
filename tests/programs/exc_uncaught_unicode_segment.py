# Carets and anchors on a multi-line binary operation over non-ASCII subscripts.
data = {"ключ": [1, 2]}
def f(d):
    return (d["ключ"][0]
            + d["ключ"][5])
f(data)
