# A singly linked list class with iteration, reversal, and dunder support.
class Node:
    __slots__ = ("val", "next")
    def __init__(self, val, nxt=None):
        self.val, self.next = val, nxt
class LinkedList:
    def __init__(self, items=()):
        self.head = None
        self.size = 0
        for x in reversed(list(items)):
            self.push(x)
    def push(self, v):
        self.head = Node(v, self.head)
        self.size += 1
    def pop(self):
        if self.head is None:
            raise IndexError("pop from empty LinkedList")
        v, self.head = self.head.val, self.head.next
        self.size -= 1
        return v
    def __iter__(self):
        n = self.head
        while n:
            yield n.val
            n = n.next
    def __len__(self):
        return self.size
    def __repr__(self):
        return "LinkedList([" + ", ".join(map(repr, self)) + "])"
    def reverse(self):
        prev, cur = None, self.head
        while cur:
            cur.next, prev, cur = prev, cur, cur.next
        self.head = prev
    def __getitem__(self, i):
        for j, v in enumerate(self):
            if j == i:
                return v
        raise IndexError(i)
ll = LinkedList([1, 2, 3, 4])
print(ll, len(ll), ll[2], 3 in ll, list(ll))
ll.reverse()
print(ll)
ll.push(0)
print(ll.pop(), ll.pop(), ll)
e = LinkedList()
try:
    e.pop()
except IndexError as ex:
    print("IndexError:", ex)
print(sum(LinkedList(range(100))), bool(e), max(LinkedList("hello")))
