# AttributeError on self suggests the close attribute name.
class C:
    def method(self):
        return self.valeu
    def __init__(self):
        self.value = 1
C().method()
