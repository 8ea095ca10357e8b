# Subinterpreters: creation, isolation of module state, running code,
# calls with shareable and unshareable arguments, errors, and queues
# between threads and interpreters.
import sys
import threading
import builtins
import _interpreters
from concurrent import interpreters
from concurrent.interpreters import ExecutionFailed, NotShareableError

COUNTER = 0


def bump():
    # Runs in the other interpreter against the fake __main__ made from
    # this file, so the main interpreter's COUNTER is not touched.
    global COUNTER
    COUNTER += 1
    return COUNTER


def add(a, b):
    return a + b


def describe(x):
    return type(x).__name__, x


def boom(msg):
    raise KeyError(msg)


def main():
    interp = interpreters.create()
    print("ids:", interpreters.get_main().id, interp.id != 0)
    print("listed:", sorted(i.id for i in interpreters.list_all()) == sorted([0, interp.id]))
    print("whence:", interp.whence, interpreters.get_main().whence)

    # Module state is per interpreter.
    interp.exec("""if True:
        import sys, builtins
        sys.marker = 'sub'
        builtins.only_in_sub = 42
        import colorsys
        spam = 'eggs'
        seen = (__name__, 'colorsys' in sys.modules, hasattr(sys, 'marker'))
    """)
    print("main sys.marker:", hasattr(sys, "marker"))
    print("main builtins:", hasattr(builtins, "only_in_sub"))
    print("main colorsys imported:", "colorsys" in sys.modules)
    print("main spam:", "spam" in globals())
    print("sub state:", interp.call(eval, "(seen, only_in_sub, spam)"))
    print("sub current id matches:", interp.call(_interpreters.get_current)[0] == interp.id)

    # prepare_main binds shareable values in the other __main__.
    interp.prepare_main(n=7, s="text", t=(1, 2.5, None, True, b"by"))
    interp.exec("result = (n * 6, s.upper(), t)")
    print("prepared:", interp.call(eval, "result"))
    try:
        interp.prepare_main(bad=[1, 2])
    except NotShareableError as e:
        print("prepare_main unshareable:", type(e).__name__, e)

    # Calls: shareable values, pickled values, stateless functions.
    print("call add:", interp.call(add, 2, 3), interp.call(add, "a", "b"))
    print("call list arg (pickled):", interp.call(describe, [1, {"k": (2, 3)}]))
    print("call lambda:", interp.call(lambda: sum(range(10))))
    print("call builtin:", interp.call(len, "four"))
    print("fake main:", interp.call(bump), interp.call(bump), "main COUNTER:", COUNTER)
    local = 5
    try:
        interp.call(lambda: local)
    except NotShareableError as e:
        print("closure:", e, "|", type(e.__cause__).__name__, e.__cause__)

    class Local:
        pass
    try:
        interp.call(describe, Local())
    except NotShareableError as e:
        print("local class instance:", type(e).__name__)

    # Errors come back as ExecutionFailed with a snapshot.
    try:
        interp.exec("x = 1\nraise ValueError('bad value')")
    except ExecutionFailed as e:
        info = e.excinfo
        print("exec failed:", info.type.__name__, info.type.__module__, repr(info.msg), info.formatted)
        print(str(e))
    try:
        interp.call(boom, "key")
    except ExecutionFailed as e:
        print("call failed:", e.excinfo.formatted)
    try:
        interp.exec("raise SystemExit(3)")
    except ExecutionFailed as e:
        print("exit in sub:", e.excinfo.formatted)
    try:
        interp.exec("def")
    except SyntaxError as e:
        print("syntax:", e.msg)
    print("is_shareable:", [interpreters.is_shareable(v) for v in (1, "s", (1, (2,)), [1], {}, add)])

    # Queues between the main interpreter, a thread and the subinterpreter.
    q = interpreters.create_queue()
    out = interpreters.create_queue()
    interp.prepare_main(q=q, out=out)

    def worker():
        interp.exec("""if True:
            total = 0
            while True:
                item = q.get()
                if item is None:
                    break
                total += item
            out.put(total)
        """)

    t = threading.Thread(target=worker)
    t.start()
    for i in range(1, 11):
        q.put(i)
    q.put(None)
    t.join()
    print("queue total:", out.get(timeout=5))
    print("queue empty:", out.empty(), q.qsize())
    try:
        out.get_nowait()
    except interpreters.QueueEmpty:
        print("QueueEmpty raised")

    # A thread runs in the interpreter through call_in_thread.
    done = interpreters.create_queue()
    th = interp.call_in_thread(add, 40, 2)
    th.join()
    interp.prepare_main(done=done)
    interp.exec("import threading\nt = threading.Thread(target=done.put, args=('from a sub thread',))\nt.start(); t.join()")
    print("sub thread:", done.get(timeout=5))

    # Running: a second thread cannot exec while the first one does.
    gate = interpreters.create_queue()
    interp.prepare_main(gate=gate)
    runner = threading.Thread(target=interp.exec, args=("gate.get()",))
    runner.start()
    while not interp.is_running():
        pass
    try:
        interp.exec("pass")
    except interpreters.InterpreterError as e:
        print("while running:", e)
    gate.put(None)
    runner.join()
    print("running after:", interp.is_running())

    interp.close()
    try:
        interp.exec("pass")
    except interpreters.InterpreterNotFoundError as e:
        print("after close:", type(e).__name__)
    print("remaining:", [i.id for i in interpreters.list_all()])


if __name__ == "__main__":
    main()
