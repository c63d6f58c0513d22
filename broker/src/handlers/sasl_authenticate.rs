//! SaslAuthenticate v0–2: one message of the mechanism chosen by the
//! handshake (SCRAM's users are the metadata's credentials). Success sets the connection's principal (and, v1+, tells the
//! session's lifetime, KIP-368); failure is answered with Kafka's error and
//! message, logged with the client's address and never its credentials,
//! and the connection is closed once the answer is sent.

use bytes::Bytes;
use protocol::messages::{SaslAuthenticateRequest, SaslAuthenticateResponse};

use crate::broker::Broker;
use crate::error::code;
use crate::request_context::ConnectionState;

pub fn handle(
    broker: &Broker,
    conn: &mut ConnectionState,
    version: i16,
    request: SaslAuthenticateRequest,
    now_ms: u64,
) -> SaslAuthenticateResponse {
    let Some(sasl) = conn.sasl.as_mut() else {
        return SaslAuthenticateResponse {
            error_code: code::ILLEGAL_SASL_STATE,
            error_message: Some("Unexpected SaslAuthenticate request".into()),
            ..Default::default()
        };
    };
    let state = broker.state();
    let credentials =
        |user: &str, mechanism: &str| state.scram_credentials.get(user)?.get(mechanism).cloned();
    let answer = sasl.authenticate(&request.auth_bytes, now_ms, &credentials);
    match (&answer.principal, &answer.error_message) {
        (Some(principal), _) => {
            tracing::debug!(%principal, "authenticated");
            conn.principal = principal.clone();
        }
        (None, Some(reason)) if answer.close => {
            tracing::info!(peer = %conn.peer, listener = %conn.listener, %reason, "Failed authentication");
        }
        _ => {}
    }
    conn.close_after_response |= answer.close;
    SaslAuthenticateResponse {
        error_code: answer.error_code,
        error_message: answer.error_message,
        auth_bytes: Bytes::from(answer.auth_bytes),
        session_lifetime_ms: if version >= 1 {
            answer.session_lifetime_ms
        } else {
            0
        },
        ..Default::default()
    }
}
