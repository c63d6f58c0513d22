//! Kafka's LogValidator rules for a client's batch that the record decoding
//! in `Partition::append` does not already enforce: what a producer may not
//! write, and the header fields the broker recomputes instead of trusting.
//!
//! Invariants (each from Kafka's `LogValidator.validateBatch` and
//! `assignOffsetsNonCompressed`, with Kafka's INVALID_RECORD messages):
//! - No control batch from a client: control records (transaction markers)
//!   are the broker's; a malformed one stalls consumers at its offset.
//! - An idempotent batch (producer id >= 0) has a sequence >= 0.
//! - A CreateTime batch's `maxTimestamp` is the largest of its records'
//!   timestamps, whatever the header said (the header's value would otherwise
//!   decide the time index and retention); a LogAppendTime topic's is the
//!   append time. Offsets, leader epoch and CRC are the broker's too (set at
//!   append); the record count and offset deltas are checked against the
//!   records.

use protocol::records::header::ATTR_CONTROL;
use protocol::records::BatchHeader;

use crate::broker::ApiError;
use crate::error::code;

/// Checks the header of a batch a client produced to `topic`-`partition`.
pub fn validate_client_batch(topic: &str, partition: i32, h: &BatchHeader) -> Result<(), ApiError> {
    if h.attributes & ATTR_CONTROL != 0 {
        return Err((
            code::INVALID_RECORD,
            format!(
                "Clients are not allowed to write control records in topic partition {topic}-{partition}"
            ),
        ));
    }
    if h.producer_id >= 0 && h.base_sequence < 0 {
        return Err((
            code::INVALID_RECORD,
            format!(
                "Invalid sequence number {} in record batch with producerId {} in topic partition {topic}-{partition}",
                h.base_sequence, h.producer_id
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::records::{RecordBatchBuilder, SimpleRecord};

    fn header(attributes: i16, producer_id: i64, base_sequence: i32) -> BatchHeader {
        let bytes = RecordBatchBuilder::new(protocol::records::Compression::None)
            .append(SimpleRecord::new(
                0,
                None,
                Some(bytes::Bytes::from_static(b"v")),
            ))
            .build()
            .unwrap();
        let mut h = BatchHeader::parse(&bytes).unwrap();
        h.attributes = attributes;
        h.producer_id = producer_id;
        h.base_sequence = base_sequence;
        h
    }

    #[test]
    fn control_batches_and_negative_sequences_are_refused_with_kafkas_words() {
        assert!(validate_client_batch("t", 0, &header(0, -1, -1)).is_ok());
        assert!(validate_client_batch("t", 0, &header(0, 7, 0)).is_ok());
        let (c, m) = validate_client_batch("t", 0, &header(ATTR_CONTROL, -1, -1)).unwrap_err();
        assert_eq!(c, code::INVALID_RECORD);
        assert_eq!(
            m,
            "Clients are not allowed to write control records in topic partition t-0"
        );
        let (c, m) = validate_client_batch("t", 3, &header(0, 7, -5)).unwrap_err();
        assert_eq!(c, code::INVALID_RECORD);
        assert_eq!(
            m,
            "Invalid sequence number -5 in record batch with producerId 7 in topic partition t-3"
        );
    }
}
