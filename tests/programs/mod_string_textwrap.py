# string constants, string.Template, capwords; textwrap.
import string
import textwrap
print(string.ascii_lowercase, string.digits, string.hexdigits, repr(string.whitespace), len(string.punctuation))
t = string.Template("$who likes ${what}s, costs $$5")
print(t.substitute(who="Ann", what="apple"), t.safe_substitute(who="Bo"))
try:
    t.substitute(who="x")
except KeyError as e:
    print("KeyError:", e)
print(string.capwords("hello   big world"), string.Formatter().format("{0}-{x}", 1, x=2))
text = "The quick brown fox jumps over the lazy dog. " * 3
print(textwrap.fill(text, width=30))
print(textwrap.wrap("short", 10), textwrap.shorten(text, width=40))
print(textwrap.indent("a\nb\n\nc", "> "))
print(repr(textwrap.dedent("""\
    indented
      more
    back
""")))
