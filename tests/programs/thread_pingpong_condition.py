# Strict alternation between two threads with a Condition: deterministic output.
import threading
cond = threading.Condition()
turn = "ping"
out = []
def player(me, other, rounds):
    global turn
    for i in range(rounds):
        with cond:
            cond.wait_for(lambda: turn == me)
            out.append(f"{me} {i}")
            turn = other
            cond.notify_all()
a = threading.Thread(target=player, args=("ping", "pong", 5))
b = threading.Thread(target=player, args=("pong", "ping", 5))
b.start(); a.start()
a.join(); b.join()
print("\n".join(out))
