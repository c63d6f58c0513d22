//! Append-only record files: one record per value,
//! `[length: u32][crc32c of payload: u32][payload: JSON]`, appended and fsynced.
//! The single-node metadata log is one (a command per record); the Raft log
//! store keeps its entries, votes and truncations in another. Metadata
//! changes are rare, so every append is made durable before it is applied.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::command::Command;
use crate::state::MetadataError;

/// The largest record we accept when reading a file back (a create of many
/// partitions is the biggest command; 64 MiB is far above any real one).
const MAX_RECORD: u32 = 64 << 20;

pub struct RecordFile<T> {
    path: PathBuf,
    file: File,
    /// Bytes in the file: the Raft log store rewrites the file when most of
    /// it is dead.
    len: u64,
    _records: PhantomData<fn(T)>,
}

/// The single-node metadata log: a command per record, in `metadata.log`.
pub type MetadataLog = RecordFile<Command>;

fn io(e: std::io::Error) -> MetadataError {
    MetadataError::Io(e.to_string())
}

fn encode<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), MetadataError> {
    let payload = serde_json::to_vec(value).map_err(|e| MetadataError::Io(e.to_string()))?;
    assert!(
        payload.len() < MAX_RECORD as usize,
        "metadata record too large"
    );
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(&crc32c::crc32c(&payload).to_be_bytes());
    out.extend_from_slice(&payload);
    Ok(())
}

impl MetadataLog {
    /// Opens (or creates) `metadata.log` in `dir`; see [`RecordFile::open_file`].
    pub fn open(dir: &Path) -> Result<(MetadataLog, Vec<Command>), MetadataError> {
        std::fs::create_dir_all(dir).map_err(io)?;
        RecordFile::open_file(&dir.join("metadata.log"))
    }
}

impl<T: Serialize + DeserializeOwned> RecordFile<T> {
    /// Opens (or creates) the file at `path` and returns it with every intact
    /// record in order. A torn last record (a crash mid-append) is cut off.
    pub fn open_file(path: &Path) -> Result<(RecordFile<T>, Vec<T>), MetadataError> {
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(io)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(io)?;
        let mut records = Vec::new();
        let mut pos = 0usize;
        while data.len() - pos >= 8 {
            let len = u32::from_be_bytes(data[pos..pos + 4].try_into().unwrap());
            let crc = u32::from_be_bytes(data[pos + 4..pos + 8].try_into().unwrap());
            if len > MAX_RECORD || data.len() - pos - 8 < len as usize {
                break;
            }
            let payload = &data[pos + 8..pos + 8 + len as usize];
            if crc32c::crc32c(payload) != crc {
                break;
            }
            match serde_json::from_slice::<T>(payload) {
                Ok(record) => records.push(record),
                Err(_) => break,
            }
            pos += 8 + len as usize;
        }
        if pos < data.len() {
            tracing::warn!(
                path = %path.display(),
                valid_bytes = pos,
                dropped_bytes = data.len() - pos,
                "record file has a torn or corrupt tail; truncating it"
            );
            file.set_len(pos as u64).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        file.seek(SeekFrom::End(0)).map_err(io)?;
        let file = RecordFile {
            path: path.to_path_buf(),
            file,
            len: pos as u64,
            _records: PhantomData,
        };
        Ok((file, records))
    }

    /// Appends one record and makes it durable.
    pub fn append(&mut self, record: &T) -> Result<(), MetadataError> {
        self.append_all(std::slice::from_ref(record))
    }

    /// Appends records with one write and one fsync.
    pub fn append_all(&mut self, records: &[T]) -> Result<(), MetadataError> {
        let mut buf = Vec::new();
        for r in records {
            encode(r, &mut buf)?;
        }
        self.file.write_all(&buf).map_err(io)?;
        self.file.sync_data().map_err(io)?;
        self.len += buf.len() as u64;
        Ok(())
    }

    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// Replaces the whole file by `records`, atomically: a crash leaves the
    /// old file or the new one.
    pub fn rewrite(&mut self, records: &[T]) -> Result<(), MetadataError> {
        let mut buf = Vec::new();
        for r in records {
            encode(r, &mut buf)?;
        }
        let tmp = self.path.with_extension("rewrite");
        {
            let mut f = File::create(&tmp).map_err(io)?;
            f.write_all(&buf).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(io)?;
        if let Some(dir) = self.path.parent() {
            File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(io)?;
        file.seek(SeekFrom::End(0)).map_err(io)?;
        self.file = file;
        self.len = buf.len() as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_what_was_appended_and_drops_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let cmds = vec![
            Command::InitCluster {
                cluster_id: "c".into(),
            },
            Command::DeleteTopic { name: "t".into() },
        ];
        {
            let (mut log, replay) = MetadataLog::open(dir.path()).unwrap();
            assert!(replay.is_empty());
            for c in &cmds {
                log.append(c).unwrap();
            }
        }
        // A crash in the middle of a third append.
        let path = dir.path().join("metadata.log");
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[0, 0, 0, 50, 1, 2]).unwrap();
        drop(f);
        let (mut log, replay) = MetadataLog::open(dir.path()).unwrap();
        assert_eq!(replay, cmds);
        log.append(&Command::InitCluster {
            cluster_id: "d".into(),
        })
        .unwrap();
        drop(log);
        let (_, replay) = MetadataLog::open(dir.path()).unwrap();
        assert_eq!(replay.len(), 3);
    }

    #[test]
    fn a_corrupt_record_ends_the_replay() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (mut log, _) = MetadataLog::open(dir.path()).unwrap();
            log.append(&Command::InitCluster {
                cluster_id: "a".into(),
            })
            .unwrap();
            log.append(&Command::InitCluster {
                cluster_id: "b".into(),
            })
            .unwrap();
        }
        let path = dir.path().join("metadata.log");
        let mut data = std::fs::read(&path).unwrap();
        let last = data.len() - 2;
        data[last] ^= 0xff;
        std::fs::write(&path, &data).unwrap();
        let (_, replay) = MetadataLog::open(dir.path()).unwrap();
        assert_eq!(
            replay,
            vec![Command::InitCluster {
                cluster_id: "a".into()
            }]
        );
    }
}
