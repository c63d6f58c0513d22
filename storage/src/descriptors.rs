//! How many file descriptors the logs hold open, process-wide: the broker
//! checks it against `RLIMIT_NOFILE` before it creates partitions.
//!
//! Invariant: the count is the number of live [`HeldDescriptor`]s; each
//! descriptor a segment keeps open (its `.log` file, the indexes of an active
//! segment) owns one for as long as it stays open. Descriptors opened for one
//! operation and closed after (a sealed segment's index lookup) are not
//! counted.

use std::sync::atomic::{AtomicUsize, Ordering};

static HELD: AtomicUsize = AtomicUsize::new(0);

/// Descriptors the logs hold open now.
pub fn held() -> usize {
    HELD.load(Ordering::Relaxed)
}

/// Descriptors a new, empty partition log holds: its active segment's `.log`,
/// `.index` and `.timeindex`.
pub const PER_NEW_PARTITION: usize = 3;

/// One open descriptor, counted while this lives.
#[derive(Debug)]
pub struct HeldDescriptor(());

impl HeldDescriptor {
    pub fn new() -> Self {
        HELD.fetch_add(1, Ordering::Relaxed);
        HeldDescriptor(())
    }
}

impl Default for HeldDescriptor {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for HeldDescriptor {
    fn drop(&mut self) {
        HELD.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Descriptors this process holds on files under `dir` (tests: exact even
/// while other tests open files, as each test has a directory of its own).
#[cfg(test)]
pub(crate) fn open_descriptors_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter(|target| target.starts_with(dir))
        .count()
}
