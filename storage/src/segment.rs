//! One log segment: `<base offset, 20 digits>.log` holding whole RecordBatch v2
//! byte arrays back to back, plus its `.index` and `.timeindex` (Kafka's
//! `LogSegment`), and its `.txnindex` of aborted transactions once one is
//! recorded (cut by truncation and by recovery, deleted with the segment;
//! entries a crash lost are restored by the producer state's replay).
//!
//! The segment knows nothing of offset assignment: batches arrive with their
//! base offset set. Positions are `u32` and stay below `i32::MAX`, as in Kafka.
//!
//! Descriptors: a segment keeps its `.log` open for its whole life (fetches
//! `sendfile` from it). Its indexes are held open only while it is active
//! and writing index entries: from its first entry (given a free
//! [`IndexPairPermit`]) to [`Segment::seal`], or to the first
//! [`Segment::release_idle_indexes`] that finds no entry written since the
//! one before. Otherwise they are opened per operation (the `.txnindex`
//! always is). So a partition holds one descriptor per segment, plus two
//! while busy, counted in [`crate::descriptors`].
//!
//! This file holds the segment's files, state, accessors and life cycle
//! (create, open, activate, seal, truncate, flush, delete);
//! `segment/append.rs` appends and indexing, `segment/read.rs` lookups and
//! reads, `segment/recovery.rs` the load check and recovery scan.

mod append;
mod read;
mod recovery;

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use protocol::records::header::{compute_crc, BatchHeader, BATCH_HEADER_LEN};
use tracing::warn;

use crate::config::LogConfig;
use crate::descriptors::{HeldDescriptor, IndexPairPermit};
use crate::error::{IoContext, Result, StorageError};
use crate::offset_index::{OffsetEntry, OffsetIndex};
use crate::time_index::TimeIndex;
use crate::transaction_index::{txn_index_path, AbortedTxn, TransactionIndex};

pub const LOG_FILE_SUFFIX: &str = ".log";
pub const INDEX_FILE_SUFFIX: &str = ".index";
pub const TIME_INDEX_FILE_SUFFIX: &str = ".timeindex";

/// Largest offset distance from the segment base (Kafka keeps relative offsets in an int32).
pub const MAX_RELATIVE_OFFSET: i64 = i32::MAX as i64;
/// Largest segment file (positions are int32 in Kafka).
pub const MAX_SEGMENT_SIZE: u64 = i32::MAX as u64;

/// Kafka's file name stem: the base offset zero-padded to 20 digits.
pub fn file_stem(base_offset: i64) -> String {
    assert!(base_offset >= 0, "negative base offset {base_offset}");
    format!("{base_offset:020}")
}

pub fn log_file_path(dir: &Path, base_offset: i64) -> PathBuf {
    dir.join(format!("{}{LOG_FILE_SUFFIX}", file_stem(base_offset)))
}

pub fn index_file_path(dir: &Path, base_offset: i64) -> PathBuf {
    dir.join(format!("{}{INDEX_FILE_SUFFIX}", file_stem(base_offset)))
}

pub fn time_index_file_path(dir: &Path, base_offset: i64) -> PathBuf {
    dir.join(format!(
        "{}{TIME_INDEX_FILE_SUFFIX}",
        file_stem(base_offset)
    ))
}

/// Parses `<20 digits><suffix>` into a base offset.
pub fn parse_file_name(name: &str, suffix: &str) -> Option<i64> {
    let stem = name.strip_suffix(suffix)?;
    if stem.len() != 20 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok()
}

/// Why `batch` (one whole batch, `header` parsed from it) fails its CRC-32C,
/// if it does. Shared by recovery and the follower append, which both take
/// batches whose offsets are already set.
pub(crate) fn crc_problem(batch: &[u8], header: &BatchHeader) -> Option<String> {
    debug_assert_eq!(batch.len(), header.total_size());
    let computed = compute_crc(batch);
    (computed != header.crc).then(|| {
        format!(
            "CRC mismatch: stored {:#010x}, computed {computed:#010x}",
            header.crc
        )
    })
}

/// A stored batch: where it starts and its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPosition {
    pub position: u32,
    pub header: BatchHeader,
}

/// A byte range of a segment file, sent to a consumer as it is (with
/// `sendfile`, as Kafka's FileRecords are). The range lies below the
/// segment's size when taken, and segments only grow, except that recovery
/// truncates an unclean tail before any reader exists.
#[derive(Debug, Clone)]
pub struct FileSlice {
    pub file: Arc<File>,
    pub position: u64,
    pub len: usize,
}

impl FileSlice {
    /// Reads the range into `buf`, which is `len` bytes long.
    pub fn read_into(&self, buf: &mut [u8]) -> io::Result<()> {
        assert_eq!(buf.len(), self.len, "the buffer fits the range");
        self.file.read_exact_at(buf, self.position)
    }

    /// Reads the range into memory (for callers that need the bytes).
    pub fn read_to_vec(&self) -> io::Result<Vec<u8>> {
        let mut buf = vec![0u8; self.len];
        self.read_into(&mut buf)?;
        Ok(buf)
    }
}

/// What [`Segment::read`] returned.
#[derive(Debug, Default)]
pub struct SegmentRead {
    /// Whole batches, back to back.
    pub bytes: Vec<u8>,
    pub batches: usize,
    /// Base offset of the first batch returned.
    pub first_offset: Option<i64>,
    /// Offset after the last batch returned.
    pub next_offset: Option<i64>,
    /// The read consumed the segment to its end (the caller may go on with
    /// the next segment); otherwise a limit stopped it.
    pub reached_end: bool,
}

/// What a validating scan ([`Segment::recover`]) found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SegmentRecovery {
    /// Complete, CRC-valid batches kept.
    pub batches: u64,
    /// Bytes cut from the end of the file.
    pub truncated_bytes: u64,
    /// Why the scan stopped before the end of the file, if it did.
    pub stop_reason: Option<String>,
}

/// Whether a segment's indexes and tail can be trusted without a full scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadOutcome {
    Sane,
    NeedsRecovery(String),
}

/// A segment of the partition log.
#[derive(Debug)]
pub struct Segment {
    base_offset: i64,
    log_path: PathBuf,
    /// Shared with the [`FileSlice`]s of fetch responses being sent, which
    /// keep the file open after the segment is deleted.
    log: Arc<File>,
    /// Counts `log`'s descriptor while the segment lives.
    _log_held: HeldDescriptor,
    /// Bytes of complete batches in the log file.
    size: u32,
    offset_index: OffsetIndex,
    time_index: TimeIndex,
    /// The transactions aborted by markers in this segment (`.txnindex`,
    /// a file only once one is).
    txn_index: TransactionIndex,
    index_interval_bytes: u32,
    bytes_since_last_index_entry: u32,
    /// Offset after the last batch (the base offset when empty).
    next_offset: i64,
    /// Largest batch max timestamp, -1 when none.
    max_timestamp: i64,
    /// Base offset of the first batch carrying `max_timestamp`.
    offset_of_max_timestamp: i64,
    /// Max timestamp of the first batch, which `segment.ms` is measured from.
    rolling_base_timestamp: Option<i64>,
    created_ms: i64,
    /// Both index files existed when the segment was opened.
    indexes_existed: bool,
    /// Held while the indexes are held open.
    index_permit: Option<IndexPairPermit>,
    /// An index entry was written since the last idle check.
    indexed_since_idle_check: bool,
    /// The last batches appended, oldest first: consumers at the tail of
    /// the log find their batch here without reading the index and headers
    /// from the files.
    recent: VecDeque<BatchPosition>,
}

/// Batches in two parts smaller than this are joined and written at once.
const JOIN_BELOW: usize = 16 * 1024;

/// How many of the last appended batches a segment remembers.
const RECENT_BATCHES: usize = 32;

impl Segment {
    /// Creates a new, empty segment (all three files must be new) with
    /// preallocated indexes.
    pub fn create(dir: &Path, base_offset: i64, config: &LogConfig, now_ms: i64) -> Result<Self> {
        let log_path = log_file_path(dir, base_offset);
        let log = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&log_path)
            .at(&log_path)?;
        let mut segment = Self::with_files(dir, base_offset, log_path, log, 0, config, now_ms)?;
        // Stale index files without a log are garbage.
        segment.offset_index.reset()?;
        segment.time_index.reset()?;
        segment.txn_index.reset()?;
        segment.activate()?;
        segment.indexes_existed = true;
        Ok(segment)
    }

    /// Opens an existing segment. Its in-memory state (next offset, max
    /// timestamp) is not known until [`Segment::load_state`] or
    /// [`Segment::recover`] runs.
    pub fn open(dir: &Path, base_offset: i64, config: &LogConfig, now_ms: i64) -> Result<Self> {
        let log_path = log_file_path(dir, base_offset);
        let log = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&log_path)
            .at(&log_path)?;
        let len = log.metadata().at(&log_path)?.len();
        // A file larger than the maximum is cut back by recovery.
        let size = len.min(MAX_SEGMENT_SIZE) as u32;
        Self::with_files(dir, base_offset, log_path, log, size, config, now_ms)
    }

    fn with_files(
        dir: &Path,
        base_offset: i64,
        log_path: PathBuf,
        log: File,
        size: u32,
        config: &LogConfig,
        now_ms: i64,
    ) -> Result<Self> {
        let index_path = index_file_path(dir, base_offset);
        let time_index_path = time_index_file_path(dir, base_offset);
        let indexes_existed = index_path.exists() && time_index_path.exists();
        let offset_index = OffsetIndex::open(&index_path, base_offset, config.segment_index_bytes)?;
        let time_index =
            TimeIndex::open(&time_index_path, base_offset, config.segment_index_bytes)?;
        let txn_index = TransactionIndex::open(&txn_index_path(dir, base_offset))?;
        Ok(Segment {
            base_offset,
            log_path,
            log: Arc::new(log),
            _log_held: HeldDescriptor::new(),
            size,
            offset_index,
            time_index,
            txn_index,
            index_interval_bytes: config.index_interval_bytes,
            bytes_since_last_index_entry: 0,
            next_offset: base_offset,
            max_timestamp: -1,
            offset_of_max_timestamp: base_offset,
            rolling_base_timestamp: None,
            created_ms: now_ms,
            indexes_existed,
            index_permit: None,
            indexed_since_idle_check: false,
            recent: VecDeque::new(),
        })
    }

    pub fn base_offset(&self) -> i64 {
        self.base_offset
    }

    /// Bytes of batches in the segment.
    pub fn size(&self) -> u32 {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Offset after the last batch.
    pub fn next_offset(&self) -> i64 {
        self.next_offset
    }

    /// Largest max timestamp of the segment's batches, -1 when none.
    pub fn max_timestamp(&self) -> i64 {
        self.max_timestamp
    }

    /// Base offset of the first batch with [`Segment::max_timestamp`].
    pub fn offset_of_max_timestamp(&self) -> i64 {
        self.offset_of_max_timestamp
    }

    /// Max timestamp of the first batch (what `segment.ms` is measured from).
    pub fn rolling_base_timestamp(&self) -> Option<i64> {
        self.rolling_base_timestamp
    }

    /// Wall-clock time the segment was created or opened.
    pub fn created_ms(&self) -> i64 {
        self.created_ms
    }

    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    pub fn offset_index(&self) -> &OffsetIndex {
        &self.offset_index
    }

    pub fn time_index(&self) -> &TimeIndex {
        &self.time_index
    }

    /// One of the indexes is full: the segment must roll.
    pub fn index_is_full(&self) -> bool {
        self.offset_index.is_full() || self.time_index.is_full()
    }

    /// Modification time of the log file, in ms since the epoch.
    pub fn last_modified_ms(&self) -> Result<i64> {
        let modified = self
            .log
            .metadata()
            .and_then(|m| m.modified())
            .at(&self.log_path)?;
        Ok(modified
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0))
    }

    /// Removes every batch holding an offset `>= offset` (a batch straddling
    /// `offset` goes whole). Returns the bytes removed.
    pub fn truncate_to(&mut self, offset: i64) -> Result<u64> {
        let Some(bp) = self.find_batch(offset)? else {
            return Ok(0);
        };
        let removed = (self.size - bp.position) as u64;
        self.recent.clear();
        self.offset_index.truncate_to(bp.header.base_offset)?;
        self.time_index.truncate_to(bp.header.base_offset)?;
        self.txn_index.truncate_to(bp.header.base_offset)?;
        self.log.set_len(bp.position as u64).at(&self.log_path)?;
        self.size = bp.position;
        match self.load_state()? {
            LoadOutcome::Sane => {}
            LoadOutcome::NeedsRecovery(reason) => {
                warn!(segment = %self.log_path.display(), reason = %reason, "rebuilding indexes after truncation");
                self.recover(false)?;
            }
        }
        assert!(self.next_offset <= bp.header.base_offset);
        Ok(removed)
    }

    /// Prepares the segment to take appends: preallocates its indexes
    /// (held open from the first entry written, see [`Segment::hold_indexes`]).
    pub fn activate(&mut self) -> Result<()> {
        self.offset_index.preallocate()?;
        self.time_index.preallocate()
    }

    /// Before an index entry: holds both indexes open if a permit is free
    /// (else the entry is written through descriptors opened for it).
    fn hold_indexes(&mut self) {
        self.indexed_since_idle_check = true;
        if self.index_permit.is_some() {
            return;
        }
        let Some(permit) = IndexPairPermit::try_acquire() else {
            return;
        };
        // Best effort: a descriptor that cannot be opened now is opened
        // per write, as without a permit.
        if self.offset_index.hold().is_ok() && self.time_index.hold().is_ok() {
            self.index_permit = Some(permit);
        } else {
            self.release_indexes();
        }
    }

    fn release_indexes(&mut self) {
        self.offset_index.release();
        self.time_index.release();
        self.index_permit = None;
    }

    /// Closes the indexes if no entry was written since the last call;
    /// returns whether it did.
    pub fn release_idle_indexes(&mut self) -> bool {
        let idle = self.index_permit.is_some() && !self.indexed_since_idle_check;
        if idle {
            self.release_indexes();
        }
        self.indexed_since_idle_check = false;
        idle
    }

    /// Makes the segment read-only-ready (on roll or close): writes the final
    /// time index entry, trims both indexes, fsyncs all three files and
    /// closes the indexes (later lookups open them).
    pub fn seal(&mut self) -> Result<()> {
        if self.max_timestamp >= 0 {
            self.time_index
                .maybe_append(self.max_timestamp, self.offset_of_max_timestamp, true)?;
        }
        self.offset_index.trim_to_valid_size()?;
        self.time_index.trim_to_valid_size()?;
        self.flush()?;
        self.release_indexes();
        Ok(())
    }

    /// Whether the indexes are held open (the segment is active and busy).
    pub fn indexes_held(&self) -> bool {
        self.offset_index.is_held() && self.time_index.is_held()
    }

    /// The log file, shared (for an fsync outside the partition's lock).
    pub fn log_file(&self) -> Arc<File> {
        self.log.clone()
    }

    /// fsyncs the log file only (indexes of the tail are rebuilt by recovery).
    pub fn flush_log(&self) -> Result<()> {
        self.log.sync_data().at(&self.log_path)
    }

    /// fsyncs the log and the indexes.
    pub fn flush(&self) -> Result<()> {
        self.flush_log()?;
        self.offset_index.flush()?;
        self.time_index.flush()?;
        self.txn_index.flush()
    }

    /// The transactions aborted by markers in this segment.
    pub fn txn_index(&self) -> &TransactionIndex {
        &self.txn_index
    }

    /// Records a transaction aborted by a marker just appended to this
    /// segment (Kafka's `updateTxnIndex`).
    pub fn append_aborted_txn(&mut self, txn: &AbortedTxn) -> Result<()> {
        assert!(
            txn.last_offset >= self.base_offset && txn.last_offset < self.next_offset,
            "the abort marker {} is in segment {}..{}",
            txn.last_offset,
            self.base_offset,
            self.next_offset
        );
        self.txn_index.append(txn)
    }

    /// Deletes the segment's files.
    pub fn delete(self) -> Result<()> {
        let paths = [
            self.log_path.clone(),
            self.offset_index.path().to_path_buf(),
            self.time_index.path().to_path_buf(),
            self.txn_index.path().to_path_buf(),
        ];
        drop(self);
        for path in paths {
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StorageError::io(&path, e)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_batch::batch;
    use protocol::records::header::set_base_offset;

    fn config(index_interval_bytes: u32) -> LogConfig {
        LogConfig {
            index_interval_bytes,
            segment_index_bytes: 1024,
            ..LogConfig::default()
        }
    }

    /// Appends `n` batches of 3 records, 100 payload bytes, timestamps 1000+10i.
    fn fill(seg: &mut Segment, first_offset: i64, n: usize) -> Vec<(u32, i64)> {
        let mut out = Vec::new();
        let mut offset = first_offset;
        for i in 0..n {
            let mut b = batch(3, 1000 + 10 * i as i64, 100);
            set_base_offset(&mut b, offset);
            let h = BatchHeader::parse(&b).unwrap();
            out.push((seg.append(&b, &h).unwrap(), offset));
            offset = h.next_offset();
        }
        out
    }

    #[test]
    fn file_names_follow_kafka() {
        let dir = Path::new("/d");
        assert_eq!(
            log_file_path(dir, 0),
            Path::new("/d/00000000000000000000.log")
        );
        assert_eq!(
            index_file_path(dir, 42),
            Path::new("/d/00000000000000000042.index")
        );
        assert_eq!(
            time_index_file_path(dir, 123),
            Path::new("/d/00000000000000000123.timeindex")
        );
        assert_eq!(
            parse_file_name("00000000000000000042.log", ".log"),
            Some(42)
        );
        assert_eq!(parse_file_name("42.log", ".log"), None);
        assert_eq!(parse_file_name("0000000000000000004x.log", ".log"), None);
        assert_eq!(parse_file_name("00000000000000000042.index", ".log"), None);
    }

    #[test]
    fn append_find_and_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut seg = Segment::create(dir.path(), 10, &config(300), 0).unwrap();
        let written = fill(&mut seg, 10, 20);
        let batch_len = 161u32;
        assert_eq!(seg.size(), 20 * batch_len);
        assert_eq!(seg.next_offset(), 70);
        assert_eq!(seg.max_timestamp(), 1190);
        assert_eq!(seg.offset_of_max_timestamp(), 67);
        assert_eq!(seg.rolling_base_timestamp(), Some(1000));
        // An entry once more than 300 bytes were written since the last: every 2nd batch.
        assert_eq!(seg.offset_index().entries(), 9);
        for (i, (pos, off)) in written.iter().enumerate() {
            assert_eq!(*pos, i as u32 * batch_len);
            for o in *off..*off + 3 {
                let bp = seg.find_batch(o).unwrap().unwrap();
                assert_eq!((bp.position, bp.header.base_offset), (*pos, *off));
            }
        }
        assert_eq!(seg.find_batch(70).unwrap(), None);

        // Reads: limits by bytes and by offset, always whole batches.
        let r = seg.read(0, 400, i64::MAX, true).unwrap();
        assert_eq!((r.batches, r.bytes.len()), (2, 322));
        assert_eq!(
            (r.first_offset, r.next_offset, r.reached_end),
            (Some(10), Some(16), false)
        );
        let r = seg.read(0, 10, i64::MAX, true).unwrap();
        assert_eq!(r.batches, 1);
        let r = seg.read(0, 10, i64::MAX, false).unwrap();
        assert_eq!(r.batches, 0);
        let r = seg.read(batch_len, 1 << 20, 18, true).unwrap();
        assert_eq!((r.batches, r.next_offset), (1, Some(16)));
        let r = seg.read(18 * batch_len, 1 << 20, i64::MAX, true).unwrap();
        assert_eq!((r.batches, r.reached_end), (2, true));
        let r = seg.read(seg.size(), 1 << 20, i64::MAX, true).unwrap();
        assert_eq!((r.batches, r.reached_end), (0, true));
    }

    #[test]
    fn timestamp_lookup() {
        let dir = tempfile::tempdir().unwrap();
        let mut seg = Segment::create(dir.path(), 0, &config(200), 0).unwrap();
        fill(&mut seg, 0, 30);
        assert!(seg.time_index().entries() > 5);
        for ts in [0, 999, 1000, 1001, 1105, 1110, 1290] {
            let bp = seg.find_batch_by_timestamp(ts).unwrap().unwrap();
            let expected_batch = ((ts - 1000).max(0) + 9) / 10;
            assert_eq!(bp.header.base_offset, expected_batch * 3, "ts {ts}");
        }
        assert_eq!(seg.find_batch_by_timestamp(1291).unwrap(), None);
    }

    #[test]
    fn reopen_loads_state_from_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(300);
        let mut seg = Segment::create(dir.path(), 5, &cfg, 0).unwrap();
        fill(&mut seg, 5, 17);
        seg.seal().unwrap();
        let (size, next, max_ts, max_off) = (
            seg.size(),
            seg.next_offset(),
            seg.max_timestamp(),
            seg.offset_of_max_timestamp(),
        );
        drop(seg);
        let mut seg = Segment::open(dir.path(), 5, &cfg, 0).unwrap();
        assert_eq!(seg.load_state().unwrap(), LoadOutcome::Sane);
        assert_eq!(
            (
                seg.size(),
                seg.next_offset(),
                seg.max_timestamp(),
                seg.offset_of_max_timestamp()
            ),
            (size, next, max_ts, max_off)
        );
        // Appending continues with the same index cadence as a full rebuild.
        fill(&mut seg, next, 5);
        let entries = seg.offset_index().entries();
        let mut again = Segment::open(dir.path(), 5, &cfg, 0).unwrap();
        let r = again.recover(false).unwrap();
        assert_eq!((r.batches, r.truncated_bytes), (22, 0));
        assert_eq!(again.offset_index().entries(), entries);
    }

    #[test]
    fn load_state_flags_bad_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(100);
        let mut seg = Segment::create(dir.path(), 0, &cfg, 0).unwrap();
        fill(&mut seg, 0, 10);
        seg.seal().unwrap();
        drop(seg);
        // Point the last offset index entry at a wrong position.
        let index = index_file_path(dir.path(), 0);
        let mut bytes = fs::read(&index).unwrap();
        let n = bytes.len();
        bytes[n - 1] ^= 0x10;
        fs::write(&index, &bytes).unwrap();
        let mut seg = Segment::open(dir.path(), 0, &cfg, 0).unwrap();
        assert!(matches!(
            seg.load_state().unwrap(),
            LoadOutcome::NeedsRecovery(_)
        ));
        let r = seg.recover(false).unwrap();
        assert_eq!(r.batches, 10);
        assert_eq!(seg.next_offset(), 30);
        // Missing index files.
        drop(seg);
        fs::remove_file(&index).unwrap();
        let mut seg = Segment::open(dir.path(), 0, &cfg, 0).unwrap();
        assert!(matches!(
            seg.load_state().unwrap(),
            LoadOutcome::NeedsRecovery(_)
        ));
    }

    #[test]
    fn recover_truncates_torn_and_corrupt_tails() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(100);
        let mut seg = Segment::create(dir.path(), 0, &cfg, 0).unwrap();
        fill(&mut seg, 0, 6);
        let full = seg.size() as u64;
        drop(seg);
        let path = log_file_path(dir.path(), 0);
        // Flip a payload byte of the last batch: CRC mismatch.
        let mut bytes = fs::read(&path).unwrap();
        let n = bytes.len();
        bytes[n - 5] ^= 0xff;
        fs::write(&path, &bytes).unwrap();
        let mut seg = Segment::open(dir.path(), 0, &cfg, 0).unwrap();
        assert!(matches!(
            seg.recover(false),
            Err(StorageError::CorruptBatch { position, .. }) if position == full - 161
        ));
        assert_eq!(fs::metadata(&path).unwrap().len(), full, "left alone");
        let r = seg.recover(true).unwrap();
        assert_eq!((r.batches, r.truncated_bytes), (5, 161));
        assert!(r.stop_reason.unwrap().contains("CRC"));
        assert_eq!(fs::metadata(&path).unwrap().len(), full - 161);
        assert_eq!(seg.next_offset(), 15);
    }

    #[test]
    fn recovery_drops_the_aborts_of_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(100);
        let mut seg = Segment::create(dir.path(), 0, &cfg, 0).unwrap();
        fill(&mut seg, 0, 6);
        let abort = |first, last| AbortedTxn {
            producer_id: 7,
            first_offset: first,
            last_offset: last,
            last_stable_offset: first,
        };
        // Aborts marked at 5 and at 17 (the last batch, offsets 15-17).
        seg.append_aborted_txn(&abort(0, 5)).unwrap();
        seg.append_aborted_txn(&abort(12, 17)).unwrap();
        drop(seg);
        // The last batch is torn: its abort goes with it.
        let path = log_file_path(dir.path(), 0);
        let mut bytes = fs::read(&path).unwrap();
        let n = bytes.len();
        bytes[n - 5] ^= 0xff;
        fs::write(&path, &bytes).unwrap();
        let mut seg = Segment::open(dir.path(), 0, &cfg, 0).unwrap();
        seg.recover(true).unwrap();
        assert_eq!(seg.next_offset(), 15);
        assert_eq!(seg.txn_index().read_all().unwrap(), vec![abort(0, 5)]);
    }

    #[test]
    fn for_each_header_visits_every_batch_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut seg = Segment::create(dir.path(), 0, &config(100), 0).unwrap();
        // Batches larger than the read chunk, too.
        let mut offset = 0;
        let mut want = Vec::new();
        for payload in [10usize, 300 * 1024, 50, 600 * 1024, 7] {
            let mut b = batch(2, 1, payload);
            set_base_offset(&mut b, offset);
            let h = BatchHeader::parse(&b).unwrap();
            seg.append(&b, &h).unwrap();
            want.push(h);
            offset = h.next_offset();
        }
        let mut seen = Vec::new();
        seg.for_each_header(|h| seen.push(*h)).unwrap();
        assert_eq!(seen, want);
        let empty = Segment::create(dir.path(), 100, &config(100), 0).unwrap();
        empty.for_each_header(|_| panic!("no batches")).unwrap();
    }

    #[test]
    fn truncate_to_removes_whole_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut seg = Segment::create(dir.path(), 0, &config(100), 0).unwrap();
        fill(&mut seg, 0, 10);
        // Offset 13 is inside batch 12..=14: that batch goes.
        assert_eq!(seg.truncate_to(13).unwrap(), 6 * 161);
        assert_eq!(seg.next_offset(), 12);
        assert_eq!(seg.size(), 4 * 161);
        assert_eq!(seg.max_timestamp(), 1030);
        assert!(seg.offset_index().last_entry().unwrap().offset < 12);
        assert_eq!(seg.truncate_to(100).unwrap(), 0);
        fill(&mut seg, 12, 1);
        assert_eq!(seg.next_offset(), 15);
        assert_eq!(seg.truncate_to(0).unwrap(), 5 * 161);
        assert!(seg.is_empty());
        assert_eq!(seg.offset_index().entries(), 0);
    }
}
