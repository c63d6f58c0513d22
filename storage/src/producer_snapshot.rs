//! Kafka's producer state snapshot file: `<offset>.snapshot` in the
//! partition directory (the offset zero-padded to 20 digits, as segment
//! files are named), holding the idempotent-producer state of every batch
//! below that offset. The schema is `storage/ProducerSnapshot.json` of
//! Kafka 4.4 (version 1, not flexible), written version-prefixed:
//!
//! ```text
//! version      int16   1
//! crc          uint32  CRC-32C of every byte after this field
//! entries      int32   count N, then N entries of 46 bytes:
//!   producer_id               int64
//!   epoch                     int16
//!   last_sequence             int32
//!   last_offset               int64
//!   offset_delta              int32   last_sequence - first sequence of the last batch
//!   timestamp                 int64   max timestamp of the last batch
//!   coordinator_epoch         int32   -1 until transactions
//!   current_txn_first_offset  int64   -1 until transactions
//! ```
//!
//! Invariants: `decode(encode(x)) == x`; a file whose length, version,
//! count or CRC does not hold together decodes to an error, never to a
//! partial state (a snapshot is only a shortcut: the log can rebuild it).

use std::path::{Path, PathBuf};

use crate::segment::{file_stem, parse_file_name};

pub const SNAPSHOT_FILE_SUFFIX: &str = ".snapshot";
/// The only version Kafka 4.4 writes and reads.
pub const SNAPSHOT_VERSION: i16 = 1;
const CRC_OFFSET: usize = 2;
const ENTRIES_OFFSET: usize = 6;
const ENTRY_SIZE: usize = 46;

/// One producer's state as a snapshot holds it: its last batch only, as in
/// Kafka (duplicates of older batches are no longer recognised after a
/// restart; the client gets OUT_OF_ORDER_SEQUENCE_NUMBER for them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotEntry {
    pub producer_id: i64,
    pub epoch: i16,
    pub last_sequence: i32,
    pub last_offset: i64,
    pub offset_delta: i32,
    pub timestamp: i64,
    pub coordinator_epoch: i32,
    pub current_txn_first_offset: i64,
}

pub fn snapshot_file_path(dir: &Path, offset: i64) -> PathBuf {
    dir.join(format!("{}{SNAPSHOT_FILE_SUFFIX}", file_stem(offset)))
}

/// The offsets of the snapshot files in `dir`, ascending.
pub fn list_snapshots(dir: &Path) -> std::io::Result<Vec<i64>> {
    let mut offsets: Vec<i64> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| parse_file_name(n, SNAPSHOT_FILE_SUFFIX))
        })
        .collect();
    offsets.sort_unstable();
    Ok(offsets)
}

pub fn encode(entries: &[SnapshotEntry]) -> Vec<u8> {
    let count = i32::try_from(entries.len()).expect("fewer than 2^31 producers");
    let mut buf = Vec::with_capacity(ENTRIES_OFFSET + 4 + entries.len() * ENTRY_SIZE);
    buf.extend_from_slice(&SNAPSHOT_VERSION.to_be_bytes());
    buf.extend_from_slice(&[0; 4]);
    buf.extend_from_slice(&count.to_be_bytes());
    for e in entries {
        buf.extend_from_slice(&e.producer_id.to_be_bytes());
        buf.extend_from_slice(&e.epoch.to_be_bytes());
        buf.extend_from_slice(&e.last_sequence.to_be_bytes());
        buf.extend_from_slice(&e.last_offset.to_be_bytes());
        buf.extend_from_slice(&e.offset_delta.to_be_bytes());
        buf.extend_from_slice(&e.timestamp.to_be_bytes());
        buf.extend_from_slice(&e.coordinator_epoch.to_be_bytes());
        buf.extend_from_slice(&e.current_txn_first_offset.to_be_bytes());
    }
    let crc = crc32c::crc32c(&buf[ENTRIES_OFFSET..]);
    buf[CRC_OFFSET..ENTRIES_OFFSET].copy_from_slice(&crc.to_be_bytes());
    debug_assert_eq!(buf.len(), ENTRIES_OFFSET + 4 + entries.len() * ENTRY_SIZE);
    buf
}

pub fn decode(bytes: &[u8]) -> Result<Vec<SnapshotEntry>, String> {
    if bytes.len() < ENTRIES_OFFSET + 4 {
        return Err(format!(
            "{} bytes is shorter than a snapshot header",
            bytes.len()
        ));
    }
    let version = i16::from_be_bytes([bytes[0], bytes[1]]);
    if version != SNAPSHOT_VERSION {
        return Err(format!(
            "snapshot version {version}, expected {SNAPSHOT_VERSION}"
        ));
    }
    let stored = u32::from_be_bytes(bytes[CRC_OFFSET..ENTRIES_OFFSET].try_into().expect("4"));
    let computed = crc32c::crc32c(&bytes[ENTRIES_OFFSET..]);
    if stored != computed {
        return Err(format!("snapshot CRC {stored:#x}, computed {computed:#x}"));
    }
    let body = &bytes[ENTRIES_OFFSET + 4..];
    let count = i32::from_be_bytes(
        bytes[ENTRIES_OFFSET..ENTRIES_OFFSET + 4]
            .try_into()
            .expect("4"),
    );
    let fits = usize::try_from(count).is_ok_and(|n| n.checked_mul(ENTRY_SIZE) == Some(body.len()));
    if !fits {
        return Err(format!("{count} entries do not fill {} bytes", body.len()));
    }
    Ok(body.chunks_exact(ENTRY_SIZE).map(decode_entry).collect())
}

fn decode_entry(b: &[u8]) -> SnapshotEntry {
    let i64_at = |at: usize| i64::from_be_bytes(b[at..at + 8].try_into().expect("8"));
    let i32_at = |at: usize| i32::from_be_bytes(b[at..at + 4].try_into().expect("4"));
    SnapshotEntry {
        producer_id: i64_at(0),
        epoch: i16::from_be_bytes([b[8], b[9]]),
        last_sequence: i32_at(10),
        last_offset: i64_at(14),
        offset_delta: i32_at(22),
        timestamp: i64_at(26),
        coordinator_epoch: i32_at(34),
        current_txn_first_offset: i64_at(38),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry() -> impl Strategy<Value = SnapshotEntry> {
        (
            any::<i64>(),
            any::<i16>(),
            any::<i32>(),
            any::<i64>(),
            any::<i32>(),
            any::<i64>(),
        )
            .prop_map(
                |(producer_id, epoch, last_sequence, last_offset, offset_delta, timestamp)| {
                    SnapshotEntry {
                        producer_id,
                        epoch,
                        last_sequence,
                        last_offset,
                        offset_delta,
                        timestamp,
                        coordinator_epoch: -1,
                        current_txn_first_offset: -1,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn encoding_round_trips(entries in proptest::collection::vec(entry(), 0..20)) {
            prop_assert_eq!(decode(&encode(&entries)).unwrap(), entries);
        }

        #[test]
        fn any_flipped_or_missing_byte_is_refused(
            entries in proptest::collection::vec(entry(), 1..5),
            at in any::<prop::sample::Index>(),
            cut in any::<bool>(),
        ) {
            let mut bytes = encode(&entries);
            let i = at.index(bytes.len());
            if cut {
                bytes.truncate(i);
            } else {
                bytes[i] ^= 0x20;
            }
            prop_assert!(decode(&bytes).is_err());
        }
    }

    #[test]
    fn the_layout_is_kafkas() {
        let e = SnapshotEntry {
            producer_id: 1000,
            epoch: 2,
            last_sequence: 9,
            last_offset: 41,
            offset_delta: 4,
            timestamp: 1_700_000_000_000,
            coordinator_epoch: -1,
            current_txn_first_offset: -1,
        };
        let bytes = encode(&[e]);
        assert_eq!(bytes.len(), 10 + 46);
        assert_eq!(&bytes[..2], &[0, 1], "version 1");
        assert_eq!(&bytes[6..10], &[0, 0, 0, 1], "one entry");
        assert_eq!(&bytes[10..18], &1000i64.to_be_bytes(), "producer id first");
        assert_eq!(&bytes[48..56], &(-1i64).to_be_bytes(), "no transaction");
        assert_eq!(
            snapshot_file_path(Path::new("/d"), 42),
            Path::new("/d/00000000000000000042.snapshot")
        );
    }
}
