//! Kafka's LogValidator rules for a client's batch that the record decoding
//! in `Partition::append` does not already enforce: what a producer may not
//! write, and the header fields the broker recomputes instead of trusting.
//!
//! Invariants (each from Kafka's `LogValidator.validateBatch` and
//! `assignOffsetsNonCompressed`, with Kafka's INVALID_RECORD messages):
//! - A partition's records in a Produce are exactly one batch.
//! - No control batch from a client: control records (transaction markers)
//!   are the broker's; a malformed one stalls consumers at its offset.
//! - An idempotent batch (producer id >= 0) has a sequence >= 0.
//! - A CreateTime batch's `maxTimestamp` is the largest of its records'
//!   timestamps, whatever the header said (the header's value would otherwise
//!   decide the time index and retention); a LogAppendTime topic's is the
//!   append time. Offsets, leader epoch and CRC are the broker's too (set at
//!   append); the record count and offset deltas are checked against the
//!   records.
//! - Records refused on their own (KIP-467) are named, by their index in the
//!   partition's records, in `record_errors`: a key-less record in a
//!   compacted topic, a CreateTime timestamp out of range, a record whose
//!   fields (headers) do not parse although its length does. The batch is
//!   then refused whole, with Kafka's summary message, so that a client fails
//!   those records and retries the others. At most `MAX_RECORD_ERRORS` are
//!   named (the answer's size is bounded by that, not by the batch).

use protocol::records::header::ATTR_CONTROL;
use protocol::records::{BatchHeader, RecordSummary};

use crate::config::topic_config::EffectiveTopicConfig;
use crate::error::code;
use crate::error::ApiError;

/// The most records one partition's refusal names; the rest are refused
/// with the batch, unnamed (a client retries them and hears of them then).
pub const MAX_RECORD_ERRORS: usize = 10_000;

/// One refused record: its index among the partition's records in the
/// request (Kafka's `batch_index`), Kafka's error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub batch_index: i32,
    pub code: i16,
    pub message: String,
}

/// Why an append was refused: Kafka's error code and message and, when
/// individual records caused it, those records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendError {
    pub code: i16,
    pub message: String,
    pub record_errors: Vec<RecordError>,
}

impl From<ApiError> for AppendError {
    fn from(ApiError { code, message }: ApiError) -> AppendError {
        AppendError {
            code,
            message,
            record_errors: Vec::new(),
        }
    }
}

/// Checks one record of a client's batch for `topic`-`partition`, as
/// Kafka's `validateKey` and `validateTimestamp` do (`batch_log_append_time`:
/// the batch claims LogAppendTime, which a client may not).
pub fn validate_record(
    topic: &str,
    partition: i32,
    config: &EffectiveTopicConfig,
    batch_log_append_time: bool,
    record: &RecordSummary,
    batch_index: i32,
    now_ms: i64,
) -> Option<RecordError> {
    if config.compact && record.key.is_none() {
        // Compaction keeps the last record per key: a key-less one has none.
        return Some(RecordError {
            batch_index,
            code: code::INVALID_RECORD,
            message: format!(
                "Compacted topic cannot accept message without key in topic partition {topic}-{partition}"
            ),
        });
    }
    // Kafka's NO_TIMESTAMP (-1) is not checked.
    if !config.log_append_time && record.timestamp != -1 {
        let earliest = now_ms.saturating_sub(config.timestamp_before_max_ms);
        let latest = now_ms.saturating_add(config.timestamp_after_max_ms);
        if record.timestamp < earliest || record.timestamp > latest {
            return Some(RecordError {
                batch_index,
                code: code::INVALID_TIMESTAMP,
                message: format!(
                    "Timestamp {} of message with offset {} is out of range. The timestamp should be within [{earliest}, {latest}]",
                    record.timestamp, record.offset
                ),
            });
        }
    } else if batch_log_append_time {
        // The append time is the broker's to set.
        return Some(RecordError {
            batch_index,
            code: code::INVALID_TIMESTAMP,
            message: format!(
                "Invalid timestamp type in message DefaultRecord(offset={}, timestamp={}, key={} bytes, value={} bytes). Producer should not set timestamp type to LogAppendTime.",
                record.offset,
                record.timestamp,
                record.key.as_ref().map_or(0, |k| k.len()),
                record.value.as_ref().map_or(0, |v| v.len())
            ),
        });
    }
    None
}

/// A record whose length is sound but whose fields do not parse.
pub fn malformed_record(batch_index: i32, cause: &protocol::records::RecordError) -> RecordError {
    RecordError {
        batch_index,
        code: code::INVALID_RECORD,
        message: format!("Record is malformed: {cause}"),
    }
}

/// The refusal of a batch whose records `errors` names (at least one), with
/// Kafka's `processRecordErrors` code and message.
pub fn refuse_records(errors: Vec<RecordError>) -> AppendError {
    assert!(!errors.is_empty());
    let ApiError { code, message } = if errors.iter().any(|e| e.code == code::INVALID_TIMESTAMP) {
        ApiError::new(
            code::INVALID_TIMESTAMP,
            "One or more records have been rejected due to invalid timestamp".to_string(),
        )
    } else {
        let shown: Vec<String> = errors
            .iter()
            .take(3)
            .map(|e| {
                format!(
                    "RecordError(batchIndex={}, message='{}')",
                    e.batch_index, e.message
                )
            })
            .collect();
        ApiError::new(
            code::INVALID_RECORD,
            format!(
                "One or more records have been rejected due to {} record errors in total, and only showing the first three errors at most: [{}]",
                errors.len(),
                shown.join(", ")
            ),
        )
    };
    AppendError {
        code,
        message,
        record_errors: errors,
    }
}

/// Kafka's `ProduceRequest.validateRecords`: since Produce v3 a partition's
/// records are exactly one batch (the rest of validation is per batch).
pub fn validate_produce_records(version: i16, records: &bytes::Bytes) -> Result<(), ApiError> {
    match protocol::records::Batches::new(records.clone()).take(2).count() {
        0 => Err(ApiError::new(code::INVALID_RECORD,
            format!("Produce requests with version {version} must have at least one record batch per partition"),
        )),
        1 => Ok(()),
        _ => Err(ApiError::new(code::INVALID_RECORD,
            format!("Produce requests with version {version} are only allowed to contain exactly one record batch per partition"),
        )),
    }
}

/// Checks the header of a batch a client produced to `topic`-`partition`.
pub fn validate_client_batch(topic: &str, partition: i32, h: &BatchHeader) -> Result<(), ApiError> {
    if h.attributes & ATTR_CONTROL != 0 {
        return Err(ApiError::new(code::INVALID_RECORD,
            format!(
                "Clients are not allowed to write control records in topic partition {topic}-{partition}"
            ),
        ));
    }
    if h.producer_id >= 0 && h.base_sequence < 0 {
        return Err(ApiError::new(code::INVALID_RECORD,
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

    fn config(overrides: &[(&str, &str)]) -> EffectiveTopicConfig {
        let overrides = overrides
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EffectiveTopicConfig::new(&crate::config::BrokerConfig::default(), &overrides)
    }

    fn summary(offset: i64, timestamp: i64, key: Option<&'static [u8]>) -> RecordSummary {
        RecordSummary {
            offset,
            timestamp,
            attributes: 0,
            key: key.map(bytes::Bytes::from_static),
            value: None,
            header_count: 0,
        }
    }

    #[test]
    fn records_are_refused_one_by_one_with_kafkas_words() {
        let compact = config(&[("cleanup.policy", "compact")]);
        let now = 1_000_000_000;
        assert_eq!(
            validate_record(
                "t",
                0,
                &compact,
                false,
                &summary(0, now, Some(b"k")),
                0,
                now
            ),
            None
        );
        let e = validate_record("t", 2, &compact, false, &summary(5, now, None), 5, now).unwrap();
        assert_eq!((e.batch_index, e.code), (5, code::INVALID_RECORD));
        assert_eq!(
            e.message,
            "Compacted topic cannot accept message without key in topic partition t-2"
        );
        // Kafka 4's default: an hour ahead at most; NO_TIMESTAMP is not checked.
        let plain = config(&[("message.timestamp.before.max.ms", "1000")]);
        let ok = |ts| validate_record("t", 0, &plain, false, &summary(0, ts, None), 0, now);
        assert_eq!(ok(now - 1000), None);
        assert_eq!(ok(now + 3_600_000), None);
        assert_eq!(ok(-1), None);
        let e = ok(now + 3_600_001).unwrap();
        assert_eq!(e.code, code::INVALID_TIMESTAMP);
        assert_eq!(
            e.message,
            format!(
                "Timestamp {} of message with offset 0 is out of range. The timestamp should be within [{}, {}]",
                now + 3_600_001,
                now - 1000,
                now + 3_600_000
            )
        );
        assert!(ok(now - 1001).is_some());
        // LogAppendTime topics replace the timestamps: nothing to check...
        let append = config(&[("message.timestamp.type", "LogAppendTime")]);
        assert_eq!(
            validate_record("t", 0, &append, false, &summary(0, 0, None), 0, now),
            None
        );
        // ...but a client may not claim the append time itself.
        let e = validate_record("t", 0, &append, true, &summary(3, 7, Some(b"k")), 0, now).unwrap();
        assert_eq!(e.code, code::INVALID_TIMESTAMP);
        assert_eq!(e.message, "Invalid timestamp type in message DefaultRecord(offset=3, timestamp=7, key=1 bytes, value=0 bytes). Producer should not set timestamp type to LogAppendTime.");
        // On a CreateTime topic its timestamps are checked as any.
        let e = validate_record(
            "t",
            0,
            &plain,
            true,
            &summary(0, now + 3_600_001, None),
            0,
            now,
        );
        assert_eq!(e.unwrap().code, code::INVALID_TIMESTAMP);
    }

    #[test]
    fn a_refusal_sums_up_its_record_errors_as_kafka_does() {
        let e = |i, code| RecordError {
            batch_index: i,
            code,
            message: format!("m{i}"),
        };
        let r = refuse_records((0..5).map(|i| e(i, code::INVALID_RECORD)).collect());
        assert_eq!(r.code, code::INVALID_RECORD);
        assert_eq!(r.record_errors.len(), 5);
        assert_eq!(
            r.message,
            "One or more records have been rejected due to 5 record errors in total, and only showing the first three errors at most: [RecordError(batchIndex=0, message='m0'), RecordError(batchIndex=1, message='m1'), RecordError(batchIndex=2, message='m2')]"
        );
        // One timestamp among them makes it INVALID_TIMESTAMP.
        let r = refuse_records(vec![
            e(0, code::INVALID_RECORD),
            e(1, code::INVALID_TIMESTAMP),
        ]);
        assert_eq!(r.code, code::INVALID_TIMESTAMP);
        assert_eq!(
            r.message,
            "One or more records have been rejected due to invalid timestamp"
        );
    }

    #[test]
    fn control_batches_and_negative_sequences_are_refused_with_kafkas_words() {
        assert!(validate_client_batch("t", 0, &header(0, -1, -1)).is_ok());
        assert!(validate_client_batch("t", 0, &header(0, 7, 0)).is_ok());
        let ApiError {
            code: c,
            message: m,
        } = validate_client_batch("t", 0, &header(ATTR_CONTROL, -1, -1)).unwrap_err();
        assert_eq!(c, code::INVALID_RECORD);
        assert_eq!(
            m,
            "Clients are not allowed to write control records in topic partition t-0"
        );
        let ApiError {
            code: c,
            message: m,
        } = validate_client_batch("t", 3, &header(0, 7, -5)).unwrap_err();
        assert_eq!(c, code::INVALID_RECORD);
        assert_eq!(
            m,
            "Invalid sequence number -5 in record batch with producerId 7 in topic partition t-3"
        );
    }
}
