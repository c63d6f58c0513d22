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
//!
//! This file holds the constants, the connection arguments, the runtime and
//! signal helpers and [`Client`]; `client/connection.rs` is [`Connection`],
//! `client/pipeline.rs` [`Pipeline`], `client/metadata.rs` topic metadata,
//! `client/error.rs` the error type, `client/fetch_session_handler.rs` the
//! client's side of fetch sessions.

mod connection;
mod error;
pub(crate) mod fetch_session_handler;
pub(crate) mod metadata;
mod pipeline;

pub use broker::client_security::ClientSecurity;
pub use connection::Connection;
pub use error::{Error, Result};
pub use metadata::TopicInfo;
pub use pipeline::Pipeline;

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
    MetadataResponse, RequestBody, ResponseBody, SaslAuthenticateRequest, SaslHandshakeRequest,
};
use tokio::io::{AsyncRead, AsyncWriteExt};
use tokio::net::TcpStream;

/// The newest version of each API that the tools' code was written for, where
/// Kafka's specs define newer ones: those change what a request means (Produce
/// v13, OffsetCommit v10 and OffsetFetch v10 name topics by id only), so the
/// tools never negotiate past these, whatever a broker advertises.
const NEWEST_SPOKEN: &[(ApiKey, i16)] = &[
    // v4+ is the brokers' batched form (verify-only), not a client's.
    (ApiKey::AddPartitionsToTxn, 3),
    (ApiKey::ApiVersions, 4),
    (ApiKey::ConsumerGroupDescribe, 0),
    (ApiKey::DeleteGroups, 2),
    (ApiKey::DescribeCluster, 1),
    (ApiKey::DescribeGroups, 5),
    // v5 bumps the epoch at every commit (KIP-890 part 2).
    (ApiKey::EndTxn, 4),
    (ApiKey::Fetch, 17),
    (ApiKey::ListOffsets, 10),
    (ApiKey::Metadata, 12),
    (ApiKey::OffsetCommit, 9),
    (ApiKey::OffsetFetch, 9),
    (ApiKey::Produce, 11),
    (ApiKey::WriteTxnMarkers, 1),
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
/// FindCoordinator's key types: a consumer group, a transactional id.
pub const COORDINATOR_KEY_GROUP: i8 = 0;
pub const COORDINATOR_KEY_TRANSACTION: i8 = 1;

/// ListOffsets' and Fetch's isolation levels.
pub const READ_UNCOMMITTED: i8 = 0;
pub const READ_COMMITTED: i8 = 1;

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
    /// Kafka client properties for a secured listener (`security.protocol`,
    /// `ssl.*`, `sasl.mechanism`, `sasl.jaas.config`), as Kafka's tools take
    /// them (`--command-config`, `--producer.config`, `--consumer.config`).
    #[arg(
        long = "command-config",
        value_name = "FILE",
        global = true,
        alias = "producer.config",
        alias = "consumer.config"
    )]
    pub command_config: Option<std::path::PathBuf>,
}

impl ConnectArgs {
    /// `--timeout` as a duration.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout.map(Duration::from_secs)
    }

    /// The security settings of `--command-config` (plaintext without it).
    pub fn security(&self) -> Result<ClientSecurity> {
        match &self.command_config {
            None => Ok(ClientSecurity::plaintext()),
            Some(path) => ClientSecurity::from_file(path).map_err(Error::Other),
        }
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

/// A client command's whole run, once its flags are checked: connects as
/// `client_id`, runs `act` with the client, and returns the exit code (0,
/// or 1 with `Error: ...` on stderr).
pub fn run_command<F, Fut>(connect: &ConnectArgs, client_id: &str, act: F) -> i32
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    block_on(async move {
        let result = match Client::connect(connect, client_id).await {
            Ok(client) => act(client).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        }
    })
}

/// A flag mistake found before connecting: printed, exit code 2.
pub fn usage_error(message: &str) -> i32 {
    eprintln!("Error: {message}");
    2
}

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

/// The cluster: a bootstrap connection and one connection per broker.
pub struct Client {
    client_id: String,
    /// `--timeout`, for every connection.
    timeout: Option<Duration>,
    /// `--command-config`, for every connection.
    security: ClientSecurity,
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
            security: args.security()?,
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
            match Connection::connect(&addr, &self.client_id, self.timeout, &self.security).await {
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
            let conn =
                Connection::connect(addr, &self.client_id, self.timeout, &self.security).await?;
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
        Connection::connect(addr, &self.client_id, self.timeout, &self.security).await
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
        let (_, addr) = self
            .find_coordinator_of(COORDINATOR_KEY_GROUP, group)
            .await?;
        Ok(addr)
    }

    /// The coordinator of `key` of `key_type` (a group, a transactional id):
    /// its node id and address. Waits a little while the coordinator is not
    /// ready (its internal topic being created or loaded).
    pub async fn find_coordinator_of(&mut self, key_type: i8, key: &str) -> Result<(i32, String)> {
        let version = self.version(ApiKey::FindCoordinator).await?;
        if key_type != COORDINATOR_KEY_GROUP && version < 1 {
            return Err(Error::Unsupported {
                addr: self.bootstrap_addr.clone(),
                api: ApiKey::FindCoordinator,
            });
        }
        let what = match key_type {
            COORDINATOR_KEY_GROUP => "group",
            _ => "transactional id",
        };
        let deadline = tokio::time::Instant::now() + COORDINATOR_WAIT;
        loop {
            let mut request = FindCoordinatorRequest {
                key_type,
                ..Default::default()
            };
            // v4+ looks up several keys at once; earlier versions one.
            if version >= 4 {
                request.coordinator_keys = vec![key.to_string()];
            } else {
                request.key = key.to_string();
            }
            let response = expect_body!(
                self.send(RequestBody::FindCoordinator(request)).await?,
                FindCoordinator
            )?;
            let (code, message, node_id, host, port) = if version >= 4 {
                let c = response
                    .coordinators
                    .into_iter()
                    .find(|c| c.key == key)
                    .ok_or_else(|| {
                        Error::Other(format!(
                            "the broker did not answer FindCoordinator for {what} '{key}'"
                        ))
                    })?;
                (c.error_code, c.error_message, c.node_id, c.host, c.port)
            } else {
                (
                    response.error_code,
                    response.error_message,
                    response.node_id,
                    response.host,
                    response.port,
                )
            };
            match code {
                errors::NONE => return Ok((node_id, format_addr(&host, port))),
                errors::COORDINATOR_NOT_AVAILABLE | errors::COORDINATOR_LOAD_IN_PROGRESS
                    if tokio::time::Instant::now() < deadline =>
                {
                    tokio::time::sleep(COORDINATOR_RETRY_BACKOFF).await;
                }
                code => {
                    return Err(Error::Kafka {
                        context: format!("cannot find the coordinator of {what} '{key}': "),
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

    /// The offset for `timestamp` (or [`EARLIEST_TIMESTAMP`] /
    /// [`LATEST_TIMESTAMP`]) of each partition, asking each partition's
    /// leader. Per partition: the offset or a Kafka error code.
    pub async fn list_offsets(
        &mut self,
        topic: &TopicInfo,
        partitions: &[i32],
        timestamp: i64,
    ) -> Result<BTreeMap<i32, std::result::Result<i64, i16>>> {
        self.list_offsets_isolated(topic, partitions, timestamp, READ_UNCOMMITTED)
            .await
    }

    /// [`Client::list_offsets`] at an isolation level: under
    /// [`READ_COMMITTED`] the latest offset is the last stable offset.
    pub async fn list_offsets_isolated(
        &mut self,
        topic: &TopicInfo,
        partitions: &[i32],
        timestamp: i64,
        isolation_level: i8,
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
            // The isolation level came with v2.
            let oldest = if isolation_level == READ_UNCOMMITTED {
                1
            } else {
                2
            };
            if version < oldest {
                return Err(Error::Unsupported {
                    addr: self.nodes.get(&leader).cloned().unwrap_or_default(),
                    api: ApiKey::ListOffsets,
                });
            }
            let request = ListOffsetsRequest {
                // -1: a consumer, not a follower broker.
                replica_id: -1,
                isolation_level,
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
    use super::connection::looks_like;
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
                command_config: None,
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
            let err = match Connection::connect(&addr, "test", None, &ClientSecurity::plaintext())
                .await
            {
                Err(e) => e.to_string(),
                Ok(_) => panic!("accepted an oversized response"),
            };
            assert!(err.contains("outside 4..="), "{err}");
        });
    }
}
