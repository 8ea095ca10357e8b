# Day-of-week by Zeller's congruence, leap years, and a hand-printed month calendar.
def zeller(y, m, d):
    if m < 3:
        m += 12
        y -= 1
    k, j = y % 100, y // 100
    h = (d + 13 * (m + 1) // 5 + k + k // 4 + j // 4 + 5 * j) % 7
    return ["Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"][h]
for date in [(2000, 1, 1), (1969, 7, 20), (2024, 2, 29), (1900, 3, 1), (2038, 1, 19)]:
    print(date, zeller(*date))
def leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
print([y for y in range(1896, 1920) if leap(y)], leap(2000), leap(2100))
def month(y, m):
    days = [31, 29 if leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    start = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].index(zeller(y, m, 1))
    print("Mo Tu We Th Fr Sa Su")
    cells = ["  "] * start + [f"{d:2d}" for d in range(1, days + 1)]
    for i in range(0, len(cells), 7):
        print(" ".join(cells[i:i + 7]))
month(2024, 2)
import calendar
print(calendar.weekday(2024, 2, 29), calendar.isleap(2024), calendar.monthrange(2023, 2))
