//! The per-wait semaphore a parked thread sleeps on: port of `_PySemaphore`
//! (Include/internal/pycore_semaphore.h; `_PySemaphore_Init`, `_Wait`,
//! `_PlatformWait` and `_Wakeup` in Python/parking_lot.c).
//!
//! CPython uses a POSIX `sem_t` whose `sem_wait` fails with `EINTR` when a
//! signal arrives. On Linux rupy uses a futex word directly, which keeps
//! that property (the wait reports [`ParkResult::Interrupted`]) and needs no
//! initialisation or destruction. Elsewhere, and under loom, it is a
//! counter behind a Mutex and Condvar (CPython's fallback when semaphores
//! are unavailable), which never reports an interrupt.

use std::time::Duration;

use crate::blocking;
use crate::parking_lot::ParkResult;

/// The relative timeout of an untimed futex wait, in seconds (a year;
/// the wait just starts again when it expires).
#[cfg(all(target_os = "linux", not(loom)))]
const FOREVER_SECS: libc::time_t = 365 * 24 * 3600;

/// Port of `_PySemaphore`: a counting semaphore, created with count 0.
#[derive(Debug)]
pub(crate) struct Semaphore {
    #[cfg(all(target_os = "linux", not(loom)))]
    count: std::sync::atomic::AtomicU32,
    #[cfg(any(loom, not(target_os = "linux")))]
    count: crate::shim::Mutex<u32>,
    #[cfg(any(loom, not(target_os = "linux")))]
    cond: crate::shim::Condvar,
}

impl Semaphore {
    /// Port of `_PySemaphore_Init`.
    pub(crate) fn new() -> Self {
        Self {
            #[cfg(all(target_os = "linux", not(loom)))]
            count: std::sync::atomic::AtomicU32::new(0),
            #[cfg(any(loom, not(target_os = "linux")))]
            count: crate::shim::Mutex::new(0),
            #[cfg(any(loom, not(target_os = "linux")))]
            cond: crate::shim::Condvar::new(),
        }
    }

    /// Port of `_PySemaphore_Wait`: waits for a [`wakeup`](Self::wakeup),
    /// at most `timeout` (`None`: forever). With `detach`, the thread
    /// detaches through the [`blocking`] hooks for the duration of the wait.
    pub(crate) fn wait(&self, timeout: Option<Duration>, detach: bool) -> ParkResult {
        let hooks = blocking::hooks();
        let detached = detach && (hooks.detach)();
        let res = self.platform_wait(timeout);
        if detached {
            (hooks.attach)();
        }
        res
    }

    /// Port of `_PySemaphore_PlatformWait` over a Linux futex.
    #[cfg(all(target_os = "linux", not(loom)))]
    fn platform_wait(&self, timeout: Option<Duration>) -> ParkResult {
        let deadline = timeout.map(|t| (std::time::Instant::now(), t));
        loop {
            if self.try_take() {
                return ParkResult::Ok;
            }
            let ts = match deadline {
                // `sem_wait` fails with EINTR on a signal whatever the
                // handler's SA_RESTART; a futex wait without a timeout is
                // restarted instead, so "forever" is a timeout of
                // `FOREVER_SECS`, which the kernel ends with EINTR too.
                None => Some(libc::timespec { tv_sec: FOREVER_SECS, tv_nsec: 0 }),
                Some((start, total)) => {
                    let Some(left) = total.checked_sub(start.elapsed()).filter(|d| !d.is_zero())
                    else {
                        return ParkResult::Timeout;
                    };
                    Some(libc::timespec {
                        tv_sec: libc::time_t::try_from(left.as_secs()).unwrap_or(libc::time_t::MAX),
                        // Below 10^9, so it fits every `c_long`.
                        tv_nsec: left.subsec_nanos() as libc::c_long,
                    })
                }
            };
            let ts_ptr = ts.as_ref().map_or(std::ptr::null(), std::ptr::from_ref);
            // SAFETY: FUTEX_WAIT reads the 4-byte aligned word `count`,
            // which lives as long as `self`, and the optional relative
            // timeout on our stack; it writes no user memory.
            let r = unsafe {
                libc::syscall(
                    libc::SYS_futex,
                    self.count.as_ptr(),
                    libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
                    0u32,
                    ts_ptr,
                )
            };
            if r == 0 {
                continue;
            }
            match std::io::Error::last_os_error().raw_os_error() {
                Some(libc::EINTR) => {
                    return if self.try_take() { ParkResult::Ok } else { ParkResult::Interrupted };
                }
                Some(libc::ETIMEDOUT) if deadline.is_none() => {}
                Some(libc::ETIMEDOUT) => {
                    return if self.try_take() { ParkResult::Ok } else { ParkResult::Timeout };
                }
                // EAGAIN: the count changed before we slept.
                Some(libc::EAGAIN) => {}
                err => panic!("parking_lot: unexpected error from futex wait: {err:?}"),
            }
        }
    }

    /// Takes one unit of the count if there is one.
    #[cfg(all(target_os = "linux", not(loom)))]
    fn try_take(&self) -> bool {
        use std::sync::atomic::Ordering;
        let mut c = self.count.load(Ordering::Relaxed);
        while c > 0 {
            match self.count.compare_exchange_weak(c, c - 1, Ordering::Acquire, Ordering::Relaxed) {
                Ok(_) => return true,
                Err(now) => c = now,
            }
        }
        false
    }

    /// Port of `_PySemaphore_Wakeup` over a Linux futex.
    #[cfg(all(target_os = "linux", not(loom)))]
    pub(crate) fn wakeup(&self) {
        use std::sync::atomic::Ordering;
        let word = self.count.as_ptr();
        self.count.fetch_add(1, Ordering::Release);
        // SAFETY: FUTEX_WAKE only hashes the address and touches no user
        // memory, so it is sound even if the waiter has already consumed the
        // count and freed the semaphore (the kernel then wakes nobody, or
        // wakes a futex at a reused address spuriously; every futex waiter
        // in this crate re-checks its word).
        unsafe {
            libc::syscall(libc::SYS_futex, word, libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG, 1i32);
        }
    }

    /// Port of `_PySemaphore_PlatformWait`'s Mutex and Condvar fallback.
    /// Under loom a timed wait that finds no wakeup reports a timeout at
    /// once: the model then covers a timeout that fires at any point.
    #[cfg(any(loom, not(target_os = "linux")))]
    fn platform_wait(&self, timeout: Option<Duration>) -> ParkResult {
        let mut count = self.count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match timeout {
            None => {
                while *count == 0 {
                    count = self.cond.wait(count).unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            }
            #[cfg(loom)]
            Some(_) => {
                if *count == 0 {
                    return ParkResult::Timeout;
                }
            }
            #[cfg(not(loom))]
            Some(t) => {
                let (c, _) = self
                    .cond
                    .wait_timeout_while(count, t, |c| *c == 0)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                count = c;
                if *count == 0 {
                    return ParkResult::Timeout;
                }
            }
        }
        *count -= 1;
        ParkResult::Ok
    }

    /// Port of `_PySemaphore_Wakeup`'s Mutex and Condvar fallback.
    #[cfg(any(loom, not(target_os = "linux")))]
    pub(crate) fn wakeup(&self) {
        let mut count = self.count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *count += 1;
        self.cond.notify_one();
    }
}
