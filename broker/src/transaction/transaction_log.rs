//! The records of `__transaction_state` (Kafka's `TransactionLog`): the key
//! is the transactional id (TransactionLogKey v0), the value the metadata a
//! transition leads to (TransactionLogValue), each prefixed by its schema
//! version; a null value (tombstone) is an expired id.
//!
//! The value is written at v0 until the cluster's `transaction.version` is
//! 1 or more, then at v1 (flexible, with the previous and next producer ids
//! and the client's transaction version as tagged fields), as Kafka does.
//! An Empty transaction is written without partitions (null), others with
//! their partitions grouped by topic.
//!
//! Invariants: decoding never panics on any bytes (a record of an unknown
//! version or state is an error the loader reports); what is encoded
//! decodes to the same metadata.

use std::collections::BTreeMap;

use bytes::{Buf, Bytes};
use protocol::messages::transaction_log_value::PartitionsSchema;
use protocol::messages::{TransactionLogKey, TransactionLogValue};
use protocol::Message;

use super::transaction_metadata::{
    TransactionMetadata, TransactionState, TxnTransitMetadata, NO_PRODUCER_EPOCH,
};

pub use metadata::topic::TRANSACTION_STATE_TOPIC;

/// The value's schema version for the cluster's `transaction.version`.
pub fn value_version(transaction_version_level: i16) -> i16 {
    if transaction_version_level >= 1 {
        1
    } else {
        0
    }
}

/// The key of `transactional_id`'s records.
pub fn key_to_bytes(transactional_id: &str) -> Bytes {
    let key = TransactionLogKey {
        transactional_id: transactional_id.to_string(),
        ..Default::default()
    };
    version_prefixed(&key, 0)
}

/// The record of transit `t` of a transaction.
pub fn value_to_bytes(t: &TxnTransitMetadata, transaction_version_level: i16) -> Bytes {
    assert!(
        t.state != TransactionState::Empty || t.partitions.is_empty(),
        "an Empty transaction has no partitions: {t:?}"
    );
    let partitions = (t.state != TransactionState::Empty).then(|| {
        let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
        for (topic, partition) in &t.partitions {
            by_topic.entry(topic).or_default().push(*partition);
        }
        by_topic
            .into_iter()
            .map(|(topic, partition_ids)| PartitionsSchema {
                topic: topic.to_string(),
                partition_ids,
                ..Default::default()
            })
            .collect()
    });
    let value = TransactionLogValue {
        producer_id: t.producer_id,
        previous_producer_id: t.prev_producer_id,
        next_producer_id: t.next_producer_id,
        producer_epoch: t.producer_epoch,
        transaction_timeout_ms: t.txn_timeout_ms,
        transaction_status: t.state.id(),
        transaction_partitions: partitions,
        transaction_last_update_timestamp_ms: t.txn_last_update_timestamp,
        transaction_start_timestamp_ms: t.txn_start_timestamp,
        client_transaction_version: t.client_transaction_version,
        ..Default::default()
    };
    version_prefixed(&value, value_version(transaction_version_level))
}

/// The transactional id of a record key; `Err` for an unknown version or
/// bad bytes.
pub fn read_key(mut key: Bytes) -> Result<String, String> {
    let version = read_version(&mut key)?;
    if version != 0 {
        return Err(format!("unknown TransactionLogKey version {version}"));
    }
    TransactionLogKey::decode_exact(version, key)
        .map(|k| k.transactional_id)
        .map_err(|e| format!("bad TransactionLogKey: {e}"))
}

/// The metadata a record value holds (`None`: a tombstone).
pub fn read_value(
    transactional_id: &str,
    value: Option<Bytes>,
) -> Result<Option<TransactionMetadata>, String> {
    let Some(mut value) = value else {
        return Ok(None);
    };
    let version = read_version(&mut value)?;
    if !(0..=1).contains(&version) {
        return Err(format!("unknown TransactionLogValue version {version}"));
    }
    let v = TransactionLogValue::decode_exact(version, value)
        .map_err(|e| format!("bad TransactionLogValue: {e}"))?;
    let state = TransactionState::from_id(v.transaction_status)
        .ok_or_else(|| format!("unknown transaction state {}", v.transaction_status))?;
    let mut m = TransactionMetadata::new(
        transactional_id,
        v.producer_id,
        v.transaction_timeout_ms,
        v.transaction_last_update_timestamp_ms,
    );
    m.previous_producer_id = v.previous_producer_id;
    m.next_producer_id = v.next_producer_id;
    m.producer_epoch = v.producer_epoch;
    m.last_producer_epoch = NO_PRODUCER_EPOCH;
    m.state = state;
    m.txn_start_timestamp = v.transaction_start_timestamp_ms;
    m.client_transaction_version = v.client_transaction_version;
    if state != TransactionState::Empty {
        for p in v.transaction_partitions.unwrap_or_default() {
            for id in p.partition_ids {
                m.partitions.insert((p.topic.clone(), id));
            }
        }
    }
    Ok(Some(m))
}

fn version_prefixed<M: Message>(message: &M, version: i16) -> Bytes {
    message
        .encode_prefixed(version, version)
        .expect("a transaction record within the schema's bounds")
}

fn read_version(buf: &mut Bytes) -> Result<i16, String> {
    if buf.remaining() < 2 {
        return Err("a record shorter than its version".into());
    }
    Ok(buf.get_i16())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use bytes::{BufMut, BytesMut};
    use proptest::prelude::*;

    use super::*;
    use crate::transaction::transaction_metadata::NO_PRODUCER_ID;

    fn transit(state: TransactionState, partitions: &[(&str, i32)]) -> TxnTransitMetadata {
        TxnTransitMetadata {
            producer_id: 42,
            prev_producer_id: 41,
            next_producer_id: NO_PRODUCER_ID,
            producer_epoch: 3,
            last_producer_epoch: 2,
            txn_timeout_ms: 60_000,
            state,
            partitions: partitions
                .iter()
                .map(|(t, p)| (t.to_string(), *p))
                .collect(),
            txn_start_timestamp: 1_000,
            txn_last_update_timestamp: 2_000,
            client_transaction_version: 2,
        }
    }

    #[test]
    fn the_key_is_kafkas_bytes() {
        // Version 0, then the id as an int16-length string.
        assert_eq!(&key_to_bytes("tx-1")[..], b"\0\0\0\x04tx-1");
        assert_eq!(read_key(key_to_bytes("tx-1")).unwrap(), "tx-1");
        assert!(read_key(Bytes::from_static(b"\0\x01\0\x01a")).is_err());
        assert!(read_key(Bytes::from_static(b"\0")).is_err());
    }

    #[test]
    fn a_v0_value_is_kafkas_bytes() {
        let t = transit(TransactionState::Ongoing, &[("b", 1), ("a", 0), ("a", 2)]);
        let bytes = value_to_bytes(&t, 0);
        let mut expected = BytesMut::new();
        expected.put_i16(0); // version
        expected.put_i64(42); // producer id
        expected.put_i16(3); // epoch
        expected.put_i32(60_000); // timeout
        expected.put_i8(1); // Ongoing
        expected.put_i32(2); // partitions by topic, in topic order
        expected.put_i16(1);
        expected.put_slice(b"a");
        expected.put_i32(2);
        expected.put_i32(0);
        expected.put_i32(2);
        expected.put_i16(1);
        expected.put_slice(b"b");
        expected.put_i32(1);
        expected.put_i32(1);
        expected.put_i64(2_000); // last update
        expected.put_i64(1_000); // start
        assert_eq!(&bytes[..], &expected[..]);
    }

    #[test]
    fn values_read_back_and_empty_has_no_partitions() {
        for level in [0, 1, 2] {
            let t = transit(TransactionState::PrepareCommit, &[("a", 0), ("b", 7)]);
            let m = read_value("tx", Some(value_to_bytes(&t, level)))
                .unwrap()
                .unwrap();
            assert_eq!(
                (m.producer_id, m.producer_epoch, m.state),
                (42, 3, TransactionState::PrepareCommit)
            );
            assert_eq!(m.partitions, t.partitions);
            assert_eq!(
                (m.txn_start_timestamp, m.txn_last_update_timestamp),
                (1_000, 2_000)
            );
            // The tagged fields exist from v1 on.
            let carried = level >= 1;
            assert_eq!(m.previous_producer_id == 41, carried);
            assert_eq!(m.client_transaction_version == 2, carried);
        }
        let empty = value_to_bytes(&transit(TransactionState::Empty, &[]), 1);
        let m = read_value("tx", Some(empty)).unwrap().unwrap();
        assert_eq!((m.state, m.partitions.len()), (TransactionState::Empty, 0));
        assert_eq!(read_value("tx", None).unwrap(), None);
    }

    #[test]
    fn unknown_versions_and_states_are_errors() {
        let mut bad_state =
            value_to_bytes(&transit(TransactionState::Ongoing, &[("a", 0)]), 0).to_vec();
        bad_state[2 + 8 + 2 + 4] = 9;
        assert!(read_value("tx", Some(Bytes::from(bad_state)))
            .unwrap_err()
            .contains("state 9"));
        assert!(read_value("tx", Some(Bytes::from_static(b"\0\x05"))).is_err());
        assert!(read_value("tx", Some(Bytes::new())).is_err());
    }

    proptest! {
        #[test]
        fn any_bytes_decode_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = read_key(Bytes::from(bytes.clone()));
            let _ = read_value("tx", Some(Bytes::from(bytes)));
        }

        #[test]
        fn written_values_read_back(
            state in 1i8..6,
            partitions in proptest::collection::btree_set(("[a-c]{1,3}", 0i32..50), 0..20),
            epoch in 0i16..i16::MAX,
        ) {
            let state = TransactionState::from_id(state).unwrap();
            let mut t = transit(state, &[]);
            t.partitions = partitions.into_iter().collect::<BTreeSet<_>>();
            t.producer_epoch = epoch;
            let m = read_value("tx", Some(value_to_bytes(&t, 1))).unwrap().unwrap();
            prop_assert_eq!(m.partitions, t.partitions);
            prop_assert_eq!((m.state, m.producer_epoch), (state, epoch));
        }
    }
}
