# An inventory system: classes, exceptions, sorting and formatted reports.
class OutOfStock(Exception):
    pass
class Inventory:
    def __init__(self):
        self.items = {}
    def add(self, sku, name, qty, price):
        if sku in self.items:
            self.items[sku]["qty"] += qty
        else:
            self.items[sku] = {"name": name, "qty": qty, "price": price}
    def remove(self, sku, qty):
        item = self.items.get(sku)
        if item is None:
            raise KeyError(sku)
        if item["qty"] < qty:
            raise OutOfStock(f"{item['name']}: have {item['qty']}, need {qty}")
        item["qty"] -= qty
    def value(self):
        return sum(i["qty"] * i["price"] for i in self.items.values())
    def report(self):
        lines = [f"{'SKU':<6}{'Name':<12}{'Qty':>5}{'Price':>9}"]
        for sku, i in sorted(self.items.items(), key=lambda kv: (-kv[1]["qty"], kv[0])):
            lines.append(f"{sku:<6}{i['name']:<12}{i['qty']:>5}{i['price']:>9.2f}")
        lines.append(f"{'total value':<23}{self.value():>9.2f}")
        return "\n".join(lines)
inv = Inventory()
inv.add("A1", "widget", 10, 2.5)
inv.add("B2", "gadget", 3, 19.99)
inv.add("C3", "doohickey", 25, 0.75)
inv.add("A1", "widget", 5, 2.5)
for sku, q in [("A1", 4), ("B2", 5), ("Z9", 1), ("C3", 25)]:
    try:
        inv.remove(sku, q)
        print("removed", q, "of", sku)
    except OutOfStock as e:
        print("out of stock:", e)
    except KeyError as e:
        print("unknown sku:", e)
print(inv.report())
