//! Consistency checks of the generated opcode tables (tools/gen_opcode.py
//! cross-checks them against CPython 3.14 when it generates them).

use super::opcode::*;

#[test]
fn numbering_matches_cpython_3_14() {
    assert_eq!(CACHE, 0);
    assert_eq!(POP_TOP, 31);
    assert_eq!(HAVE_ARGUMENT, 43);
    assert_eq!(BINARY_OP, 44);
    assert_eq!(RESUME, 128);
    assert_eq!(MIN_SPECIALIZED_OPCODE, 129);
    assert_eq!(INSTRUMENTED_LINE, 254);
    assert_eq!(ENTER_EXECUTOR, 255);
    assert_eq!(ANNOTATIONS_PLACEHOLDER, 256);
    assert_eq!(OPNAME[LOAD_FAST_BORROW as usize], "LOAD_FAST_BORROW");
}

#[test]
fn cache_sizes_are_kept_by_each_family_base() {
    for op in 0..256usize {
        let base = DEOPT[op] as usize;
        if OPNAME[op].is_empty() || base == 0 {
            continue;
        }
        // A specialized instruction uses its base's cache entries
        // (_PyOpcode_Caches[_PyOpcode_Deopt[op]]), and its name extends the base's.
        if base != op {
            assert_eq!(CACHES[op], 0, "{}", OPNAME[op]);
            assert!(OPNAME[op].starts_with(OPNAME[base]), "{}", OPNAME[op]);
        }
    }
    assert_eq!(DEOPT[LOAD_ATTR_SLOT as usize] as u16, LOAD_ATTR);
    assert_eq!(CACHES[LOAD_GLOBAL as usize], 4);
    assert_eq!(CACHES[LOAD_ATTR as usize], 9);
}

#[test]
fn stack_effects_follow_the_oparg() {
    assert_eq!(num_popped(BUILD_MAP, 3), Some(6));
    assert_eq!(num_pushed(BUILD_MAP, 3), Some(1));
    assert_eq!(num_popped(CALL, 2), Some(4));
    assert_eq!(num_popped(CALL_KW, 2), Some(5));
    assert_eq!(num_pushed(UNPACK_SEQUENCE, 3), Some(3));
    // LOAD_GLOBAL pushes the NULL before the callable when oparg & 1.
    assert_eq!(num_pushed(LOAD_GLOBAL, 1), Some(2));
    assert_eq!(num_pushed(LOAD_GLOBAL, 2), Some(1));
    assert_eq!(num_popped(999, 0), None);
}

#[test]
fn flags_and_pseudo_targets() {
    assert!(METADATA[LOAD_CONST as usize].flags & HAS_CONST_FLAG != 0);
    assert!(METADATA[LOAD_NAME as usize].flags & HAS_NAME_FLAG != 0);
    assert!(METADATA[JUMP_FORWARD as usize].flags & HAS_JUMP_FLAG != 0);
    assert!(METADATA[POP_TOP as usize].flags & HAS_ARG_FLAG == 0);
    for (i, p) in PSEUDO_TARGETS.iter().enumerate() {
        assert_eq!(p.pseudo as usize, 256 + i);
        assert!(p.targets.iter().all(|&t| t < 256));
    }
    assert_eq!(PSEUDO_TARGETS[(JUMP - 256) as usize].targets, &[JUMP_FORWARD, JUMP_BACKWARD]);
}
