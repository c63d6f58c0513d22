//! Listeners and connections: size-prefixed frames in, responses out, in
//! request order. One task per connection; requests of one connection are
//! handled one after the other, as Kafka does (it mutes a channel while its
//! request is in flight), so that pipelined produce requests append in order.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use metadata::quorum::Quorum;

use crate::broker::Broker;
use crate::config::BrokerConfig;
use crate::handlers;
use crate::response::{send_file, Chunk};

/// How long a client may take to send the rest of a frame it has started.
/// A client that sends half a frame and stalls loses only its own connection.
const FRAME_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Idle connections are closed after this long (Kafka's `connections.max.idle.ms`).
const IDLE_TIMEOUT: Duration = Duration::from_secs(600);

/// What the listeners serve: Kafka requests once the broker is open, and
/// from the start the metadata quorum's frames (a broker that is not a voter
/// must receive the metadata log before it can open).
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

/// Binds every listener and serves until `shutdown` turns true.
pub async fn serve(services: Services, mut shutdown: watch::Receiver<bool>) -> std::io::Result<()> {
    let mut tasks = Vec::new();
    // Controller listeners are served by the metadata quorum itself.
    for listener in services.config.broker_listeners() {
        let addr = format!("{}:{}", listener.host, listener.port);
        let socket = TcpListener::bind(&addr).await.map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("cannot listen on {addr} ({}): {e}", listener.name),
            )
        })?;
        tracing::info!(listener = %listener.name, %addr, "listening");
        let services = services.clone();
        let shutdown = shutdown.clone();
        tasks.push(tokio::spawn(accept_loop(services, socket, shutdown)));
    }
    let _ = shutdown.wait_for(|s| *s).await;
    for t in tasks {
        t.abort();
    }
    Ok(())
}

async fn accept_loop(services: Services, socket: TcpListener, shutdown: watch::Receiver<bool>) {
    loop {
        match socket.accept().await {
            Ok((stream, peer)) => {
                let _ = stream.set_nodelay(true);
                let services = services.clone();
                let shutdown = shutdown.clone();
                tokio::spawn(async move {
                    if let Err(reason) = serve_connection(services, stream, peer, shutdown).await {
                        tracing::debug!(%peer, %reason, "connection closed");
                    }
                });
            }
            Err(e) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Per-connection state the handlers may need.
pub struct Connection {
    pub peer: SocketAddr,
}

async fn serve_connection(
    mut services: Services,
    stream: TcpStream,
    peer: SocketAddr,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), String> {
    let (rd, wr) = stream.into_split();
    let mut reader = BufReader::with_capacity(64 * 1024, rd);
    let mut writer = BufWriter::with_capacity(64 * 1024, wr);
    let max = services.config.socket_request_max_bytes;
    let mut conn = Connection { peer };
    loop {
        let size = tokio::select! {
            r = tokio::time::timeout(IDLE_TIMEOUT, reader.read_i32()) => match r {
                Err(_) => return Err("idle timeout".into()),
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
                Ok(Err(e)) => return Err(e.to_string()),
                Ok(Ok(n)) => n,
            },
            _ = shutdown.wait_for(|s| *s) => return Ok(()),
        };
        if size < 0 || size as usize > max {
            tracing::warn!(%peer, size, max, "request size out of bounds (socket.request.max.bytes); closing connection");
            return Err(format!("bad frame size {size}"));
        }
        let frame = read_frame(&mut reader, size as usize).await?;
        // A broker that is not a voter follows the metadata log as a Raft
        // learner: the quorum leader reaches it on this listener.
        if let Some(quorum) = &services.quorum {
            if metadata::quorum::network::is_quorum_frame(&frame) {
                let response = quorum.handle_frame(&frame).await;
                writer
                    .write_all(&response)
                    .await
                    .map_err(|e| e.to_string())?;
                writer.flush().await.map_err(|e| e.to_string())?;
                continue;
            }
        }
        let broker = services.broker().await?;
        let response = handlers::dispatch(&broker, &mut conn, frame).await?;
        for chunk in response.into_iter().flatten() {
            match chunk {
                Chunk::Bytes(bytes) => writer.write_all(&bytes).await.map_err(|e| e.to_string())?,
                Chunk::File(slice) => {
                    // What is buffered goes first; then the kernel sends the
                    // file range itself.
                    writer.flush().await.map_err(|e| e.to_string())?;
                    send_file(writer.get_ref().as_ref(), &slice)
                        .await
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        // Flush once no further request is already buffered, so pipelined
        // requests get their responses in one write.
        if reader.buffer().is_empty() {
            writer.flush().await.map_err(|e| e.to_string())?;
        }
    }
}

/// Reads a frame body of `size` bytes. The buffer grows with the bytes that
/// actually arrive, so a client claiming 100 MiB and sending 10 bytes costs
/// only what it sent.
async fn read_frame(
    reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    size: usize,
) -> Result<Bytes, String> {
    let mut buf = BytesMut::with_capacity(size.min(1 << 20));
    let read = async {
        while buf.len() < size {
            let want = (size - buf.len()).min(1 << 20);
            buf.reserve(want);
            let n = (&mut *reader)
                .take(want as u64)
                .read_buf(&mut buf)
                .await
                .map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("connection closed mid-frame".to_string());
            }
        }
        Ok(())
    };
    match tokio::time::timeout(FRAME_READ_TIMEOUT, read).await {
        Err(_) => Err(format!("stalled mid-frame ({size} bytes announced)")),
        Ok(r) => r.map(|_| buf.freeze()),
    }
}
