//! The file under an offset or time index, open only while its segment is
//! active (Kafka keeps closed segments' indexes unmapped until read, too).
//!
//! Invariant: a held index holds one open descriptor; a released one holds
//! none and opens the file for each operation, closing it after. An active
//! segment holds its two indexes (every append may write an entry); a sealed
//! segment releases them, so each closed segment keeps one descriptor, its
//! `.log` file, whatever the number of segments (before, three each: a
//! partition of many small segments ran the process out of descriptors).
//! Reads of a released index (a fetch from an old segment, a timestamp
//! lookup) pay one `open` per lookup, not per probe: see [`IndexFile::reader`].

use std::fs::{File, OpenOptions};
use std::ops::Deref;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::descriptors::HeldDescriptor;
use crate::error::{IoContext, Result};

/// An index file, held open or opened on demand.
#[derive(Debug)]
pub struct IndexFile {
    path: PathBuf,
    file: Option<(File, HeldDescriptor)>,
}

/// A descriptor for a run of operations: the held one or one opened for them.
pub enum FileRef<'a> {
    Held(&'a File),
    Opened(File),
}

impl Deref for FileRef<'_> {
    type Target = File;
    fn deref(&self) -> &File {
        match self {
            FileRef::Held(f) => f,
            FileRef::Opened(f) => f,
        }
    }
}

fn open_rw(path: &Path) -> Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .at(path)
}

impl IndexFile {
    /// Creates the file if missing; returns it released.
    pub fn open(path: &Path) -> Result<Self> {
        open_rw(path)?;
        Ok(IndexFile {
            path: path.to_path_buf(),
            file: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps a descriptor open until [`IndexFile::release`].
    pub fn hold(&mut self) -> Result<()> {
        if self.file.is_none() {
            self.file = Some((open_rw(&self.path)?, HeldDescriptor::new()));
        }
        Ok(())
    }

    /// Closes the held descriptor, if any.
    pub fn release(&mut self) {
        self.file = None;
    }

    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }

    /// A descriptor for several operations in a row.
    pub fn reader(&self) -> Result<FileRef<'_>> {
        Ok(match &self.file {
            Some((f, _)) => FileRef::Held(f),
            None => FileRef::Opened(open_rw(&self.path)?),
        })
    }

    pub fn read_exact_at(file: &File, path: &Path, buf: &mut [u8], pos: u64) -> Result<()> {
        file.read_exact_at(buf, pos).at(path)
    }

    pub fn write_all_at(&self, buf: &[u8], pos: u64) -> Result<()> {
        self.reader()?.write_all_at(buf, pos).at(&self.path)
    }

    pub fn set_len(&self, len: u64) -> Result<()> {
        self.reader()?.set_len(len).at(&self.path)
    }

    pub fn file_len(&self) -> Result<u64> {
        match &self.file {
            Some((f, _)) => f.metadata(),
            None => std::fs::metadata(&self.path),
        }
        .map(|m| m.len())
        .at(&self.path)
    }

    /// fsyncs the file (through a descriptor opened for it when released:
    /// fsync flushes the file, not the descriptor).
    pub fn sync_all(&self) -> Result<()> {
        self.reader()?.sync_all().at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptors::open_descriptors_under;

    #[test]
    fn released_file_holds_no_descriptor_and_still_works() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.index");
        let mut f = IndexFile::open(&path).unwrap();
        assert!(path.exists() && !f.is_held());
        f.write_all_at(b"abcd", 4).unwrap();
        assert_eq!(f.file_len().unwrap(), 8);
        f.hold().unwrap();
        assert!(f.is_held());
        let mut buf = [0u8; 4];
        IndexFile::read_exact_at(&f.reader().unwrap(), f.path(), &mut buf, 4).unwrap();
        assert_eq!(&buf, b"abcd");
        f.release();
        f.set_len(2).unwrap();
        assert_eq!(f.file_len().unwrap(), 2);
        f.sync_all().unwrap();
    }

    #[test]
    fn many_released_files_keep_no_descriptors() {
        let dir = tempfile::tempdir().unwrap();
        let mut files: Vec<IndexFile> = (0..200)
            .map(|i| IndexFile::open(&dir.path().join(format!("{i}.index"))).unwrap())
            .collect();
        assert_eq!(open_descriptors_under(dir.path()), 0);
        files[7].hold().unwrap();
        assert_eq!(open_descriptors_under(dir.path()), 1);
        files[7].release();
        assert_eq!(open_descriptors_under(dir.path()), 0);
        drop(files);
    }
}
