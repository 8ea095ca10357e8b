# re: sub, subn, split, compile flags, escape, backreferences, lookarounds.
import re
print(re.sub(r"\s+", " ", "a   b \t\n c"), re.subn(r"a", "A", "banana"))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@home ann@work"))
print(re.sub(r"\d+", lambda m: str(int(m.group()) * 2), "3 apples and 12 pears"))
print(re.sub(r"(?P<w>\w)\w*", r"\g<w>.", "hello big world"))
print(re.split(r"[,;]\s*", "a, b;c,  d"), re.split(r"(\d)", "a1b2c"), re.split(r"x", "axbxc", maxsplit=1))
pat = re.compile(r"""
    (?P<key>[a-z]+)   # key
    \s*=\s*
    (?P<val>\d+)      # value
""", re.VERBOSE)
print([m.groupdict() for m in pat.finditer("a = 1, bb=22,c= 3")])
print(re.escape("1+1=2?"), re.findall(re.escape("a.b"), "a.b axb"))
print(re.findall(r"(\w)\1", "aabbcdd"), re.findall(r"\w+(?=!)", "hi! there yo!"), re.findall(r"(?<=\$)\d+", "$5 and $10"))
print(re.findall(r"a.*b", "a1b2b"), re.findall(r"a.*?b", "a1b2b"), re.findall(r"\d{2,3}", "1 12 1234"))
try:
    re.compile(r"(unclosed")
except re.error as e:
    print("re.error:", e)
print(re.sub(r"^", "> ", "line1\nline2", flags=re.M))
print(re.sub("", "-", "abc"))
