//! A connection from this broker to another one's inter-broker listener,
//! as Kafka's `NetworkClient` between brokers: TLS and SASL as configured
//! for that listener (`crate::client_security::inter_broker`), then one
//! request at a time, each answered before the next is sent. The replica
//! fetchers, the transaction marker channel and the produce path's
//! transaction verification use it.
//!
//! Invariants: a call waits at most `IO_TIMEOUT` for its answer; an answer
//! whose correlation id is not the request's is an error (the connection
//! must then be dropped, as after any error: it may hold a late answer);
//! an answer is read within `MAX_RESPONSE` bytes.

use std::time::Duration;

use bytes::Bytes;
use metadata::ClusterState;
use protocol::frame::{decode_response, encode_request};
use protocol::messages::{
    ApiKey, RequestBody, ResponseBody, SaslAuthenticateRequest, SaslHandshakeRequest,
};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::client_security::stream::Stream;
use crate::client_security::{ClientSecurity, SaslExchange};
use crate::error::code;

const MAX_RESPONSE: usize = 256 << 20;
const IO_TIMEOUT: Duration = Duration::from_secs(30);

pub struct BrokerConnection {
    stream: Stream,
    correlation_id: i32,
    client_id: &'static str,
}

impl BrokerConnection {
    /// Connects to broker `node` as registered in `state`, speaking the
    /// inter-broker listener's protocol (`security`).
    pub async fn connect(
        state: &ClusterState,
        security: &ClientSecurity,
        node: i32,
        client_id: &'static str,
    ) -> Result<BrokerConnection, String> {
        let b = state
            .brokers
            .get(&node)
            .ok_or_else(|| format!("broker {node} is not registered"))?;
        let addr = format!("{}:{}", b.host, b.port);
        let stream = tokio::time::timeout(Duration::from_secs(5), TcpStream::connect(&addr))
            .await
            .map_err(|_| format!("connecting to {addr} timed out"))?
            .map_err(|e| format!("connecting to {addr}: {e}"))?;
        let _ = stream.set_nodelay(true);
        // The inter-broker listener's protocol: TLS and SASL as configured.
        let stream = tokio::time::timeout(IO_TIMEOUT, security.wrap(stream, &b.host))
            .await
            .map_err(|_| format!("the TLS handshake with {addr} timed out"))??;
        let mut conn = BrokerConnection {
            stream,
            correlation_id: 0,
            client_id,
        };
        if let Some(sasl) = &security.sasl {
            conn.authenticate(SaslExchange::new(sasl), &sasl.mechanism)
                .await
                .map_err(|e| format!("authenticating to {addr}: {e}"))?;
        }
        Ok(conn)
    }

    /// SaslHandshake v1, then the mechanism's messages in SaslAuthenticate
    /// v2, as Kafka's brokers authenticate to each other.
    async fn authenticate(
        &mut self,
        mut exchange: SaslExchange,
        mechanism: &str,
    ) -> Result<(), String> {
        let handshake = SaslHandshakeRequest {
            mechanism: mechanism.to_string(),
            ..Default::default()
        };
        let ResponseBody::SaslHandshake(answer) =
            self.call(1, RequestBody::SaslHandshake(handshake)).await?
        else {
            return Err("not a SaslHandshake answer".into());
        };
        if answer.error_code != code::NONE {
            return Err(format!(
                "the broker refused mechanism {mechanism} (error {}); it offers {}",
                answer.error_code,
                answer.mechanisms.join(", ")
            ));
        }
        let mut message = exchange.first();
        loop {
            let request = SaslAuthenticateRequest {
                auth_bytes: Bytes::from(message),
                ..Default::default()
            };
            let ResponseBody::SaslAuthenticate(answer) =
                self.call(2, RequestBody::SaslAuthenticate(request)).await?
            else {
                return Err("not a SaslAuthenticate answer".into());
            };
            if answer.error_code != code::NONE {
                return Err(answer.error_message.unwrap_or_default());
            }
            match exchange.next(&answer.auth_bytes)? {
                Some(next) => message = next,
                None => return Ok(()),
            }
        }
    }

    /// Sends one request and reads its answer (within IO_TIMEOUT).
    pub async fn call(&mut self, version: i16, body: RequestBody) -> Result<ResponseBody, String> {
        self.correlation_id = self.correlation_id.wrapping_add(1);
        let api: ApiKey = body.api_key();
        let frame = encode_request(self.correlation_id, Some(self.client_id), version, &body)
            .map_err(|e| e.to_string())?;
        let io = async {
            self.stream
                .write_all(&frame)
                .await
                .map_err(protocol::frame::FrameError::Io)?;
            protocol::frame::read_frame(&mut self.stream, 4, MAX_RESPONSE).await
        };
        let bytes: Bytes = tokio::time::timeout(IO_TIMEOUT, io)
            .await
            .map_err(|_| "the broker did not answer in time".to_string())?
            .map_err(|e| e.to_string())?
            .ok_or("the broker closed the connection")?;
        let (id, response) = decode_response(api, version, bytes).map_err(|e| e.to_string())?;
        if id != self.correlation_id {
            return Err("correlation id mismatch".into());
        }
        Ok(response)
    }
}
