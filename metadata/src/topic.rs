//! Kafka's topic names with a meaning of their own (`org.apache.kafka.common.internals.Topic`):
//! the internal topics, the metadata log's name, and the `.`/`_` collision rule.
//!
//! Invariants:
//! - A partition's directory is `<log.dir>/<topic>-<index>`. The only other
//!   entry of a log dir with that shape is the metadata log's own
//!   `__cluster_metadata-0` (every other broker file or folder, e.g. a
//!   partition's `cleaning/`, lives inside a partition directory or has no
//!   `-<digits>` suffix; a deleted partition's directory set aside ends in
//!   `-delete`), so refusing the topic name [`CLUSTER_METADATA_TOPIC`] is what
//!   keeps every topic out of a directory the broker uses otherwise.
//! - Internal topics are written by the broker only; clients may read them.

/// The metadata log (Kafka's KRaft topic). Never a topic: its partition
/// directory would be the metadata log's directory.
pub const CLUSTER_METADATA_TOPIC: &str = "__cluster_metadata";
/// Committed offsets of consumer groups (Kafka's GROUP_METADATA_TOPIC_NAME).
pub const GROUP_METADATA_TOPIC: &str = "__consumer_offsets";
/// Transaction coordinator state (Kafka's TRANSACTION_STATE_TOPIC_NAME).
pub const TRANSACTION_STATE_TOPIC: &str = "__transaction_state";
/// Share group state (Kafka's SHARE_GROUP_STATE_TOPIC_NAME).
pub const SHARE_GROUP_STATE_TOPIC: &str = "__share_group_state";

/// Kafka's `Topic.INTERNAL_TOPICS`.
pub const INTERNAL_TOPICS: [&str; 3] = [
    GROUP_METADATA_TOPIC,
    TRANSACTION_STATE_TOPIC,
    SHARE_GROUP_STATE_TOPIC,
];

/// Kafka's `Topic.isInternal`: a topic the broker alone writes.
pub fn is_internal(name: &str) -> bool {
    INTERNAL_TOPICS.contains(&name)
}

/// A name no client may create a topic under: the metadata log's and the
/// internal topics'.
pub fn is_reserved(name: &str) -> bool {
    name == CLUSTER_METADATA_TOPIC || is_internal(name)
}

/// Kafka's `Topic.unifyCollisionChars`: `a.b` and `a_b` share metric names,
/// so Kafka lets only one of them exist.
pub fn unify_collision_chars(name: &str) -> String {
    name.replace('.', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_kafka() {
        assert!(is_internal("__consumer_offsets"));
        assert!(is_internal("__transaction_state"));
        assert!(!is_internal("__cluster_metadata"));
        assert!(!is_internal("consumer_offsets"));
        assert_eq!(unify_collision_chars("a.b_c"), "a_b_c");
    }
}
