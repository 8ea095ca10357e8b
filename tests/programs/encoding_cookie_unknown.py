# -*- coding: no-such-codec -*-
# A source file declaring an unknown encoding fails before anything runs.
print("never printed")
