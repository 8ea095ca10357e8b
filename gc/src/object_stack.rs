//! The chunked stack of object pointers, ported from Python/object_stack.c
//! and Include/internal/pycore_object_stack.h. BRC uses it for the queues
//! of objects to merge; the cycle collector will use it for its worklists.

use core::ptr::NonNull;

use crate::object::ObjectHeader;

/// Objects per chunk (`_Py_OBJECT_STACK_CHUNK_SIZE`).
pub const OBJECT_STACK_CHUNK_SIZE: usize = 254;

/// One chunk of the stack (`_PyObjectStackChunk`).
struct Chunk {
    prev: Option<Box<Chunk>>,
    n: usize,
    objs: [*mut ObjectHeader; OBJECT_STACK_CHUNK_SIZE],
}

/// A LIFO of object pointers stored in fixed-size chunks
/// (`_PyObjectStack`). It holds raw pointers and does not count
/// references: whoever pushes decides what a stacked pointer owns.
#[derive(Default)]
pub struct ObjectStack {
    head: Option<Box<Chunk>>,
}

// SAFETY: the stack only stores pointers to objects, whose refcounts and
// headers are thread-safe; moving the stack between threads moves no
// thread-bound state.
unsafe impl Send for ObjectStack {}

impl ObjectStack {
    /// An empty stack.
    pub const fn new() -> Self {
        ObjectStack { head: None }
    }

    /// Is the stack empty?
    pub fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// Pushes `op` (`_PyObjectStack_Push`). CPython reports allocation
    /// failure here; Rust's allocator aborts instead.
    pub fn push(&mut self, op: NonNull<ObjectHeader>) {
        let full = self.head.as_ref().is_none_or(|c| c.n == OBJECT_STACK_CHUNK_SIZE);
        if full {
            let prev = self.head.take();
            self.head = Some(Box::new(Chunk { prev, n: 0, objs: [core::ptr::null_mut(); OBJECT_STACK_CHUNK_SIZE] }));
        }
        let chunk = self.head.as_mut().expect("a chunk with room was just ensured");
        chunk.objs[chunk.n] = op.as_ptr();
        chunk.n += 1;
    }

    /// Pops the most recently pushed object (`_PyObjectStack_Pop`), freeing
    /// a chunk when it empties.
    pub fn pop(&mut self) -> Option<NonNull<ObjectHeader>> {
        let chunk = self.head.as_mut()?;
        debug_assert!(chunk.n > 0);
        chunk.n -= 1;
        let op = chunk.objs[chunk.n];
        if chunk.n == 0 {
            let mut emptied = self.head.take().expect("head chunk exists");
            self.head = emptied.prev.take();
        }
        NonNull::new(op)
    }

    /// Number of stacked objects (`_PyObjectStack_Size`).
    pub fn len(&self) -> usize {
        let mut n = 0;
        let mut c = self.head.as_deref();
        while let Some(chunk) = c {
            n += chunk.n;
            c = chunk.prev.as_deref();
        }
        n
    }

    /// Moves every object of `src` onto `self`, on top, leaving `src` empty
    /// (`_PyObjectStack_Merge`): the chunks are relinked, not copied.
    pub fn merge(&mut self, src: &mut ObjectStack) {
        let Some(mut top) = src.head.take() else { return };
        // Walk to src's bottom chunk and hang self's chunks below it.
        let mut bottom = &mut top;
        while bottom.prev.is_some() {
            bottom = bottom.prev.as_mut().expect("checked just above");
        }
        bottom.prev = self.head.take();
        self.head = Some(top);
    }
}

impl Drop for ObjectStack {
    /// Frees the chunks iteratively (`_PyObjectStack_Clear`), so a long
    /// chain cannot overflow the stack through recursive drops.
    fn drop(&mut self) {
        let mut c = self.head.take();
        while let Some(mut chunk) = c {
            c = chunk.prev.take();
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn fake(i: usize) -> NonNull<ObjectHeader> {
        NonNull::new((i * 8 + 8) as *mut ObjectHeader).unwrap()
    }

    #[test]
    fn push_pop_across_chunks() {
        let mut s = ObjectStack::new();
        assert!(s.is_empty());
        let n = OBJECT_STACK_CHUNK_SIZE * 3 + 5;
        for i in 0..n {
            s.push(fake(i));
        }
        assert_eq!(s.len(), n);
        for i in (0..n).rev() {
            assert_eq!(s.pop(), Some(fake(i)));
        }
        assert!(s.is_empty());
        assert_eq!(s.pop(), None);
    }

    #[test]
    fn merge_moves_all_on_top() {
        let mut a = ObjectStack::new();
        let mut b = ObjectStack::new();
        for i in 0..300 {
            a.push(fake(i));
        }
        for i in 1000..1400 {
            b.push(fake(i));
        }
        a.merge(&mut b);
        assert!(b.is_empty());
        assert_eq!(a.len(), 700);
        for i in (1000..1400).rev() {
            assert_eq!(a.pop(), Some(fake(i)));
        }
        for i in (0..300).rev() {
            assert_eq!(a.pop(), Some(fake(i)));
        }
        let mut empty = ObjectStack::new();
        a.merge(&mut empty);
        assert!(a.is_empty());
    }
}
