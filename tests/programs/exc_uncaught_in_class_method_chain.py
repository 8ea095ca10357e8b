# An uncaught TypeError deep in method calls, with the traceback crossing a property and a lambda.
class Pipeline:
    def __init__(self, steps):
        self.steps = steps
    @property
    def result(self):
        return self.run(10)
    def run(self, v):
        for step in self.steps:
            v = step(v)
        return v
p = Pipeline([lambda x: x + 1, lambda x: x * 2, lambda x: x + "!"])
print("starting")
print(p.result)
