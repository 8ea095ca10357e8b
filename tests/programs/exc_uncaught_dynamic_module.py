# Exception types from another module and nested classes are module-qualified.
class Outer:
    class Inner(Exception):
        pass
E = type("Dyn", (Exception,), {"__module__": "some.module"})
try:
    raise Outer.Inner("nested")
except Exception as e:
    pass
raise E("dynamic")
