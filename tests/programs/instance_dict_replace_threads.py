# Threads read an attribute of one shared object while another thread
# replaces and deletes the object's __dict__: every read sees a value
# that was stored or raises AttributeError, never anything else
# (instance-dict reads borrow the dict; replaced dicts are released
# after a quiescent state).
import threading


class P:
    def __init__(self):
        self.x = 1


o = P()
stop = False
bad = []


def reader():
    while not stop:
        try:
            v = o.x
            if v not in (1, 2):
                bad.append(v)
        except AttributeError:
            pass


def writer():
    global stop
    for i in range(20000):
        o.__dict__ = {"x": 2, "pad": [i]} if i % 2 else {"x": 1}
        if i % 7 == 0:
            del o.__dict__
    stop = True


threads = [threading.Thread(target=reader) for _ in range(3)]
threads.append(threading.Thread(target=writer))
for t in threads:
    t.start()
for t in threads:
    t.join()
print("unexpected values:", bad)
print("final:", o.__dict__)
