# A binary search tree: insert, search, traversals, height, delete.
class BST:
    def __init__(self):
        self.root = None
    def insert(self, k):
        def ins(n):
            if n is None:
                return [k, None, None]
            if k < n[0]:
                n[1] = ins(n[1])
            elif k > n[0]:
                n[2] = ins(n[2])
            return n
        self.root = ins(self.root)
    def __contains__(self, k):
        n = self.root
        while n:
            if k == n[0]:
                return True
            n = n[1] if k < n[0] else n[2]
        return False
    def inorder(self, n="root"):
        n = self.root if n == "root" else n
        if n:
            yield from self.inorder(n[1])
            yield n[0]
            yield from self.inorder(n[2])
    def preorder(self):
        stack, out = [self.root], []
        while stack:
            n = stack.pop()
            if n:
                out.append(n[0])
                stack += [n[2], n[1]]
        return out
    def height(self, n="root"):
        n = self.root if n == "root" else n
        return 0 if n is None else 1 + max(self.height(n[1]), self.height(n[2]))
    def delete(self, k):
        def rm(n, k):
            if n is None:
                return None
            if k < n[0]:
                n[1] = rm(n[1], k)
            elif k > n[0]:
                n[2] = rm(n[2], k)
            else:
                if n[1] is None:
                    return n[2]
                if n[2] is None:
                    return n[1]
                m = n[2]
                while m[1]:
                    m = m[1]
                n[0] = m[0]
                n[2] = rm(n[2], m[0])
            return n
        self.root = rm(self.root, k)
t = BST()
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65]:
    t.insert(k)
print(list(t.inorder()), t.preorder(), t.height())
print(40 in t, 41 in t)
for k in [20, 30, 50]:
    t.delete(k)
    print("deleted", k, list(t.inorder()), t.preorder())
