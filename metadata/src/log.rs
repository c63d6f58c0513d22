//! The metadata log on disk: one record per command,
//! `[length: u32][crc32c of payload: u32][payload: JSON]`, appended and fsynced.
//! Metadata changes are rare, so every append is made durable before it is applied.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::command::Command;
use crate::state::MetadataError;

/// The largest command we accept when reading the log back (a create of many
/// partitions is the biggest; 64 MiB is far above any real one).
const MAX_RECORD: u32 = 64 << 20;

pub struct MetadataLog {
    file: File,
}

fn io(e: std::io::Error) -> MetadataError {
    MetadataError::Io(e.to_string())
}

impl MetadataLog {
    /// Opens (or creates) the log in `dir` and returns it with every intact
    /// command in order. A torn last record (a crash mid-append) is cut off.
    pub fn open(dir: &Path) -> Result<(MetadataLog, Vec<Command>), MetadataError> {
        std::fs::create_dir_all(dir).map_err(io)?;
        let path = dir.join("metadata.log");
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(io)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data).map_err(io)?;
        let mut commands = Vec::new();
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
            match serde_json::from_slice::<Command>(payload) {
                Ok(cmd) => commands.push(cmd),
                Err(_) => break,
            }
            pos += 8 + len as usize;
        }
        if pos < data.len() {
            tracing::warn!(
                path = %path.display(),
                valid_bytes = pos,
                dropped_bytes = data.len() - pos,
                "metadata log has a torn or corrupt tail; truncating it"
            );
            file.set_len(pos as u64).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        file.seek(SeekFrom::End(0)).map_err(io)?;
        Ok((MetadataLog { file }, commands))
    }

    /// Appends one command and makes it durable.
    pub fn append(&mut self, cmd: &Command) -> Result<(), MetadataError> {
        let payload = serde_json::to_vec(cmd).map_err(|e| MetadataError::Io(e.to_string()))?;
        assert!(
            payload.len() < MAX_RECORD as usize,
            "metadata command too large"
        );
        let mut record = Vec::with_capacity(8 + payload.len());
        record.extend_from_slice(&(payload.len() as u32).to_be_bytes());
        record.extend_from_slice(&crc32c::crc32c(&payload).to_be_bytes());
        record.extend_from_slice(&payload);
        self.file.write_all(&record).map_err(io)?;
        self.file.sync_data().map_err(io)?;
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
