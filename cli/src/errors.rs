//! How the tools treat Kafka's error codes (declared once, in
//! `protocol::error`, with Kafka's names and default messages, so that the
//! tools print what a Kafka user would search for).

pub use protocol::error::code::*;
pub use protocol::error::{describe, name};

/// Errors worth retrying after a metadata refresh: leadership moved or is
/// being elected, so nothing was written.
pub fn is_stale_metadata(code: i16) -> bool {
    matches!(
        code,
        LEADER_NOT_AVAILABLE | NOT_LEADER_OR_FOLLOWER | FENCED_LEADER_EPOCH | UNKNOWN_LEADER_EPOCH
    )
}

/// Errors that mean "ask FindCoordinator again, then retry".
pub fn is_coordinator_error(code: i16) -> bool {
    matches!(
        code,
        COORDINATOR_LOAD_IN_PROGRESS | COORDINATOR_NOT_AVAILABLE | NOT_COORDINATOR
    )
}
