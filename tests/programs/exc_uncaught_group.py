# An uncaught ExceptionGroup prints the nested group traceback on stderr.
def worker(n):
    if n % 2:
        raise ValueError(f"odd {n}")
    raise TypeError(f"even {n}")
errors = []
for i in range(3):
    try:
        worker(i)
    except Exception as e:
        errors.append(e)
print("collected", len(errors))
raise ExceptionGroup("workers failed", errors)
