# A Brainfuck interpreter running a hello-world program.
def bf(code, inp=""):
    tape, ptr, pc, out, inp = [0] * 300, 0, 0, [], list(inp)
    jumps, stack = {}, []
    for i, c in enumerate(code):
        if c == "[":
            stack.append(i)
        elif c == "]":
            j = stack.pop()
            jumps[i], jumps[j] = j, i
    steps = 0
    while pc < len(code):
        c = code[pc]
        if c == ">": ptr += 1
        elif c == "<": ptr -= 1
        elif c == "+": tape[ptr] = (tape[ptr] + 1) % 256
        elif c == "-": tape[ptr] = (tape[ptr] - 1) % 256
        elif c == ".": out.append(chr(tape[ptr]))
        elif c == ",": tape[ptr] = ord(inp.pop(0)) if inp else 0
        elif c == "[" and tape[ptr] == 0: pc = jumps[pc]
        elif c == "]" and tape[ptr] != 0: pc = jumps[pc]
        pc += 1
        steps += 1
    return "".join(out), steps
hello = "++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++."
print(bf(hello))
print(bf(",[.,]", "echo"))
print(bf("++++++[>++++++++<-]>+.+.+."))
