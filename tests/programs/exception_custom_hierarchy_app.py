# An application-style exception hierarchy with error codes, retries and a final report.
class AppError(Exception):
    code = 1
    def __init__(self, msg, **ctx):
        super().__init__(msg)
        self.ctx = ctx
    def __str__(self):
        extra = ", ".join(f"{k}={v!r}" for k, v in sorted(self.ctx.items()))
        return f"[E{self.code}] {self.args[0]}" + (f" ({extra})" if extra else "")
class NetworkError(AppError):
    code = 10
class TimeoutErr(NetworkError):
    code = 11
class DataError(AppError):
    code = 20
attempts = {"fetch": 0}
def fetch(url):
    attempts["fetch"] += 1
    if attempts["fetch"] < 3:
        raise TimeoutErr("timed out", url=url, attempt=attempts["fetch"])
    return '{"items": [1, 2, "x"]}'
def parse(text):
    import json
    items = json.loads(text)["items"]
    bad = [i for i in items if not isinstance(i, int)]
    if bad:
        raise DataError("non-integer items", bad=bad)
    return items
def run():
    report = []
    for _ in range(5):
        try:
            text = fetch("http://example")
            return parse(text), report
        except NetworkError as e:
            report.append(str(e))
        except AppError as e:
            report.append(str(e))
            raise
try:
    run()
except DataError as e:
    print("failed:", e, "| code", e.code, "| mro", [c.__name__ for c in type(e).__mro__[:3]])
print(attempts)
for cls in (TimeoutErr, NetworkError, DataError):
    print(cls.__name__, cls.code, issubclass(cls, AppError), issubclass(cls, NetworkError))
