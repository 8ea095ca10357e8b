# _tokenize.TokenizerIter: the interpreter's tokenizer in the tokenize module's
# extra-tokens mode (comments, NL, OP types, character columns, lines).
import _tokenize
src = '''# lead comment
def f(a, b=0x1F):  # trailing
    """doc
    string"""

    if a:
        return [a,
                b]  # in brackets
    return f"x{a!r:>{b}}y"
x = 1 +\\
    2
)
é = 'ünï'
'''
lines = iter(src.splitlines(keepends=True))
for t in _tokenize.TokenizerIter(lambda: next(lines), extra_tokens=True):
    print(t)
lines = iter(['x = 1\n', 'y'])
for t in _tokenize.TokenizerIter(lambda: next(lines), extra_tokens=True):
    print(t)
lines = iter([b'a = 1\n'])
print(list(_tokenize.TokenizerIter(lambda: next(lines), extra_tokens=False, encoding='utf-8')))
lines = iter(['if x:\n', '    y\n', '  z\n'])
try:
    print(list(_tokenize.TokenizerIter(lambda: next(lines), extra_tokens=True)))
except SyntaxError as e:
    print(type(e).__name__, e)
