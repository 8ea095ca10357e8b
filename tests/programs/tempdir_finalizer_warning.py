# A TemporaryDirectory finalized by 'del' while a ResourceWarning is shown
# and recorded, under unittest (test_tempfile's test_warnings_on_cleanup).
import tempfile, os, warnings, unittest
from test.support import warnings_helper
import test.support as support
class T(unittest.TestCase):
    def setUp(self):
        pass
    def do_create(self, dir=None, recurse=1):
        tmp = tempfile.TemporaryDirectory(dir=dir)
        def c2(path, r):
            if r:
                name = os.path.join(path, "dir0"); os.mkdir(name); c2(name, r-1)
            with open(os.path.join(path, "test0.txt"), "wb") as f: f.write(b"x")
        c2(tmp.name, recurse)
        return tmp
    def test_w(self):
        with self.do_create() as dir:
            d = self.do_create(dir=dir, recurse=3)
            name = d.name
            with warnings_helper.check_warnings(('Implicitly', ResourceWarning), quiet=False):
                warnings.filterwarnings("always", category=ResourceWarning)
                del d
                support.gc_collect()
            self.assertFalse(os.path.exists(name))
import io
result = unittest.TextTestRunner(stream=io.StringIO()).run(unittest.defaultTestLoader.loadTestsFromTestCase(T))
print("ran", result.testsRun, "ok" if result.wasSuccessful() else "failed")
