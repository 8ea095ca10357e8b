# Method-call-heavy workload: instance, class, static and inherited methods, super().
class Base:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
    def step(self, k):
        return self.get() + k
    @classmethod
    def make(cls, v):
        return cls(v)
    @staticmethod
    def twice(x):
        return x * 2
class Derived(Base):
    def get(self):
        return super().get() + 1
    def step(self, k):
        return Base.step(self, k) - 1
def main():
    objs = [Base.make(i) for i in range(50)] + [Derived.make(i) for i in range(50)]
    total = 0
    for _ in range(25000):
        for o in objs:
            total += o.step(3) + o.twice(o.get())
    print(total)
main()
