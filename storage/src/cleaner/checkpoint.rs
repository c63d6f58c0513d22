//! The `cleaner-offset-checkpoint` file of a partition (Kafka's
//! `LogCleanerManager` checkpoint): where the dirty part of the log starts.
//!
//! Invariants: a checkpoint moving up is written by a rename without fsync
//! (losing it only costs work); one moving down is written durably.

use super::*;

/// Where the dirty part of the log starts (the offset the last round
/// reached), in the partition folder.
pub const CLEANER_CHECKPOINT_FILE: &str = "cleaner-offset-checkpoint";

/// Reads the cleaner checkpoint of `dir`, if any.
pub(crate) fn read_checkpoint(dir: &Path) -> Result<Option<i64>> {
    let path = dir.join(CLEANER_CHECKPOINT_FILE);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(text.trim().parse::<i64>().ok().filter(|&o| o >= 0)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StorageError::io(&path, e)),
    }
}

/// Writes the cleaner checkpoint after a round, replacing the file by a
/// rename but without fsyncs, which would lengthen the swap under the
/// partition's lock: a checkpoint that moved up only saves work. After a
/// crash the file is the old one, the new one or unreadable (then the whole
/// log counts as dirty): each leads to a correct round, at worst a longer
/// one. A checkpoint moved down (a truncation) is written durably with
/// [`write_checkpoint_durably`]: one left too high would keep new records
/// out of the dirty part.
pub(crate) fn write_checkpoint(dir: &Path, offset: i64) -> Result<()> {
    let path = dir.join(CLEANER_CHECKPOINT_FILE);
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, format!("{offset}\n")).at(&tmp)?;
    fs::rename(&tmp, &path).at(&path)
}

pub(crate) fn write_checkpoint_durably(dir: &Path, offset: i64) -> Result<()> {
    write_atomically(
        dir,
        &dir.join(CLEANER_CHECKPOINT_FILE),
        format!("{offset}\n").as_bytes(),
    )
}
