//! Listeners and connections: size-prefixed frames in, responses out, in
//! request order. One task per connection; requests of one connection are
//! handled one after the other, as Kafka does (it mutes a channel while its
//! request is in flight), so that pipelined produce requests append in order.
//!
//! A listener serves one protocol: the listeners named in
//! `controller.listener.names` serve the metadata quorum's frames only (and
//! only to nodes of the quorum, see `metadata::quorum::Quorum::authorize`);
//! every other listener serves Kafka's client APIs only, so a quorum frame
//! there is an unknown API key and closes the connection. Every listener
//! has the same limits: `socket.request.max.bytes` per frame (the quorum's
//! own cap below it), [`FRAME_READ_TIMEOUT`] (or `connections.max.idle.ms`,
//! if shorter) for the rest of a started frame,
//! `connections.max.idle.ms` between frames, and the connection quotas.
//!
//! A client listener whose protocol is SSL or SASL_SSL does the TLS
//! handshake first (within the same timeout as a frame), with the
//! listener's [`SslFactory`]; its fetch answers are read into memory and
//! encrypted (no `sendfile`, as in Kafka). On a SASL_PLAINTEXT or SASL_SSL
//! listener each connection then authenticates with the listener's
//! [`SaslServer`] before anything but ApiVersions is served. A connection
//! carries its client's principal; PLAINTEXT serves `User:ANONYMOUS`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tracing::Instrument;

use protocol::frame;

use metadata::quorum::{Quorum, QuorumSession};

use crate::broker::Broker;
use crate::config::sasl_config::SaslConfig;
use crate::config::security::listener_protocols;
use crate::config::ssl_config::SslConfig;
use crate::config::{BrokerConfig, Listener};
use crate::connection_quotas::{ConnectionQuotas, ConnectionSlot};
use crate::handlers;
use crate::request_context::{ConnectionState, ANONYMOUS};
use crate::response::{send_file, Chunk};
use crate::sasl::SaslServer;
use crate::ssl::SslFactory;

/// How long a client may take to send the rest of a frame it has started
/// (or `connections.max.idle.ms`, if shorter). A client that sends half a
/// frame and stalls loses only its own connection, and holds at most what it
/// sent until then (the buffer grows with the bytes that come).
const FRAME_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// What the listeners serve: Kafka requests once the broker is open, and
/// from the start the metadata quorum's frames on the controller listener (a
/// broker that is not a voter must receive the metadata log before it can open).
#[derive(Clone)]
pub struct Services {
    pub config: Arc<BrokerConfig>,
    pub quorum: Option<Arc<Quorum>>,
    pub broker: watch::Receiver<Option<Arc<Broker>>>,
}

impl Services {
    /// Services of an open broker.
    pub fn of(broker: &Arc<Broker>) -> Services {
        Services {
            config: Arc::new(broker.config.clone()),
            quorum: broker.metadata.quorum().cloned(),
            broker: watch::channel(Some(broker.clone())).1,
        }
    }

    /// The broker, once it is open (requests that come earlier wait).
    async fn broker(&mut self) -> Result<Arc<Broker>, String> {
        let b = self
            .broker
            .wait_for(|b| b.is_some())
            .await
            .map_err(|_| "the broker did not start".to_string())?;
        Ok(b.clone().expect("waited for it"))
    }
}

/// The protocol a listener serves.
#[derive(Clone)]
enum Protocol {
    Kafka,
    Quorum(Arc<Quorum>),
}

/// The listeners, bound but not yet accepting: binding comes before the
/// logs are opened, so that a port in use stops a broker before its crash
/// recovery runs; connections that come meanwhile wait in the backlog.
pub struct BoundListeners {
    sockets: Vec<BoundListener>,
}

struct BoundListener {
    listener: Listener,
    socket: TcpListener,
    /// It serves the metadata quorum.
    controller: bool,
    /// Its TLS, when its protocol is SSL or SASL_SSL.
    ssl: Option<Arc<SslFactory>>,
    /// Its SASL, when its protocol is SASL_PLAINTEXT or SASL_SSL.
    sasl: Option<Arc<SaslServer>>,
}

/// Binds every client listener, and the controller listener of a quorum
/// node, with the TLS of SSL listeners: key stores that cannot be read stop
/// the broker here, before its logs are opened.
pub async fn bind(config: &BrokerConfig) -> std::io::Result<BoundListeners> {
    let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
    let protocols = listener_protocols(config).map_err(invalid)?;
    let mut wanted: Vec<(Listener, bool)> = config
        .broker_listeners()
        .map(|l| (l.clone(), false))
        .collect();
    if let Some(l) = config.controller_listener() {
        if config.uses_quorum() {
            wanted.push((l.clone(), true));
        }
    }
    let mut sockets = Vec::with_capacity(wanted.len());
    for (listener, controller) in wanted {
        let protocol = protocols
            .iter()
            .find(|(l, _)| l.name == listener.name)
            .map_or("PLAINTEXT", |(_, p)| p.as_str());
        let ssl = match protocol {
            "SSL" | "SASL_SSL" => {
                let settings = SslConfig::of_listener(&listener.name, &config.overrides);
                Some(Arc::new(SslFactory::new(&settings).map_err(invalid)?))
            }
            _ => None,
        };
        let sasl = match protocol {
            "SASL_PLAINTEXT" | "SASL_SSL" => {
                let settings = SaslConfig::of_listener(&listener.name, &config.overrides);
                let server = SaslServer::new(&settings, config.connections_max_reauth_ms);
                Some(Arc::new(server.map_err(invalid)?))
            }
            _ => None,
        };
        let addr = format!("{}:{}", listener.host, listener.port);
        let socket = TcpListener::bind(&addr).await.map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot listen on {addr} ({}): {e}", listener.name),
            )
        })?;
        sockets.push(BoundListener {
            listener,
            socket,
            controller,
            ssl,
            sasl,
        });
    }
    Ok(BoundListeners { sockets })
}

/// Binds every listener and serves until `shutdown` turns true.
pub async fn serve(services: Services, shutdown: watch::Receiver<bool>) -> std::io::Result<()> {
    let bound = bind(&services.config).await?;
    serve_bound(bound, services, shutdown).await
}

/// Serves bound listeners until `shutdown` turns true. The controller
/// listener serves the quorum (a node without one has no such listener).
pub async fn serve_bound(
    bound: BoundListeners,
    services: Services,
    mut shutdown: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let quotas = ConnectionQuotas::new(&services.config);
    let mut tasks = vec![tokio::spawn(follow_dynamic_quotas(
        services.broker.clone(),
        quotas.clone(),
    ))];
    let tls: Vec<(String, Arc<SslFactory>)> = bound
        .sockets
        .iter()
        .filter_map(|b| Some((b.listener.name.clone(), b.ssl.clone()?)))
        .collect();
    if !tls.is_empty() {
        tasks.push(tokio::spawn(follow_dynamic_ssl(
            services.broker.clone(),
            tls,
        )));
    }
    for bound in bound.sockets {
        let BoundListener {
            listener,
            socket,
            controller,
            ssl,
            sasl,
        } = bound;
        let protocol = match (controller, &services.quorum) {
            (false, _) => Protocol::Kafka,
            (true, Some(q)) => Protocol::Quorum(q.clone()),
            (true, None) => continue,
        };
        let addr = socket.local_addr()?;
        let serves = match protocol {
            Protocol::Kafka => "Kafka clients",
            Protocol::Quorum(_) => "the metadata quorum",
        };
        tracing::info!(listener = %listener.name, %addr, serves, tls = ssl.is_some(), sasl = sasl.is_some(), "listening");
        // The quorum is served until the process exits: a stopping node's
        // raft peers (and its own controlled shutdown) still need it. Only
        // client listeners stop with `shutdown`.
        let (never_tx, never) = watch::channel(false);
        let (stop, keep_open) = match protocol {
            Protocol::Kafka => (shutdown.clone(), None),
            Protocol::Quorum(_) => (never, Some(never_tx)),
        };
        let quorum = keep_open.is_some();
        let accept = Acceptor {
            services: services.clone(),
            quotas: quotas.clone(),
            protocol,
            listener: listener.name.clone(),
            ssl,
            sasl,
            _keep_open: keep_open,
        };
        let task = tokio::spawn(accept.run(socket, stop));
        if !quorum {
            tasks.push(task);
        }
    }
    let _ = shutdown.wait_for(|s| *s).await;
    for t in tasks {
        t.abort();
    }
    Ok(())
}

/// Keeps the connection quotas on the broker config in force: once the
/// broker is open, at each change of its dynamic configs
/// (`max.connections`, `max.connections.per.ip`,
/// `max.connections.per.ip.overrides`).
async fn follow_dynamic_quotas(
    mut broker: watch::Receiver<Option<Arc<Broker>>>,
    quotas: Arc<ConnectionQuotas>,
) {
    let mut config = match broker.wait_for(Option::is_some).await {
        Ok(open) => open.as_ref().expect("open").watch_config(),
        Err(_) => return,
    };
    loop {
        let in_force = config.borrow_and_update().clone();
        quotas.reconfigure(&in_force);
        if config.changed().await.is_err() {
            return;
        }
    }
}

/// Keeps each SSL listener's key and trust stores those of the configs in
/// force: once the broker is open, and at each change of its dynamic
/// configs (`listener.name.<l>.ssl.*`, Kafka's certificate update without
/// restart). A change that cannot be honoured leaves the stores in force.
async fn follow_dynamic_ssl(
    mut broker: watch::Receiver<Option<Arc<Broker>>>,
    listeners: Vec<(String, Arc<SslFactory>)>,
) {
    let mut config = match broker.wait_for(Option::is_some).await {
        Ok(open) => open.as_ref().expect("open").watch_config(),
        Err(_) => return,
    };
    loop {
        let pairs = config.borrow_and_update().pairs_in_force();
        for (name, factory) in &listeners {
            match factory.reconfigure(&SslConfig::of_listener(name, &pairs)) {
                Ok(true) => tracing::info!(listener = %name, "SSL key and trust stores updated"),
                Ok(false) => {}
                Err(reason) => {
                    tracing::warn!(listener = %name, %reason, "SSL update refused; the stores in force stay")
                }
            }
        }
        if config.changed().await.is_err() {
            return;
        }
    }
}

struct Acceptor {
    services: Services,
    quotas: Arc<ConnectionQuotas>,
    protocol: Protocol,
    listener: String,
    ssl: Option<Arc<SslFactory>>,
    sasl: Option<Arc<SaslServer>>,
    /// Keeps a quorum listener's stop signal from ever firing.
    _keep_open: Option<watch::Sender<bool>>,
}

impl Acceptor {
    /// A slot for a connection just accepted. When `max.connections` was
    /// reached meanwhile (or lowered), it waits for one, unserved, as
    /// Kafka's acceptor does; past its IP's cap, `Err`: close it.
    async fn take_slot(&self, peer: SocketAddr, quorum: bool) -> Result<ConnectionSlot, String> {
        loop {
            match self.quotas.acquire(peer.ip(), quorum) {
                Err(_) if !quorum && self.quotas.is_full() => self.quotas.wait_below_max().await,
                taken => return taken,
            }
        }
    }

    async fn run(self, socket: TcpListener, shutdown: watch::Receiver<bool>) {
        let quorum = matches!(self.protocol, Protocol::Quorum(_));
        loop {
            // Past max.connections, accept nothing until a connection closes.
            if !quorum {
                self.quotas.wait_below_max().await;
            }
            let (stream, peer) = match socket.accept().await {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, listener = %self.listener, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let slot = match self.take_slot(peer, quorum).await {
                Ok(slot) => slot,
                Err(reason) => {
                    tracing::warn!(%peer, listener = %self.listener, %reason, "connection refused");
                    continue;
                }
            };
            // KIP-612: past a connection creation rate, wait before the next accept.
            let throttle = if quorum {
                0
            } else {
                self.quotas
                    .record_connection(&self.listener, storage::log::now_ms() as u64)
            };
            let _ = stream.set_nodelay(true);
            let services = self.services.clone();
            let protocol = self.protocol.clone();
            let shutdown = shutdown.clone();
            let listener = self.listener.clone();
            let ssl = self.ssl.clone();
            let sasl = self.sasl.as_ref().map(|s| s.authenticator());
            // Every line logged while serving this connection names its client.
            let span = tracing::info_span!("client", %peer);
            tokio::spawn(
                async move {
                    let _slot = slot;
                    let served = match (protocol, ssl) {
                        (Protocol::Kafka, Some(ssl)) => {
                            let mut conn = ConnectionState::new(peer, &listener, ANONYMOUS.into());
                            conn.sasl = sasl;
                            serve_tls_connection(services, &ssl, stream, conn, shutdown).await
                        }
                        (Protocol::Kafka, None) => {
                            let (rd, wr) = stream.into_split();
                            let mut conn = ConnectionState::new(peer, &listener, ANONYMOUS.into());
                            conn.sasl = sasl;
                            serve_connection(services, rd, wr, conn, shutdown).await
                        }
                        (Protocol::Quorum(q), None) => {
                            let (rd, wr) = stream.into_split();
                            serve_quorum_connection(&services.config, &q, rd, wr, peer, shutdown)
                                .await
                        }
                        (Protocol::Quorum(q), Some(ssl)) => {
                            // An SSL controller listener: TLS first (the peer's
                            // certificate checked when the listener requires one).
                            let config = &services.config;
                            let timeout = FRAME_READ_TIMEOUT
                                .min(Duration::from_millis(config.connections_max_idle_ms));
                            match tokio::time::timeout(timeout, ssl.accept(stream)).await {
                                Ok(Ok(accepted)) => {
                                    let (rd, wr) = tokio::io::split(accepted.stream);
                                    serve_quorum_connection(config, &q, rd, wr, peer, shutdown)
                                        .await
                                }
                                Ok(Err(reason)) => {
                                    tracing::info!(%peer, %listener, %reason, "Failed authentication");
                                    Err(reason)
                                }
                                Err(_) => Err("SSL handshake timed out".into()),
                            }
                        }
                    };
                    if let Err(reason) = served {
                        tracing::debug!(%reason, "connection closed");
                    }
                }
                .instrument(span),
            );
            if throttle > 0 {
                tracing::debug!(listener = %self.listener, throttle_ms = throttle, "connection creation rate reached; accepting later");
                tokio::time::sleep(Duration::from_millis(throttle)).await;
            }
        }
    }
}

/// Reads the next frame's size: `Ok(None)` when the peer closed cleanly or
/// the broker is stopping. Closes a connection idle past
/// `connections.max.idle.ms` and one announcing a frame above `max`.
async fn next_frame_size<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    config: &BrokerConfig,
    max: usize,
    peer: SocketAddr,
    shutdown: &mut watch::Receiver<bool>,
) -> Result<Option<usize>, String> {
    let idle = Duration::from_millis(config.connections_max_idle_ms);
    let mut prefix = [0u8; 4];
    tokio::select! {
        r = tokio::time::timeout(idle, reader.read_exact(&mut prefix)) => match r {
            Err(_) => return Err("idle past connections.max.idle.ms".into()),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Ok(Err(e)) => return Err(e.to_string()),
            Ok(Ok(_)) => {}
        },
        _ = shutdown.wait_for(|s| *s) => return Ok(None),
    };
    match frame::check_frame_size(prefix, 0, max) {
        Ok(size) => Ok(Some(size)),
        Err(bad) => {
            tracing::warn!(%peer, size = bad.size, max, "request size out of bounds (socket.request.max.bytes); closing connection");
            Err(format!("bad frame size {}", bad.size))
        }
    }
}

/// A controller listener's connection: quorum frames only, from nodes of
/// the quorum only. A refused frame closes the connection.
async fn serve_quorum_connection<R: AsyncRead + Unpin, W: AsyncWrite + Unpin>(
    config: &BrokerConfig,
    quorum: &Quorum,
    rd: R,
    mut wr: W,
    peer: SocketAddr,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), String> {
    let mut reader = BufReader::with_capacity(64 * 1024, rd);
    let max = config
        .socket_request_max_bytes
        .min(metadata::quorum::network::MAX_RPC_FRAME);
    let mut session = QuorumSession::new(peer);
    while let Some(size) = next_frame_size(&mut reader, config, max, peer, &mut shutdown).await? {
        let frame = read_frame(&mut reader, size, config).await?;
        let response = quorum
            .handle_frame(&mut session, &frame)
            .await
            .inspect_err(|reason| {
                tracing::warn!(%peer, %reason, "quorum request refused; closing connection")
            })?;
        wr.write_all(&response).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The write side of a client connection. A plain socket sends file ranges
/// with `sendfile`; a TLS stream has to encrypt them, so reads them first.
trait ResponseWriter: AsyncWrite + Unpin + Send {
    /// The socket `sendfile` may write to directly.
    fn socket(&self) -> Option<&TcpStream>;
}

impl ResponseWriter for OwnedWriteHalf {
    fn socket(&self) -> Option<&TcpStream> {
        Some(self.as_ref())
    }
}

impl ResponseWriter for tokio::io::WriteHalf<tokio_rustls::server::TlsStream<TcpStream>> {
    fn socket(&self) -> Option<&TcpStream> {
        None
    }
}

/// How much of a file range a TLS connection reads at a time.
const TLS_COPY_CHUNK: usize = 64 * 1024;

/// Writes a file range through `writer` (which encrypts it), in pieces of
/// at most [`TLS_COPY_CHUNK`] read into `buf`: a connection holds that much
/// of a fetch answer in memory, whatever the answer's size.
async fn copy_slice<W: ResponseWriter>(
    writer: &mut BufWriter<W>,
    slice: &storage::FileSlice,
    buf: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut done = 0;
    while done < slice.len {
        let n = (slice.len - done).min(TLS_COPY_CHUNK);
        buf.resize(n, 0);
        let piece = storage::FileSlice {
            file: slice.file.clone(),
            position: slice.position + done as u64,
            len: n,
        };
        piece.read_into(buf)?;
        writer.write_all(buf).await?;
        done += n;
    }
    Ok(())
}

/// An SSL listener's connection: the handshake (within the frame timeout),
/// then Kafka requests, as its principal.
async fn serve_tls_connection(
    services: Services,
    ssl: &SslFactory,
    stream: TcpStream,
    mut conn: ConnectionState,
    shutdown: watch::Receiver<bool>,
) -> Result<(), String> {
    let (peer, listener) = (conn.peer, conn.listener.as_str());
    let timeout = FRAME_READ_TIMEOUT.min(Duration::from_millis(
        services.config.connections_max_idle_ms,
    ));
    let accepted = match tokio::time::timeout(timeout, ssl.accept(stream)).await {
        Ok(Ok(accepted)) => accepted,
        Ok(Err(reason)) => {
            // Kafka logs a failed authentication at INFO, with the client's address.
            tracing::info!(%peer, listener, %reason, "Failed authentication");
            return Err(reason);
        }
        Err(_) => {
            tracing::info!(%peer, listener, "Failed authentication: SSL handshake timed out");
            return Err("SSL handshake timed out".into());
        }
    };
    tracing::debug!(principal = %accepted.principal, "TLS client");
    conn.principal = accepted.principal;
    let (rd, wr) = tokio::io::split(accepted.stream);
    serve_connection(services, rd, wr, conn, shutdown).await
}

/// A client listener's connection: Kafka requests only.
async fn serve_connection<R: AsyncRead + Unpin, W: ResponseWriter>(
    mut services: Services,
    rd: R,
    wr: W,
    mut conn: ConnectionState,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), String> {
    let mut reader = BufReader::with_capacity(64 * 1024, rd);
    let mut writer = BufWriter::with_capacity(64 * 1024, wr);
    let config = services.config.clone();
    let max = config.socket_request_max_bytes;
    let peer = conn.peer;
    // A TLS connection copies file ranges through this buffer, never a
    // whole fetch answer (up to fetch.max.bytes) at once.
    let mut tls_buffer = Vec::new();
    loop {
        // Before authentication a frame is capped by sasl.server.max.receive.size
        // (512 KiB), as Kafka caps it: an unauthenticated client cannot make
        // the broker hold socket.request.max.bytes.
        let max = match &conn.sasl {
            Some(sasl) if !sasl.authenticated() => max.min(config.sasl_server_max_receive_size),
            _ => max,
        };
        let Some(size) = next_frame_size(&mut reader, &config, max, peer, &mut shutdown).await?
        else {
            break;
        };
        let frame = read_frame(&mut reader, size, &config).await?;
        let broker = services.broker().await?;
        let response = handlers::dispatch(&broker, &mut conn, frame).await?;
        for chunk in response.into_iter().flatten() {
            match chunk {
                Chunk::Bytes(bytes) => writer.write_all(&bytes).await.map_err(|e| e.to_string())?,
                Chunk::File(slice) if writer.get_ref().socket().is_some() => {
                    // What is buffered goes first; then the kernel sends the
                    // file range itself.
                    writer.flush().await.map_err(|e| e.to_string())?;
                    let socket = writer.get_ref().socket().expect("checked");
                    send_file(socket, &slice).await.map_err(|e| e.to_string())?;
                }
                Chunk::File(slice) => copy_slice(&mut writer, &slice, &mut tls_buffer)
                    .await
                    .map_err(|e| e.to_string())?,
            }
        }
        if conn.close_after_response {
            // A failed authentication: its answer goes out, then the connection closes.
            writer.flush().await.map_err(|e| e.to_string())?;
            return Ok(());
        }
        if conn.mute_ms > 0 {
            // Over its quota: the answer (with throttle_time_ms) goes out,
            // then the connection is muted for that long, as Kafka's.
            writer.flush().await.map_err(|e| e.to_string())?;
            tokio::time::sleep(Duration::from_millis(std::mem::take(&mut conn.mute_ms))).await;
        }
        // Flush once no further request is already buffered, so pipelined
        // requests get their responses in one write.
        if reader.buffer().is_empty() {
            writer.flush().await.map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Reads a frame body of `size` bytes (the shared reader: its buffer grows
/// with the bytes that arrive), closing a connection stalled mid-frame.
async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
    size: usize,
    config: &BrokerConfig,
) -> Result<Bytes, String> {
    let timeout = FRAME_READ_TIMEOUT.min(Duration::from_millis(config.connections_max_idle_ms));
    match tokio::time::timeout(timeout, frame::read_frame_body(reader, size)).await {
        Err(_) => Err(format!("stalled mid-frame ({size} bytes announced)")),
        Ok(r) => r.map_err(|e| e.to_string()),
    }
}
