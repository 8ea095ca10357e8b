# fcntl on a temporary file: flags, descriptor flags, locks, buffers, errors.
import errno
import fcntl
import os
import struct
import tempfile

fd, path = tempfile.mkstemp()
try:
    print(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)
    print(fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.FD_CLOEXEC))
    print(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)
    fl = fcntl.fcntl(fd, fcntl.F_GETFL)
    print(fl & os.O_ACCMODE == os.O_RDWR, bool(fl & os.O_NONBLOCK))
    fcntl.fcntl(fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)
    print(bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK))

    with open(fd, "wb+", closefd=False) as f:
        print(fcntl.fcntl(f, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(f, fcntl.LOCK_UN)
        fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB, 10, 0, 0)
        fcntl.lockf(f, fcntl.LOCK_UN, 10)
        fcntl.lockf(f.fileno(), fcntl.LOCK_EX)
        fcntl.lockf(f.fileno(), fcntl.LOCK_UN)

    # F_GETLK with a struct flock: nobody else holds a lock -> F_UNLCK.
    lk = struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 0, 0)
    out = fcntl.fcntl(fd, fcntl.F_GETLK, lk)
    print(type(out).__name__, len(out), struct.unpack("hhqqi4x", out)[0] == fcntl.F_UNLCK)
    out = fcntl.fcntl(fd, fcntl.F_GETLK, bytearray(lk))
    print(type(out).__name__, len(out))

    for call in (
        lambda: fcntl.fcntl(-1, fcntl.F_GETFD),
        lambda: fcntl.fcntl("spam", fcntl.F_GETFD),
        lambda: fcntl.fcntl(fd, fcntl.F_GETFD, 1.5),
        lambda: fcntl.fcntl(fd),
        lambda: fcntl.flock(fd, 0),
        lambda: fcntl.lockf(fd, 0),
        lambda: fcntl.lockf(fd, fcntl.LOCK_SH, "x"),
        lambda: fcntl.ioctl(fd, 0, object()),
        lambda: fcntl.fcntl(fd, fcntl.F_GETFD, a=1),
    ):
        try:
            call()
        except Exception as e:
            print(type(e).__name__, e)
finally:
    os.close(fd)
    os.unlink(path)

try:
    fcntl.fcntl(fd, fcntl.F_GETFD)
except OSError as e:
    print(type(e).__name__, e.errno == errno.EBADF, e.strerror)
try:
    fcntl.flock(fd, fcntl.LOCK_SH)
except OSError as e:
    print(type(e).__name__, e.errno == errno.EBADF)
