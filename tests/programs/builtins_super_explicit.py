# super() with explicit arguments, in classmethods/staticmethods, and unbound super objects.
class A:
    def hello(self):
        return "A.hello"
    @classmethod
    def make(cls):
        return f"A.make for {cls.__name__}"
class B(A):
    def hello(self):
        return "B.hello -> " + super().hello()
    @classmethod
    def make(cls):
        return "B.make -> " + super().make()
class C(B):
    def hello(self):
        return "C.hello -> " + super(B, self).hello()
print(C().hello(), B().hello(), C.make())
print(super(C, C()).hello(), super(B, C).make())
s = super(B, B())
print(type(s).__name__, s.__thisclass__.__name__, s.__self_class__.__name__)
class NoArgs:
    def f(self):
        def inner():
            return super().__repr__
        try:
            inner()
        except RuntimeError as e:
            return f"RuntimeError: {e}"
print(NoArgs().f())
class D(A):
    @staticmethod
    def sm():
        return super(D, D()).hello()
print(D.sm())
