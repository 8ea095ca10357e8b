# Exceptions propagating through awaits, caught in coroutines, and thrown into them.
class Step:
    def __await__(self):
        yield "step"
async def fails(n):
    await Step()
    raise ValueError(f"failure {n}")
async def middle(n):
    try:
        return await fails(n)
    except ValueError as e:
        raise RuntimeError("middle wrapped") from e
async def top():
    results = []
    for n in range(2):
        try:
            await middle(n)
        except RuntimeError as e:
            results.append((str(e), str(e.__cause__)))
    return results
def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as s:
        return s.value
print(run(top()))
async def cancellable():
    try:
        while True:
            await Step()
    except KeyboardInterrupt:
        return "cancelled cleanly"
c = cancellable()
c.send(None)
c.send(None)
try:
    c.throw(KeyboardInterrupt)
except StopIteration as s:
    print(s.value)
async def plain():
    return 1
try:
    run(plain()) + run(fails(9))
except ValueError as e:
    print("uncaught in coroutine:", e)
async def bad_await():
    await 5
try:
    run(bad_await())
except TypeError as e:
    print("TypeError:", e)
coro = plain()
run(coro)
try:
    run(coro)
except RuntimeError as e:
    print("RuntimeError:", e)
