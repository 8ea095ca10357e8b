# MATCH_SEQUENCE / MATCH_MAPPING read the type's collection flag, which a
# class takes from the first base in MRO order that has one.
import collections
import collections.abc


def seq_then_map(x):
    match x:
        case [*_]:
            return 'seq'
        case {}:
            return 'map'
    return None


def map_then_seq(x):
    match x:
        case {}:
            return 'map'
        case [*_]:
            return 'seq'
    return None


class C:
    pass


class M1(collections.UserDict, collections.abc.Sequence): pass
class M2(C, collections.UserDict, collections.abc.Sequence): pass
class M3(collections.UserDict, C, list): pass
class M4(dict, collections.abc.Sequence, C): pass
class S1(collections.UserList, collections.abc.Mapping): pass
class S2(C, collections.UserList, collections.abc.Mapping): pass
class S3(list, C, collections.abc.Mapping): pass
class S4(collections.UserList, dict, C): pass

for cls in (M1, M2, M3, M4, S1, S2, S3, S4):
    print(cls.__name__, seq_then_map(cls()), map_then_seq(cls()))
