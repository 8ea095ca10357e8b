# compile(..., "single"): compound statements end at the end of the source
# (an implied blank line), expression values go through sys.displayhook,
# and a second statement is an error.
import ast
import builtins
import sys

src = "class Seq:\n    def __getitem__(self, i):\n        if i < 3: return i\n        raise IndexError\n"
exec(compile(src, "<s>", "single"))
print(list(Seq()))
for src in ['x = 1\n', 'if 1:\n    x = 1\n', 'x=1\ny=2\n', 'if 1: pass\nx=2\n', '1+1', 'def f():\n  pass', 'x = 1  # comment\n# more\n']:
    try:
        print(repr(src), ast.dump(ast.parse(src, mode='single')))
        compile(src, '<s>', 'single')
    except SyntaxError as e:
        print(repr(src), 'SyntaxError', e.msg, e.lineno, e.offset)
exec(compile('6 * 7', '<s>', 'single'))
print(builtins._)
exec(compile('None', '<s>', 'single'))
print(builtins._)
shown = []
sys.displayhook = shown.append
exec(compile('"via hook"', '<s>', 'single'))
sys.displayhook = sys.__displayhook__
print(shown)
