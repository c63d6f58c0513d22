//! The client's error type: what went wrong talking to the cluster.
//!
//! Invariants: every variant prints as one line, naming the broker's address
//! where one was involved; a Kafka error code prints as `errors::describe`
//! phrases it.

use super::*;

/// What went wrong talking to the cluster. Every variant prints as one line.
#[derive(Debug)]
pub enum Error {
    /// No TCP connection could be opened.
    Connect { addr: String, reason: String },
    /// The connection broke or timed out during a request.
    Io { addr: String, reason: String },
    /// The broker answered something we cannot read.
    Protocol { addr: String, reason: String },
    /// Something answered that is not a Kafka broker: `like` says what it
    /// looked like (HTTP, TLS, SSH) or shows its first bytes.
    NotKafka { addr: String, like: String },
    /// Nothing answered within `--timeout`.
    Timeout { addr: String, secs: u64 },
    /// The broker does not implement an API (or no version we know).
    Unsupported { addr: String, api: ApiKey },
    /// A Kafka error code, with `context` (e.g. "partition 3: ") before it.
    Kafka {
        context: String,
        code: i16,
        message: Option<String>,
    },
    /// Anything else, already phrased for the user.
    Other(String),
}

impl Error {
    pub fn kafka(code: i16, message: Option<String>) -> Error {
        Error::Kafka {
            context: String::new(),
            code,
            message,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Connect { addr, reason } => write!(
                f,
                "cannot connect to {addr}: {reason} — is a broker running? start one with `tributary broker`"
            ),
            Error::Io { addr, reason } => write!(f, "connection to {addr} failed: {reason}"),
            Error::Protocol { addr, reason } => {
                write!(f, "unreadable response from {addr}: {reason}")
            }
            Error::NotKafka { addr, like } => {
                write!(f, "{addr} does not speak the Kafka protocol ({like})")
            }
            Error::Timeout { addr, secs } => write!(
                f,
                "no answer from {addr} within {secs} s (--timeout {secs}): is a Kafka broker listening there?"
            ),
            Error::Unsupported { addr, api } => write!(
                f,
                "the broker at {addr} does not support {} versions {}-{}",
                api.name(),
                spoken_versions(*api).min,
                spoken_versions(*api).max
            ),
            Error::Kafka {
                context,
                code,
                message,
            } => write!(f, "{context}{}", errors::describe(*code, message.as_deref())),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// io::Error's text without the "(os error 111)" tail users do not need.
pub(super) fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
