//! Port of Python/critical_section.c and
//! Include/internal/pycore_critical_section.h (CPython 3.14): per-thread
//! stacks of critical sections over [`PyMutex`]es.
//!
//! A critical section holds one or two mutexes like a lock, except that
//! whenever its thread blocks (detaches), every section of the thread is
//! suspended (its mutexes released), and the top one is resumed (its
//! mutexes re-acquired) when the thread runs again. A thread therefore
//! never sleeps while holding a section's mutex, which rules out the
//! lock-ordering deadlocks of nested locks.
//!
//! CPython keeps the stack as an intrusive list through `PyCriticalSection`
//! structs on the C stack, headed by `tstate->critical_section`. Rust guards
//! move, so rupy keeps the entries in a thread-local vector instead; the
//! guard remembers its depth. The thread-state hooks of CPython
//! (`_PyThreadState_Detach`/`_Attach` calling [`suspend_all`]/[`resume`])
//! are the [`crate::blocking`] hooks.

use std::cell::RefCell;
use std::marker::PhantomData;

use crate::PyMutex;

/// One entry of the stack (CPython: `PyCriticalSection` or
/// `PyCriticalSection2`, plus the `_Py_CRITICAL_SECTION_INACTIVE` tag bit
/// of the pointer to it).
#[derive(Debug, Clone, Copy)]
struct Section {
    /// `_cs_mutex`: null while the section is being acquired or resumed.
    m1: *const PyMutex,
    /// `_cs_mutex2`: null for a one-mutex section.
    m2: *const PyMutex,
    /// Suspended: its mutexes are released.
    inactive: bool,
}

const_thread_local! {
    static STACK: RefCell<Vec<Section>> = RefCell::new(Vec::new());
}

/// A depth in the stack that marks a section skipped by the 3.14 shortcut
/// (the mutex was already held by the top section).
const SKIPPED: usize = usize::MAX;

/// A one-mutex critical section (CPython: `PyCriticalSection`); ends when
/// dropped, on the thread that began it.
#[derive(Debug)]
#[must_use = "the critical section ends as soon as the guard is dropped"]
pub struct CriticalSection<'a> {
    depth: usize,
    _mutex: PhantomData<(&'a PyMutex, *const ())>,
}

/// A two-mutex critical section (CPython: `PyCriticalSection2`); ends when
/// dropped, on the thread that began it.
#[derive(Debug)]
#[must_use = "the critical section ends as soon as the guard is dropped"]
pub struct CriticalSection2<'a> {
    depth: usize,
    _mutex: PhantomData<(&'a PyMutex, *const ())>,
}

fn push(m1: *const PyMutex, m2: *const PyMutex) -> usize {
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        s.push(Section { m1, m2, inactive: false });
        s.len() - 1
    })
}

fn set_mutexes(depth: usize, m1: *const PyMutex, m2: *const PyMutex) {
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        s[depth].m1 = m1;
        s[depth].m2 = m2;
    });
}

/// Port of `_PyCriticalSection_BeginMutex`: begins a critical section on
/// `m`, which the calling thread holds until the guard drops, except while
/// the thread is blocked (see the module documentation).
///
/// # Safety
/// The guard must be dropped before `m` is freed: leaking it (e.g. with
/// `mem::forget`) leaves an entry through which [`suspend_all`] and
/// [`resume`] would later use `m`. [`with`] is the safe form.
#[inline]
pub unsafe fn begin(m: &PyMutex) -> CriticalSection<'_> {
    let depth = if m.lock_fast() { push(m, std::ptr::null()) } else { begin_slow(m) };
    CriticalSection { depth, _mutex: PhantomData }
}

/// Port of `_PyCriticalSection_BeginSlow` (3.14): skips the lock if the
/// top section already holds `m`; otherwise pushes the section first, so
/// that blocking on `m` suspends the sections beneath it.
#[cold]
fn begin_slow(m: &PyMutex) -> usize {
    let m_ptr = std::ptr::from_ref(m);
    let held_by_top = STACK.with(|s| s.borrow().last().is_some_and(|top| top.m1 == m_ptr || top.m2 == m_ptr));
    if held_by_top {
        return SKIPPED;
    }
    let depth = push(std::ptr::null(), std::ptr::null());
    m.lock();
    set_mutexes(depth, m_ptr, std::ptr::null());
    depth
}

/// Port of `_PyCriticalSection2_BeginMutex`: begins a critical section on
/// two mutexes, locked in address order; if they are the same mutex it is
/// locked once (a one-mutex section).
///
/// # Safety
/// As [`begin`], for both mutexes. [`with2`] is the safe form.
#[inline]
pub unsafe fn begin2<'a>(a: &'a PyMutex, b: &'a PyMutex) -> CriticalSection2<'a> {
    if std::ptr::eq(a, b) {
        // SAFETY: the caller's contract covers `a`.
        let one = unsafe { begin(a) };
        let depth = one.depth;
        std::mem::forget(one);
        return CriticalSection2 { depth, _mutex: PhantomData };
    }
    let (m1, m2) = if std::ptr::from_ref(b) < std::ptr::from_ref(a) { (b, a) } else { (a, b) };
    let depth = if m1.lock_fast() {
        if m2.lock_fast() { push(m1, m2) } else { begin2_slow(m1, m2, true) }
    } else {
        begin2_slow(m1, m2, false)
    };
    CriticalSection2 { depth, _mutex: PhantomData }
}

/// Port of `_PyCriticalSection2_BeginSlow`.
#[cold]
fn begin2_slow(m1: &PyMutex, m2: &PyMutex, is_m1_locked: bool) -> usize {
    let depth = push(std::ptr::null(), std::ptr::null());
    if !is_m1_locked {
        m1.lock();
    }
    m2.lock();
    set_mutexes(depth, m1, m2);
    depth
}

/// Ports of `_PyCriticalSection_End`, `_PyCriticalSection2_End` and
/// `_PyCriticalSection_Pop`: unlocks the section's mutexes, pops it, and
/// resumes the section beneath if it was suspended.
fn end(depth: usize) {
    if depth == SKIPPED {
        return;
    }
    let top = STACK.with(|s| {
        let s = s.borrow();
        assert_eq!(s.len().wrapping_sub(1), depth, "critical sections must end in reverse order of beginning");
        s[depth]
    });
    debug_assert!(!top.inactive, "ending a suspended critical section");
    // SAFETY: an entry's mutexes outlive it (contract of begin/begin2),
    // and this section holds them.
    unsafe {
        if !top.m2.is_null() {
            (*top.m2).unlock();
        }
        (*top.m1).unlock();
    }
    let resume_below = STACK.with(|s| {
        let mut s = s.borrow_mut();
        s.pop();
        s.last().is_some_and(|below| below.inactive)
    });
    if resume_below {
        resume();
    }
}

impl Drop for CriticalSection<'_> {
    #[inline]
    fn drop(&mut self) {
        end(self.depth);
    }
}

impl Drop for CriticalSection2<'_> {
    #[inline]
    fn drop(&mut self) {
        end(self.depth);
    }
}

/// Runs `f` inside a critical section on `m` (safe form of [`begin`]).
pub fn with<R>(m: &PyMutex, f: impl FnOnce() -> R) -> R {
    // SAFETY: the guard is a local dropped before this function returns,
    // while `m` is still borrowed.
    let _cs = unsafe { begin(m) };
    f()
}

/// Runs `f` inside a critical section on `a` and `b` (safe form of
/// [`begin2`]).
pub fn with2<R>(a: &PyMutex, b: &PyMutex, f: impl FnOnce() -> R) -> R {
    // SAFETY: as in `with`.
    let _cs = unsafe { begin2(a, b) };
    f()
}

/// Port of `_PyCriticalSection_SuspendAll`: releases the mutexes of every
/// active section of the calling thread and marks them suspended. Called
/// when the thread detaches (by the default [`crate::blocking`] hooks, or
/// by the runtime's).
pub fn suspend_all() {
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        for section in s.iter_mut().rev() {
            if section.inactive {
                break;
            }
            if !section.m1.is_null() {
                // SAFETY: an entry's mutexes outlive it (contract of
                // begin/begin2), and an active section holds them.
                unsafe {
                    (*section.m1).unlock();
                    if !section.m2.is_null() {
                        (*section.m2).unlock();
                    }
                }
            }
            section.inactive = true;
        }
    });
}

/// Port of `_PyCriticalSection_Resume`: re-acquires the mutexes of the
/// calling thread's top section, which must be suspended, and marks it
/// active. Does nothing if the thread has no section (CPython's caller,
/// `_PyThreadState_Attach`, checks that).
pub fn resume() {
    let taken = STACK.with(|s| {
        let mut s = s.borrow_mut();
        let top = s.last_mut()?;
        assert!(top.inactive, "resuming a critical section that is not suspended");
        // Cleared while locking: if locking blocks, the nested suspend and
        // resume must not touch them.
        Some((std::mem::replace(&mut top.m1, std::ptr::null()), std::mem::replace(&mut top.m2, std::ptr::null())))
    });
    let Some((m1, m2)) = taken else {
        return;
    };
    // SAFETY: an entry's mutexes outlive it (contract of begin/begin2).
    unsafe {
        if !m1.is_null() {
            (*m1).lock();
        }
        if !m2.is_null() {
            (*m2).lock();
        }
    }
    STACK.with(|s| {
        let mut s = s.borrow_mut();
        let top = s.last_mut().expect("the resumed section is still on the stack");
        top.m1 = m1;
        top.m2 = m2;
        top.inactive = false;
    });
}

/// Whether the calling thread's top critical section holds `m` (the check
/// of CPython's `_PyCriticalSection_AssertHeld`).
pub fn is_held(m: &PyMutex) -> bool {
    let m = std::ptr::from_ref(m);
    STACK.with(|s| s.borrow().last().is_some_and(|top| !top.inactive && (top.m1 == m || top.m2 == m)))
}

/// Port of `_PyCriticalSection_AssertHeld`: with debug assertions, panics
/// unless the calling thread's top critical section holds `m`.
#[track_caller]
pub fn assert_held(m: &PyMutex) {
    debug_assert!(is_held(m), "critical section does not hold the mutex");
}

/// The number of critical sections on the calling thread's stack, active
/// or suspended (skipped re-entries are not counted).
pub fn depth() -> usize {
    STACK.with(|s| s.borrow().len())
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn begin_end_nest_and_track_held() {
        let a = PyMutex::new();
        let b = PyMutex::new();
        with(&a, || {
            assert!(a.is_locked() && is_held(&a));
            assert_eq!(depth(), 1);
            with(&b, || {
                assert!(is_held(&b) && !is_held(&a));
                assert_eq!(depth(), 2);
            });
            assert!(is_held(&a) && !b.is_locked());
        });
        assert!(!a.is_locked() && !b.is_locked());
        assert_eq!(depth(), 0);
    }

    #[test]
    fn same_mutex_twice_is_a_one_mutex_section() {
        let a = PyMutex::new();
        with2(&a, &a, || {
            assert!(a.is_locked() && is_held(&a));
            assert_eq!(depth(), 1);
        });
        assert!(!a.is_locked());
    }

    #[test]
    fn relocking_the_top_sections_mutex_is_skipped() {
        let a = PyMutex::new();
        let b = PyMutex::new();
        with2(&a, &b, || {
            with(&b, || {
                assert_eq!(depth(), 1);
                assert_held(&b);
            });
            assert!(b.is_locked(), "the skipped section must not unlock b");
        });
        assert!(!a.is_locked() && !b.is_locked());
    }

    #[test]
    fn suspend_all_releases_and_resume_reacquires() {
        let a = PyMutex::new();
        let b = PyMutex::new();
        let c = PyMutex::new();
        with(&a, || {
            with2(&b, &c, || {
                suspend_all();
                assert!(!a.is_locked() && !b.is_locked() && !c.is_locked());
                assert!(!is_held(&b));
                resume();
                assert!(b.is_locked() && c.is_locked() && is_held(&c));
                // Only the top section was resumed.
                assert!(!a.is_locked());
            });
            // Ending the top section resumed the one beneath.
            assert!(a.is_locked() && is_held(&a));
        });
        assert!(!a.is_locked());
    }

    #[test]
    fn blocking_in_begin_suspends_outer_sections() {
        let outer = PyMutex::new();
        let inner = PyMutex::new();
        inner.lock();
        std::thread::scope(|s| {
            s.spawn(|| {
                with(&outer, || {
                    with(&inner, || {
                        assert!(inner.is_locked() && is_held(&inner));
                    });
                    assert!(outer.is_locked() && is_held(&outer));
                });
            });
            // The other thread blocks on `inner` and thereby releases
            // `outer`, which we can now take.
            outer.lock();
            outer.unlock();
            inner.unlock();
        });
        assert!(!outer.is_locked() && !inner.is_locked());
    }

    #[test]
    #[should_panic(expected = "reverse order")]
    fn ending_out_of_order_panics() {
        let a = PyMutex::new();
        let b = PyMutex::new();
        // SAFETY: both guards are dropped before the mutexes.
        let (ga, gb) = unsafe { (begin(&a), begin(&b)) };
        drop(ga);
        drop(gb);
    }

    #[test]
    fn opposite_orders_do_not_deadlock() {
        let a = PyMutex::new();
        let b = PyMutex::new();
        std::thread::scope(|s| {
            for flip in [false, true] {
                let (a, b) = (&a, &b);
                s.spawn(move || {
                    let (x, y) = if flip { (b, a) } else { (a, b) };
                    for _ in 0..2000 {
                        with(x, || with(y, std::hint::spin_loop));
                    }
                    std::thread::sleep(Duration::from_millis(1));
                });
            }
        });
    }
}
