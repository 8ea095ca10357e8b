# re: match, search, fullmatch, findall, finditer, groups.
import re
s = "Order 66 shipped on 2024-03-15; order 7 on 2023-11-02."
print(re.match(r"Order", s) is not None, re.match(r"order", s), re.search(r"\d+", s).group())
print(re.findall(r"\d{4}-\d{2}-\d{2}", s), re.findall(r"(\d{4})-(\d{2})", s))
for m in re.finditer(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", s):
    print(m.group(), m.span(), m.groupdict(), m["y"], m.start("m"))
print(re.fullmatch(r"[a-z]+", "abc") is not None, re.fullmatch(r"[a-z]+", "abc1"))
m = re.search(r"(\w+) (\d+)", s)
print(m.groups(), m.group(0, 2), m.lastindex, m.re.pattern)
print(re.findall(r"(?i)order", s), re.findall(r"o\w*", s, re.IGNORECASE))
print(re.search(r"^o", "x\no", re.M).start(), re.findall(r".", "a\nb", re.S))
print(re.findall(r"\bon\b", s), re.findall(r"(a)(b)?", "ab a"))
print(re.match(r"(a)|(b)", "b").groups(), re.match(r"(a)|(b)", "b").groups("-"))
