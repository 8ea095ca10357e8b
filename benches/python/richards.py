# A Richards-style operating-system simulation: prioritized tasks exchanging packets.
# The idle task releases held devices; workers, handlers and devices pass packets on.
IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
class Packet:
    __slots__ = ("dest", "kind", "datum", "data")
    def __init__(self, dest, kind):
        self.dest, self.kind, self.datum = dest, kind, 0
        self.data = [0, 0, 0, 0]
class Task:
    def __init__(self, sched, ident, priority):
        self.sched, self.ident, self.priority = sched, ident, priority
        self.inbox = []
        self.held = False
        sched.add(self)
    def runnable(self):
        return not self.held and bool(self.inbox)
class Idle(Task):
    def __init__(self, sched, count):
        super().__init__(sched, IDLE, 0)
        self.count, self.seed = count, 1
    def runnable(self):
        return self.count > 0
    def step(self):
        self.count -= 1
        if self.seed & 1:
            self.seed = (self.seed >> 1) ^ 0xD008
            self.sched.release(DEVICE_B)
        else:
            self.seed >>= 1
            self.sched.release(DEVICE_A)
class Worker(Task):
    def __init__(self, sched):
        super().__init__(sched, WORKER, 1000)
        self.dest, self.count = HANDLER_A, 0
    def step(self):
        p = self.inbox.pop(0)
        self.dest = HANDLER_B if self.dest == HANDLER_A else HANDLER_A
        p.dest, p.datum = self.dest, 0
        for i in range(4):
            self.count = self.count + 1 if self.count < 26 else 1
            p.data[i] = 64 + self.count
        self.sched.send(p)
class Handler(Task):
    def __init__(self, sched, ident, device):
        super().__init__(sched, ident, 2000 + ident)
        self.device = device
        self.devices = []
    def runnable(self):
        if not self.inbox:
            return False
        return self.inbox[0].datum >= 4 or bool(self.devices)
    def take(self, p):
        (self.devices if p.kind == "device" else self.inbox).append(p)
    def step(self):
        w = self.inbox[0]
        if w.datum >= 4:
            self.inbox.pop(0)
            w.dest = WORKER
            self.sched.send(w)
            return
        d = self.devices.pop(0)
        d.datum = w.data[w.datum]
        w.datum += 1
        d.dest = self.device
        self.sched.send(d)
class Device(Task):
    def __init__(self, sched, ident, handler):
        super().__init__(sched, ident, 4000 + ident)
        self.handler = handler
        self.checksum = 0
    def step(self):
        p = self.inbox.pop(0)
        self.checksum = (self.checksum * 31 + p.datum) % 1000003
        self.held = True
        self.sched.hold_count += 1
        p.dest = self.handler
        self.sched.send(p)
class Scheduler:
    def __init__(self):
        self.tasks = []
        self.table = {}
        self.queue_count = self.hold_count = 0
    def add(self, t):
        self.tasks.append(t)
        self.tasks.sort(key=lambda t: -t.priority)
        self.table[t.ident] = t
    def release(self, ident):
        self.table[ident].held = False
    def send(self, p):
        self.queue_count += 1
        t = self.table[p.dest]
        if isinstance(t, Handler):
            t.take(p)
        else:
            t.inbox.append(p)
    def run(self):
        while True:
            for t in self.tasks:
                if t.runnable():
                    t.step()
                    break
            else:
                return
def one_run(count):
    s = Scheduler()
    Idle(s, count)
    w = Worker(s)
    w.inbox += [Packet(WORKER, "work"), Packet(WORKER, "work")]
    ha = Handler(s, HANDLER_A, DEVICE_A)
    hb = Handler(s, HANDLER_B, DEVICE_B)
    for h in (ha, hb):
        h.devices += [Packet(h.ident, "device") for _ in range(3)]
    da = Device(s, DEVICE_A, HANDLER_A)
    db = Device(s, DEVICE_B, HANDLER_B)
    s.run()
    return s.queue_count, s.hold_count, da.checksum ^ db.checksum
def main():
    totals = [0, 0, 0]
    for _ in range(REPEAT):
        for i, v in enumerate(one_run(10000)):
            totals[i] += v
    print(*totals)
REPEAT = 25
main()
