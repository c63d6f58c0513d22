//! The aborted-transaction index `<base>.txnindex` of a segment (Kafka's
//! `TransactionIndex`): one entry per transaction aborted by a marker in
//! the segment, so that a read_committed fetch can tell the consumer which
//! records to skip (the fetch response's `aborted_transactions`).
//!
//! An entry is 34 bytes, big-endian:
//!
//! ```text
//! version             int16   0
//! producer_id         int64
//! first_offset        int64   the transaction's first record
//! last_offset         int64   its abort marker
//! last_stable_offset  int64   the partition's LSO once the marker was written
//! ```
//!
//! Entries are appended in the order of their markers, so `last_offset`
//! strictly increases. The file is created with its first entry (most
//! segments have none, as in Kafka) and is never preallocated; a partial
//! trailing entry (a crash mid-write) is ignored and cut off by the next
//! append or truncation. It is opened for each operation, holding no
//! descriptor between them.
//!
//! Invariants: `last_offset` strictly increases; truncation removes exactly
//! the entries whose marker is at or past the cut; an entry of another
//! version is an error, never skipped silently.

use std::path::{Path, PathBuf};

use crate::error::{Result, StorageError};
use crate::index_file::IndexFile;

/// Size of one entry.
pub const ABORTED_TXN_SIZE: usize = 34;
/// The only entry version Kafka writes.
const VERSION: i16 = 0;
/// The file suffix.
pub const TXN_INDEX_SUFFIX: &str = ".txnindex";

/// One aborted transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbortedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    pub last_offset: i64,
    pub last_stable_offset: i64,
}

impl AbortedTxn {
    fn encode(&self) -> [u8; ABORTED_TXN_SIZE] {
        let mut raw = [0u8; ABORTED_TXN_SIZE];
        raw[0..2].copy_from_slice(&VERSION.to_be_bytes());
        raw[2..10].copy_from_slice(&self.producer_id.to_be_bytes());
        raw[10..18].copy_from_slice(&self.first_offset.to_be_bytes());
        raw[18..26].copy_from_slice(&self.last_offset.to_be_bytes());
        raw[26..34].copy_from_slice(&self.last_stable_offset.to_be_bytes());
        raw
    }

    fn decode(raw: &[u8], path: &Path) -> Result<AbortedTxn> {
        let i64_at = |at: usize| i64::from_be_bytes(raw[at..at + 8].try_into().expect("8 bytes"));
        let version = i16::from_be_bytes([raw[0], raw[1]]);
        if version != VERSION {
            return Err(StorageError::corrupt_index(
                path,
                format!("aborted transaction entry of version {version}"),
            ));
        }
        Ok(AbortedTxn {
            producer_id: i64_at(2),
            first_offset: i64_at(10),
            last_offset: i64_at(18),
            last_stable_offset: i64_at(26),
        })
    }
}

/// The aborted transactions a fetch must report, and whether the search
/// can stop: an entry's LSO reached the fetch's upper bound, so no later
/// segment holds one that overlaps it (Kafka's `TxnIndexSearchResult`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TxnIndexSearch {
    pub aborted: Vec<AbortedTxn>,
    pub complete: bool,
}

/// The aborted-transaction index of one segment.
#[derive(Debug)]
pub struct TransactionIndex {
    path: PathBuf,
    /// Whole entries in the file.
    entries: usize,
    last_offset: Option<i64>,
}

/// `<dir>/<base offset, 20 digits>.txnindex`.
pub fn txn_index_path(dir: &Path, base_offset: i64) -> PathBuf {
    dir.join(format!("{base_offset:020}{TXN_INDEX_SUFFIX}"))
}

impl TransactionIndex {
    /// The index at `path`, read if the file exists (it is not created).
    pub fn open(path: &Path) -> Result<TransactionIndex> {
        let mut index = TransactionIndex {
            path: path.to_path_buf(),
            entries: 0,
            last_offset: None,
        };
        let len = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(index),
            Err(e) => return Err(StorageError::io(path, e)),
        };
        index.entries = (len / ABORTED_TXN_SIZE as u64) as usize;
        if index.entries > 0 {
            index.last_offset = Some(index.read_all()?.last().expect("entries").last_offset);
        }
        Ok(index)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Records an aborted transaction whose marker follows every recorded one.
    pub fn append(&mut self, txn: &AbortedTxn) -> Result<()> {
        assert!(
            txn.first_offset <= txn.last_offset,
            "an aborted transaction starts before its marker: {txn:?}"
        );
        if let Some(last) = self.last_offset {
            assert!(
                txn.last_offset > last,
                "aborted transactions are appended in marker order: {txn:?} after marker {last}"
            );
        }
        let file = IndexFile::open(&self.path)?;
        let at = (self.entries * ABORTED_TXN_SIZE) as u64;
        if file.file_len()? != at {
            // A partial entry left by a crash.
            file.set_len(at)?;
        }
        file.write_all_at(&txn.encode(), at)?;
        self.entries += 1;
        self.last_offset = Some(txn.last_offset);
        Ok(())
    }

    /// Every entry, in marker order.
    pub fn read_all(&self) -> Result<Vec<AbortedTxn>> {
        if self.entries == 0 {
            return Ok(Vec::new());
        }
        let file = IndexFile::open(&self.path)?;
        let f = file.reader()?;
        let mut raw = vec![0u8; self.entries * ABORTED_TXN_SIZE];
        IndexFile::read_exact_at(&f, &self.path, &mut raw, 0)?;
        raw.chunks_exact(ABORTED_TXN_SIZE)
            .map(|c| AbortedTxn::decode(c, &self.path))
            .collect()
    }

    /// The transactions that overlap `[fetch_offset, upper_bound)`: those
    /// whose marker is at or after the fetch offset and whose first record
    /// is before the bound.
    pub fn collect_aborted(&self, fetch_offset: i64, upper_bound: i64) -> Result<TxnIndexSearch> {
        let mut search = TxnIndexSearch::default();
        for txn in self.read_all()? {
            if txn.last_offset >= fetch_offset && txn.first_offset < upper_bound {
                search.aborted.push(txn);
            }
            if txn.last_stable_offset >= upper_bound {
                search.complete = true;
                break;
            }
        }
        Ok(search)
    }

    /// Removes the entries whose marker is at or past `offset` (the log is
    /// cut there).
    pub fn truncate_to(&mut self, offset: i64) -> Result<()> {
        let all = self.read_all()?;
        let keep = all.iter().take_while(|t| t.last_offset < offset).count();
        if keep == self.entries {
            return Ok(());
        }
        IndexFile::open(&self.path)?.set_len((keep * ABORTED_TXN_SIZE) as u64)?;
        self.entries = keep;
        self.last_offset = all[..keep].last().map(|t| t.last_offset);
        Ok(())
    }

    /// Drops every entry and the file (a new segment over a stale one).
    pub fn reset(&mut self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(StorageError::io(&self.path, e))
            }
            _ => {}
        }
        self.entries = 0;
        self.last_offset = None;
        Ok(())
    }

    /// fsyncs the file, if there is one.
    pub fn flush(&self) -> Result<()> {
        if self.entries == 0 && !self.path.exists() {
            return Ok(());
        }
        IndexFile::open(&self.path)?.sync_all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn txn(producer_id: i64, first: i64, last: i64, lso: i64) -> AbortedTxn {
        AbortedTxn {
            producer_id,
            first_offset: first,
            last_offset: last,
            last_stable_offset: lso,
        }
    }

    #[test]
    fn no_file_until_the_first_entry_and_kafkas_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = txn_index_path(dir.path(), 100);
        assert!(path.ends_with("00000000000000000100.txnindex"));
        let mut idx = TransactionIndex::open(&path).unwrap();
        assert_eq!(idx.read_all().unwrap(), vec![]);
        idx.flush().unwrap();
        assert!(!path.exists());
        idx.append(&txn(7, 100, 105, 100)).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), ABORTED_TXN_SIZE);
        assert_eq!(&bytes[0..2], &[0, 0]);
        assert_eq!(&bytes[2..10], &7i64.to_be_bytes());
        assert_eq!(&bytes[18..26], &105i64.to_be_bytes());
        let again = TransactionIndex::open(&path).unwrap();
        assert_eq!(again.read_all().unwrap(), vec![txn(7, 100, 105, 100)]);
    }

    #[test]
    fn a_fetch_gets_the_overlapping_aborts_and_knows_when_to_stop() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = TransactionIndex::open(&txn_index_path(dir.path(), 0)).unwrap();
        idx.append(&txn(1, 0, 10, 0)).unwrap();
        idx.append(&txn(2, 5, 20, 11)).unwrap();
        idx.append(&txn(3, 25, 30, 21)).unwrap();
        let s = idx.collect_aborted(11, 26).unwrap();
        // (1) ended before the fetch; (3) starts before the bound; its LSO
        // is below the bound, so later segments may hold more.
        assert_eq!(s.aborted, vec![txn(2, 5, 20, 11), txn(3, 25, 30, 21)]);
        assert!(!s.complete);
        let s = idx.collect_aborted(0, 15).unwrap();
        assert_eq!(s.aborted, vec![txn(1, 0, 10, 0), txn(2, 5, 20, 11)]);
        assert!(s.complete, "(3)'s LSO 21 reaches the bound 15");
    }

    #[test]
    fn truncation_and_a_partial_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = txn_index_path(dir.path(), 0);
        let mut idx = TransactionIndex::open(&path).unwrap();
        for (i, last) in [10, 20, 30].into_iter().enumerate() {
            idx.append(&txn(i as i64, last - 5, last, 0)).unwrap();
        }
        idx.truncate_to(20).unwrap();
        assert_eq!(idx.read_all().unwrap(), vec![txn(0, 5, 10, 0)]);
        // A crash mid-append leaves half an entry: ignored, then overwritten.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&[0, 0, 1, 2, 3]);
        std::fs::write(&path, &bytes).unwrap();
        let mut idx = TransactionIndex::open(&path).unwrap();
        assert_eq!(idx.entries(), 1);
        idx.append(&txn(9, 12, 15, 11)).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().len(),
            2 * ABORTED_TXN_SIZE as u64
        );
        assert_eq!(idx.read_all().unwrap()[1], txn(9, 12, 15, 11));
        // Another version is corruption.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[ABORTED_TXN_SIZE + 1] = 1;
        std::fs::write(&path, &bytes).unwrap();
        assert!(TransactionIndex::open(&path).is_err());
        idx.reset().unwrap();
        assert!(!path.exists() && idx.read_all().unwrap().is_empty());
    }

    #[test]
    #[should_panic(expected = "marker order")]
    fn markers_must_increase() {
        let dir = tempfile::tempdir().unwrap();
        let mut idx = TransactionIndex::open(&txn_index_path(dir.path(), 0)).unwrap();
        idx.append(&txn(1, 0, 10, 0)).unwrap();
        idx.append(&txn(2, 3, 10, 0)).unwrap();
    }

    proptest! {
        /// The search equals a scan of the entries by the overlap rule, up
        /// to the first entry whose LSO reaches the bound.
        #[test]
        fn collect_matches_a_brute_force_reading(
            spans in proptest::collection::vec((0i64..50, 1i64..20, 0i64..30), 0..30),
            fetch in 0i64..400,
            width in 0i64..200,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut idx = TransactionIndex::open(&txn_index_path(dir.path(), 0)).unwrap();
            let mut entries = Vec::new();
            let mut marker = 0;
            for (i, (gap, len, lso_back)) in spans.into_iter().enumerate() {
                marker += gap + 1;
                let t = txn(i as i64, (marker - len).max(0), marker, (marker - lso_back).max(0));
                idx.append(&t).unwrap();
                entries.push(t);
            }
            let bound = fetch + width;
            let got = idx.collect_aborted(fetch, bound).unwrap();
            let stop = entries.iter().position(|t| t.last_stable_offset >= bound);
            let scanned = &entries[..stop.map_or(entries.len(), |s| s + 1)];
            let want: Vec<_> = scanned.iter().copied()
                .filter(|t| t.last_offset >= fetch && t.first_offset < bound).collect();
            prop_assert_eq!(got.aborted, want);
            prop_assert_eq!(got.complete, stop.is_some());
            // Truncation keeps exactly the markers below the cut.
            idx.truncate_to(fetch).unwrap();
            let kept = idx.read_all().unwrap();
            prop_assert!(kept.iter().all(|t| t.last_offset < fetch));
            prop_assert_eq!(kept.len(), entries.iter().filter(|t| t.last_offset < fetch).count());
        }
    }
}
