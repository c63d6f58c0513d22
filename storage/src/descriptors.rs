//! How many file descriptors the logs hold open, process-wide: the broker
//! checks it against `RLIMIT_NOFILE` before it creates partitions.
//!
//! Invariants: the count is the number of live [`HeldDescriptor`]s; each
//! descriptor a segment keeps open (its `.log` file, the indexes of an active
//! segment that writes index entries) owns one for as long as it stays open.
//! Descriptors opened for one operation and closed after (a lookup in a
//! released index) are not counted. At most [`MAX_HELD_INDEX_PAIRS`] segments
//! hold their two indexes open at once, each under an [`IndexPairPermit`]:
//! a partition costs one descriptor (its `.log`) however many partitions
//! there are, plus two while it is busy and a permit is free.

use std::sync::atomic::{AtomicUsize, Ordering};

static HELD: AtomicUsize = AtomicUsize::new(0);

/// Descriptors the logs hold open now.
pub fn held() -> usize {
    HELD.load(Ordering::Relaxed)
}

/// Descriptors a new, empty partition log holds: its active segment's `.log`
/// (its indexes are opened per write until it earns a permit).
pub const PER_NEW_PARTITION: usize = 1;

/// Most segments holding their `.index` and `.timeindex` open at once (the
/// broker lowers it under a small descriptor limit, see
/// [`limit_held_index_pairs`]). Past it, index entries are written through a
/// descriptor opened for each (one `open` per `index.interval.bytes`
/// appended).
pub const MAX_HELD_INDEX_PAIRS: usize = 1024;

static MAX_PAIRS: AtomicUsize = AtomicUsize::new(MAX_HELD_INDEX_PAIRS);
static HELD_INDEX_PAIRS: AtomicUsize = AtomicUsize::new(0);

/// Sets the cap on held index pairs for a process limited to `nofile`
/// descriptors: pairs taking a sixteenth of the limit, at most
/// [`MAX_HELD_INDEX_PAIRS`].
pub fn limit_held_index_pairs(nofile: u64) {
    let pairs = (nofile / 32).min(MAX_HELD_INDEX_PAIRS as u64) as usize;
    MAX_PAIRS.store(pairs, Ordering::Relaxed);
}

/// Descriptors the index pairs may still take: kept free for them.
pub fn index_pair_reserve() -> usize {
    2 * MAX_PAIRS
        .load(Ordering::Relaxed)
        .saturating_sub(HELD_INDEX_PAIRS.load(Ordering::Relaxed))
}

/// The right of one segment to hold its two indexes open.
#[derive(Debug)]
pub struct IndexPairPermit(());

impl IndexPairPermit {
    /// A permit, if fewer than the cap are out.
    pub fn try_acquire() -> Option<Self> {
        take_one(&HELD_INDEX_PAIRS, MAX_PAIRS.load(Ordering::Relaxed))
            .then_some(IndexPairPermit(()))
    }
}

/// Adds one to `count` if it is below `max`; returns whether it did.
fn take_one(count: &AtomicUsize, max: usize) -> bool {
    count
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
            (n < max).then_some(n + 1)
        })
        .is_ok()
}

impl Drop for IndexPairPermit {
    fn drop(&mut self) {
        HELD_INDEX_PAIRS.fetch_sub(1, Ordering::Relaxed);
    }
}

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

#[cfg(test)]
#[test]
fn permits_stop_at_the_cap() {
    let count = AtomicUsize::new(0);
    assert!(take_one(&count, 2) && take_one(&count, 2));
    assert!(!take_one(&count, 2));
    assert_eq!(count.load(Ordering::Relaxed), 2);
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
