//! Committed offsets, kept as Kafka keeps them: records in the internal topic
//! `__consumer_offsets`, keyed by (group, topic, partition), in Kafka's own
//! binary key/value schema (OffsetCommitKey v1, OffsetCommitValue v3). A null
//! value is a tombstone (a deleted offset). The in-memory table is rebuilt by
//! replaying the topic at start.
//!
//! Offsets committed inside a transaction (TxnOffsetCommit) are written as
//! the producer's transactional batch and held apart, by producer id, until
//! the transaction's marker reaches the group's partition: a commit marker
//! applies them, an abort drops them (Kafka's pending transactional
//! offsets). Until then OffsetFetch with `require_stable` answers
//! UNSTABLE_OFFSET_COMMIT for those partitions.

use std::collections::{BTreeMap, HashMap};

use bytes::{Buf, BufMut, Bytes, BytesMut};

pub const OFFSETS_TOPIC: &str = metadata::topic::GROUP_METADATA_TOPIC;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetAndMetadata {
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: String,
    pub commit_timestamp: i64,
}

/// Java's `String.hashCode`, so that a group maps to the same
/// `__consumer_offsets` partition as in Kafka.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// Kafka's `Utils.abs(groupId.hashCode()) % partitions`.
pub fn partition_for(group: &str, partitions: i32) -> i32 {
    let h = java_string_hash(group);
    let abs = if h == i32::MIN { 0 } else { h.abs() };
    abs % partitions.max(1)
}

fn put_string(buf: &mut BytesMut, s: &str) {
    buf.put_i16(s.len().min(i16::MAX as usize) as i16);
    buf.put_slice(&s.as_bytes()[..s.len().min(i16::MAX as usize)]);
}

fn get_string(buf: &mut Bytes) -> Option<String> {
    if buf.remaining() < 2 {
        return None;
    }
    let n = buf.get_i16();
    if n < 0 || buf.remaining() < n as usize {
        return None;
    }
    String::from_utf8(buf.split_to(n as usize).to_vec()).ok()
}

/// OffsetCommitKey v1: version, group, topic, partition.
pub fn encode_key(group: &str, topic: &str, partition: i32) -> Bytes {
    let mut b = BytesMut::with_capacity(8 + group.len() + topic.len());
    b.put_i16(1);
    put_string(&mut b, group);
    put_string(&mut b, topic);
    b.put_i32(partition);
    b.freeze()
}

/// OffsetCommitValue v3: version, offset, leader epoch, metadata, commit timestamp.
pub fn encode_value(o: &OffsetAndMetadata) -> Bytes {
    let mut b = BytesMut::with_capacity(26 + o.metadata.len());
    b.put_i16(3);
    b.put_i64(o.offset);
    b.put_i32(o.leader_epoch);
    put_string(&mut b, &o.metadata);
    b.put_i64(o.commit_timestamp);
    b.freeze()
}

fn decode_key(mut key: Bytes) -> Option<(String, String, i32)> {
    if key.remaining() < 2 {
        return None;
    }
    let version = key.get_i16();
    if version > 1 {
        // Group metadata records (version 2) are not offsets.
        return None;
    }
    let group = get_string(&mut key)?;
    let topic = get_string(&mut key)?;
    if key.remaining() < 4 {
        return None;
    }
    Some((group, topic, key.get_i32()))
}

fn decode_value(mut value: Bytes) -> Option<OffsetAndMetadata> {
    if value.remaining() < 10 {
        return None;
    }
    let version = value.get_i16();
    let offset = value.get_i64();
    let leader_epoch = if version >= 3 {
        if value.remaining() < 4 {
            return None;
        }
        value.get_i32()
    } else {
        -1
    };
    let metadata = get_string(&mut value)?;
    let commit_timestamp = if value.remaining() >= 8 {
        value.get_i64()
    } else {
        -1
    };
    Some(OffsetAndMetadata {
        offset,
        leader_epoch,
        metadata,
        commit_timestamp,
    })
}

/// The committed offsets of every group, in memory.
/// Offsets (or tombstones, `None`) an open transaction wrote, by (group,
/// topic, partition): a later commit of the same partition replaces the
/// earlier one, so a transaction holds one entry per partition it commits.
type PendingOffsets = BTreeMap<(String, String, i32), Option<OffsetAndMetadata>>;

#[derive(Debug, Default)]
pub struct OffsetTable {
    groups: HashMap<String, BTreeMap<(String, i32), OffsetAndMetadata>>,
    /// Offsets of open transactions, by producer id.
    pending: HashMap<i64, PendingOffsets>,
}

impl OffsetTable {
    /// Applies one record of `__consumer_offsets` (replay or a new commit).
    pub fn apply_record(&mut self, key: Option<Bytes>, value: Option<Bytes>) {
        let Some((group, topic, partition)) = key.and_then(decode_key) else {
            return;
        };
        self.apply(group, topic, partition, value.and_then(decode_value));
    }

    /// Sets (or, with `None`, deletes) one committed offset.
    fn apply(
        &mut self,
        group: String,
        topic: String,
        partition: i32,
        offset: Option<OffsetAndMetadata>,
    ) {
        match offset {
            Some(o) => {
                self.groups
                    .entry(group)
                    .or_default()
                    .insert((topic, partition), o);
            }
            None => {
                if let Some(g) = self.groups.get_mut(&group) {
                    g.remove(&(topic, partition));
                    if g.is_empty() {
                        self.groups.remove(&group);
                    }
                }
            }
        }
    }

    /// A record of producer `producer_id`'s open transaction: held until
    /// its marker.
    pub fn add_pending(&mut self, producer_id: i64, key: Option<Bytes>, value: Option<Bytes>) {
        let Some((group, topic, partition)) = key.and_then(decode_key) else {
            return;
        };
        let offset = value.and_then(decode_value);
        self.pending
            .entry(producer_id)
            .or_default()
            .insert((group, topic, partition), offset);
    }

    /// The marker of `producer_id`'s transaction reached the partition of
    /// the groups for which `belongs` holds: their offsets apply on a
    /// commit and are dropped on an abort.
    pub fn complete_pending(
        &mut self,
        producer_id: i64,
        commit: bool,
        belongs: impl Fn(&str) -> bool,
    ) {
        let Some(entries) = self.pending.remove(&producer_id) else {
            return;
        };
        let (done, kept): (PendingOffsets, PendingOffsets) =
            entries.into_iter().partition(|((g, _, _), _)| belongs(g));
        if !kept.is_empty() {
            self.pending.insert(producer_id, kept);
        }
        if !commit {
            return;
        }
        for ((group, topic, partition), offset) in done {
            self.apply(group, topic, partition, offset);
        }
    }

    /// Whether an open transaction holds an offset of this partition for
    /// `group` (OffsetFetch's `require_stable`).
    pub fn has_pending(&self, group: &str, topic: &str, partition: i32) -> bool {
        let key = (group.to_string(), topic.to_string(), partition);
        self.pending.values().any(|p| p.contains_key(&key))
    }

    pub fn get(&self, group: &str, topic: &str, partition: i32) -> Option<&OffsetAndMetadata> {
        self.groups.get(group)?.get(&(topic.to_string(), partition))
    }

    pub fn group(&self, group: &str) -> Option<&BTreeMap<(String, i32), OffsetAndMetadata>> {
        self.groups.get(group)
    }

    pub fn groups(&self) -> impl Iterator<Item = &String> {
        self.groups.keys()
    }

    pub fn has_group(&self, group: &str) -> bool {
        self.groups.contains_key(group)
    }

    /// Keeps only the groups for which `keep` is true.
    pub fn retain_groups(&mut self, keep: impl Fn(&str) -> bool) {
        self.groups.retain(|g, _| keep(g));
        for entries in self.pending.values_mut() {
            entries.retain(|(g, _, _), _| keep(g));
        }
        self.pending.retain(|_, entries| !entries.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_hash_matches_kafka() {
        // Values from Java's "...".hashCode().
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("test-group"), 627_841_412);
        assert_eq!(java_string_hash("héllo"), 103_094_734);
        assert_eq!(partition_for("test-group", 50), 12);
    }

    #[test]
    fn records_round_trip_and_tombstones_delete() {
        let mut t = OffsetTable::default();
        let o = OffsetAndMetadata {
            offset: 42,
            leader_epoch: 3,
            metadata: "m".into(),
            commit_timestamp: 1000,
        };
        t.apply_record(Some(encode_key("g", "t", 1)), Some(encode_value(&o)));
        assert_eq!(t.get("g", "t", 1), Some(&o));
        t.apply_record(Some(encode_key("g", "t", 1)), None);
        assert_eq!(t.get("g", "t", 1), None);
        assert!(!t.has_group("g"));
        // Garbage is ignored, never a panic.
        t.apply_record(
            Some(Bytes::from_static(&[0, 1, 0xff])),
            Some(Bytes::from_static(&[1])),
        );
        t.apply_record(None, None);
    }

    #[test]
    fn transactional_offsets_wait_for_their_marker() {
        let mut table = OffsetTable::default();
        let o = |offset| OffsetAndMetadata {
            offset,
            leader_epoch: -1,
            metadata: String::new(),
            commit_timestamp: 1,
        };
        let record =
            |g: &str, offset| (Some(encode_key(g, "t", 0)), Some(encode_value(&o(offset))));
        // Committed again in the same transaction: one entry, the last.
        for offset in [4, 5] {
            let (k, v) = record("g", offset);
            table.add_pending(7, k, v);
        }
        let (k, v) = record("h", 6);
        table.add_pending(7, k, v);
        assert_eq!(table.pending.values().map(|p| p.len()).sum::<usize>(), 2);
        assert!(table.get("g", "t", 0).is_none());
        assert!(table.has_pending("g", "t", 0));
        // The marker on g's partition applies g's offset only.
        table.complete_pending(7, true, |g| g == "g");
        assert_eq!(table.get("g", "t", 0), Some(&o(5)));
        assert!(!table.has_pending("g", "t", 0));
        assert!(table.has_pending("h", "t", 0));
        // An abort drops them.
        table.complete_pending(7, false, |_| true);
        assert!(table.get("h", "t", 0).is_none());
        assert!(!table.has_pending("h", "t", 0));
    }
}
