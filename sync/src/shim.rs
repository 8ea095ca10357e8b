//! The atomics, cells, thread primitives and clock the crate is built on:
//! `std`'s in a normal build, loom's under `RUSTFLAGS="--cfg loom"` so that
//! the models in `loom-tests/` explore every interleaving of the real code.

#[cfg(loom)]
pub(crate) use loom::{sync::atomic, thread};
#[cfg(not(loom))]
pub(crate) use std::{sync::atomic, thread};

/// Interior mutability checked by loom: loom's `UnsafeCell` under
/// `--cfg loom` (which reports unsynchronized accesses), and a thin wrapper
/// with the same closure-based interface over `std`'s otherwise.
pub(crate) mod cell {
    #[cfg(loom)]
    pub(crate) use loom::cell::UnsafeCell;

    /// `std::cell::UnsafeCell` behind loom's `with`/`with_mut` interface.
    #[cfg(not(loom))]
    #[derive(Debug)]
    pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

    #[cfg(not(loom))]
    impl<T> UnsafeCell<T> {
        pub(crate) const fn new(value: T) -> Self {
            Self(std::cell::UnsafeCell::new(value))
        }

        pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
            f(self.0.get())
        }

        pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
            f(self.0.get())
        }
    }
}

/// The Mutex and Condvar under the portable semaphore (`semaphore.rs`).
#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex};
#[cfg(all(not(loom), not(target_os = "linux")))]
pub(crate) use std::sync::{Condvar, Mutex};

/// The monotonic clock of lock.c's fairness hand-off and deadlines (CPython:
/// `PyTime_MonotonicRaw`), in nanoseconds.
///
/// Under loom it is a logical clock that only moves when a model calls
/// [`crate::loom_clock::advance`], so that a model decides whether a waiter
/// has waited "long enough" for the 1 ms hand-off and loom explores both.
pub(crate) mod clock {
    #[cfg(not(loom))]
    pub(crate) fn now_ns() -> u64 {
        use std::sync::OnceLock;
        use std::time::Instant;
        static EPOCH: OnceLock<Instant> = OnceLock::new();
        let epoch = *EPOCH.get_or_init(Instant::now);
        u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    #[cfg(loom)]
    loom::lazy_static! {
        static ref CLOCK: loom::sync::atomic::AtomicU64 = loom::sync::atomic::AtomicU64::new(0);
    }

    #[cfg(loom)]
    pub(crate) fn now_ns() -> u64 {
        CLOCK.load(loom::sync::atomic::Ordering::SeqCst)
    }

    #[cfg(loom)]
    pub(crate) fn advance(ns: u64) {
        CLOCK.fetch_add(ns, loom::sync::atomic::Ordering::SeqCst);
    }
}

/// Declares a constructor that is a `const fn` in a normal build (so that
/// locks can live in statics, as CPython's do) and a plain `fn` under loom,
/// whose atomics must register with the running model.
macro_rules! loom_const_fn {
    ($(#[$meta:meta])* $vis:vis fn $name:ident() -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(not(loom))]
        $vis const fn $name() -> $ret $body

        $(#[$meta])*
        #[cfg(loom)]
        $vis fn $name() -> $ret $body
    };
}


/// Aborts the process if dropped during unwinding: guards the windows in
/// which a stack-allocated wait entry is reachable from another thread, so
/// that a panic (from a hook or a callback) cannot free it while linked.
pub(crate) struct AbortOnUnwind;

impl Drop for AbortOnUnwind {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("rupy-sync: panic while a wait entry was linked; aborting");
            std::process::abort();
        }
    }
}

/// Declares a thread-local with a constant initialiser: `std`'s
/// `const { }` form in a normal build, loom's per-model-thread local under
/// loom (whose macro does not accept `const { }`).
macro_rules! const_thread_local {
    (static $name:ident: $t:ty = $init:expr;) => {
        #[cfg(not(loom))]
        std::thread_local! { static $name: $t = const { $init }; }
        #[cfg(loom)]
        loom::thread_local! { static $name: $t = $init; }
    };
}
