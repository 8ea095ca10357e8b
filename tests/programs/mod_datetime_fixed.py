# datetime arithmetic on fixed dates (never the current time).
from datetime import date, datetime, timedelta, timezone, time
d = date(2024, 2, 28)
print(d, d + timedelta(days=1), d + timedelta(days=2), d.weekday(), d.isoweekday(), tuple(d.isocalendar()), d.isocalendar().week)
print(date(2024, 12, 25) - date(2024, 1, 1), (date(2025, 1, 1) - date(2024, 1, 1)).days)
dt = datetime(2023, 7, 4, 15, 30, 45, 123456)
print(dt, dt.isoformat(), dt.strftime("%Y/%m/%d %H:%M:%S %A %B %j"), dt.date(), dt.time())
print(datetime.fromisoformat("2021-03-04T05:06:07"), datetime.strptime("2020-02-29 12:00", "%Y-%m-%d %H:%M"))
td = timedelta(days=1, hours=25, minutes=61, seconds=3661)
print(td, td.total_seconds(), timedelta(seconds=-1), timedelta(weeks=2) // timedelta(days=3))
aware = datetime(2024, 1, 1, 12, tzinfo=timezone.utc)
print(aware, aware.astimezone(timezone(timedelta(hours=-5))), aware.timestamp())
print(date.fromordinal(738000), date(2000, 1, 1).toordinal(), time(9, 5), repr(date(1999, 12, 31)))
print(sorted([date(2020, 5, 1), date(2019, 1, 1), date(2020, 1, 1)]), date(2024, 2, 29).replace(year=2028))
try:
    date(2023, 2, 29)
except ValueError as e:
    print("ValueError:", e)
