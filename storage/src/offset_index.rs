//! Sparse offset index `<base>.index` (Kafka's `OffsetIndex`).
//!
//! Entries are `(relative offset: u32 BE, file position: u32 BE)`, 8 bytes,
//! strictly increasing in both fields. An entry maps the base offset of a
//! batch to the position where that batch starts in the `.log` file; one is
//! added every `index.interval.bytes` of log. A lookup returns the largest entry
//! whose offset is `<=` the target, from which the segment scans forward.
//!
//! Like Kafka, the active segment's index file is preallocated to its maximum
//! size and trimmed to the entries it holds when the segment is rolled or
//! closed. The all-zero entry can never be a real entry (the first batch of
//! a segment, at position 0, is never indexed), so a preallocated file left
//! by a crash is read as its non-zero prefix.
//!
//! The file is held open only while the segment is active ([`OffsetIndex::hold`]);
//! a sealed segment's index is opened for each lookup (see [`crate::index_file`]).

use std::fs::File;
use std::path::Path;

use crate::error::Result;
use crate::index_file::IndexFile;

/// Size of one entry.
pub const OFFSET_ENTRY_SIZE: usize = 8;

/// One entry, with the offset made absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetEntry {
    pub offset: i64,
    pub position: u32,
}

/// The offset index of one segment.
#[derive(Debug)]
pub struct OffsetIndex {
    file: IndexFile,
    base_offset: i64,
    entries: usize,
    max_entries: usize,
    last: Option<OffsetEntry>,
}

impl OffsetIndex {
    /// Opens (creating if missing) the index at `path`. Its entry count comes
    /// from the file length, minus a preallocated all-zero tail; a length that
    /// is not a multiple of the entry size has its partial entry ignored (the
    /// segment's sanity check decides whether to rebuild). The index comes
    /// back released.
    pub fn open(path: &Path, base_offset: i64, max_index_bytes: u32) -> Result<Self> {
        let file = IndexFile::open(path)?;
        let len = file.file_len()?;
        let slots = (len / OFFSET_ENTRY_SIZE as u64) as usize;
        let max_entries = (max_index_bytes as usize / OFFSET_ENTRY_SIZE).max(1);
        let mut index = OffsetIndex {
            file,
            base_offset,
            entries: slots,
            max_entries,
            last: None,
        };
        // Entries are a non-zero prefix followed by a zero tail: binary search
        // the first zero slot.
        let (mut lo, mut hi) = (0usize, slots);
        {
            let f = index.file.reader()?;
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if index.raw(&f, mid)? == [0u8; OFFSET_ENTRY_SIZE] {
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

    /// Number of entries.
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

    pub fn last_entry(&self) -> Option<OffsetEntry> {
        self.last
    }

    fn raw(&self, file: &File, n: usize) -> Result<[u8; OFFSET_ENTRY_SIZE]> {
        let mut buf = [0u8; OFFSET_ENTRY_SIZE];
        IndexFile::read_exact_at(file, self.path(), &mut buf, (n * OFFSET_ENTRY_SIZE) as u64)?;
        Ok(buf)
    }

    /// Entry `n` (0-based).
    pub fn entry(&self, n: usize) -> Result<OffsetEntry> {
        let file = self.file.reader()?;
        self.entry_in(&file, n)
    }

    fn entry_in(&self, file: &File, n: usize) -> Result<OffsetEntry> {
        assert!(n < self.entries, "entry {n} of {}", self.entries);
        let raw = self.raw(file, n)?;
        let relative = u32::from_be_bytes(raw[0..4].try_into().expect("4 bytes"));
        let position = u32::from_be_bytes(raw[4..8].try_into().expect("4 bytes"));
        Ok(OffsetEntry {
            offset: self.base_offset + relative as i64,
            position,
        })
    }

    /// Appends an entry. Offsets and positions must strictly increase.
    pub fn append(&mut self, offset: i64, position: u32) -> Result<()> {
        assert!(
            !self.is_full(),
            "append to a full offset index {:?}",
            self.path()
        );
        let relative = offset - self.base_offset;
        assert!(
            relative >= 0 && relative <= u32::MAX as i64,
            "offset {offset} not relative to base {}",
            self.base_offset
        );
        if let Some(last) = self.last {
            assert!(
                offset > last.offset && position > last.position,
                "offset index must grow: ({offset}, {position}) after {last:?}"
            );
        }
        assert!(
            relative != 0 || position != 0,
            "the zero entry is reserved for the preallocated tail"
        );
        let mut raw = [0u8; OFFSET_ENTRY_SIZE];
        raw[0..4].copy_from_slice(&(relative as u32).to_be_bytes());
        raw[4..8].copy_from_slice(&position.to_be_bytes());
        self.file
            .write_all_at(&raw, (self.entries * OFFSET_ENTRY_SIZE) as u64)?;
        self.entries += 1;
        self.last = Some(OffsetEntry { offset, position });
        Ok(())
    }

    /// Index of the largest entry with `offset <= target`, by binary search.
    fn floor_slot(&self, file: &File, target: i64) -> Result<Option<usize>> {
        // Invariant: entries [0, lo) are <= target, entries [hi, n) are > target.
        let (mut lo, mut hi) = (0usize, self.entries);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.entry_in(file, mid)?.offset <= target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(lo.checked_sub(1))
    }

    /// The largest entry whose offset is `<= target`, or `None` when the
    /// target precedes every entry (scan from position 0).
    pub fn lookup(&self, target: i64) -> Result<Option<OffsetEntry>> {
        if self.entries == 0 {
            return Ok(None);
        }
        let file = self.file.reader()?;
        match self.floor_slot(&file, target)? {
            Some(slot) => Ok(Some(self.entry_in(&file, slot)?)),
            None => Ok(None),
        }
    }

    /// The first entry whose position is `>= position` (Kafka's
    /// `fetchUpperBoundOffset`: an offset past a fetch that ends there), by
    /// binary search; `None` when every entry is before it.
    pub fn first_at_or_after_position(&self, position: u32) -> Result<Option<OffsetEntry>> {
        if self.entries == 0 {
            return Ok(None);
        }
        let file = self.file.reader()?;
        // Invariant: entries [0, lo) are before `position`, [hi, n) at or after.
        let (mut lo, mut hi) = (0usize, self.entries);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.entry_in(&file, mid)?.position < position {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo == self.entries {
            return Ok(None);
        }
        Ok(Some(self.entry_in(&file, lo)?))
    }

    /// Removes every entry whose offset is `>= offset`.
    pub fn truncate_to(&mut self, offset: i64) -> Result<()> {
        let file = self.file.reader()?;
        let keep = match self.floor_slot(&file, offset - 1)? {
            Some(slot) => slot + 1,
            None => 0,
        };
        self.truncate_entries(keep)
    }

    fn truncate_entries(&mut self, keep: usize) -> Result<()> {
        assert!(keep <= self.entries);
        // Zero the dropped slots so a preallocated file still reads as a
        // non-zero prefix after a crash.
        let dropped = self.entries - keep;
        if dropped > 0 {
            let zeros = vec![0u8; dropped * OFFSET_ENTRY_SIZE];
            self.file
                .write_all_at(&zeros, (keep * OFFSET_ENTRY_SIZE) as u64)?;
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

    /// Grows the file to its maximum size (zero-filled), like Kafka does for
    /// the active segment.
    pub fn preallocate(&mut self) -> Result<()> {
        let len = (self.max_entries * OFFSET_ENTRY_SIZE) as u64;
        if self.file.file_len()? < len {
            self.file.set_len(len)?;
        }
        Ok(())
    }

    /// Shrinks the file to the entries it holds.
    pub fn trim_to_valid_size(&mut self) -> Result<()> {
        self.file.set_len((self.entries * OFFSET_ENTRY_SIZE) as u64)
    }

    /// fsyncs the file.
    pub fn flush(&self) -> Result<()> {
        self.file.sync_all()
    }

    /// Size of the file on disk.
    pub fn file_len(&self) -> Result<u64> {
        self.file.file_len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index(dir: &tempfile::TempDir, base: i64, max_bytes: u32) -> OffsetIndex {
        OffsetIndex::open(&dir.path().join("x.index"), base, max_bytes).unwrap()
    }

    #[test]
    fn lookup_returns_largest_entry_at_or_below_target() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 100, 1024);
        assert_eq!(idx.lookup(500).unwrap(), None);
        for (i, (off, pos)) in [(110, 40), (120, 90), (135, 200)].into_iter().enumerate() {
            idx.append(off, pos).unwrap();
            assert_eq!(idx.entries(), i + 1);
        }
        let e = |offset, position| Some(OffsetEntry { offset, position });
        assert_eq!(idx.lookup(100).unwrap(), None);
        assert_eq!(idx.lookup(109).unwrap(), None);
        assert_eq!(idx.lookup(110).unwrap(), e(110, 40));
        assert_eq!(idx.lookup(119).unwrap(), e(110, 40));
        assert_eq!(idx.lookup(120).unwrap(), e(120, 90));
        assert_eq!(idx.lookup(1_000_000).unwrap(), e(135, 200));
        assert_eq!(idx.last_entry(), e(135, 200));
    }

    #[test]
    fn the_first_entry_at_or_after_a_position() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 100, 1024);
        assert_eq!(idx.first_at_or_after_position(0).unwrap(), None);
        for (off, pos) in [(110, 40), (120, 90), (135, 200)] {
            idx.append(off, pos).unwrap();
        }
        let e = |offset, position| Some(OffsetEntry { offset, position });
        assert_eq!(idx.first_at_or_after_position(0).unwrap(), e(110, 40));
        assert_eq!(idx.first_at_or_after_position(40).unwrap(), e(110, 40));
        assert_eq!(idx.first_at_or_after_position(41).unwrap(), e(120, 90));
        assert_eq!(idx.first_at_or_after_position(200).unwrap(), e(135, 200));
        assert_eq!(idx.first_at_or_after_position(201).unwrap(), None);
    }

    #[test]
    fn entries_are_eight_big_endian_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 1000, 1024);
        idx.append(1003, 0x0102_0304).unwrap();
        idx.flush().unwrap();
        let bytes = std::fs::read(idx.path()).unwrap();
        assert_eq!(bytes, [0, 0, 0, 3, 1, 2, 3, 4]);
    }

    #[test]
    fn full_index_and_preallocation_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 0, 24);
        assert_eq!(idx.max_entries(), 3);
        idx.preallocate().unwrap();
        assert_eq!(idx.file_len().unwrap(), 24);
        idx.append(5, 10).unwrap();
        idx.append(9, 20).unwrap();
        assert!(!idx.is_full());
        // Reopen with the zero tail still there: only real entries count.
        drop(idx);
        let mut idx = index(&dir, 0, 24);
        assert_eq!(idx.entries(), 2);
        assert_eq!(
            idx.last_entry(),
            Some(OffsetEntry {
                offset: 9,
                position: 20
            })
        );
        idx.append(12, 30).unwrap();
        assert!(idx.is_full());
        idx.trim_to_valid_size().unwrap();
        assert_eq!(idx.file_len().unwrap(), 24);
    }

    #[test]
    fn truncate_to_drops_entries_at_or_above_offset() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 0, 1024);
        idx.preallocate().unwrap();
        for i in 1..=5 {
            idx.append(i * 10, i as u32 * 100).unwrap();
        }
        idx.truncate_to(31).unwrap();
        assert_eq!(idx.entries(), 3);
        idx.truncate_to(30).unwrap();
        assert_eq!(idx.entries(), 2);
        assert_eq!(
            idx.last_entry(),
            Some(OffsetEntry {
                offset: 20,
                position: 200
            })
        );
        drop(idx);
        let mut idx = index(&dir, 0, 1024);
        assert_eq!(idx.entries(), 2);
        idx.truncate_to(0).unwrap();
        assert_eq!(idx.entries(), 0);
        assert_eq!(idx.lookup(100).unwrap(), None);
    }

    #[test]
    #[should_panic(expected = "offset index must grow")]
    fn non_monotonic_append_panics() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = index(&dir, 0, 1024);
        idx.append(10, 100).unwrap();
        idx.append(10, 200).unwrap();
    }

    proptest! {
        #[test]
        fn lookup_matches_brute_force(
            steps in prop::collection::vec((1u32..50, 1u32..500), 0..200),
            targets in prop::collection::vec(0i64..20_000, 1..50),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut idx = index(&dir, 7, 1 << 20);
            let mut entries = Vec::new();
            let (mut off, mut pos) = (7i64, 0u32);
            for (d_off, d_pos) in steps {
                off += d_off as i64;
                pos += d_pos;
                idx.append(off, pos).unwrap();
                entries.push(OffsetEntry { offset: off, position: pos });
            }
            for t in targets {
                let expected = entries.iter().rev().find(|e| e.offset <= t).copied();
                prop_assert_eq!(idx.lookup(t).unwrap(), expected);
            }
        }
    }
}
