# A tiny stack-based virtual machine with jumps, running a loop program.
def run(program, trace=False):
    stack, pc, env, out = [], 0, {}, []
    while pc < len(program):
        op, *args = program[pc]
        pc += 1
        match op:
            case "push": stack.append(args[0])
            case "load": stack.append(env[args[0]])
            case "store": env[args[0]] = stack.pop()
            case "add": b, a = stack.pop(), stack.pop(); stack.append(a + b)
            case "sub": b, a = stack.pop(), stack.pop(); stack.append(a - b)
            case "mul": b, a = stack.pop(), stack.pop(); stack.append(a * b)
            case "lt": b, a = stack.pop(), stack.pop(); stack.append(a < b)
            case "jz":
                if not stack.pop():
                    pc = args[0]
            case "jmp": pc = args[0]
            case "print": out.append(stack.pop())
            case _: raise ValueError(f"bad op {op}")
    return out, env
factorial = [
    ("push", 1), ("store", "acc"), ("push", 1), ("store", "i"),
    ("load", "i"), ("push", 11), ("lt",), ("jz", 19),
    ("load", "acc"), ("load", "i"), ("mul",), ("store", "acc"),
    ("load", "acc"), ("print",),
    ("load", "i"), ("push", 1), ("add",), ("store", "i"), ("jmp", 4),
]
out, env = run(factorial)
print(out)
print(env)
try:
    run([("nop",)])
except ValueError as e:
    print("ValueError:", e)
