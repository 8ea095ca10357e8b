# Struct sequence classes: constructing time.struct_time from a sequence,
# its errors, pickling, and what datetime builds on it.
import datetime
import pickle
import sys
import time

t = time.struct_time((2024, 2, 29, 12, 30, 15, 3, 60, 0))
print(t)
print(t.tm_year, t[1], len(t), t[:3], type(t).__name__, type(t).__module__)
print(isinstance(time.gmtime(0), time.struct_time), type(sys.flags).__name__)
print(time.struct_time.n_fields, time.struct_time.n_sequence_fields, time.struct_time.n_unnamed_fields)
print(time.struct_time.__match_args__[:3])
z = time.struct_time((2024, 2, 29, 12, 30, 15, 3, 60, 0, "UTC", 0))
print(z.tm_zone, z.tm_gmtoff, len(z))
d = time.struct_time((2024, 2, 29, 12, 30, 15, 3, 60, 0), {"tm_zone": "CET"})
print(d.tm_zone, d.tm_gmtoff)
for bad in [(1, 2), tuple(range(12)), 42]:
    try:
        time.struct_time(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    time.struct_time(tuple(range(9)), [])
except TypeError as e:
    print("TypeError:", e)
print(pickle.loads(pickle.dumps(t)) == t, pickle.loads(pickle.dumps(z)).tm_zone)
print(datetime.datetime(2020, 5, 17, 8, 9).timetuple())
print(time.strftime("%Y-%m-%d %H:%M", t))
print(f"{datetime.date(2021, 12, 31):%d/%m/%Y}")

def f(a, b):
    c = a + b
    return c

code = f.__code__
print([code._varname_from_oparg(i) for i in range(code.co_nlocals)])
try:
    code._varname_from_oparg(99)
except IndexError as e:
    print("IndexError:", e)
