# Class annotations with forward references and inheritance under 3.14 deferred evaluation.
class Node:
    value: int
    children: list[Node]
    parent: Node | None = None
print(Node.__annotations__)
class Leaf(Node):
    weight: float
print(Leaf.__annotations__, "value" in Leaf.__annotations__)
def link(a: Node, b: "Leaf") -> tuple[Node, Leaf]:
    return a, b
print(link.__annotations__)
class Later:
    ref: NotYetDefined
try:
    Later.__annotations__
except NameError as e:
    print("NameError:", e)
class NotYetDefined:
    pass
print(Later.__annotations__)
import annotationlib
print(annotationlib.get_annotations(Later, format=annotationlib.Format.STRING))
class Fwd:
    x: Missing
print(annotationlib.get_annotations(Fwd, format=annotationlib.Format.FORWARDREF))
