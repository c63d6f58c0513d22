//! SaslHandshake v0–1: the mechanism a client will authenticate with. After
//! v1 its messages come in SaslAuthenticate; after v0 as raw frames
//! ([`super::sasl_authenticate::raw_token`]). On a listener without SASL,
//! ILLEGAL_SASL_STATE, as Kafka answers.

use protocol::messages::{SaslHandshakeRequest, SaslHandshakeResponse};

use crate::error::code;
use crate::request_context::ConnectionState;

pub fn handle(
    conn: &mut ConnectionState,
    version: i16,
    request: SaslHandshakeRequest,
) -> SaslHandshakeResponse {
    let Some(sasl) = conn.sasl.as_mut() else {
        return SaslHandshakeResponse {
            error_code: code::ILLEGAL_SASL_STATE,
            ..Default::default()
        };
    };
    let answer = sasl.handshake(&request.mechanism, version);
    if answer.close {
        tracing::info!(peer = %conn.peer, mechanism = %request.mechanism, "Failed authentication: unsupported SASL mechanism");
    }
    conn.close_after_response |= answer.close;
    SaslHandshakeResponse {
        error_code: answer.error_code,
        mechanisms: answer.mechanisms,
        ..Default::default()
    }
}
