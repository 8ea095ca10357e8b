# Generator-based coroutines (send-driven): a running average and a pipeline of stages.
def coroutine(fn):
    def start(*a, **k):
        g = fn(*a, **k)
        next(g)
        return g
    return start
@coroutine
def averager():
    total = count = 0
    avg = None
    while True:
        v = yield avg
        total += v
        count += 1
        avg = total / count
a = averager()
print([a.send(v) for v in [10, 20, 30, 40]])
@coroutine
def grep(pattern, target):
    while True:
        line = yield
        if pattern in line:
            target.send(line)
@coroutine
def upper(target):
    while True:
        target.send((yield).upper())
@coroutine
def sink(out):
    while True:
        out.append((yield))
out = []
pipe = grep("py", upper(sink(out)))
for line in ["python rocks", "rust is fast", "rupy = rust + py", "nothing"]:
    pipe.send(line)
print(out)
