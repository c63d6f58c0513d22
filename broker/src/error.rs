//! The broker's side of Kafka's error codes (declared once, in
//! `protocol::error`): [`ApiError`], the typed error a request's handling
//! returns (a code and the message sent with it), and how the metadata's
//! errors map to codes.
//!
//! Invariant: an `ApiError` never carries `NONE` (a test checks the
//! constructors refuse it in debug builds).

pub use protocol::error::code;

use metadata::MetadataError;

/// An error answered to a request: Kafka's error code and the message sent
/// with it (Kafka's `ApiException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: i16,
    pub message: String,
}

impl ApiError {
    pub fn new(code: i16, message: impl Into<String>) -> ApiError {
        debug_assert_ne!(code, code::NONE, "an error needs an error code");
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// `code` with Kafka's default message for it.
    pub fn of(code: i16) -> ApiError {
        let message = protocol::error::ErrorCode::of(code).map_or("", |e| e.message);
        ApiError::new(code, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&protocol::error::describe(self.code, Some(&self.message)))
    }
}

impl From<&MetadataError> for ApiError {
    fn from(e: &MetadataError) -> ApiError {
        ApiError::new(metadata_error_code(e), e.to_string())
    }
}

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
        MetadataError::NoReassignmentInProgress(_) => code::NO_REASSIGNMENT_IN_PROGRESS,
        MetadataError::BrokerNotRegistered(_) => code::BROKER_ID_NOT_REGISTERED,
        // Kafka answers NOT_CONTROLLER / REQUEST_TIMED_OUT; clients retry both.
        MetadataError::NotAvailable(_) => code::REQUEST_TIMED_OUT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_without_a_message_gets_kafkas_default() {
        let e = ApiError::of(code::UNKNOWN_TOPIC_OR_PARTITION);
        assert_eq!(e.message, "This server does not host this topic-partition.");
        assert_eq!(
            e.to_string(),
            "UNKNOWN_TOPIC_OR_PARTITION: This server does not host this topic-partition."
        );
    }

    #[test]
    #[should_panic(expected = "an error needs an error code")]
    #[cfg(debug_assertions)]
    fn none_is_not_an_error() {
        let _ = ApiError::new(code::NONE, "fine");
    }
}
