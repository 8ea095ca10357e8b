# _md5, _sha1, _sha2, _sha3, _blake2 and hashlib on top of them.
import hashlib
import random
import threading
import _md5, _sha1, _sha2, _sha3, _blake2


def show(label, f, *args, **kw):
    try:
        print(label, repr(f(*args, **kw)))
    except Exception as e:
        print(label, type(e).__name__, e)


names = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512",
         "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]
for n in names:
    h = hashlib.new(n, b"abc")
    c = h.copy()
    c.update(b"x" * 1000)
    c.update(memoryview(b"yz"))
    c.update(bytearray(b"!"))
    print(n, h.name, h.digest_size, h.block_size, h.hexdigest(), c.hexdigest()[:32], h.digest()[:4])
    print(n, getattr(hashlib, n)(data=b"abc").hexdigest() == h.hexdigest(),
          getattr(hashlib, n)(string=b"abc").hexdigest() == h.hexdigest(),
          getattr(hashlib, n)(usedforsecurity=False).hexdigest()[:8])
for n in ["shake_128", "shake_256"]:
    h = getattr(_sha3, n)(b"abc")
    print(n, h.name, h.digest_size, h.block_size, h.hexdigest(0), h.hexdigest(7), h.digest(length=40).hex(),
          h._capacity_bits, h._rate_bits, h._suffix)
print(_sha3.sha3_256()._capacity_bits, _sha3.sha3_256()._rate_bits, _sha3.sha3_256()._suffix)
for size in (0, 1, 63, 64, 65, 127, 128, 129, 1000):
    d = bytes(range(256)) * 4
    print(size, hashlib.md5(d[:size]).hexdigest(), hashlib.sha1(d[:size]).hexdigest()[:12],
          hashlib.blake2b(d[:size]).hexdigest()[:16], hashlib.blake2s(d[:size]).hexdigest()[:16],
          hashlib.blake2b(d[:size], key=b"key").hexdigest()[:16], hashlib.blake2s(d[:size], key=b"k" * 32).hexdigest()[:16])
print(hashlib.blake2b(b"abc", digest_size=20, key=b"k", salt=b"salt", person=b"me", fanout=2, depth=3,
                      leaf_size=5, node_offset=7, node_depth=1, inner_size=12, last_node=True).hexdigest())
print(hashlib.blake2s(b"abc", digest_size=20, key=b"k", salt=b"salt", person=b"me", fanout=2, depth=3,
                      leaf_size=5, node_offset=2**48 - 1, node_depth=1, inner_size=12, last_node=True).hexdigest())
print(hashlib.blake2b(b"").digest_size, hashlib.blake2b(digest_size=5).digest_size, hashlib.blake2s.SALT_SIZE,
      _blake2.BLAKE2B_MAX_DIGEST_SIZE, _blake2.BLAKE2S_PERSON_SIZE, hashlib.blake2b.MAX_KEY_SIZE)

show("str", hashlib.md5, "abc")
show("int", hashlib.sha256, 1)
show("update str", hashlib.sha1().update, "x")
show("both", _sha2.sha256, b"a", string=b"b")
show("two pos", _md5.md5, b"a", b"b")
show("bad kw", _sha1.sha1, x=1)
show("no new", _md5.MD5Type)
show("digest arg", _md5.md5().digest, 1)
show("shake no len", _sha3.shake_128().digest)
show("shake neg", _sha3.shake_128().digest, -1)
show("shake big", _sha3.shake_128().hexdigest, 2**29)
show("shake float", _sha3.shake_128().digest, 1.5)
show("sha3 two", _sha3.sha3_224, b"a", b"b")
for kw in [dict(digest_size=0), dict(digest_size=65), dict(key=b"x" * 65), dict(salt=b"x" * 17),
           dict(person=b"x" * 17), dict(fanout=-1), dict(fanout=256), dict(depth=0), dict(leaf_size=-1),
           dict(leaf_size=2**32), dict(node_offset=-1), dict(node_offset=2**64), dict(node_depth=256),
           dict(inner_size=65), dict(key="a"), dict(digest_size=1.0)]:
    show("blake2b %s" % kw, _blake2.blake2b, **kw)
show("blake2s big offset", _blake2.blake2s, node_offset=2**48)
show("blake2s digest_size", _blake2.blake2s, digest_size=33)
print(type(_md5.md5()).__name__, type(_sha2.sha256()).__name__, type(_sha3.sha3_256()).__name__,
      type(_blake2.blake2b()).__name__, _md5._GIL_MINSIZE, _sha1.SHA1Type, _sha2.SHA512Type)

# One object updated from several threads: every update counts.
h = hashlib.sha256()
def work():
    for _ in range(500):
        h.update(b"0123456789")
ts = [threading.Thread(target=work) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(h.hexdigest() == hashlib.sha256(b"0123456789" * 2000).hexdigest())

random.seed("some str")
print(random.random())
random.seed(b"bytes seed")
print(random.randrange(1000))
import io
print(hashlib.file_digest(io.BytesIO(b"abc" * 10000), "sha256").hexdigest())
print(sorted(hashlib.algorithms_guaranteed))
