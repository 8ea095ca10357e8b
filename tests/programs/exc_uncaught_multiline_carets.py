# Carets under a call spanning several lines and a division.
def total(values,
          scale):
    return sum(values) / scale

def run():
    result = total(
        [1, 2, 3],
        0,
    )
    return result

run()
