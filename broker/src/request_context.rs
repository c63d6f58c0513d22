//! What a handler knows of a request beyond its body, as Kafka's
//! `RequestContext`: the header's API, version, correlation id and client
//! id, the listener and peer it came from, and the principal (from the
//! client certificate on an SSL listener, else `User:ANONYMOUS`). It is
//! built once per request by `handlers::dispatch` from the connection's
//! [`ConnectionState`], which the listener owns.
//!
//! Invariant: handlers see connections only through these two types; they
//! never import the listener (`server.rs`), which imports them.

use std::net::SocketAddr;

use protocol::ApiKey;

use crate::sasl::SaslAuthenticator;

/// Kafka's principal of an unauthenticated client (`KafkaPrincipal.ANONYMOUS`).
pub const ANONYMOUS: &str = "User:ANONYMOUS";

/// What the broker learned about one client connection, kept across its
/// requests.
#[derive(Debug)]
pub struct ConnectionState {
    pub peer: SocketAddr,
    /// The listener's name (`PLAINTEXT`, ...).
    pub listener: String,
    /// The broker this connection was shown to come from, once one of its
    /// fetches as a replica was allowed (checked once per connection).
    pub replica: Option<i32>,
    /// Who the client is (`User:...`), set when the connection is
    /// authenticated.
    pub principal: String,
    /// On a SASL listener: where the connection is in its authentication.
    pub sasl: Option<SaslAuthenticator>,
    /// Close the connection once the response being written is sent (a
    /// failed authentication).
    pub close_after_response: bool,
    /// Read no further request for this long once the response is sent: a
    /// client over its quota (Kafka mutes the channel, KIP-219).
    pub mute_ms: u64,
    /// The client's software name and version, as its ApiVersions (v3+)
    /// gave them ("" until then).
    pub client_software: (String, String),
}

impl ConnectionState {
    pub fn new(peer: SocketAddr, listener: &str, principal: String) -> ConnectionState {
        ConnectionState {
            peer,
            listener: listener.to_string(),
            replica: None,
            principal,
            sasl: None,
            close_after_response: false,
            mute_ms: 0,
            client_software: (String::new(), String::new()),
        }
    }
}

/// One request's context.
#[derive(Debug, Clone, Copy)]
pub struct RequestContext<'a> {
    pub api: ApiKey,
    pub version: i16,
    pub correlation_id: i32,
    /// The header's client id ("" when null).
    pub client_id: &'a str,
    pub listener: &'a str,
    pub peer: SocketAddr,
    pub principal: &'a str,
    /// The client's software name and version ("" if unknown).
    pub client_software: (&'a str, &'a str),
}

impl RequestContext<'_> {
    /// The client host as Kafka's group coordinator records it (`/1.2.3.4`).
    pub fn client_host(&self) -> String {
        format!("/{}", self.peer.ip())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_host_is_written_as_kafka_does() {
        let ctx = RequestContext {
            api: ApiKey::JoinGroup,
            version: 9,
            correlation_id: 1,
            client_id: "c",
            listener: "PLAINTEXT",
            peer: "10.0.0.7:5555".parse().unwrap(),
            principal: ANONYMOUS,
            client_software: ("", ""),
        };
        assert_eq!(ctx.client_host(), "/10.0.0.7");
    }
}
