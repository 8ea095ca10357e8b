# A tab-indented multi-line call and a division by zero inside it.
def outer():
	return inner(  1,
		2)
def inner(a, b):
	return a / (b - 2)
outer()
