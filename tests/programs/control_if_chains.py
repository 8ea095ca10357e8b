# if/elif/else chains and conditional expressions.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"
for v in [-5, 0, 3, 42, 1000]:
    print(v, classify(v))
def fizz(n):
    return "FizzBuzz" if n % 15 == 0 else "Fizz" if n % 3 == 0 else "Buzz" if n % 5 == 0 else str(n)
print(" ".join(fizz(i) for i in range(1, 21)))
x = []
if x:
    print("truthy")
elif x is not None:
    print("empty but not None")
if not x and len(x) == 0 or False:
    print("combined")
print("yes" if [0] else "no", "yes" if 0.0 else "no")
