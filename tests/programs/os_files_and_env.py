# posix through Lib's os: files, fds, stat, listdir/scandir/walk, rename,
# errors as OSError subclasses, the environment, pipes.
import os, stat, errno
here = os.path.dirname(os.path.abspath(__file__))
d = os.path.join(here, '_os_test_dir')
if os.path.exists(d):
    for n in os.listdir(d): os.unlink(os.path.join(d, n))
    os.rmdir(d)
os.mkdir(d)
p = os.path.join(d, 'f.txt')
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
print(os.write(fd, b'hello world'))
os.close(fd)
st = os.stat(p)
print(st.st_size, stat.S_ISREG(st.st_mode), stat.S_ISDIR(os.stat(d).st_mode), type(st.st_mtime).__name__, st[6])
fd = os.open(p, os.O_RDONLY)
print(os.read(fd, 5), os.lseek(fd, 6, os.SEEK_SET), os.read(fd, 100))
os.close(fd)
print(sorted(os.listdir(d)), [e.name for e in os.scandir(d)], [e.is_file() for e in os.scandir(d)])
os.rename(p, p + '.bak')
print(sorted(os.listdir(d)), os.path.exists(p), os.path.isfile(p + '.bak'), os.path.getsize(p + '.bak'))
try:
    os.stat(p)
except FileNotFoundError as e:
    print(type(e).__name__, e.errno == errno.ENOENT, e.strerror, os.path.basename(e.filename))
try:
    os.mkdir(d)
except FileExistsError as e:
    print(type(e).__name__, e.errno)
for root, dirs, files in os.walk(d):
    print(os.path.basename(root), dirs, files)
os.unlink(p + '.bak')
os.rmdir(d)
print(os.path.exists(d), os.getpid() > 0, isinstance(os.environ, os._Environ), 'PATH' in os.environ)
os.environ['RUPY_TEST_VAR'] = 'x1'
print(os.environ['RUPY_TEST_VAR'], os.getenv('RUPY_TEST_VAR'), os.fspath(d) == d, len(os.urandom(8)))
del os.environ['RUPY_TEST_VAR']
print(os.environ.get('RUPY_TEST_VAR'), errno.errorcode[errno.ENOENT], os.strerror(errno.ENOENT))
print(os.path.join('a', 'b', 'c'), os.path.splitext('x.tar.gz'), os.path.normpath('a//b/../c'), os.sep, os.name)
r, w = os.pipe(); os.write(w, b'pipe!'); print(os.read(r, 10)); os.close(r); os.close(w)
