//! The leader epoch cache of a partition (Kafka's `LeaderEpochFileCache`),
//! checkpointed to `<partition dir>/leader-epoch-checkpoint`: for every leader
//! epoch that wrote to the log, the offset of its first batch. It answers
//! OffsetsForLeaderEpoch (KIP-101, KIP-279): where a given epoch's data ends,
//! which tells a follower where its log diverges from the leader's.
//!
//! Entries are kept sorted with both epochs and start offsets strictly
//! increasing. Every change is written durably before the call returns
//! (temp file, fsync, rename, directory fsync), where Kafka writes the
//! truncations in the background: the log calls them rarely, and a stale
//! file would only be trimmed again when the log is opened.
//!
//! File format (Kafka's `LeaderEpochCheckpointFile`), one item per line:
//! the version `0`, the entry count, then `<epoch> <start offset>` per entry.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tracing::{debug, info, warn};

use crate::error::{Result, StorageError};
use crate::recovery::write_atomically;

/// Name of the checkpoint file in the partition directory (Kafka's).
pub const LEADER_EPOCH_CHECKPOINT_FILE: &str = "leader-epoch-checkpoint";
/// Kafka's `UNDEFINED_EPOCH`: no epoch (batches written before epochs, or an
/// OffsetsForLeaderEpoch answer that has none).
pub const UNDEFINED_EPOCH: i32 = -1;
/// Kafka's `UNDEFINED_EPOCH_OFFSET`, paired with [`UNDEFINED_EPOCH`].
pub const UNDEFINED_EPOCH_OFFSET: i64 = -1;

const CHECKPOINT_VERSION: i32 = 0;

/// The first offset written by a leader epoch (Kafka's `EpochEntry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpochEntry {
    pub epoch: i32,
    pub start_offset: i64,
}

impl EpochEntry {
    pub fn new(epoch: i32, start_offset: i64) -> Self {
        EpochEntry {
            epoch,
            start_offset,
        }
    }
}

/// The leader epoch cache of one partition.
#[derive(Debug)]
pub struct LeaderEpochFileCache {
    dir: PathBuf,
    path: PathBuf,
    /// Both epochs and start offsets strictly increase.
    epochs: Vec<EpochEntry>,
}

impl LeaderEpochFileCache {
    /// Reads the checkpoint of partition directory `dir`. `None` when the
    /// file is missing or unparsable: the caller rebuilds the cache from the
    /// log ([`LeaderEpochFileCache::rebuild`]), which holds every epoch in
    /// its batch headers. Other I/O errors are errors: a failing disk must
    /// not pass for a missing file.
    pub fn load(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(LEADER_EPOCH_CHECKPOINT_FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StorageError::io(&path, e)),
        };
        let parsed = std::str::from_utf8(&bytes)
            .map_err(|e| e.to_string())
            .and_then(parse_checkpoint);
        match parsed {
            Ok(epochs) => Ok(Some(LeaderEpochFileCache {
                dir: dir.to_path_buf(),
                path,
                epochs,
            })),
            Err(reason) => {
                warn!(file = %path.display(), reason = %reason, "unparsable leader epoch checkpoint; rebuilding it from the log");
                Ok(None)
            }
        }
    }

    /// A cache for `dir` holding `entries` assigned in order (as if appended
    /// one by one with [`LeaderEpochFileCache::assign`]), written once.
    pub fn rebuild(dir: &Path, entries: impl IntoIterator<Item = EpochEntry>) -> Result<Self> {
        let mut cache = LeaderEpochFileCache {
            dir: dir.to_path_buf(),
            path: dir.join(LEADER_EPOCH_CHECKPOINT_FILE),
            epochs: Vec::new(),
        };
        for entry in entries {
            cache.assign_entry(entry);
        }
        // Written even when empty, so that the next open does not scan again.
        cache.write()?;
        Ok(cache)
    }

    /// Path of the checkpoint file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The entries, oldest first.
    pub fn epoch_entries(&self) -> &[EpochEntry] {
        &self.epochs
    }

    pub fn latest_entry(&self) -> Option<EpochEntry> {
        self.epochs.last().copied()
    }

    /// The latest epoch that wrote to the log.
    pub fn latest_epoch(&self) -> Option<i32> {
        self.latest_entry().map(|e| e.epoch)
    }

    /// Records that `epoch` starts at `start_offset`, with Kafka's semantics:
    /// a no-op when `epoch` is the latest epoch and `start_offset` is not
    /// below its start (the common case: every append of the current
    /// leader); otherwise the entry is added after removing every latest
    /// entry whose epoch or start offset is not below the new one's, so
    /// that both keep increasing (a lower epoch or an earlier start replaces
    /// the conflicting tail). Returns whether the cache changed (and was
    /// written).
    ///
    /// # Panics
    /// On a negative epoch or offset: batches without an epoch (-1) are not
    /// assigned.
    pub fn assign(&mut self, epoch: i32, start_offset: i64) -> Result<bool> {
        let changed = self.assign_entry(EpochEntry::new(epoch, start_offset));
        if changed {
            debug!(file = %self.path.display(), epoch, start_offset, entries = self.epochs.len(), "appended leader epoch entry");
            self.write()?;
        }
        Ok(changed)
    }

    /// Kafka's `isUpdateNeeded`.
    fn is_update_needed(&self, entry: EpochEntry) -> bool {
        match self.epochs.last() {
            None => true,
            Some(latest) => entry.epoch != latest.epoch || entry.start_offset < latest.start_offset,
        }
    }

    /// [`LeaderEpochFileCache::assign`] in memory only.
    fn assign_entry(&mut self, entry: EpochEntry) -> bool {
        assert!(
            entry.epoch >= 0 && entry.start_offset >= 0,
            "invalid leader epoch entry {entry:?}"
        );
        if !self.is_update_needed(entry) {
            return false;
        }
        // Kafka's maybeTruncateNonMonotonicEntries: keep the entries below
        // the new one in both epoch and start offset.
        let keep = self
            .epochs
            .iter()
            .rposition(|e| e.epoch < entry.epoch && e.start_offset < entry.start_offset)
            .map_or(0, |i| i + 1);
        let removed = self.epochs.split_off(keep);
        // Replacing an entry that starts where the new one does means no data
        // was written under it: expected, not worth a warning.
        if removed.len() > 1
            || removed
                .first()
                .is_some_and(|r| r.start_offset != entry.start_offset)
        {
            warn!(file = %self.path.display(), new = ?entry, removed = ?removed, "new leader epoch entry truncated conflicting entries");
        }
        self.epochs.push(entry);
        self.check_invariants();
        true
    }

    /// The epoch and end offset to answer OffsetsForLeaderEpoch with for
    /// `requested_epoch` (Kafka's `endOffsetFor`):
    /// - the latest epoch: `(latest, log_end_offset)`;
    /// - otherwise the largest epoch `<= requested_epoch` and the start offset
    ///   of the first epoch above it (where the requested epoch's data ends);
    /// - below every cached epoch (older entries were deleted with their
    ///   segments): `(requested_epoch, start of the first epoch)`, so that a
    ///   follower truncates to where the leader's data starts;
    /// - `None` (Kafka's `UNDEFINED_EPOCH`, `UNDEFINED_EPOCH_OFFSET`) when
    ///   `requested_epoch` is [`UNDEFINED_EPOCH`], above the latest epoch, or
    ///   the cache is empty.
    pub fn end_offset_for(&self, requested_epoch: i32, log_end_offset: i64) -> Option<(i32, i64)> {
        if requested_epoch == UNDEFINED_EPOCH {
            return None;
        }
        if self.latest_epoch() == Some(requested_epoch) {
            return Some((requested_epoch, log_end_offset));
        }
        let higher = self.epochs.partition_point(|e| e.epoch <= requested_epoch);
        let next = self.epochs.get(higher)?;
        let epoch = match higher.checked_sub(1) {
            Some(floor) => self.epochs[floor].epoch,
            None => requested_epoch,
        };
        Some((epoch, next.start_offset))
    }

    /// Removes the entries starting at or after `end_offset` (the log was
    /// truncated there: those epochs have no data left). A negative offset
    /// is ignored, as in Kafka.
    pub fn truncate_from_end(&mut self, end_offset: i64) -> Result<()> {
        if end_offset < 0 {
            return Ok(());
        }
        let keep = self.epochs.partition_point(|e| e.start_offset < end_offset);
        if keep == self.epochs.len() {
            return Ok(());
        }
        let removed = self.epochs.split_off(keep);
        info!(file = %self.path.display(), end_offset, removed = ?removed, entries = self.epochs.len(), "truncated leader epoch cache from the end");
        self.write()
    }

    /// Removes the entries wholly below `start_offset` (the new log start
    /// offset) but keeps the one covering it, whose start moves up to
    /// `start_offset` (Kafka's `truncateFromStart`): the epoch of the first
    /// offset left stays known.
    pub fn truncate_from_start(&mut self, start_offset: i64) -> Result<()> {
        let below = self
            .epochs
            .partition_point(|e| e.start_offset <= start_offset);
        let Some(covering) = below.checked_sub(1).map(|i| self.epochs[i]) else {
            return Ok(());
        };
        if below == 1 && covering.start_offset == start_offset {
            return Ok(()); // Already starts there: nothing changes.
        }
        let removed: Vec<EpochEntry> = self.epochs.drain(..below).collect();
        self.epochs
            .insert(0, EpochEntry::new(covering.epoch, start_offset));
        self.check_invariants();
        info!(file = %self.path.display(), start_offset, removed = ?removed, entries = self.epochs.len(), "truncated leader epoch cache from the start");
        self.write()
    }

    /// Removes every entry (Kafka's `clearAndFlush`): the log was emptied.
    pub fn clear(&mut self) -> Result<()> {
        if self.epochs.is_empty() {
            return Ok(());
        }
        self.epochs.clear();
        info!(file = %self.path.display(), "cleared leader epoch cache");
        self.write()
    }

    fn check_invariants(&self) {
        for pair in self.epochs.windows(2) {
            assert!(
                pair[0].epoch < pair[1].epoch && pair[0].start_offset < pair[1].start_offset,
                "leader epoch entries must increase: {:?}",
                self.epochs
            );
        }
    }

    /// Replaces the checkpoint durably: a crash leaves the old file or the
    /// new one, never a mix.
    fn write(&self) -> Result<()> {
        let text = format_checkpoint(&self.epochs);
        write_atomically(&self.dir, &self.path, text.as_bytes())
    }
}

fn format_checkpoint(epochs: &[EpochEntry]) -> String {
    let mut text = format!("{CHECKPOINT_VERSION}\n{}\n", epochs.len());
    for e in epochs {
        writeln!(text, "{} {}", e.epoch, e.start_offset).expect("writing to a String");
    }
    text
}

/// Parses a checkpoint; anything but exactly the version, the count and that
/// many valid, increasing entries is refused.
fn parse_checkpoint(text: &str) -> std::result::Result<Vec<EpochEntry>, String> {
    let mut lines = text.lines();
    let mut number = |what: &str| -> std::result::Result<i64, String> {
        let line = lines.next().ok_or_else(|| format!("missing {what}"))?;
        line.trim()
            .parse()
            .map_err(|e| format!("{what} {line:?}: {e}"))
    };
    let version = number("version")?;
    if version != CHECKPOINT_VERSION as i64 {
        return Err(format!("unknown version {version}"));
    }
    let count = number("entry count")?;
    if count < 0 {
        return Err(format!("negative entry count {count}"));
    }
    let mut epochs: Vec<EpochEntry> = Vec::new();
    for i in 0..count {
        let line = lines
            .next()
            .ok_or_else(|| format!("{i} entries, expected {count}"))?;
        let entry = parse_entry(line)?;
        if let Some(prev) = epochs.last() {
            if prev.epoch >= entry.epoch || prev.start_offset >= entry.start_offset {
                return Err(format!("entry {line:?} does not follow {prev:?}"));
            }
        }
        epochs.push(entry);
    }
    if let Some(extra) = lines.find(|l| !l.trim().is_empty()) {
        return Err(format!("more than {count} entries: {extra:?}"));
    }
    Ok(epochs)
}

/// `<epoch> <start offset>`, separated by whitespace as Kafka reads it.
fn parse_entry(line: &str) -> std::result::Result<EpochEntry, String> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [epoch, start_offset] = fields[..] else {
        return Err(format!("malformed entry {line:?}"));
    };
    let entry = EpochEntry::new(
        epoch
            .parse()
            .map_err(|e| format!("epoch in {line:?}: {e}"))?,
        start_offset
            .parse()
            .map_err(|e| format!("start offset in {line:?}: {e}"))?,
    );
    if entry.epoch < 0 || entry.start_offset < 0 {
        return Err(format!("negative entry {line:?}"));
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(epoch: i32, start_offset: i64) -> EpochEntry {
        EpochEntry::new(epoch, start_offset)
    }

    /// An empty cache in a fresh directory (kept alive by the returned guard).
    fn cache() -> (tempfile::TempDir, LeaderEpochFileCache) {
        let dir = tempfile::tempdir().unwrap();
        let cache = LeaderEpochFileCache::rebuild(dir.path(), []).unwrap();
        (dir, cache)
    }

    fn with(entries: &[(i32, i64)]) -> (tempfile::TempDir, LeaderEpochFileCache) {
        let (dir, mut cache) = cache();
        for &(epoch, offset) in entries {
            cache.assign(epoch, offset).unwrap();
        }
        (dir, cache)
    }

    fn reloaded(cache: &LeaderEpochFileCache) -> Vec<EpochEntry> {
        LeaderEpochFileCache::load(&cache.dir)
            .unwrap()
            .expect("a valid checkpoint")
            .epochs
    }

    // Kafka's LeaderEpochFileCacheTest examples, by their names there.

    #[test]
    fn should_add_epoch_and_message_offset_to_cache() {
        let (_d, c) = with(&[(2, 10)]);
        assert_eq!(c.latest_epoch(), Some(2));
        assert_eq!(c.epoch_entries(), [e(2, 10)]);
        assert_eq!(c.end_offset_for(2, 11), Some((2, 11)));
    }

    #[test]
    fn should_return_log_end_offset_if_latest_epoch_requested() {
        let (_d, c) = with(&[(2, 11), (2, 12)]);
        assert_eq!(c.end_offset_for(2, 14), Some((2, 14)));
    }

    #[test]
    fn should_return_undefined_if_undefined_epoch_requested_or_cache_empty() {
        let (_d, c) = with(&[(2, 11), (3, 12)]);
        assert_eq!(c.end_offset_for(UNDEFINED_EPOCH, 0), None);
        let (_d, empty) = cache();
        assert_eq!(empty.end_offset_for(0, 0), None);
        assert_eq!(empty.end_offset_for(UNDEFINED_EPOCH, 73), None);
        assert_eq!(empty.end_offset_for(7, 0), None);
        assert_eq!(empty.latest_epoch(), None);
    }

    #[test]
    fn should_not_overwrite_offset_for_a_leader_epoch_once_assigned() {
        let (_d, mut c) = with(&[(2, 6)]);
        assert!(!c.assign(2, 10).unwrap());
        assert!(!c.assign(2, 7).unwrap());
        assert_eq!(c.epoch_entries(), [e(2, 6)]);
    }

    #[test]
    fn should_enforce_monotonically_increasing_start_offsets() {
        let (_d, c) = with(&[(2, 9), (3, 9)]);
        assert_eq!(c.epoch_entries(), [e(3, 9)]);
    }

    #[test]
    fn should_return_first_epoch_if_requested_epoch_less_than_first_epoch() {
        let (_d, c) = with(&[(5, 11), (6, 12), (7, 13)]);
        assert_eq!(c.end_offset_for(4, 0), Some((4, 11)));
    }

    #[test]
    fn should_truncate_if_matching_epoch_but_earlier_starting_offset() {
        let (_d, c) = with(&[(5, 11), (6, 12), (7, 13), (7, 12)]);
        assert_eq!(c.epoch_entries(), [e(5, 11), e(7, 12)]);
        assert_eq!(c.end_offset_for(5, 0), Some((5, 12)));
        assert_eq!(c.end_offset_for(6, 0), Some((5, 12)));
    }

    #[test]
    fn should_get_first_offset_of_subsequent_epoch_when_previous_epoch_requested() {
        let (_d, c) = with(&[(1, 11), (1, 12), (2, 13), (2, 14), (3, 15), (3, 16)]);
        assert_eq!(c.end_offset_for(2, 17), Some((2, 15)));
    }

    #[test]
    fn should_return_next_available_epoch_if_no_exact_epoch_for_the_one_requested() {
        let (_d, c) = with(&[(0, 10), (2, 13), (4, 17)]);
        assert_eq!(c.end_offset_for(1, 0), Some((0, 13)));
        assert_eq!(c.end_offset_for(2, 0), Some((2, 17)));
        assert_eq!(c.end_offset_for(3, 0), Some((2, 17)));
    }

    #[test]
    fn should_return_undefined_if_epoch_above_latest_requested() {
        let (_d, c) = with(&[(2, 100)]);
        assert_eq!(c.end_offset_for(3, 100), None);
    }

    #[test]
    fn should_enforce_monotonically_increasing_epochs() {
        let (_d, c) = with(&[(1, 5), (2, 6), (1, 7)]);
        assert_eq!(c.latest_epoch(), Some(1));
        assert_eq!(c.epoch_entries(), [e(1, 7)]);
        assert_eq!(c.end_offset_for(1, 8), Some((1, 8)));
        assert_eq!(c.end_offset_for(2, 8), None);
    }

    #[test]
    fn should_enforce_offsets_increase_monotonically() {
        let (_d, c) = with(&[(2, 6), (3, 5)]);
        assert_eq!(c.epoch_entries(), [e(3, 5)]);
    }

    #[test]
    fn should_increase_and_track_epochs_as_leaders_change_many_times() {
        let (_d, mut c) = with(&[(0, 0), (1, 0)]);
        assert_eq!(c.latest_epoch(), Some(1));
        assert_eq!(c.end_offset_for(1, 0), Some((1, 0)));
        assert_eq!(c.end_offset_for(0, 0), Some((0, 0)));
        assert_eq!(c.end_offset_for(1, 5), Some((1, 5)));
        assert_eq!(c.end_offset_for(0, 5), Some((0, 0)));
        c.assign(2, 5).unwrap();
        assert_eq!(c.end_offset_for(2, 10), Some((2, 10)));
        assert_eq!(c.end_offset_for(1, 10), Some((1, 5)));
        assert_eq!(c.end_offset_for(0, 10), Some((0, 0)));
    }

    #[test]
    fn should_track_epochs_as_follower_receives_many_messages() {
        let (_d, c) = with(&[
            (0, 0),
            (0, 1),
            (0, 2),
            (1, 3),
            (1, 4),
            (1, 5),
            (2, 6),
            (2, 7),
            (2, 8),
        ]);
        assert_eq!(c.epoch_entries(), [e(0, 0), e(1, 3), e(2, 6)]);
        assert_eq!(c.end_offset_for(2, 9), Some((2, 9)));
        assert_eq!(c.end_offset_for(0, 9), Some((0, 3)));
        assert_eq!(c.end_offset_for(1, 9), Some((1, 6)));
    }

    #[test]
    fn truncate_from_end_drops_entries_at_and_after_the_offset() {
        // shouldDropEntriesOnEpochBoundaryWhenRemovingLatestEntries
        let (_d, mut c) = with(&[(2, 6), (3, 8), (4, 11)]);
        c.truncate_from_end(8).unwrap();
        assert_eq!(c.epoch_entries(), [e(2, 6)]);
        assert_eq!(reloaded(&c), [e(2, 6)]);
        // shouldDropEntriesBetweenEpochBoundaryWhenRemovingNewest
        let (_d, mut c) = with(&[(2, 6), (3, 8), (4, 11)]);
        c.truncate_from_end(9).unwrap();
        assert_eq!(c.latest_epoch(), Some(3));
        assert_eq!(c.epoch_entries(), [e(2, 6), e(3, 8)]);
        // shouldNotResetEpochHistoryTailIfUndefinedPassed
        c.truncate_from_end(UNDEFINED_EPOCH_OFFSET).unwrap();
        c.truncate_from_end(100).unwrap();
        assert_eq!(c.epoch_entries().len(), 2);
        c.truncate_from_end(0).unwrap();
        assert_eq!(c.epoch_entries(), []);
        // shouldClearLatestOnEmptyCache
        c.truncate_from_end(7).unwrap();
    }

    #[test]
    fn truncate_from_start_keeps_the_entry_covering_the_offset() {
        let cases: [(i64, &[EpochEntry]); 6] = [
            // shouldPreserveResetOffsetOnClearEarliestIfOneExists
            (8, &[e(3, 8), e(4, 11)]),
            // shouldNotClearAnythingIfOffsetTooEarly
            (1, &[e(2, 6), e(3, 8), e(4, 11)]),
            // shouldNotClearAnythingIfOffsetIsFirstOffset
            (6, &[e(2, 6), e(3, 8), e(4, 11)]),
            // shouldRetainLatestEpochOnClearAllEarliest
            (11, &[e(4, 11)]),
            // shouldUpdateOffsetBetweenEpochBoundariesOnClearEarliest
            (9, &[e(3, 9), e(4, 11)]),
            // shouldRetainLatestEpochOnClearAllEarliestAndUpdateItsOffset
            (15, &[e(4, 15)]),
        ];
        for (offset, want) in cases {
            let (_d, mut c) = with(&[(2, 6), (3, 8), (4, 11)]);
            c.truncate_from_start(offset).unwrap();
            assert_eq!(c.epoch_entries(), want, "truncate_from_start({offset})");
            assert_eq!(
                reloaded(&c),
                want,
                "persisted, truncate_from_start({offset})"
            );
        }
        // shouldUpdateOffsetBetweenFirstTwoEpochBoundariesOnClearEarliest
        let (_d, mut c) = with(&[(0, 0), (1, 7), (2, 10)]);
        c.truncate_from_start(5).unwrap();
        assert_eq!(c.epoch_entries(), [e(0, 5), e(1, 7), e(2, 10)]);
        // shouldNotResetEpochHistoryHeadIfUndefinedPassed
        c.truncate_from_start(UNDEFINED_EPOCH_OFFSET).unwrap();
        assert_eq!(c.epoch_entries().len(), 3);
        // shouldClearEarliestOnEmptyCache
        let (_d, mut empty) = cache();
        empty.truncate_from_start(7).unwrap();
        assert_eq!(empty.epoch_entries(), []);
    }

    #[test]
    fn clear_removes_everything_durably() {
        let (_d, mut c) = with(&[(2, 6), (3, 8), (4, 11)]);
        c.clear().unwrap();
        assert_eq!(c.epoch_entries(), []);
        assert_eq!(reloaded(&c), []);
    }

    #[test]
    fn persists_in_kafkas_format_across_reopen() {
        let (dir, c) = with(&[(0, 0), (3, 1500), (3, 1600), (7, 2000)]);
        let text = fs::read_to_string(dir.path().join(LEADER_EPOCH_CHECKPOINT_FILE)).unwrap();
        assert_eq!(text, "0\n3\n0 0\n3 1500\n7 2000\n");
        assert!(!dir.path().join("leader-epoch-checkpoint.tmp").exists());
        let again = LeaderEpochFileCache::load(dir.path()).unwrap().unwrap();
        assert_eq!(again.epoch_entries(), c.epoch_entries());
        assert_eq!(again.end_offset_for(3, 2100), Some((3, 2000)));
    }

    #[test]
    fn missing_or_unparsable_checkpoint_loads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(LeaderEpochFileCache::load(dir.path()).unwrap().is_none());
        let path = dir.path().join(LEADER_EPOCH_CHECKPOINT_FILE);
        let bad = [
            "",
            "1\n0\n",
            "0\n2\n0 0\n",
            "0\n1\n0 0\n1 5\n",
            "0\n1\n0\n",
            "0\n1\n0 x\n",
            "0\n1\n-1 0\n",
            "0\n2\n3 10\n2 20\n",
            "0\n2\n2 10\n3 10\n",
            "0\nmany\n",
        ];
        for text in bad {
            fs::write(&path, text).unwrap();
            assert!(
                LeaderEpochFileCache::load(dir.path()).unwrap().is_none(),
                "{text:?}"
            );
        }
        fs::write(&path, [0xff, 0xfe]).unwrap();
        assert!(LeaderEpochFileCache::load(dir.path()).unwrap().is_none());
        // Kafka separates fields by any whitespace.
        fs::write(&path, "0\n2\n1  4\n2\t9\n").unwrap();
        let c = LeaderEpochFileCache::load(dir.path()).unwrap().unwrap();
        assert_eq!(c.epoch_entries(), [e(1, 4), e(2, 9)]);
    }

    #[test]
    fn rebuild_applies_assign_semantics() {
        let dir = tempfile::tempdir().unwrap();
        let c = LeaderEpochFileCache::rebuild(
            dir.path(),
            [e(1, 0), e(1, 5), e(2, 9), e(4, 20), e(3, 30)],
        )
        .unwrap();
        assert_eq!(c.epoch_entries(), [e(1, 0), e(2, 9), e(3, 30)]);
        assert_eq!(reloaded(&c), c.epoch_entries());
    }

    #[test]
    #[should_panic(expected = "invalid leader epoch entry")]
    fn negative_epoch_is_refused() {
        let (_d, mut c) = cache();
        let _ = c.assign(UNDEFINED_EPOCH, 0);
    }
}
