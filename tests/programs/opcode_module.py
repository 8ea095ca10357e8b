# The _opcode queries and the tables Lib's opcode.py builds from them.
import _opcode
import opcode

print(sorted(n for n in dir(_opcode) if not n.startswith('__')))
sf = opcode.opmap['SETUP_FINALLY']
print(_opcode.stack_effect(1), _opcode.stack_effect(opcode.opmap['LOAD_FAST'], 0))
print(_opcode.stack_effect(sf, 0, jump=True), _opcode.stack_effect(sf, 0, jump=False), _opcode.stack_effect(sf, 0))
print(_opcode.stack_effect(opcode.opmap['BUILD_LIST'], 5))
for bad in [(300,), (opcode.opmap['RETURN_VALUE'] + 1000,)]:
    try:
        _opcode.stack_effect(*bad)
    except ValueError as e:
        print('ValueError', e)
try:
    _opcode.stack_effect(1, jump=2)
except ValueError as e:
    print(e)
try:
    _opcode.stack_effect('x')
except TypeError as e:
    print(e)
print(_opcode.is_valid(-1), _opcode.is_valid(1), _opcode.is_valid(300), _opcode.has_exc(sf), _opcode.has_arg(1000))
print(len(opcode.hasarg), len(opcode.hasconst), len(opcode.hasname), len(opcode.hasjump))
print(opcode.hasfree, opcode.haslocal[:5], opcode.hasexc)
print(_opcode.get_nb_ops()[:3], _opcode.get_nb_ops()[-1])
print(_opcode.get_intrinsic1_descs()[:3], _opcode.get_intrinsic2_descs()[-1])
print(_opcode.get_special_method_names(), _opcode.get_specialization_stats())
try:
    _opcode.get_executor(compile('1', '', 'eval'), 0)
except ValueError as e:
    print(e)
print(opcode.stack_effect(opcode.opmap['POP_TOP']), opcode.cmp_op)
