# Anchors for a binary operator after nested subscripts, inside a call.
def lookup(table, key):
    return table["prefix"][key] + 1

data = {"prefix": {"a": "x"}}
values = [lookup(data, k) for k in ("a",)]
