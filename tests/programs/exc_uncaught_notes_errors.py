# A __notes__ property that raises: the report says the notes were ignored.
class Bad(Exception):
    @property
    def __notes__(self):
        raise RuntimeError("notes broke")
raise Bad("y")
