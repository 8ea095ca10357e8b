# Dataclasses get __match_args__ automatically; nested patterns over a list of shapes.
from dataclasses import dataclass, field
@dataclass
class Pt:
    x: int
    y: int
@dataclass
class Line:
    a: Pt
    b: Pt
@dataclass
class Poly:
    pts: list = field(default_factory=list)
def describe(s):
    match s:
        case Pt(0, 0):
            return "origin"
        case Pt(x, y) if x == y:
            return f"diagonal point {x}"
        case Line(Pt(x1, _), Pt(x2, _)) if x1 == x2:
            return f"vertical line at x={x1}"
        case Line(Pt(_, y1), Pt(_, y2)) if y1 == y2:
            return f"horizontal line at y={y1}"
        case Line(a, b):
            return f"line {a} -> {b}"
        case Poly([Pt(), Pt(), Pt()]):
            return "triangle"
        case Poly(pts=[first, *_, last]) if first == last:
            return f"closed polygon of {len(s.pts) - 1} sides"
        case Poly(pts):
            return f"polyline of {len(pts)} points"
for s in [Pt(0, 0), Pt(3, 3), Pt(1, 2), Line(Pt(1, 0), Pt(1, 5)), Line(Pt(0, 2), Pt(9, 2)), Line(Pt(0, 0), Pt(1, 1)),
          Poly([Pt(0, 0), Pt(1, 0), Pt(0, 1)]), Poly([Pt(0, 0), Pt(1, 0), Pt(1, 1), Pt(0, 0)]), Poly([Pt(0, 0)])]:
    print(describe(s))
print(Pt.__match_args__, Line.__match_args__)
