//! Kafka's `partition.metadata` file (KIP-516): the topic id a partition
//! directory belongs to, so that a directory left by a deleted topic is never
//! taken for a new topic of the same name.
//!
//! Format (Kafka's `PartitionMetadataFile`, version 0):
//! ```text
//! version: 0
//! topic_id: <22-character Kafka Uuid>
//! ```
//! Invariants: written atomically (temporary file, fsync, rename, fsync of the
//! directory) before the partition serves anything; a file that does not read
//! as version 0 with a valid id is an error, never a guess.

use std::io::Write;
use std::path::Path;

use uuid::Uuid;

pub const FILE_NAME: &str = "partition.metadata";

/// The topic id recorded in `dir`; `Ok(None)` when the file is absent.
pub fn read(dir: &Path) -> std::io::Result<Option<Uuid>> {
    let text = match std::fs::read_to_string(dir.join(FILE_NAME)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let bad = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{}: not a version 0 partition.metadata file",
                dir.join(FILE_NAME).display()
            ),
        )
    };
    let mut lines = text.lines().map(str::trim);
    if lines.next() != Some("version: 0") {
        return Err(bad());
    }
    let id = lines
        .next()
        .and_then(|l| l.strip_prefix("topic_id: "))
        .and_then(|t| metadata::kafka_uuid::parse(t.trim()))
        .ok_or_else(bad)?;
    Ok(Some(id))
}

/// Records `topic_id` in `dir` (atomically).
pub fn write(dir: &Path, topic_id: &Uuid) -> std::io::Result<()> {
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    {
        let mut f = std::fs::File::create(&tmp)?;
        write!(
            f,
            "version: 0\ntopic_id: {}\n",
            metadata::kafka_uuid::to_string(topic_id)
        )?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, dir.join(FILE_NAME))?;
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_absent_and_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        let id = Uuid::new_v4();
        write(dir.path(), &id).unwrap();
        assert_eq!(read(dir.path()).unwrap(), Some(id));
        let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(text.starts_with("version: 0\ntopic_id: "), "{text}");
        std::fs::write(dir.path().join(FILE_NAME), "version: 1\ntopic_id: x\n").unwrap();
        assert!(read(dir.path()).is_err());
    }
}
