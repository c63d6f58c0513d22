//! SaslAuthenticate v0–2: one message of the mechanism chosen by the
//! handshake (SCRAM's users are the metadata's credentials). Success sets the connection's principal (and, v1+, tells the
//! session's lifetime, KIP-368); failure is answered with Kafka's error and
//! message, logged with the client's address and never its credentials,
//! and the connection is closed once the answer is sent.
//!
//! After SaslHandshake v0 the same messages come as raw frames
//! ([`raw_token`]): each answered by a raw frame, a failure by closing the
//! connection without an answer, as Kafka's `SaslServerAuthenticator` does.

use bytes::{BufMut, Bytes, BytesMut};
use protocol::messages::{SaslAuthenticateRequest, SaslAuthenticateResponse};

use crate::broker::Broker;
use crate::error::code;
use crate::request_context::ConnectionState;
use crate::response::Chunk;
use crate::sasl::AuthenticateAnswer;

/// A raw SASL token (the frame after SaslHandshake v0) -> the raw answer.
/// `Err`: authentication failed, close the connection.
pub fn raw_token(
    broker: &Broker,
    conn: &mut ConnectionState,
    token: Bytes,
) -> Result<Vec<Chunk>, String> {
    let now_ms = storage::log::now_ms() as u64;
    let answer = authenticate(broker, conn, &token, now_ms).expect("a v0 handshake was answered");
    if answer.close {
        return Err("SASL authentication failed after SaslHandshake v0".into());
    }
    let len = u32::try_from(answer.auth_bytes.len()).expect("a token answer is small");
    let mut frame = BytesMut::with_capacity(4 + answer.auth_bytes.len());
    frame.put_u32(len);
    frame.put_slice(&answer.auth_bytes);
    Ok(vec![Chunk::Bytes(frame.freeze())])
}

pub fn handle(
    broker: &Broker,
    conn: &mut ConnectionState,
    version: i16,
    request: SaslAuthenticateRequest,
    now_ms: u64,
) -> SaslAuthenticateResponse {
    let Some(answer) = authenticate(broker, conn, &request.auth_bytes, now_ms) else {
        return SaslAuthenticateResponse {
            error_code: code::ILLEGAL_SASL_STATE,
            error_message: Some("Unexpected SaslAuthenticate request".into()),
            ..Default::default()
        };
    };
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

/// One message of the mechanism through the connection's authenticator
/// (`None` on a listener without SASL): success sets the principal; a
/// failure is logged with the client's address, never its credentials,
/// and closes the connection.
fn authenticate(
    broker: &Broker,
    conn: &mut ConnectionState,
    message: &[u8],
    now_ms: u64,
) -> Option<AuthenticateAnswer> {
    let sasl = conn.sasl.as_mut()?;
    let state = broker.state();
    let credentials =
        |user: &str, mechanism: &str| state.scram_credentials.get(user)?.get(mechanism).cloned();
    let answer = sasl.authenticate(message, now_ms, &credentials);
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
    Some(answer)
}
