# Thousands separators in format specs: a repeated separator is left for
# the presentation-type check, mixing ',' and '_' is an error, and the
# fractional-part separator has no type check of its own.
SPECS = [',,', ',,.2', '_,', ',_', '__', ',,f', ',,d', '.2,,', '.2,_', '.2_,', '.2__',
         '.2_,f', '.2,_f', '.2__f', '.2,,f', '.2,x', '.2,d', '.2,s', '.2,', '.2_x',
         ',.2_f', '_.3,%', ',x', '_x', '_b']
for value in (1234567, 1234.5678, 'text', 12.5j):
    for spec in SPECS:
        try:
            print(repr(value), repr(spec), repr(format(value, spec)))
        except ValueError as e:
            print(repr(value), repr(spec), 'ValueError:', e)
print(f'{1234567:,}', f'{1234.5678:,.3_f}')
for spec in [".6_n", ".2,n"]:
    try:
        format(1.5, spec)
    except ValueError as e:
        print(spec, "ValueError", e)
