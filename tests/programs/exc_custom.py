# Custom exception classes with attributes, __str__ and args.
class AppError(Exception):
    pass
class ValidationError(AppError):
    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
class Quiet(AppError):
    def __str__(self):
        return "quiet!"
def validate(d):
    if "name" not in d:
        raise ValidationError("name", "missing")
    if not d["name"]:
        raise ValidationError("name", "empty")
    return "ok"
for d in [{}, {"name": ""}, {"name": "x"}]:
    try:
        print(validate(d))
    except AppError as e:
        print(type(e).__name__, e, e.field, e.args)
try:
    raise Quiet("ignored", 2)
except AppError as e:
    print(str(e), repr(e), e.args)
e = AppError()
print(repr(e), str(e), e.args, repr(AppError("a", "b")), str(AppError("a", "b")))
print(repr(ValueError("x")), str(KeyError("k")), str(KeyError("k", "v")), repr(StopIteration(5).value))
class WithInit(Exception):
    def __init__(self):
        super().__init__("fixed")
try:
    raise WithInit
except WithInit as e:
    print(e)
