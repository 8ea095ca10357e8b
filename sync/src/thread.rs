//! Thread identity (port of `_Py_ThreadId` in Include/object.h, which
//! CPython builds from the thread pointer register).

const_thread_local! {
    static THREAD_ID_ANCHOR: u8 = 0;
}

/// Port of `_Py_ThreadId` (Include/object.h): a fast identifier of the
/// calling thread, nonzero and unique among live threads.
///
/// CPython reads the thread pointer register; rupy takes the address of a
/// thread-local byte, which is equally cheap, portable, and distinct per
/// live thread (and per loom thread under `--cfg loom`). An id may be reused
/// after its thread exits, exactly as in CPython.
#[inline]
pub fn thread_id() -> usize {
    THREAD_ID_ANCHOR.with(|anchor| std::ptr::from_ref(anchor) as usize)
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::thread_id;

    #[test]
    fn stable_nonzero_and_distinct_between_live_threads() {
        let me = thread_id();
        assert_ne!(me, 0);
        assert_eq!(me, thread_id());
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            let other = s.spawn(|| {
                let id = thread_id();
                barrier.wait();
                id
            });
            barrier.wait();
            let other = other.join().unwrap();
            assert_ne!(other, 0);
            assert_ne!(other, me);
        });
    }
}
