//! The broker's side of Kafka's error codes (declared once, in
//! `protocol::error`): how its own errors map to them.

pub use protocol::error::code;

use metadata::MetadataError;

/// The Kafka error code for a rejected metadata command.
pub fn metadata_error_code(e: &MetadataError) -> i16 {
    match e {
        MetadataError::TopicAlreadyExists(_) => code::TOPIC_ALREADY_EXISTS,
        MetadataError::UnknownTopic(_) | MetadataError::UnknownPartition(..) => {
            code::UNKNOWN_TOPIC_OR_PARTITION
        }
        MetadataError::InvalidTopic(..) => code::INVALID_TOPIC_EXCEPTION,
        MetadataError::InvalidPartitions(_) => code::INVALID_PARTITIONS,
        MetadataError::InvalidReplicationFactor(_) => code::INVALID_REPLICATION_FACTOR,
        MetadataError::InvalidReplicaAssignment(_) => code::INVALID_REPLICA_ASSIGNMENT,
        MetadataError::Invalid(_) | MetadataError::ReservedTopic(_) => code::INVALID_REQUEST,
        MetadataError::Io(_) => code::KAFKA_STORAGE_ERROR,
        MetadataError::StaleEpoch(_) => code::FENCED_LEADER_EPOCH,
        // Kafka answers NOT_CONTROLLER / REQUEST_TIMED_OUT; clients retry both.
        MetadataError::NotAvailable(_) => code::REQUEST_TIMED_OUT,
    }
}
