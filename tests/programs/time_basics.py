# The time module: clocks advance, sleep, gmtime/mktime/strftime round
# trips on fixed timestamps (UTC), asctime/ctime formats, errors.
import time
t0 = time.monotonic(); time.sleep(0.01); t1 = time.monotonic()
print(t1 - t0 >= 0.009, time.time() > 1.7e9, isinstance(time.time_ns(), int), time.perf_counter_ns() > 0)
g = time.gmtime(1000000000)
print(tuple(g), g.tm_year, g.tm_yday, g.tm_zone, g.tm_gmtoff)
print(time.strftime('%Y-%m-%d %H:%M:%S %j %a %b', g), time.asctime(g))
print(time.gmtime(0)[:6], tuple(time.gmtime(86400 * 365.25 * 30))[:3])
for bad in (-1, float('nan')):
    try:
        time.sleep(bad)
    except ValueError as e:
        print(e)
try:
    time.sleep('x')
except TypeError as e:
    print(e)
info = time.get_clock_info('monotonic')
print(info.monotonic, info.adjustable, info.resolution > 0)
print(time.process_time() >= 0, type(time.thread_time()).__name__)
