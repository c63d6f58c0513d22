//! A small async Kafka client for the console tools.
//!
//! - [`Connection`]: one TCP connection to one broker. It negotiates API
//!   versions on connect and then sends one request at a time (the tools never
//!   need more than one in flight, and it keeps the framing simple).
//! - [`Client`]: the cluster as the tools see it: a bootstrap connection for
//!   admin requests, the broker addresses from the last Metadata response, and
//!   one connection per broker address for requests that must go to a
//!   partition's leader (Produce, Fetch, ListOffsets).
//!
//! Nothing here knows about topics commands, producing or consuming beyond the
//! metadata lookups every command needs.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use clap::Args;
use protocol::frame::{self, decode_response, encode_request, FrameError};
use protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use protocol::messages::metadata_request::MetadataRequestTopic;
use protocol::messages::metadata_response::MetadataResponseTopic;
use protocol::messages::{
    ApiKey, ApiVersionsRequest, FindCoordinatorRequest, ListOffsetsRequest, MetadataRequest,
    MetadataResponse, RequestBody, ResponseBody,
};
use tokio::io::{AsyncRead, AsyncWriteExt};
use tokio::net::TcpStream;

/// The newest version of each API that the tools' code was written for, where
/// Kafka's specs define newer ones: those change what a request means (Produce
/// v13, OffsetCommit v10 and OffsetFetch v10 name topics by id only), so the
/// tools never negotiate past these, whatever a broker advertises.
const NEWEST_SPOKEN: &[(ApiKey, i16)] = &[
    (ApiKey::ApiVersions, 4),
    (ApiKey::ConsumerGroupDescribe, 0),
    (ApiKey::DeleteGroups, 2),
    (ApiKey::DescribeCluster, 1),
    (ApiKey::DescribeGroups, 5),
    (ApiKey::Fetch, 17),
    (ApiKey::ListOffsets, 10),
    (ApiKey::Metadata, 12),
    (ApiKey::OffsetCommit, 9),
    (ApiKey::OffsetFetch, 9),
    (ApiKey::Produce, 11),
];

/// The versions of `api` the tools speak: Kafka's, capped by [`NEWEST_SPOKEN`].
pub fn spoken_versions(api: ApiKey) -> protocol::VersionRange {
    let mut range = api.valid_versions();
    if let Some(&(_, max)) = NEWEST_SPOKEN.iter().find(|(k, _)| *k == api) {
        range.max = range.max.min(max);
    }
    range
}
use tokio::sync::mpsc;
use tokio::time::Instant;
use uuid::Uuid;

use crate::errors;

/// The largest response accepted. Kafka's own clients have no limit on
/// responses, but a size prefix off the wire must not decide how much memory
/// we reserve: a stray non-Kafka server could announce gigabytes.
pub const MAX_RESPONSE_SIZE: usize = 256 * 1024 * 1024;
/// Kafka's `socket.connection.setup.timeout.ms` is 10 s.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longer than Kafka's 30 s `request.timeout.ms` because admin requests carry
/// a 30 s server-side timeout of their own.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(45);
/// After this long without an answer while connecting, the tools say on
/// stderr what they are waiting for (a silent port is otherwise a hang).
const WAITING_NOTICE_AFTER: Duration = Duration::from_secs(2);
/// The server-side timeout sent in CreateTopics, Produce, etc.
pub const SERVER_TIMEOUT_MS: i32 = 30_000;

/// How long FindCoordinator is retried while the coordinator is not ready,
/// and the pause between attempts.
const COORDINATOR_WAIT: Duration = Duration::from_secs(15);
const COORDINATOR_RETRY_BACKOFF: Duration = Duration::from_millis(200);
/// FindCoordinator's key type of a consumer group.
const COORDINATOR_KEY_GROUP: i8 = 0;

pub const DEFAULT_BOOTSTRAP: &str = "127.0.0.1:9092";

/// ListOffsets' special timestamps.
pub const LATEST_TIMESTAMP: i64 = -1;
pub const EARLIEST_TIMESTAMP: i64 = -2;

/// The connection flags every client command takes.
#[derive(Args, Debug, Clone)]
pub struct ConnectArgs {
    /// The broker(s) to connect to first: HOST:PORT[,HOST:PORT...].
    #[arg(
        long = "bootstrap-server",
        alias = "broker-list",
        value_name = "HOST:PORT",
        default_value = DEFAULT_BOOTSTRAP,
        value_parser = parse_servers,
        global = true
    )]
    pub bootstrap_server: String,
    /// Give up when the cluster has not answered for this many seconds
    /// (default: 10 s to connect, 45 s per request; `produce`: a line not
    /// delivered within 120 s, Kafka's delivery.timeout.ms).
    #[arg(long, value_name = "SECONDS", global = true,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,
}

impl ConnectArgs {
    /// `--timeout` as a duration.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout.map(Duration::from_secs)
    }
}

/// Checks `HOST:PORT[,HOST:PORT...]` up front so that a typo is a usage
/// error (exit 2) and not a failed connection.
pub fn parse_servers(s: &str) -> Result<String, String> {
    for server in s.split(',') {
        let server = server.trim();
        let Some((host, port)) = server.rsplit_once(':') else {
            return Err(format!("'{server}' is not HOST:PORT"));
        };
        if host.is_empty() {
            return Err(format!("'{server}' has no host"));
        }
        if port.parse::<u16>().map_or(true, |p| p == 0) {
            return Err(format!("'{server}' has no valid port (1-65535)"));
        }
    }
    Ok(s.to_string())
}

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
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Unwraps the response variant of a known API. `decode_response` already
/// decodes with the request's API, so a mismatch means a bug here.
macro_rules! expect_body {
    ($body:expr, $variant:ident) => {
        match $body {
            protocol::messages::ResponseBody::$variant(r) => Ok(r),
            other => Err($crate::client::Error::Other(format!(
                "expected a {} response, got {}",
                stringify!($variant),
                other.api_key().name()
            ))),
        }
    };
}
pub(crate) use expect_body;

/// Runs a command's async body on a single-threaded runtime: the tools are
/// sequential, and the machine's cores belong to the broker.
pub fn block_on<F: Future<Output = i32>>(f: F) -> i32 {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(f),
        Err(e) => {
            eprintln!("Error: cannot start the async runtime: {e}");
            1
        }
    }
}

/// Set when a Ctrl-C (SIGINT) stopped a command: it then exits with 130
/// (128 + SIGINT), as shells expect and as Kafka's JVM tools do.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The exit code of an interrupted command.
pub const EXIT_INTERRUPTED: i32 = 130;

/// Whether a Ctrl-C stopped the command.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Resolves on Ctrl-C or SIGTERM (the tools stop cleanly on either; a
/// Ctrl-C is remembered for the exit code).
pub async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => INTERRUPTED.store(true, Ordering::Relaxed),
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            INTERRUPTED.store(true, Ordering::Relaxed);
        }
    }
}

/// One connection to one broker, with the API versions agreed on it.
pub struct Connection {
    addr: String,
    stream: TcpStream,
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
    ) -> Result<Connection> {
        let attempt = Self::open(addr, client_id, timeout);
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

    async fn open(addr: &str, client_id: &str, timeout: Option<Duration>) -> Result<Connection> {
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
        Ok(conn)
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
async fn read_frame_from<R: AsyncRead + Unpin>(stream: &mut R, addr: &str) -> Result<Bytes> {
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
fn looks_like(first: &[u8; 4], size: i32) -> String {
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

/// Responses read ahead by a pipeline's reader task.
const PIPELINE_QUEUE: usize = 64;

/// One connection with several requests in flight (Kafka answers the
/// requests of a connection in order). A reader task reads the responses as
/// they come and stamps their arrival, so that a busy sender does not delay
/// them or inflate the latencies it measures.
pub struct Pipeline {
    addr: String,
    client_id: String,
    writer: tokio::net::tcp::OwnedWriteHalf,
    frames: mpsc::Receiver<(Instant, Result<Bytes>)>,
    next_correlation_id: i32,
    versions: HashMap<i16, i16>,
    request_timeout: Duration,
    /// The requests awaiting a response, oldest first.
    expected: VecDeque<(i32, ApiKey, i16)>,
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

/// A partition as Metadata describes it.
#[derive(Debug, Clone)]
pub struct PartitionInfo {
    pub index: i32,
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

/// A topic as Metadata describes it, partitions sorted by index.
#[derive(Debug, Clone)]
pub struct TopicInfo {
    pub name: String,
    pub topic_id: Uuid,
    pub partitions: Vec<PartitionInfo>,
}

impl TopicInfo {
    pub fn from_metadata(t: &MetadataResponseTopic) -> TopicInfo {
        let mut partitions: Vec<PartitionInfo> = t
            .partitions
            .iter()
            .map(|p| PartitionInfo {
                index: p.partition_index,
                leader: p.leader_id,
                replicas: p.replica_nodes.clone(),
                isr: p.isr_nodes.clone(),
            })
            .collect();
        partitions.sort_by_key(|p| p.index);
        TopicInfo {
            name: t.name.clone().unwrap_or_default(),
            topic_id: t.topic_id,
            partitions,
        }
    }

    pub fn partition(&self, index: i32) -> Option<&PartitionInfo> {
        self.partitions.iter().find(|p| p.index == index)
    }
}

/// The cluster: a bootstrap connection and one connection per broker.
pub struct Client {
    client_id: String,
    /// `--timeout`, for every connection.
    timeout: Option<Duration>,
    bootstrap: Vec<String>,
    /// The address admin requests go to (any broker will do).
    bootstrap_addr: String,
    /// Open connections by address, so that a broker reached both as the
    /// bootstrap server and as a leader uses one connection.
    conns: HashMap<String, Connection>,
    /// Node id → "host:port", from the last Metadata response.
    nodes: HashMap<i32, String>,
}

impl Client {
    /// Connects to the first reachable bootstrap server, as Kafka clients do.
    pub async fn connect(args: &ConnectArgs, client_id: &str) -> Result<Client> {
        let bootstrap: Vec<String> = args
            .bootstrap_server
            .split(',')
            .map(|s| s.trim().to_string())
            .collect();
        let mut client = Client {
            client_id: client_id.to_string(),
            timeout: args.timeout(),
            bootstrap,
            bootstrap_addr: String::new(),
            conns: HashMap::new(),
            nodes: HashMap::new(),
        };
        client.connect_bootstrap().await?;
        Ok(client)
    }

    async fn connect_bootstrap(&mut self) -> Result<()> {
        let mut last_error = None;
        for addr in self.bootstrap.clone() {
            match Connection::connect(&addr, &self.client_id, self.timeout).await {
                Ok(conn) => {
                    self.bootstrap_addr = addr.clone();
                    self.conns.insert(addr, conn);
                    return Ok(());
                }
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| Error::Other("no bootstrap server given".into())))
    }

    /// The bootstrap connection, reconnected if an earlier request broke it.
    async fn bootstrap_conn(&mut self) -> Result<&mut Connection> {
        self.drop_if_desynchronized(&self.bootstrap_addr.clone());
        if !self.conns.contains_key(&self.bootstrap_addr) {
            self.connect_bootstrap().await?;
        }
        Ok(self
            .conns
            .get_mut(&self.bootstrap_addr)
            .expect("bootstrap connection just made"))
    }

    /// The connection to node `node_id`, opened on first use.
    async fn node_conn(&mut self, node_id: i32) -> Result<&mut Connection> {
        let addr = self.nodes.get(&node_id).cloned().ok_or_else(|| {
            Error::Other(format!(
                "broker {node_id} is not in the cluster metadata (leader unknown)"
            ))
        })?;
        self.addr_conn(&addr).await
    }

    /// The connection to `addr`, opened on first use.
    async fn addr_conn(&mut self, addr: &str) -> Result<&mut Connection> {
        self.drop_if_desynchronized(addr);
        if !self.conns.contains_key(addr) {
            let conn = Connection::connect(addr, &self.client_id, self.timeout).await?;
            self.conns.insert(addr.to_string(), conn);
        }
        Ok(self.conns.get_mut(addr).expect("connection just made"))
    }

    /// Closes a connection whose last request was abandoned halfway, so that
    /// the next request opens a fresh one.
    fn drop_if_desynchronized(&mut self, addr: &str) {
        if self
            .conns
            .get(addr)
            .is_some_and(Connection::is_desynchronized)
        {
            self.conns.remove(addr);
        }
    }

    /// A failed connection is dropped so that the next request reconnects.
    fn forget_on_io_error<T>(&mut self, addr: &str, result: Result<T>) -> Result<T> {
        if matches!(
            result,
            Err(Error::Io { .. } | Error::Protocol { .. } | Error::NotKafka { .. })
        ) {
            self.conns.remove(addr);
        }
        result
    }

    /// The version of `api` on the bootstrap connection.
    pub async fn version(&mut self, api: ApiKey) -> Result<i16> {
        let conn = self.bootstrap_conn().await?;
        conn.version(api).ok_or_else(|| Error::Unsupported {
            addr: conn.addr().to_string(),
            api,
        })
    }

    /// The version of `api` on the connection to `node_id`.
    pub async fn node_version(&mut self, node_id: i32, api: ApiKey) -> Result<i16> {
        let conn = self.node_conn(node_id).await?;
        conn.version(api).ok_or_else(|| Error::Unsupported {
            addr: conn.addr().to_string(),
            api,
        })
    }

    /// A new connection of its own to broker `node_id`, for a [`Pipeline`].
    pub async fn connect_node(&self, node_id: i32) -> Result<Connection> {
        let addr = self.nodes.get(&node_id).ok_or_else(|| {
            Error::Other(format!(
                "broker {node_id} is not in the cluster metadata (leader unknown)"
            ))
        })?;
        Connection::connect(addr, &self.client_id, self.timeout).await
    }

    /// Sends an admin request to the bootstrap broker.
    pub async fn send(&mut self, body: RequestBody) -> Result<ResponseBody> {
        let conn = self.bootstrap_conn().await?;
        let addr = conn.addr().to_string();
        let result = conn.send(body).await;
        self.forget_on_io_error(&addr, result)
    }

    /// Sends a request to broker `node_id` (a partition's leader).
    pub async fn send_to(&mut self, node_id: i32, body: RequestBody) -> Result<ResponseBody> {
        let conn = self.node_conn(node_id).await?;
        let addr = conn.addr().to_string();
        let result = conn.send(body).await;
        self.forget_on_io_error(&addr, result)
    }

    /// Sends a request to the broker at `addr` (a group coordinator).
    pub async fn send_to_addr(&mut self, addr: &str, body: RequestBody) -> Result<ResponseBody> {
        let conn = self.addr_conn(addr).await?;
        let result = conn.send(body).await;
        self.forget_on_io_error(addr, result)
    }

    /// The version of `api` on the connection to `addr`.
    pub async fn addr_version(&mut self, addr: &str, api: ApiKey) -> Result<i16> {
        let conn = self.addr_conn(addr).await?;
        conn.version(api).ok_or_else(|| Error::Unsupported {
            addr: conn.addr().to_string(),
            api,
        })
    }

    /// The address of the coordinator of `group` (FindCoordinator). Waits a
    /// little while the broker is still creating or loading its
    /// `__consumer_offsets` (the first request for a group may find it so).
    pub async fn find_coordinator(&mut self, group: &str) -> Result<String> {
        let version = self.version(ApiKey::FindCoordinator).await?;
        let deadline = tokio::time::Instant::now() + COORDINATOR_WAIT;
        loop {
            let mut request = FindCoordinatorRequest {
                key_type: COORDINATOR_KEY_GROUP,
                ..Default::default()
            };
            // v4+ looks up several keys at once; earlier versions one.
            if version >= 4 {
                request.coordinator_keys = vec![group.to_string()];
            } else {
                request.key = group.to_string();
            }
            let response = expect_body!(
                self.send(RequestBody::FindCoordinator(request)).await?,
                FindCoordinator
            )?;
            let (code, message, host, port) = if version >= 4 {
                let c = response
                    .coordinators
                    .into_iter()
                    .find(|c| c.key == group)
                    .ok_or_else(|| {
                        Error::Other(format!(
                            "the broker did not answer FindCoordinator for group '{group}'"
                        ))
                    })?;
                (c.error_code, c.error_message, c.host, c.port)
            } else {
                (
                    response.error_code,
                    response.error_message,
                    response.host,
                    response.port,
                )
            };
            match code {
                errors::NONE => return Ok(format_addr(&host, port)),
                errors::COORDINATOR_NOT_AVAILABLE | errors::COORDINATOR_LOAD_IN_PROGRESS
                    if tokio::time::Instant::now() < deadline =>
                {
                    tokio::time::sleep(COORDINATOR_RETRY_BACKOFF).await;
                }
                code => {
                    return Err(Error::Kafka {
                        context: format!("cannot find the coordinator of group '{group}': "),
                        code,
                        message,
                    })
                }
            }
        }
    }

    /// Sends a request broker `node_id` does not answer (acks=0 produce).
    pub async fn send_to_without_response(
        &mut self,
        node_id: i32,
        body: RequestBody,
    ) -> Result<()> {
        let conn = self.node_conn(node_id).await?;
        let addr = conn.addr().to_string();
        let result = conn.send_without_response(body).await;
        self.forget_on_io_error(&addr, result)
    }

    /// Metadata for `topics` (all topics when `None`), remembering the broker
    /// addresses so that later requests can go to partition leaders.
    pub async fn metadata(
        &mut self,
        topics: Option<&[String]>,
        allow_auto_topic_creation: bool,
    ) -> Result<MetadataResponse> {
        let version = self.version(ApiKey::Metadata).await?;
        let topics = match topics {
            Some(names) => Some(
                names
                    .iter()
                    .map(|n| MetadataRequestTopic {
                        name: Some(n.clone()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            // v0 has no null: an empty list means every topic there.
            None if version == 0 => Some(Vec::new()),
            None => None,
        };
        let request = MetadataRequest {
            topics,
            // Not in v0-v3, where brokers decide alone (the field must keep
            // its default there).
            allow_auto_topic_creation: version < 4 || allow_auto_topic_creation,
            ..Default::default()
        };
        let response = expect_body!(self.send(RequestBody::Metadata(request)).await?, Metadata)?;
        self.nodes = response
            .brokers
            .iter()
            .map(|b| (b.node_id, format_addr(&b.host, b.port)))
            .collect();
        Ok(response)
    }

    /// One topic's metadata: `Ok(Err(code))` when the broker reports an error
    /// for it (unknown topic, leader election under way, ...).
    pub async fn topic(
        &mut self,
        name: &str,
        allow_auto_topic_creation: bool,
    ) -> Result<std::result::Result<TopicInfo, i16>> {
        let response = self
            .metadata(Some(&[name.to_string()]), allow_auto_topic_creation)
            .await?;
        let Some(t) = response
            .topics
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
        else {
            return Ok(Err(errors::UNKNOWN_TOPIC_OR_PARTITION));
        };
        if t.error_code != errors::NONE {
            return Ok(Err(t.error_code));
        }
        Ok(Ok(TopicInfo::from_metadata(t)))
    }

    /// The offset for `timestamp` (or [`EARLIEST_TIMESTAMP`] /
    /// [`LATEST_TIMESTAMP`]) of each partition, asking each partition's
    /// leader. Per partition: the offset or a Kafka error code.
    pub async fn list_offsets(
        &mut self,
        topic: &TopicInfo,
        partitions: &[i32],
        timestamp: i64,
    ) -> Result<BTreeMap<i32, std::result::Result<i64, i16>>> {
        let mut by_leader: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        let mut out = BTreeMap::new();
        for &p in partitions {
            match topic.partition(p) {
                Some(info) if info.leader >= 0 => by_leader.entry(info.leader).or_default().push(p),
                Some(_) => {
                    out.insert(p, Err(errors::LEADER_NOT_AVAILABLE));
                }
                None => {
                    out.insert(p, Err(errors::UNKNOWN_TOPIC_OR_PARTITION));
                }
            }
        }
        for (leader, parts) in by_leader {
            let version = self.node_version(leader, ApiKey::ListOffsets).await?;
            if version < 1 {
                return Err(Error::Unsupported {
                    addr: self.nodes.get(&leader).cloned().unwrap_or_default(),
                    api: ApiKey::ListOffsets,
                });
            }
            let request = ListOffsetsRequest {
                // -1: a consumer, not a follower broker.
                replica_id: -1,
                topics: vec![ListOffsetsTopic {
                    name: topic.name.clone(),
                    partitions: parts
                        .iter()
                        .map(|&p| ListOffsetsPartition {
                            partition_index: p,
                            timestamp,
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                }],
                ..Default::default()
            };
            let response = expect_body!(
                self.send_to(leader, RequestBody::ListOffsets(request))
                    .await?,
                ListOffsets
            )?;
            for t in response.topics.iter().filter(|t| t.name == topic.name) {
                for p in &t.partitions {
                    let value = if p.error_code == errors::NONE {
                        Ok(p.offset)
                    } else {
                        Err(p.error_code)
                    };
                    out.insert(p.partition_index, value);
                }
            }
            for p in parts {
                out.entry(p)
                    .or_insert(Err(errors::UNKNOWN_TOPIC_OR_PARTITION));
            }
        }
        Ok(out)
    }
}

/// "host:port", with brackets around an IPv6 host.
fn format_addr(host: &str, port: i32) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;
    use tokio::net::TcpListener;

    #[test]
    fn bootstrap_servers_are_checked() {
        assert!(parse_servers("127.0.0.1:9092").is_ok());
        assert!(parse_servers("a:1,b:2").is_ok());
        assert!(parse_servers("[::1]:9092").is_ok());
        assert!(parse_servers("localhost").is_err());
        assert!(parse_servers(":9092").is_err());
        assert!(parse_servers("host:0").is_err());
        assert!(parse_servers("host:http").is_err());
    }

    #[test]
    fn connection_refused_is_explained() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            // Bind then drop, so that the port is (almost certainly) closed.
            let port = {
                let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
                l.local_addr().unwrap().port()
            };
            let addr = format!("127.0.0.1:{port}");
            let args = ConnectArgs {
                bootstrap_server: addr.clone(),
                timeout: None,
            };
            let err = match Client::connect(&args, "test").await {
                Err(e) => e.to_string(),
                Ok(_) => panic!("connected to a closed port"),
            };
            assert!(
                err.starts_with(&format!("cannot connect to {addr}: ")),
                "{err}"
            );
            assert!(err.ends_with("start one with `tributary broker`"), "{err}");
        });
    }

    #[test]
    fn other_protocols_are_named() {
        let like = |b: &[u8; 4]| looks_like(b, i32::from_be_bytes(*b));
        assert_eq!(like(b"HTTP"), "it answered like HTTP");
        assert_eq!(like(b"<!DO"), "it answered like HTTP");
        assert_eq!(like(&[0x15, 0x03, 0x03, 0x00]), "it answered like TLS");
        assert_eq!(like(&[0x16, 0x03, 0x01, 0x02]), "it answered like TLS");
        assert_eq!(like(b"SSH-"), "it answered like SSH");
        assert!(like(&[0xff, 0, 0, 0]).starts_with("it answered ff 00 00 00"));
    }

    #[test]
    fn oversized_response_is_refused() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap().to_string();
            tokio::spawn(async move {
                let (mut s, _) = listener.accept().await.unwrap();
                let mut buf = [0u8; 64];
                let _ = s.read(&mut buf).await;
                let size = (MAX_RESPONSE_SIZE as i32 + 1).to_be_bytes();
                let _ = s.write_all(&size).await;
                tokio::time::sleep(Duration::from_secs(1)).await;
            });
            let err = match Connection::connect(&addr, "test", None).await {
                Err(e) => e.to_string(),
                Ok(_) => panic!("accepted an oversized response"),
            };
            assert!(err.contains("outside 4..="), "{err}");
        });
    }
}
