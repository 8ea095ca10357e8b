# Sources in other encodings: SyntaxError locations of compiled bytes,
# source lines of tracebacks and SyntaxErrors read back from files in
# their declared encoding (or after a UTF-8 BOM), and scripts run with the
# file tokenizer.
import io
import os
import subprocess
import sys
import tempfile


def hook_output(exc, tmp):
    saved = sys.stderr
    sys.stderr = io.StringIO()
    try:
        sys.__excepthook__(type(exc), exc, exc.__traceback__)
        return sys.stderr.getvalue().replace(tmp + os.sep, "")
    finally:
        sys.stderr = saved


for src in [b'# -*- coding: cp1251 -*-\nPython = "\xcf\xb3\xf2\xee\xed" +',
            b'# -*- coding: iso8859-7 -*-\n\xe1 = 0xI',
            b'# coding: koi8-r\nx = "\xc1\xc2" +',
            b'# coding: no-such-codec\nx = 1\n',
            b'# coding: rot13\nx = 1\n',
            b'# coding: cp1251\nx = "\x98"\n']:
    try:
        compile(src, "<string>", "exec")
    except SyntaxError as e:
        print(e.msg, e.lineno, e.offset, repr(e.text))

with tempfile.TemporaryDirectory() as tmp:
    cases = [
        ("latin1.py", b'# coding: latin1\nassert 1 > 2, "mess\xe4ge"\n'),
        ("bom.py", b'\xef\xbb\xbfassert 1 > 2, "mess\xc3\xa4ge"\n'),
        ("cp1251.py", b'# coding: cp1251\nx = "\xcf\xb3"\nassert x == "", x\n'),
        ("crlf.py", b'# coding: latin1\r\nx = 1\r\nassert x == 2, "\xe4"\r\n'),
    ]
    for name, data in cases:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        with open(path, "rb") as f:
            code = compile(f.read(), path, "exec")
        try:
            exec(code, {})
        except AssertionError as e:
            print(hook_output(e, tmp).splitlines()[-3:])

    # Errors found after parsing take their text from the file.
    for name, data in [("ret.py", 'return "\u00e4"\n'.encode()),
                       ("ret1251.py", b'# coding: cp1251\nreturn "\xcf"\n')]:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        try:
            compile(data, path, "exec")
        except SyntaxError as e:
            print(e.msg, e.lineno, e.offset, e.end_offset, repr(e.text))
            print(hook_output(e, tmp).splitlines())

    # Scripts: the file tokenizer's messages and the report of sys.excepthook.
    for name, data in [("non_utf8.py", b"\x89"),
                       ("ret_script.py", 'return "\u00e4"'.encode()),
                       ("cp1251_script.py", b'# coding: cp1251\nprint("\xcf\xb3")\n1/0\n')]:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        r = subprocess.run([sys.executable, "-X", "utf8", path], capture_output=True)
        print(r.returncode, r.stdout.decode(), r.stderr.decode().replace(tmp + os.sep, "").splitlines())
