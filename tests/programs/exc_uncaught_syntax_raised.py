# A SyntaxError raised by the program (not by the compiler) is shown with
# its file, line, text and carets.
def check(line):
    raise SyntaxError("unexpected token", ("config.txt", 4, 7, "    key = = value\n", 4, 10))

print("checking")
check("x")
