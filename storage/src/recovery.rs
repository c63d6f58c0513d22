//! Loading a partition directory, with crash recovery (Kafka's `LogLoader`).
//!
//! - Without the clean-shutdown marker (written by [`crate::Log::close`]), the
//!   last segment — the only one that can hold unflushed bytes, since a roll
//!   fsyncs the segment it closes — is scanned batch by batch (header, length,
//!   offsets, CRC-32C), cut at the first torn or corrupt batch, and its indexes
//!   are rebuilt from the scan.
//! - Every other segment (and the last one after a clean shutdown) is trusted
//!   if its indexes pass a sanity check against the log; otherwise its indexes
//!   are rebuilt by the same validating scan. Corruption inside an older
//!   segment is an error: cutting it would drop committed data mid-log.
//! - The marker is removed once loading succeeds, so a later crash is noticed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::Write as _;
use std::path::Path;

use tracing::{debug, info, warn};

use crate::config::LogConfig;
use crate::error::{IoContext, Result, StorageError};
use crate::segment::{
    parse_file_name, LoadOutcome, Segment, INDEX_FILE_SUFFIX, LOG_FILE_SUFFIX,
    TIME_INDEX_FILE_SUFFIX,
};

/// Name of the clean-shutdown marker in the partition directory.
pub const CLEAN_SHUTDOWN_FILE: &str = ".clean_shutdown";

/// What opening a log found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryStats {
    /// Nothing could have been lost: the clean-shutdown marker was present
    /// (the tail scan was skipped), or the log is new (the directory held
    /// no segment).
    pub clean_shutdown: bool,
    /// The directory held no segment: a new log.
    pub created: bool,
    /// Segments loaded.
    pub segments: usize,
    /// Segments scanned batch by batch (CRC-checked).
    pub recovered_segments: usize,
    /// Valid batches seen by those scans.
    pub recovered_batches: u64,
    /// Bytes cut off torn or corrupt tails.
    pub truncated_bytes: u64,
    /// Segments whose indexes failed the sanity check and were rebuilt.
    pub rebuilt_indexes: usize,
    /// Orphan index files (without a `.log`) deleted.
    pub deleted_orphan_files: usize,
}

pub(crate) struct Loaded {
    pub segments: BTreeMap<i64, Segment>,
    pub stats: RecoveryStats,
}

/// fsyncs a directory so that file creations, renames and deletions in it are durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

/// Replaces `path` (in `dir`) with `bytes` durably: temp file, fsync,
/// rename, directory fsync. A crash leaves the old file or the new one,
/// never a mix.
pub(crate) fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp).at(&tmp)?;
    file.write_all(bytes).at(&tmp)?;
    file.sync_all().at(&tmp)?;
    drop(file);
    fs::rename(&tmp, path).at(path)?;
    sync_dir(dir)
}

/// Opens every segment of `dir` (creating the directory and a first segment
/// at offset 0 if needed) and recovers as described in the module docs.
pub(crate) fn load(dir: &Path, config: &LogConfig, now_ms: i64) -> Result<Loaded> {
    fs::create_dir_all(dir).at(dir)?;
    let marker = dir.join(CLEAN_SHUTDOWN_FILE);
    let clean = marker.exists();
    let mut stats = RecoveryStats {
        clean_shutdown: clean,
        ..RecoveryStats::default()
    };

    let mut log_bases = BTreeSet::new();
    let mut index_files = Vec::new();
    for entry in fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(base) = parse_file_name(name, LOG_FILE_SUFFIX) {
            log_bases.insert(base);
        } else if let Some(base) = parse_file_name(name, INDEX_FILE_SUFFIX)
            .or_else(|| parse_file_name(name, TIME_INDEX_FILE_SUFFIX))
        {
            index_files.push((base, entry.path()));
        }
    }
    for (base, path) in index_files {
        if !log_bases.contains(&base) {
            warn!(file = %path.display(), "deleting index file without a log segment");
            fs::remove_file(&path).at(&path)?;
            stats.deleted_orphan_files += 1;
        }
    }

    // A new log (a new partition, or one emptied before any segment was
    // written) has nothing to recover: not an unclean shutdown.
    if log_bases.is_empty() {
        stats.created = true;
        stats.clean_shutdown = true;
    }
    let last_base = log_bases.last().copied();
    let mut segments = BTreeMap::new();
    for base in log_bases {
        let mut segment = Segment::open(dir, base, config, now_ms)?;
        let is_last = Some(base) == last_base;
        if is_last && !clean {
            let r = segment.recover(true)?;
            // A tail cut off is worth a line of its own; a scan that found
            // everything intact is counted in the broker's start summary.
            if r.truncated_bytes > 0 {
                info!(
                    dir = %dir.display(),
                    segment = base,
                    batches = r.batches,
                    truncated_bytes = r.truncated_bytes,
                    next_offset = segment.next_offset(),
                    "recovered the last segment after an unclean shutdown"
                );
            } else {
                debug!(
                    dir = %dir.display(),
                    segment = base,
                    batches = r.batches,
                    next_offset = segment.next_offset(),
                    "recovered the last segment after an unclean shutdown"
                );
            }
            stats.recovered_segments += 1;
            stats.recovered_batches += r.batches;
            stats.truncated_bytes += r.truncated_bytes;
        } else if let LoadOutcome::NeedsRecovery(reason) = segment.load_state()? {
            warn!(
                dir = %dir.display(),
                segment = base,
                reason = %reason,
                "segment failed its sanity check; rebuilding its indexes"
            );
            let r = segment.recover(is_last)?;
            if !is_last {
                segment.seal()?;
            }
            stats.rebuilt_indexes += 1;
            stats.recovered_segments += 1;
            stats.recovered_batches += r.batches;
            stats.truncated_bytes += r.truncated_bytes;
        }
        segments.insert(base, segment);
    }

    // Segments must not overlap.
    let mut previous: Option<&Segment> = None;
    for segment in segments.values() {
        if let Some(prev) = previous {
            if prev.next_offset() > segment.base_offset() {
                return Err(StorageError::CorruptLog {
                    path: dir.to_path_buf(),
                    reason: format!(
                        "segment {} ends at offset {} but segment {} starts at {}",
                        prev.base_offset(),
                        prev.next_offset(),
                        segment.base_offset(),
                        segment.base_offset()
                    ),
                });
            }
        }
        previous = Some(segment);
    }

    if segments.is_empty() {
        segments.insert(0, Segment::create(dir, 0, config, now_ms)?);
        sync_dir(dir)?;
    } else {
        segments
            .values_mut()
            .next_back()
            .expect("not empty")
            .activate()?;
    }
    stats.segments = segments.len();

    if clean {
        fs::remove_file(&marker).at(&marker)?;
        sync_dir(dir)?;
    }
    Ok(Loaded { segments, stats })
}

/// Writes the clean-shutdown marker durably.
pub(crate) fn write_clean_shutdown_marker(dir: &Path) -> Result<()> {
    let marker = dir.join(CLEAN_SHUTDOWN_FILE);
    File::create(&marker)
        .and_then(|f| f.sync_all())
        .at(&marker)?;
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::log_file_path;
    use crate::test_batch::batch;
    use protocol::records::header::{set_base_offset, BatchHeader};

    #[test]
    fn empty_directory_gets_a_first_segment() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("t-0");
        let loaded = load(&dir, &LogConfig::default(), 0).unwrap();
        assert_eq!(loaded.segments.keys().copied().collect::<Vec<_>>(), [0]);
        assert!(log_file_path(&dir, 0).exists());
        // A new log is not an unclean shutdown.
        assert!(loaded.stats.created);
        assert!(loaded.stats.clean_shutdown);
        // Opened again without a clean close: that is one.
        drop(loaded);
        let again = load(&dir, &LogConfig::default(), 0).unwrap();
        assert!(!again.stats.created);
        assert!(!again.stats.clean_shutdown);
    }

    #[test]
    fn overlapping_segments_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig::default();
        for base in [0, 2] {
            let mut segment = Segment::create(dir.path(), base, &config, 0).unwrap();
            let mut b = batch(5, 1, 10);
            set_base_offset(&mut b, base);
            segment
                .append(&b, &BatchHeader::parse(&b).unwrap())
                .unwrap();
            segment.seal().unwrap();
        }
        assert!(matches!(
            load(dir.path(), &config, 0),
            Err(StorageError::CorruptLog { .. })
        ));
    }

    #[test]
    fn marker_is_consumed() {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig::default();
        drop(load(dir.path(), &config, 0).unwrap());
        write_clean_shutdown_marker(dir.path()).unwrap();
        let loaded = load(dir.path(), &config, 0).unwrap();
        assert!(loaded.stats.clean_shutdown);
        assert!(!dir.path().join(CLEAN_SHUTDOWN_FILE).exists());
        drop(loaded);
        assert!(!load(dir.path(), &config, 0).unwrap().stats.clean_shutdown);
    }
}
