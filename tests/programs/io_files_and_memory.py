# _io: StringIO/BytesIO, open() in every mode over FileIO, the buffered
# classes and TextIOWrapper, tell/seek, newline handling, the errors.
import io, os
here = os.path.dirname(os.path.abspath(__file__))
p = os.path.join(here, '_io_files_and_memory.tmp')
s = io.StringIO('ab\ncd\r\nef')
print(repr(s.readline()), s.tell(), repr(s.read()), s.closed, s.newlines, s.line_buffering)
s = io.StringIO(newline=None); s.write('x\r\ny\rz\n'); print(repr(s.getvalue()), s.newlines)
s = io.StringIO(); print(s.write('héllo'), s.tell(), s.seek(1), repr(s.read(2)), s.truncate(3), repr(s.getvalue()))
for line in io.StringIO('1\n2\n3'):
    print(repr(line))
b = io.BytesIO(b'abc\ndef'); print(b.readline(), b.read(2), b.tell(), b.seek(0, 2), b.write(b'!'), b.getvalue())
try: io.BytesIO().write('x')
except TypeError as e: print(e)
try: io.StringIO().fileno()
except io.UnsupportedOperation as e: print(type(e).__name__, e, isinstance(e, OSError), isinstance(e, ValueError))
s.close()
try: s.read()
except ValueError as e: print(e)
with open(p, 'w') as f:
    print(f.write('line one\nligne deux é\n'), f.name == p, f.mode, f.encoding.lower(), type(f).__name__)
    f.writelines(['a\n', 'b\n'])
with open(p) as f:
    print(f.readline(), f.readlines(), f.read())
with open(p, 'rb') as f:
    print(f.read(5), f.peek(3)[:3], f.readline(), type(f).__name__, f.raw.mode)
with open(p, 'a') as f:
    f.write('appended\n')
with open(p, encoding='utf-8') as f:
    lines = list(f)
print(len(lines), lines[-1])
with open(p, 'r+b') as f:
    f.seek(5); f.write(b'ONE'); f.seek(0); print(f.read(12))
with open(p, 'rb', buffering=0) as f:
    print(type(f).__name__, f.read(4), f.readall()[:4], f.closed)
print(f.closed)
with open(p) as f:
    f.read(3); t = f.tell(); print(t, f.read(3)); f.seek(t); print(f.read(3))
for bad in [lambda: open(p, 'rw'), lambda: open(p, 'rbt'), lambda: open(p, 'b', encoding='x'), lambda: open(os.path.join(here, 'nope', 'x'))]:
    try: bad()
    except (ValueError, OSError) as e: print(type(e).__name__, str(e).replace(here, 'HERE'))
os.unlink(p)
print(io.DEFAULT_BUFFER_SIZE, io.text_encoding('ascii'), io.TextIOWrapper.__mro__[1].__name__, issubclass(io.StringIO, io.TextIOBase), isinstance(io.BytesIO(), io.BufferedIOBase))
tw = io.TextIOWrapper(io.BytesIO(), encoding='latin-1', newline='\r\n'); tw.write('a\nb'); tw.flush(); print(tw.buffer.getvalue(), tw.encoding)
d = io.IncrementalNewlineDecoder(None, translate=True); print(repr(d.decode('a\r')), repr(d.decode('\nb', final=True)), d.newlines)
