//! The log start offset checkpoint of a partition,
//! `<partition dir>/log-start-offset-checkpoint`.
//!
//! DeleteRecords moves the log start offset into the middle of a segment,
//! which the segment files alone cannot tell after a restart (they would
//! give the first segment's base offset, bringing the deleted records back).
//! Kafka keeps one `log-start-offset-checkpoint` per log directory, written
//! every minute; we keep one per partition, written durably before the move
//! is acknowledged, so it also survives a crash right after it.
//!
//! Only moves that the segments cannot express need it: retention deletes
//! whole segments, and the log takes the larger of this offset and the first
//! segment's base offset, so a stale, lower checkpoint is harmless.
//!
//! File format: the version `0`, then the offset, one per line.

use std::fs;
use std::io;
use std::path::Path;

use tracing::warn;

use crate::error::{Result, StorageError};
use crate::recovery::write_atomically;

/// Name of the checkpoint file in the partition directory.
pub const LOG_START_OFFSET_CHECKPOINT_FILE: &str = "log-start-offset-checkpoint";

const CHECKPOINT_VERSION: i64 = 0;

/// The checkpointed log start offset of partition directory `dir`; `None`
/// when there is none, or it is unparsable (then the segments decide, as
/// before any DeleteRecords). Other I/O errors are errors: a failing disk
/// must not bring deleted records back.
pub fn read(dir: &Path) -> Result<Option<i64>> {
    let path = dir.join(LOG_START_OFFSET_CHECKPOINT_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StorageError::io(&path, e)),
    };
    match parse(&bytes) {
        Ok(offset) => Ok(Some(offset)),
        Err(reason) => {
            warn!(file = %path.display(), reason = %reason, "unparsable log start offset checkpoint; ignored");
            Ok(None)
        }
    }
}

/// Replaces the checkpoint of `dir` with `offset`, durably.
pub fn write(dir: &Path, offset: i64) -> Result<()> {
    let path = dir.join(LOG_START_OFFSET_CHECKPOINT_FILE);
    let text = format!("{CHECKPOINT_VERSION}\n{offset}\n");
    write_atomically(dir, &path, text.as_bytes())
}

fn parse(bytes: &[u8]) -> std::result::Result<i64, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let mut lines = text.lines().map(str::trim);
    let mut number = |what: &str| -> std::result::Result<i64, String> {
        let line = lines.next().ok_or_else(|| format!("missing {what}"))?;
        line.parse().map_err(|e| format!("{what} {line:?}: {e}"))
    };
    let version = number("version")?;
    if version != CHECKPOINT_VERSION {
        return Err(format!("unknown version {version}"));
    }
    let offset = number("offset")?;
    if offset < 0 {
        return Err(format!("negative offset {offset}"));
    }
    if lines.any(|l| !l.is_empty()) {
        return Err("trailing lines".into());
    }
    Ok(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        write(dir.path(), 40).unwrap();
        write(dir.path(), 41).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(41));
        let text = fs::read_to_string(dir.path().join(LOG_START_OFFSET_CHECKPOINT_FILE)).unwrap();
        assert_eq!(text, "0\n41\n");
        assert!(!dir.path().join("log-start-offset-checkpoint.tmp").exists());
    }

    #[test]
    fn unparsable_checkpoint_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOG_START_OFFSET_CHECKPOINT_FILE);
        for bad in [
            "",
            "0\n",
            "1\n5\n",
            "0\n-3\n",
            "0\nx\n",
            "0\n5\n6\n",
            "\u{fffd}",
        ] {
            fs::write(&path, bad).unwrap();
            assert_eq!(read(dir.path()).unwrap(), None, "{bad:?}");
        }
    }
}
