# heapq: priority queue operations.
import heapq
h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print(h, h[0])
print([heapq.heappop(h) for _ in range(3)], h)
print(heapq.heappushpop(h, 0), heapq.heapreplace(h, 10), h)
data = [7, 2, 9, 4, 1, 8]
heapq.heapify(data)
print(data, heapq.nsmallest(3, [7, 2, 9, 4]), heapq.nlargest(2, [7, 2, 9, 4]))
print(heapq.nlargest(2, ["aaa", "b", "cc"], key=len), list(heapq.merge([1, 4, 7], [2, 5], [3, 6, 9])))
tasks = []
for prio, name in [(3, "low"), (1, "urgent"), (2, "mid"), (1, "also urgent")]:
    heapq.heappush(tasks, (prio, name))
while tasks:
    print(heapq.heappop(tasks))
try:
    heapq.heappop([])
except IndexError as e:
    print("IndexError:", e)
print(list(heapq.merge([3, 2, 1], [4, 0], reverse=True)))
