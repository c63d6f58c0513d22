//! One TCP connection to one broker (Kafka's `NetworkClient` channel, one
//! request at a time): connect, ApiVersions negotiation, framing and
//! correlation ids.
//!
//! Invariants: a request is sent at the version negotiated on connect, never
//! above `NEWEST_SPOKEN`; a response must carry the correlation id of the
//! request just sent; a connection whose response was abandoned (a dropped
//! future) is marked desynchronized and never reused.

use super::error::io_reason;
use super::pipeline::PIPELINE_QUEUE;
use super::*;
use broker::client_security::stream::Stream;
use broker::client_security::{ClientSecurity, SaslExchange};

/// One connection to one broker, with the API versions agreed on it.
pub struct Connection {
    addr: String,
    stream: Stream,
    client_id: String,
    next_correlation_id: i32,
    /// API key → the highest version both sides support.
    versions: HashMap<i16, i16>,
    /// How long a request may wait for its response (`--timeout`).
    request_timeout: Duration,
    /// A request was written and its response not read yet: set while a
    /// request is under way, so it stays set when the future sending it was
    /// dropped (Ctrl-C during a fetch). Such a connection must not be reused:
    /// its next frame is the abandoned response.
    in_flight: bool,
}

impl Connection {
    /// Connects and negotiates versions. Says on stderr what it waits for
    /// after [`WAITING_NOTICE_AFTER`]; gives up after `timeout` when given
    /// (else after the connect and request timeouts).
    pub async fn connect(
        addr: &str,
        client_id: &str,
        timeout: Option<Duration>,
        security: &ClientSecurity,
    ) -> Result<Connection> {
        let attempt = Self::open(addr, client_id, timeout, security);
        tokio::pin!(attempt);
        let notice = tokio::time::sleep(WAITING_NOTICE_AFTER);
        tokio::pin!(notice);
        let give_up = tokio::time::sleep(timeout.unwrap_or(Duration::MAX / 4));
        tokio::pin!(give_up);
        let mut noticed = false;
        loop {
            // Biased: `give_up` ends no later than the attempt's own timeouts
            // (started after it), so when both are due it is the one reported.
            tokio::select! {
                biased;
                _ = &mut give_up, if timeout.is_some() => {
                    return Err(Error::Timeout {
                        addr: addr.to_string(),
                        secs: timeout.map_or(0, |t| t.as_secs()),
                    })
                }
                result = &mut attempt => return result,
                _ = &mut notice, if !noticed => {
                    noticed = true;
                    eprintln!("waiting for {addr}…");
                }
            }
        }
    }

    async fn open(
        addr: &str,
        client_id: &str,
        timeout: Option<Duration>,
        security: &ClientSecurity,
    ) -> Result<Connection> {
        let connect_timeout = timeout.map_or(CONNECT_TIMEOUT, |t| t.min(CONNECT_TIMEOUT));
        let stream = match tokio::time::timeout(connect_timeout, TcpStream::connect(addr)).await {
            Err(_) => {
                return Err(Error::Connect {
                    addr: addr.to_string(),
                    reason: format!("timed out after {} s", connect_timeout.as_secs()),
                })
            }
            Ok(Err(e)) => {
                return Err(Error::Connect {
                    addr: addr.to_string(),
                    reason: io_reason(&e),
                })
            }
            Ok(Ok(stream)) => stream,
        };
        // Requests are small and sent one at a time: Nagle would only delay them.
        let _ = stream.set_nodelay(true);
        let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
        let stream = match tokio::time::timeout(connect_timeout, security.wrap(stream, host)).await
        {
            Ok(Ok(stream)) => stream,
            // The broker is there: a TLS failure is not a missing broker.
            Ok(Err(reason)) => {
                return Err(Error::Io {
                    addr: addr.to_string(),
                    reason,
                })
            }
            Err(_) => {
                return Err(Error::Io {
                    addr: addr.to_string(),
                    reason: format!("no TLS handshake within {} s", connect_timeout.as_secs()),
                })
            }
        };
        let mut conn = Connection {
            addr: addr.to_string(),
            stream,
            client_id: client_id.to_string(),
            next_correlation_id: 0,
            versions: HashMap::new(),
            request_timeout: timeout.unwrap_or(REQUEST_TIMEOUT),
            in_flight: false,
        };
        conn.negotiate_versions().await?;
        if let Some(sasl) = &security.sasl {
            conn.authenticate(SaslExchange::new(sasl), &sasl.mechanism)
                .await?;
        }
        Ok(conn)
    }

    /// SaslHandshake v1, then the mechanism's messages in SaslAuthenticate,
    /// as Kafka's clients authenticate.
    async fn authenticate(&mut self, mut exchange: SaslExchange, mechanism: &str) -> Result<()> {
        let request = SaslHandshakeRequest {
            mechanism: mechanism.to_string(),
            ..Default::default()
        };
        let response = self.send(RequestBody::SaslHandshake(request)).await?;
        let handshake = expect_body!(response, SaslHandshake)?;
        if handshake.error_code != errors::NONE {
            return Err(Error::kafka(
                handshake.error_code,
                Some(format!(
                    "mechanism {mechanism}; the listener offers {}",
                    handshake.mechanisms.join(", ")
                )),
            ));
        }
        let mut message = exchange.first();
        loop {
            let request = SaslAuthenticateRequest {
                auth_bytes: Bytes::from(message),
                ..Default::default()
            };
            let response = self.send(RequestBody::SaslAuthenticate(request)).await?;
            let answer = expect_body!(response, SaslAuthenticate)?;
            if answer.error_code != errors::NONE {
                return Err(Error::kafka(answer.error_code, answer.error_message));
            }
            match exchange.next(&answer.auth_bytes).map_err(Error::Other)? {
                Some(next) => message = next,
                None => return Ok(()),
            }
        }
    }

    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// Whether an earlier request was abandoned halfway (see `in_flight`).
    pub fn is_desynchronized(&self) -> bool {
        self.in_flight
    }

    /// The version to use for `api`, or `None` when the broker lacks it.
    pub fn version(&self, api: ApiKey) -> Option<i16> {
        self.versions.get(&(api as i16)).copied()
    }

    /// ApiVersions first, as every Kafka client does: the broker lists what it
    /// implements and we keep, per API, the highest version we both know.
    async fn negotiate_versions(&mut self) -> Result<()> {
        let ours = spoken_versions(ApiKey::ApiVersions);
        let mut version = ours.max;
        loop {
            let mut request = ApiVersionsRequest::default();
            if version >= 3 {
                request.client_software_name = "tributary".into();
                request.client_software_version = env!("CARGO_PKG_VERSION").into();
            }
            let frame = self
                .round_trip(version, &RequestBody::ApiVersions(request))
                .await?;
            // A broker that does not know our ApiVersions version answers in
            // v0 with UNSUPPORTED_VERSION and its own range (KIP-511).
            let (correlation_id, body) =
                decode_response(ApiKey::ApiVersions, version, frame.clone())
                    .or_else(|_| decode_response(ApiKey::ApiVersions, 0, frame))
                    .map_err(|e| self.protocol_error(format!("ApiVersions: {e}")))?;
            self.check_correlation(correlation_id)?;
            let response = expect_body!(body, ApiVersions)?;
            if response.error_code == errors::UNSUPPORTED_VERSION {
                let theirs = response
                    .api_keys
                    .iter()
                    .find(|k| k.api_key == ApiKey::ApiVersions as i16)
                    .map_or(0, |k| k.max_version);
                let retry = theirs.min(ours.max);
                if retry >= version || retry < ours.min {
                    return Err(self.protocol_error(
                        "the broker supports no ApiVersions version we know".into(),
                    ));
                }
                version = retry;
                continue;
            }
            if response.error_code != errors::NONE {
                return Err(Error::kafka(response.error_code, None));
            }
            for k in &response.api_keys {
                let Some(api) = ApiKey::from_i16(k.api_key) else {
                    continue;
                };
                let mine = spoken_versions(api);
                let (lo, hi) = (k.min_version.max(mine.min), k.max_version.min(mine.max));
                if lo <= hi {
                    self.versions.insert(k.api_key, hi);
                }
            }
            return Ok(());
        }
    }

    /// Sends `body` at the negotiated version and waits for the response.
    pub async fn send(&mut self, body: RequestBody) -> Result<ResponseBody> {
        let api = body.api_key();
        let version = self.version(api).ok_or_else(|| Error::Unsupported {
            addr: self.addr.clone(),
            api,
        })?;
        let frame = self.round_trip(version, &body).await?;
        let (correlation_id, response) = decode_response(api, version, frame)
            .map_err(|e| self.protocol_error(format!("{} v{version}: {e}", api.name())))?;
        self.check_correlation(correlation_id)?;
        Ok(response)
    }

    /// Sends a request the broker does not answer (Produce with acks=0).
    pub async fn send_without_response(&mut self, body: RequestBody) -> Result<()> {
        let api = body.api_key();
        let version = self.version(api).ok_or_else(|| Error::Unsupported {
            addr: self.addr.clone(),
            api,
        })?;
        self.write_request(version, &body).await?;
        self.in_flight = false;
        Ok(())
    }

    async fn write_request(&mut self, version: i16, body: &RequestBody) -> Result<()> {
        self.in_flight = true;
        self.next_correlation_id = self.next_correlation_id.wrapping_add(1);
        let frame = encode_request(
            self.next_correlation_id,
            Some(&self.client_id),
            version,
            body,
        )
        .map_err(|e| Error::Other(format!("cannot encode {}: {e}", body.api_key().name())))?;
        let write = self.stream.write_all(&frame);
        match tokio::time::timeout(self.request_timeout, write).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(self.io_error(io_reason(&e))),
            Err(_) => Err(self.io_error("timed out sending a request".into())),
        }
    }

    /// Writes one request and reads one response frame (without its size).
    async fn round_trip(&mut self, version: i16, body: &RequestBody) -> Result<Bytes> {
        self.write_request(version, body).await?;
        match tokio::time::timeout(self.request_timeout, self.read_frame()).await {
            Ok(Ok(frame)) => {
                self.in_flight = false;
                Ok(frame)
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(self.io_error(format!(
                "no response to {} within {} s",
                body.api_key().name(),
                self.request_timeout.as_secs()
            ))),
        }
    }

    async fn read_frame(&mut self) -> Result<Bytes> {
        read_frame_from(&mut self.stream, &self.addr).await
    }

    /// Turns this connection into a [`Pipeline`] (several requests in flight).
    /// Must be called between requests.
    pub fn into_pipeline(self) -> Pipeline {
        let (mut reader, writer) = self.stream.into_split();
        let (tx, frames) = mpsc::channel(PIPELINE_QUEUE);
        let addr = self.addr.clone();
        tokio::spawn(async move {
            loop {
                let frame = read_frame_from(&mut reader, &addr).await;
                let stop = frame.is_err();
                if tx.send((Instant::now(), frame)).await.is_err() || stop {
                    return;
                }
            }
        });
        Pipeline {
            addr: self.addr,
            client_id: self.client_id,
            writer,
            frames,
            next_correlation_id: self.next_correlation_id,
            versions: self.versions,
            request_timeout: self.request_timeout,
            expected: VecDeque::new(),
        }
    }

    fn check_correlation(&self, got: i32) -> Result<()> {
        if got != self.next_correlation_id {
            return Err(self.protocol_error(format!(
                "correlation id {got}, expected {}",
                self.next_correlation_id
            )));
        }
        Ok(())
    }

    fn io_error(&self, reason: String) -> Error {
        Error::Io {
            addr: self.addr.clone(),
            reason,
        }
    }

    fn protocol_error(&self, reason: String) -> Error {
        Error::Protocol {
            addr: self.addr.clone(),
            reason,
        }
    }
}

/// Reads one response frame (without its size prefix), with the shared
/// frame reader; errors say what a non-Kafka server looks like.
pub(super) async fn read_frame_from<R: AsyncRead + Unpin>(
    stream: &mut R,
    addr: &str,
) -> Result<Bytes> {
    let io_error = |reason: String| Error::Io {
        addr: addr.to_string(),
        reason,
    };
    // At least a correlation id; at most our bound. Anything else is not a
    // Kafka response: say what it looks like.
    match frame::read_frame(stream, 4, MAX_RESPONSE_SIZE).await {
        Ok(Some(frame)) => Ok(frame),
        Ok(None) => Err(io_error("the broker closed the connection".into())),
        Err(FrameError::BadSize(bad)) => Err(Error::NotKafka {
            addr: addr.to_string(),
            like: looks_like(&bad.prefix, bad.size),
        }),
        Err(FrameError::ClosedMidFrame { read, size }) => Err(io_error(format!(
            "the broker closed the connection after {read} of {size} response bytes"
        ))),
        Err(FrameError::Io(e)) => Err(io_error(io_reason(&e))),
    }
}

/// What a non-Kafka server's first bytes look like, for [`Error::NotKafka`].
pub(super) fn looks_like(first: &[u8; 4], size: i32) -> String {
    let like = match first {
        [b'H', b'T', b'T', b'P'] | [b'<', ..] => Some("HTTP"),
        // A TLS record: alert (21) or handshake (22), protocol version 3.x.
        [0x15 | 0x16, 0x03, ..] => Some("TLS"),
        [b'S', b'S', b'H', b'-'] => Some("SSH"),
        _ => None,
    };
    match like {
        Some(like) => format!("it answered like {like}"),
        None => format!(
            "it answered {:02x} {:02x} {:02x} {:02x}: a response size of {size}, outside 4..={MAX_RESPONSE_SIZE} bytes",
            first[0], first[1], first[2], first[3]
        ),
    }
}
