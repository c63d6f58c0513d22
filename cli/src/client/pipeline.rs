//! A connection with several requests in flight, for the perf tools: a
//! writer half and a reader task that stamps each response's arrival.
//!
//! Invariants: responses are matched to requests in the order sent (Kafka
//! answers a connection's requests in order), each checked against its
//! correlation id; at most `PIPELINE_QUEUE` responses are read ahead.

use super::error::io_reason;
use super::*;

/// Responses read ahead by a pipeline's reader task.
pub(super) const PIPELINE_QUEUE: usize = 64;

/// One connection with several requests in flight (Kafka answers the
/// requests of a connection in order). A reader task reads the responses as
/// they come and stamps their arrival, so that a busy sender does not delay
/// them or inflate the latencies it measures.
pub struct Pipeline {
    pub(super) addr: String,
    pub(super) client_id: String,
    pub(super) writer: broker::client_security::stream::WriteStream,
    pub(super) frames: mpsc::Receiver<(Instant, Result<Bytes>)>,
    pub(super) next_correlation_id: i32,
    pub(super) versions: HashMap<i16, i16>,
    pub(super) request_timeout: Duration,
    /// The requests awaiting a response, oldest first.
    pub(super) expected: VecDeque<(i32, ApiKey, i16)>,
}

impl Pipeline {
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// The version to use for `api`, or `None` when the broker lacks it.
    pub fn version(&self, api: ApiKey) -> Option<i16> {
        self.versions.get(&(api as i16)).copied()
    }

    /// Requests sent and not answered yet.
    pub fn in_flight(&self) -> usize {
        self.expected.len()
    }

    /// Writes a request at the negotiated version; `answered` is false for
    /// requests the broker does not answer (Produce with acks=0).
    pub async fn send(&mut self, body: &RequestBody, answered: bool) -> Result<()> {
        let api = body.api_key();
        let version = self.version(api).ok_or_else(|| Error::Unsupported {
            addr: self.addr.clone(),
            api,
        })?;
        self.next_correlation_id = self.next_correlation_id.wrapping_add(1);
        let frame = encode_request(
            self.next_correlation_id,
            Some(&self.client_id),
            version,
            body,
        )
        .map_err(|e| Error::Other(format!("cannot encode {}: {e}", api.name())))?;
        match tokio::time::timeout(self.request_timeout, self.writer.write_all(&frame)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                return Err(Error::Io {
                    addr: self.addr.clone(),
                    reason: io_reason(&e),
                })
            }
            Err(_) => {
                return Err(Error::Io {
                    addr: self.addr.clone(),
                    reason: "timed out sending a request".into(),
                })
            }
        }
        if answered {
            self.expected
                .push_back((self.next_correlation_id, api, version));
        }
        Ok(())
    }

    /// The response to the oldest request in flight, with when it arrived.
    /// Cancel-safe: nothing is consumed until a frame is there.
    pub async fn recv(&mut self) -> Result<(Instant, ResponseBody)> {
        if self.expected.is_empty() {
            return Err(Error::Other("no request in flight".into()));
        }
        let next = tokio::time::timeout(self.request_timeout, self.frames.recv()).await;
        let (at, frame) = match next {
            Ok(Some(item)) => item,
            Ok(None) => {
                return Err(Error::Io {
                    addr: self.addr.clone(),
                    reason: "the connection is closed".into(),
                })
            }
            Err(_) => {
                return Err(Error::Io {
                    addr: self.addr.clone(),
                    reason: format!("no response within {} s", self.request_timeout.as_secs()),
                })
            }
        };
        self.decode(at, frame?)
    }

    /// Like [`Pipeline::recv`], but only if a response has already arrived.
    pub fn try_recv(&mut self) -> Option<Result<(Instant, ResponseBody)>> {
        if self.expected.is_empty() {
            return None;
        }
        match self.frames.try_recv() {
            Ok((at, frame)) => Some(frame.and_then(|f| self.decode(at, f))),
            Err(mpsc::error::TryRecvError::Empty) => None,
            Err(mpsc::error::TryRecvError::Disconnected) => Some(Err(Error::Io {
                addr: self.addr.clone(),
                reason: "the connection is closed".into(),
            })),
        }
    }

    fn decode(&mut self, at: Instant, frame: Bytes) -> Result<(Instant, ResponseBody)> {
        let (correlation_id, api, version) =
            self.expected.pop_front().expect("a request in flight");
        let protocol_error = |reason: String| Error::Protocol {
            addr: self.addr.clone(),
            reason,
        };
        let (got, body) = decode_response(api, version, frame)
            .map_err(|e| protocol_error(format!("{} v{version}: {e}", api.name())))?;
        if got != correlation_id {
            return Err(protocol_error(format!(
                "correlation id {got}, expected {correlation_id}"
            )));
        }
        Ok((at, body))
    }
}
