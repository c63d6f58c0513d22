//! Step 3 of a cleaning round on disk: the `cleaning/` folder, the swap
//! manifest and its replay at open (Kafka's `replaceSegments` with its
//! `.swap` files), and the failpoints that tests cut it at.
//!
//! Invariants: the manifest, written atomically, is the commit point;
//! replaying it is idempotent, so after a crash the log holds the old
//! segments or the new ones, never a mix.

use super::*;

/// The manifest of a swap under way, in [`CLEANING_DIR`].
pub(super) const SWAP_MANIFEST: &str = "swap";

/// Deletes the `cleaning/` folder of `dir` (an unfinished round, or a
/// finished swap). Not fsynced: a folder that comes back after a crash is
/// deleted again, or its swap repeated, which skips what is done.
pub(crate) fn remove_cleaning_dir(dir: &Path) -> Result<()> {
    let cleaning = dir.join(CLEANING_DIR);
    match fs::remove_dir_all(&cleaning) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StorageError::io(&cleaning, e)),
    }
}

/// Writes the swap manifest: one line per new segment, its base offset then
/// those of the segments it replaces. Once it exists the swap happens, now
/// or when the log next opens.
pub(crate) fn write_swap_manifest(dir: &Path, groups: &[CleanedGroup]) -> Result<()> {
    let mut text = String::new();
    for g in groups {
        text.push_str(&g.base_offset.to_string());
        for s in &g.sources {
            text.push(' ');
            text.push_str(&s.base_offset.to_string());
        }
        text.push('\n');
    }
    let cleaning = dir.join(CLEANING_DIR);
    write_atomically(&cleaning, &cleaning.join(SWAP_MANIFEST), text.as_bytes())
}

/// Finishes the swap the manifest in `dir/cleaning` describes, or deletes an
/// unfinished round's folder when there is no manifest. Safe to repeat after
/// a crash at any point: a new segment's log file is moved last, so while it
/// is still in `cleaning/` its group is not done.
pub(crate) fn recover_swap(dir: &Path, at_open: bool) -> Result<()> {
    let cleaning = dir.join(CLEANING_DIR);
    let manifest = cleaning.join(SWAP_MANIFEST);
    let text = match fs::read_to_string(&manifest) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if cleaning.exists() {
                warn!(dir = %dir.display(), "deleting an unfinished log cleaning round");
            }
            return remove_cleaning_dir(dir);
        }
        Err(e) => return Err(StorageError::io(&manifest, e)),
    };
    if at_open {
        warn!(dir = %dir.display(), "finishing a log cleaning swap cut short");
    }
    let bad = |line: &str| StorageError::CorruptLog {
        path: manifest.clone(),
        reason: format!("bad line {line:?}"),
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let offsets = line
            .split_whitespace()
            .map(|w| w.parse::<i64>().map_err(|_| bad(line)))
            .collect::<Result<Vec<i64>>>()?;
        let (&new_base, old) = offsets.split_first().ok_or_else(|| bad(line))?;
        if !log_file_path(&cleaning, new_base).exists() {
            continue; // done before the crash
        }
        // The replaced segments' aborted-transaction indexes go with them,
        // the new base's too: the cleaner does not carry their entries yet
        // (issue 18; nothing writes markers before then).
        for &base in old {
            let path = txn_index_path(dir, base);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StorageError::io(&path, e)),
            }
        }
        for &base in old.iter().filter(|&&b| b != new_base) {
            for path in [
                log_file_path(dir, base),
                index_file_path(dir, base),
                time_index_file_path(dir, base),
            ] {
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(StorageError::io(&path, e)),
                }
            }
        }
        if !at_open {
            failpoint("cleaner-mid-swap");
        }
        // Renaming over the old files of the same base replaces them.
        for (from, to) in [
            (
                index_file_path(&cleaning, new_base),
                index_file_path(dir, new_base),
            ),
            (
                time_index_file_path(&cleaning, new_base),
                time_index_file_path(dir, new_base),
            ),
            (
                log_file_path(&cleaning, new_base),
                log_file_path(dir, new_base),
            ),
        ] {
            match fs::rename(&from, &to) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(StorageError::io(&from, e)),
            }
        }
        info!(dir = %dir.display(), segment = %file_stem(new_base), replaced = old.len(), "swapped in a cleaned segment");
    }
    sync_dir(dir)?;
    remove_cleaning_dir(dir)
}

/// Kills the process at the named step when `TRIBUTARY_FAILPOINTS` (a
/// comma-separated list) names it: end-to-end tests use it to cut a
/// cleaning round exactly where a `kill -9` would be hard to aim
/// (`cleaner-before-manifest`, `cleaner-after-manifest`, `cleaner-mid-swap`).
/// `abort` leaves the files as `kill -9` does: whatever was written is in
/// the page cache, nothing else runs.
pub(crate) fn failpoint(name: &str) {
    if let Ok(points) = std::env::var("TRIBUTARY_FAILPOINTS") {
        if points.split(',').any(|p| p.trim() == name) {
            eprintln!("failpoint {name}: aborting");
            std::process::abort();
        }
    }
}
