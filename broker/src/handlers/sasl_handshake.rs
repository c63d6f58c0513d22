//! SaslHandshake v1: the mechanism a client will authenticate with (its
//! messages then come in SaslAuthenticate). On a listener without SASL,
//! ILLEGAL_SASL_STATE, as Kafka answers. v0 (raw SASL tokens after the
//! handshake) is not served: every client of Kafka 1.0 and later uses v1.

use protocol::messages::{SaslHandshakeRequest, SaslHandshakeResponse};

use crate::error::code;
use crate::request_context::ConnectionState;

pub fn handle(conn: &mut ConnectionState, request: SaslHandshakeRequest) -> SaslHandshakeResponse {
    let Some(sasl) = conn.sasl.as_mut() else {
        return SaslHandshakeResponse {
            error_code: code::ILLEGAL_SASL_STATE,
            ..Default::default()
        };
    };
    let answer = sasl.handshake(&request.mechanism);
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
