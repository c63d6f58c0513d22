//! Control records: the end-of-transaction markers a transaction
//! coordinator has partition leaders write (Kafka's `EndTransactionMarker`
//! and `ControlRecordType`).
//!
//! A marker is a control batch (attributes: control and transactional) of
//! the producer's id and epoch, base sequence -1, holding one record whose
//! key is `ControlRecordTypeSchema` (version 0, type 0 ABORT or 1 COMMIT)
//! and whose value is `EndTxnMarker` (version 0, coordinator epoch), each
//! prefixed by its schema version, as the generated messages declare them.
//!
//! Invariants: [`marker_of`] reads any bytes without panicking and answers
//! `None` for a control batch that is not an end marker (Kafka skips
//! unknown control types); what [`marker_batch`] writes, [`marker_of`]
//! reads back.

use bytes::{Buf, BufMut, Bytes, BytesMut};

use super::{RecordBatch, RecordBatchBuilder, RecordError, SimpleRecord};
use crate::messages::{ControlRecordTypeSchema, EndTxnMarker};
use crate::wire::Codec;
use crate::Message;

/// Kafka's `ControlRecordType` ids of the end markers.
pub const ABORT: i16 = 0;
pub const COMMIT: i16 = 1;

/// An end-of-transaction marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndTransactionMarker {
    pub commit: bool,
    pub coordinator_epoch: i32,
}

fn version_prefixed<M: Message>(m: &M) -> Bytes {
    let mut b = BytesMut::with_capacity(2 + m.encoded_len(0));
    b.put_i16(0);
    m.encode(0, &mut b)
        .expect("a control record within its schema");
    b.freeze()
}

/// The control batch of `marker` for the producer's id and epoch.
pub fn marker_batch(
    producer_id: i64,
    producer_epoch: i16,
    marker: EndTransactionMarker,
    timestamp: i64,
) -> Result<Bytes, RecordError> {
    let key = ControlRecordTypeSchema {
        r#type: if marker.commit { COMMIT } else { ABORT },
        ..Default::default()
    };
    let value = EndTxnMarker {
        coordinator_epoch: marker.coordinator_epoch,
        ..Default::default()
    };
    RecordBatchBuilder::new(super::Compression::None)
        .producer(producer_id, producer_epoch, -1)
        .transactional(true)
        .control(true)
        .append(SimpleRecord::new(
            timestamp,
            Some(version_prefixed(&key)),
            Some(version_prefixed(&value)),
        ))
        .build()
}

/// The end marker a control batch holds; `None` for a batch that is not a
/// control batch or whose control record is not an end marker.
pub fn marker_of(batch: &RecordBatch) -> Option<EndTransactionMarker> {
    if !batch.header().is_control() {
        return None;
    }
    let mut records = batch.iter_records(1 << 20).ok()?;
    let record = records.next_summary()?.ok()?;
    let mut key = record.key?;
    if key.remaining() < 2 || key.get_i16() != 0 {
        return None;
    }
    let kind = ControlRecordTypeSchema::decode(0, &mut key).ok()?.r#type;
    if kind != ABORT && kind != COMMIT {
        return None;
    }
    let mut value = record.value?;
    if value.remaining() < 2 || value.get_i16() != 0 {
        return None;
    }
    let marker = EndTxnMarker::decode(0, &mut value).ok()?;
    Some(EndTransactionMarker {
        commit: kind == COMMIT,
        coordinator_epoch: marker.coordinator_epoch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_batch_reads_back_and_carries_kafkas_bytes() {
        for commit in [true, false] {
            let marker = EndTransactionMarker {
                commit,
                coordinator_epoch: 7,
            };
            let bytes = marker_batch(42, 3, marker, 1_000).unwrap();
            let batch = RecordBatch::from_bytes(bytes).unwrap();
            let h = batch.header();
            assert!(h.is_control() && h.is_transactional());
            assert_eq!(
                (h.producer_id, h.producer_epoch, h.base_sequence),
                (42, 3, -1)
            );
            assert_eq!(marker_of(&batch), Some(marker));
            let record = batch
                .iter_records(1 << 20)
                .unwrap()
                .next_summary()
                .unwrap()
                .unwrap();
            // Key: version 0, type; value: version 0, coordinator epoch.
            let kind = if commit { 1 } else { 0 };
            assert_eq!(&record.key.unwrap()[..], &[0, 0, 0, kind]);
            assert_eq!(&record.value.unwrap()[..], &[0, 0, 0, 0, 0, 7]);
        }
    }

    #[test]
    fn other_batches_are_not_markers() {
        let data = RecordBatchBuilder::new(super::super::Compression::None)
            .append(SimpleRecord::new(
                0,
                Some(Bytes::from_static(b"\0\0\0\x01")),
                None,
            ))
            .build()
            .unwrap();
        assert_eq!(marker_of(&RecordBatch::from_bytes(data).unwrap()), None);
        // A control batch of another type (e.g. a KRaft leader change).
        let other = RecordBatchBuilder::new(super::super::Compression::None)
            .control(true)
            .append(SimpleRecord::new(
                0,
                Some(Bytes::from_static(b"\0\0\0\x02")),
                Some(Bytes::from_static(b"\0\0")),
            ))
            .build()
            .unwrap();
        assert_eq!(marker_of(&RecordBatch::from_bytes(other).unwrap()), None);
    }
}
