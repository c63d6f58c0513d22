//! Sparse time index `<base>.timeindex` (Kafka's `TimeIndex`).
//!
//! Entries are `(timestamp: i64 BE, relative offset: u32 BE)`, 12 bytes. An
//! entry `(t, o)` says: the batch with base offset `o` has max timestamp `t`,
//! and every batch of the segment before it has a smaller max timestamp. Entries
//! are appended next to offset-index entries (and once more when the segment
//! is rolled or closed) only when the segment's max timestamp grew, so both
//! fields strictly increase.
//!
//! To find the first batch whose max timestamp is `>= target`, a segment takes
//! [`TimeIndex::lookup`] (the largest entry with timestamp `<= target`; every
//! batch before its offset is older than the target) and scans forward from
//! there. The all-zero entry is never written, so a preallocated file left by
//! a crash is read as its non-zero prefix.
//!
//! The file is held open only while the segment is active ([`TimeIndex::hold`]);
//! a sealed segment's index is opened for each lookup (see [`crate::index_file`]).

use std::fs::File;
use std::path::Path;

use crate::error::Result;
use crate::index_file::IndexFile;

/// Size of one entry.
pub const TIME_ENTRY_SIZE: usize = 12;

/// One entry, with the offset made absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeEntry {
    pub timestamp: i64,
    pub offset: i64,
}

/// The time index of one segment.
#[derive(Debug)]
pub struct TimeIndex {
    file: IndexFile,
    base_offset: i64,
    entries: usize,
    max_entries: usize,
    last: Option<TimeEntry>,
}

impl TimeIndex {
    /// Opens (creating if missing) the index at `path`; see
    /// [`crate::offset_index::OffsetIndex::open`] for how entries are counted.
    pub fn open(path: &Path, base_offset: i64, max_index_bytes: u32) -> Result<Self> {
        let file = IndexFile::open(path)?;
        let len = file.file_len()?;
        let slots = (len / TIME_ENTRY_SIZE as u64) as usize;
        let max_entries = (max_index_bytes as usize / TIME_ENTRY_SIZE).max(1);
        let mut index = TimeIndex {
            file,
            base_offset,
            entries: slots,
            max_entries,
            last: None,
        };
        let (mut lo, mut hi) = (0usize, slots);
        {
            let f = index.file.reader()?;
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if index.raw(&f, mid)? == [0u8; TIME_ENTRY_SIZE] {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
        }
        index.entries = lo;
        index.last = match lo {
            0 => None,
            n => Some(index.entry(n - 1)?),
        };
        Ok(index)
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Keeps the file open (the segment is active: appends follow).
    pub fn hold(&mut self) -> Result<()> {
        self.file.hold()
    }

    /// Closes the file; each later operation opens it for itself.
    pub fn release(&mut self) {
        self.file.release()
    }

    pub fn is_held(&self) -> bool {
        self.file.is_held()
    }

    pub fn base_offset(&self) -> i64 {
        self.base_offset
    }

    pub fn entries(&self) -> usize {
        self.entries
    }

    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// A full index forces the segment to roll.
    pub fn is_full(&self) -> bool {
        self.entries >= self.max_entries
    }

    pub fn last_entry(&self) -> Option<TimeEntry> {
        self.last
    }

    fn raw(&self, file: &File, n: usize) -> Result<[u8; TIME_ENTRY_SIZE]> {
        let mut buf = [0u8; TIME_ENTRY_SIZE];
        IndexFile::read_exact_at(file, self.path(), &mut buf, (n * TIME_ENTRY_SIZE) as u64)?;
        Ok(buf)
    }

    /// Entry `n` (0-based).
    pub fn entry(&self, n: usize) -> Result<TimeEntry> {
        let file = self.file.reader()?;
        self.entry_in(&file, n)
    }

    fn entry_in(&self, file: &File, n: usize) -> Result<TimeEntry> {
        assert!(n < self.entries, "entry {n} of {}", self.entries);
        let raw = self.raw(file, n)?;
        let timestamp = i64::from_be_bytes(raw[0..8].try_into().expect("8 bytes"));
        let relative = u32::from_be_bytes(raw[8..12].try_into().expect("4 bytes"));
        Ok(TimeEntry {
            timestamp,
            offset: self.base_offset + relative as i64,
        })
    }

    /// Appends `(timestamp, offset)` if `timestamp` is larger than the last
    /// entry's (Kafka's `maybeAppend`). Returns whether it was written. A full
    /// index refuses unless `skip_full_check` (the entry written on roll/close).
    pub fn maybe_append(
        &mut self,
        timestamp: i64,
        offset: i64,
        skip_full_check: bool,
    ) -> Result<bool> {
        if !skip_full_check && self.is_full() {
            return Ok(false);
        }
        if let Some(last) = self.last {
            if timestamp <= last.timestamp {
                return Ok(false);
            }
            assert!(
                offset >= last.offset,
                "time index offsets must not go back: ({timestamp}, {offset}) after {last:?}"
            );
        }
        let relative = offset - self.base_offset;
        assert!(
            relative >= 0 && relative <= u32::MAX as i64,
            "offset {offset} not relative to base {}",
            self.base_offset
        );
        if timestamp == 0 && relative == 0 {
            // Reserved for the preallocated tail; the entry is only a hint.
            return Ok(false);
        }
        let mut raw = [0u8; TIME_ENTRY_SIZE];
        raw[0..8].copy_from_slice(&timestamp.to_be_bytes());
        raw[8..12].copy_from_slice(&(relative as u32).to_be_bytes());
        self.file
            .write_all_at(&raw, (self.entries * TIME_ENTRY_SIZE) as u64)?;
        self.entries += 1;
        self.last = Some(TimeEntry { timestamp, offset });
        Ok(true)
    }

    /// The largest entry whose timestamp is `<= target`, or `None` when the
    /// target precedes every entry (scan from the start of the segment).
    pub fn lookup(&self, target: i64) -> Result<Option<TimeEntry>> {
        if self.entries == 0 {
            return Ok(None);
        }
        let file = self.file.reader()?;
        let (mut lo, mut hi) = (0usize, self.entries);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.entry_in(&file, mid)?.timestamp <= target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        match lo {
            0 => Ok(None),
            n => Ok(Some(self.entry_in(&file, n - 1)?)),
        }
    }

    /// The first entry whose timestamp is `>= target`: an upper bound of the
    /// first batch at or after `target`.
    pub fn first_at_or_after(&self, target: i64) -> Result<Option<TimeEntry>> {
        if self.entries == 0 {
            return Ok(None);
        }
        let file = self.file.reader()?;
        let (mut lo, mut hi) = (0usize, self.entries);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.entry_in(&file, mid)?.timestamp < target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < self.entries {
            Ok(Some(self.entry_in(&file, lo)?))
        } else {
            Ok(None)
        }
    }

    /// Removes every entry whose offset is `>= offset`.
    pub fn truncate_to(&mut self, offset: i64) -> Result<()> {
        let (mut lo, mut hi) = (0usize, self.entries);
        {
            let file = self.file.reader()?;
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if self.entry_in(&file, mid)?.offset < offset {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
        }
        let keep = lo;
        let dropped = self.entries - keep;
        if dropped > 0 {
            let zeros = vec![0u8; dropped * TIME_ENTRY_SIZE];
            self.file
                .write_all_at(&zeros, (keep * TIME_ENTRY_SIZE) as u64)?;
        }
        self.entries = keep;
        self.last = match keep {
            0 => None,
            n => Some(self.entry(n - 1)?),
        };
        Ok(())
    }

    /// Drops every entry and shrinks the file to zero.
    pub fn reset(&mut self) -> Result<()> {
        self.file.set_len(0)?;
        self.entries = 0;
        self.last = None;
        Ok(())
    }

    /// Grows the file to its maximum size (zero-filled).
    pub fn preallocate(&mut self) -> Result<()> {
        let len = (self.max_entries * TIME_ENTRY_SIZE) as u64;
        if self.file.file_len()? < len {
            self.file.set_len(len)?;
        }
        Ok(())
    }

    /// Shrinks the file to the entries it holds.
    pub fn trim_to_valid_size(&mut self) -> Result<()> {
        self.file.set_len((self.entries * TIME_ENTRY_SIZE) as u64)
    }

    /// fsyncs the file.
    pub fn flush(&self) -> Result<()> {
        self.file.sync_all()
    }

    pub fn file_len(&self) -> Result<u64> {
        self.file.file_len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index(dir: &tempfile::TempDir, base: i64, max_bytes: u32) -> TimeIndex {
        TimeIndex::open(&dir.path().join("x.timeindex"), base, max_bytes).unwrap()
    }

    fn e(timestamp: i64, offset: i64) -> Option<TimeEntry> {
        Some(TimeEntry { timestamp, offset })
    }

    #[test]
    fn only_increasing_timestamps_are_appended() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 50, 1200);
        assert!(idx.maybe_append(1000, 55, false).unwrap());
        assert!(!idx.maybe_append(1000, 60, false).unwrap());
        assert!(!idx.maybe_append(900, 61, false).unwrap());
        assert!(idx.maybe_append(2000, 70, false).unwrap());
        assert_eq!(idx.entries(), 2);
        assert_eq!(idx.last_entry(), e(2000, 70));
        idx.flush().unwrap();
        let bytes = std::fs::read(idx.path()).unwrap();
        assert_eq!(bytes.len(), 24);
        assert_eq!(&bytes[0..12], &[0, 0, 0, 0, 0, 0, 3, 0xe8, 0, 0, 0, 5]);
    }

    #[test]
    fn lookups() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 0, 1200);
        assert_eq!(idx.lookup(5).unwrap(), None);
        assert_eq!(idx.first_at_or_after(5).unwrap(), None);
        for (ts, off) in [(100, 3), (200, 8), (300, 20)] {
            idx.maybe_append(ts, off, false).unwrap();
        }
        assert_eq!(idx.lookup(99).unwrap(), None);
        assert_eq!(idx.lookup(100).unwrap(), e(100, 3));
        assert_eq!(idx.lookup(250).unwrap(), e(200, 8));
        assert_eq!(idx.lookup(i64::MAX).unwrap(), e(300, 20));
        assert_eq!(idx.first_at_or_after(0).unwrap(), e(100, 3));
        assert_eq!(idx.first_at_or_after(101).unwrap(), e(200, 8));
        assert_eq!(idx.first_at_or_after(300).unwrap(), e(300, 20));
        assert_eq!(idx.first_at_or_after(301).unwrap(), None);
    }

    #[test]
    fn full_index_refuses_except_on_roll() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 0, 24);
        assert_eq!(idx.max_entries(), 2);
        idx.maybe_append(1, 1, false).unwrap();
        idx.maybe_append(2, 2, false).unwrap();
        assert!(idx.is_full());
        assert!(!idx.maybe_append(3, 3, false).unwrap());
        assert!(idx.maybe_append(3, 3, true).unwrap());
        assert_eq!(idx.entries(), 3);
    }

    #[test]
    fn preallocated_tail_and_truncation_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 10, 120);
        idx.preallocate().unwrap();
        assert_eq!(idx.file_len().unwrap(), 120);
        for i in 1..=4 {
            idx.maybe_append(i * 100, 10 + i, false).unwrap();
        }
        drop(idx);
        let mut idx = index(&dir, 10, 120);
        assert_eq!(idx.entries(), 4);
        idx.truncate_to(13).unwrap();
        assert_eq!(idx.last_entry(), e(200, 12));
        drop(idx);
        let mut idx = index(&dir, 10, 120);
        assert_eq!(idx.entries(), 2);
        idx.trim_to_valid_size().unwrap();
        assert_eq!(idx.file_len().unwrap(), 24);
    }

    proptest! {
        #[test]
        fn lookups_match_brute_force(
            steps in prop::collection::vec((1i64..1000, 1u32..20), 0..150),
            targets in prop::collection::vec(-10i64..100_000, 1..40),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut idx = index(&dir, 0, 1 << 20);
            let mut entries = Vec::new();
            let (mut ts, mut off) = (0i64, 0i64);
            for (d_ts, d_off) in steps {
                ts += d_ts;
                off += d_off as i64;
                prop_assert!(idx.maybe_append(ts, off, false).unwrap());
                entries.push(TimeEntry { timestamp: ts, offset: off });
            }
            for t in targets {
                let floor = entries.iter().rev().find(|e| e.timestamp <= t).copied();
                let ceil = entries.iter().find(|e| e.timestamp >= t).copied();
                prop_assert_eq!(idx.lookup(t).unwrap(), floor);
                prop_assert_eq!(idx.first_at_or_after(t).unwrap(), ceil);
            }
        }
    }
}
