# A file with a syntax error: nothing runs; the error is reported on stderr.
print("this line never runs")
def broken(:
    pass
