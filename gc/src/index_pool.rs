//! A pool of small integer indices that hands out the smallest free index
//! first, ported from Python/index_pool.c (`_PyIndexPool`). The thread
//! states take their thread-local-bytecode index from it, so indices stay
//! dense as threads come and go.

use core::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::shim::{Mutex, lock};

struct Inner {
    /// Freed indices, smallest on top (`_PyIndexHeap free_indices`).
    free_indices: BinaryHeap<Reverse<i32>>,
    /// Next never-used index (`next_index`).
    next_index: i32,
}

/// The index pool (`_PyIndexPool`): a mutex around a min-heap of freed
/// indices and the next fresh index.
pub struct IndexPool {
    inner: Mutex<Inner>,
}

impl Default for IndexPool {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexPool {
    /// An empty pool whose first index is 0.
    pub fn new() -> Self {
        IndexPool { inner: Mutex::new(Inner { free_indices: BinaryHeap::new(), next_index: 0 }) }
    }

    /// Takes the smallest free index (`_PyIndexPool_AllocIndex`). As in
    /// CPython, the heap's capacity grows here to hold every index handed
    /// out, so that `free_index` (called while threads exit) never
    /// allocates.
    pub fn alloc_index(&self) -> i32 {
        let mut p = lock(&self.inner);
        if let Some(Reverse(i)) = p.free_indices.pop() {
            return i;
        }
        let want = p.next_index as usize + 1;
        let have = p.free_indices.capacity();
        if have < want {
            let len = p.free_indices.len();
            p.free_indices.reserve(want.next_power_of_two() - len);
        }
        let i = p.next_index;
        p.next_index = i.checked_add(1).expect("index pool exhausted");
        i
    }

    /// Returns `index` to the pool (`_PyIndexPool_FreeIndex`).
    pub fn free_index(&self, index: i32) {
        let mut p = lock(&self.inner);
        debug_assert!(index >= 0 && index < p.next_index);
        p.free_indices.push(Reverse(index));
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn reuses_smallest_first() {
        let pool = IndexPool::new();
        let ids: Vec<i32> = (0..10).map(|_| pool.alloc_index()).collect();
        assert_eq!(ids, (0..10).collect::<Vec<_>>());
        pool.free_index(7);
        pool.free_index(3);
        pool.free_index(5);
        assert_eq!(pool.alloc_index(), 3);
        assert_eq!(pool.alloc_index(), 5);
        assert_eq!(pool.alloc_index(), 7);
        assert_eq!(pool.alloc_index(), 10);
    }

    #[test]
    fn free_never_reallocates() {
        let pool = IndexPool::new();
        for _ in 0..1500 {
            pool.alloc_index();
        }
        let cap = lock(&pool.inner).free_indices.capacity();
        for i in 0..1500 {
            pool.free_index(i);
        }
        assert_eq!(lock(&pool.inner).free_indices.capacity(), cap);
    }
}
