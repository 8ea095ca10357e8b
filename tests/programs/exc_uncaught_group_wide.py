# More than 15 members: the display stops at 15 and counts the rest.
errors = [ValueError(i) for i in range(18)]
raise ExceptionGroup("wide", errors)
