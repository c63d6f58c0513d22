//! Messages between nodes of the metadata quorum, and their transport.
//!
//! Each message is a frame shaped like a Kafka request:
//! `[size: i32][api key: i16 = RAFT_RPC_API_KEY][version: i16 = 0]
//! [correlation id: i32][sender's node id: u64][JSON body]`, answered by
//! `[size: i32][correlation id: i32][JSON body]`. The API key is far above
//! any Kafka API, so a client listener (which serves Kafka APIs only) closes
//! the connection of anyone who sends one there. One request is in flight
//! per connection.
//!
//! The connections a node opens to its peers are plain TCP, or secured by
//! the [`PeerConnector`] the broker gives (TLS on an SSL controller
//! listener): this crate moves frames, the broker owns TLS.
//!
//! Invariant: quorum frames are served only on the listeners named in
//! `controller.listener.names`, and only from a node of the quorum (see
//! [`super::Quorum::authorize`]).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openraft::error::{
    InstallSnapshotError, NetworkError, RPCError, RaftError, RemoteError, Unreachable,
};
use openraft::network::{RPCOption, RaftNetwork, RaftNetworkFactory};
use openraft::raft::{
    AppendEntriesRequest, AppendEntriesResponse, InstallSnapshotRequest, InstallSnapshotResponse,
    VoteRequest, VoteResponse,
};
use openraft::BasicNode;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

use super::TypeConfig;
use crate::command::Command;
/// The heartbeat frame's body; the controller's type.
pub use crate::controller::BrokerHeartbeat;
use crate::state::MetadataError;

/// The API key of quorum frames (Kafka's keys are below 100).
pub const RAFT_RPC_API_KEY: i16 = 30_000;
/// Quorum frames carry at most a snapshot chunk or a batch of entries.
pub const MAX_RPC_FRAME: usize = 64 << 20;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    AppendEntries(AppendEntriesRequest<TypeConfig>),
    Vote(VoteRequest<u64>),
    InstallSnapshot(InstallSnapshotRequest<TypeConfig>),
    /// A command proposed through a node that is not the quorum leader.
    Submit(Command),
    /// A broker's liveness signal (Kafka's BrokerHeartbeat).
    Heartbeat(BrokerHeartbeat),
    /// A broker that is not a voter asks to follow the log as a learner.
    Join {
        node_id: u64,
        addr: String,
    },
}

impl Request {
    pub fn name(&self) -> &'static str {
        match self {
            Request::AppendEntries(_) => "AppendEntries",
            Request::Vote(_) => "Vote",
            Request::InstallSnapshot(_) => "InstallSnapshot",
            Request::Submit(_) => "Submit",
            Request::Heartbeat(_) => "Heartbeat",
            Request::Join { .. } => "Join",
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    AppendEntries(Result<AppendEntriesResponse<u64>, RaftError<u64>>),
    Vote(Result<VoteResponse<u64>, RaftError<u64>>),
    InstallSnapshot(Result<InstallSnapshotResponse<u64>, RaftError<u64, InstallSnapshotError>>),
    /// The log index of the applied command.
    Submitted(Result<u64, ForwardError>),
    /// Whether the broker is fenced in the leader's state.
    HeartbeatAck(Result<bool, ForwardError>),
    Joined(Result<(), ForwardError>),
    /// The request could not be read.
    Invalid(String),
}

/// Why a forwarded request was not carried out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ForwardError {
    /// This node is not the leader; the leader it knows of, if any.
    NotLeader(Option<(u64, String)>),
    /// The state machine rejected the command.
    Rejected(MetadataError),
    Failed(String),
}

/// Bytes of a request frame before its JSON body (after the size).
const REQUEST_HEADER_LEN: usize = 16;

pub fn encode_request(correlation_id: i32, from: u64, request: &Request) -> Vec<u8> {
    let body = serde_json::to_vec(request).expect("quorum requests serialize");
    let mut frame = Vec::with_capacity(4 + REQUEST_HEADER_LEN + body.len());
    frame.extend_from_slice(&((REQUEST_HEADER_LEN + body.len()) as i32).to_be_bytes());
    frame.extend_from_slice(&RAFT_RPC_API_KEY.to_be_bytes());
    frame.extend_from_slice(&0i16.to_be_bytes());
    frame.extend_from_slice(&correlation_id.to_be_bytes());
    frame.extend_from_slice(&from.to_be_bytes());
    frame.extend_from_slice(&body);
    frame
}

/// A decoded request frame.
pub struct RequestFrame {
    pub correlation_id: i32,
    /// The node id the sender claims; checked before the request is served.
    pub from: u64,
    pub request: Request,
}

/// Decodes a quorum request frame (after its size).
pub fn decode_request(frame: &[u8]) -> Result<RequestFrame, String> {
    if frame.len() < REQUEST_HEADER_LEN
        || i16::from_be_bytes([frame[0], frame[1]]) != RAFT_RPC_API_KEY
    {
        return Err("not a quorum frame".into());
    }
    let correlation_id = i32::from_be_bytes(frame[4..8].try_into().expect("4 bytes"));
    let from = u64::from_be_bytes(frame[8..16].try_into().expect("8 bytes"));
    let request =
        serde_json::from_slice(&frame[REQUEST_HEADER_LEN..]).map_err(|e| e.to_string())?;
    Ok(RequestFrame {
        correlation_id,
        from,
        request,
    })
}

/// A response frame, size included.
pub fn encode_response(correlation_id: i32, response: &Response) -> Vec<u8> {
    let body = serde_json::to_vec(response).expect("quorum responses serialize");
    let mut frame = Vec::with_capacity(8 + body.len());
    frame.extend_from_slice(&((4 + body.len()) as i32).to_be_bytes());
    frame.extend_from_slice(&correlation_id.to_be_bytes());
    frame.extend_from_slice(&body);
    frame
}

/// A connection to a peer: plain TCP or a secured stream over it.
pub trait PeerStream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> PeerStream for T {}

/// What opening a secured connection returns.
pub type Secured = Pin<Box<dyn Future<Output = std::io::Result<Box<dyn PeerStream>>> + Send>>;

/// How a node secures the connections it opens to its peers: given the
/// TCP stream and the peer's host, the secured stream.
#[derive(Clone)]
pub struct PeerConnector(pub Arc<dyn Fn(TcpStream, String) -> Secured + Send + Sync>);

impl std::fmt::Debug for PeerConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PeerConnector")
    }
}

/// One connection to one node, opened on first use and again after an error.
pub struct PeerClient {
    addr: String,
    /// This node's id, sent in every request.
    me: u64,
    /// `None`: plain TCP.
    connector: Option<PeerConnector>,
    conn: tokio::sync::Mutex<Option<(Box<dyn PeerStream>, i32)>>,
}

impl PeerClient {
    pub fn new(addr: String, me: u64, connector: Option<PeerConnector>) -> PeerClient {
        PeerClient {
            addr,
            me,
            connector,
            conn: tokio::sync::Mutex::new(None),
        }
    }

    /// A new connection to the peer, secured when the node says so.
    async fn connect(&self) -> std::io::Result<Box<dyn PeerStream>> {
        let tcp = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(&self.addr))
            .await
            .map_err(|_| std::io::Error::other("connect timed out"))??;
        tcp.set_nodelay(true)?;
        match &self.connector {
            None => Ok(Box::new(tcp)),
            Some(PeerConnector(secure)) => {
                let host = self.addr.rsplit_once(':').map_or(&*self.addr, |(h, _)| h);
                secure(tcp, host.to_string()).await
            }
        }
    }

    /// Sends `request` and waits for its response. The connection is taken
    /// out of its slot for the call and put back only after a whole
    /// response: a call that fails, times out or is dropped half-way (its
    /// caller gave up on a node that stopped answering) leaves no stream
    /// with a response still pending behind.
    pub async fn call(&self, request: &Request, timeout: Duration) -> std::io::Result<Response> {
        let mut slot = self.conn.lock().await;
        let conn = slot.take();
        let result = tokio::time::timeout(timeout, async {
            let (mut stream, mut next_id) = match conn {
                Some(c) => c,
                None => (self.connect().await?, 0),
            };
            next_id = next_id.wrapping_add(1);
            let id = next_id;
            stream
                .write_all(&encode_request(id, self.me, request))
                .await?;
            let body = protocol::frame::read_frame(&mut stream, 4, MAX_RPC_FRAME)
                .await
                .map_err(std::io::Error::other)?
                .ok_or_else(|| std::io::Error::other("the peer closed the connection"))?;
            let got = i32::from_be_bytes(body[..4].try_into().expect("4 bytes"));
            if got != id {
                return Err(std::io::Error::other("correlation id mismatch"));
            }
            let response = serde_json::from_slice(&body[4..]).map_err(std::io::Error::other)?;
            Ok((response, (stream, next_id)))
        })
        .await
        .unwrap_or_else(|_| Err(std::io::Error::other("request timed out")));
        result.map(|(response, conn)| {
            *slot = Some(conn);
            response
        })
    }
}

/// Clients by address, shared by openraft's replication and by forwarding.
#[derive(Clone)]
pub struct Peers {
    me: u64,
    connector: Option<PeerConnector>,
    clients: Arc<Mutex<HashMap<String, Arc<PeerClient>>>>,
}

impl Peers {
    pub fn new(me: u64, connector: Option<PeerConnector>) -> Peers {
        Peers {
            me,
            connector,
            clients: Arc::default(),
        }
    }

    pub fn get(&self, addr: &str) -> Arc<PeerClient> {
        self.clients
            .lock()
            .expect("peers lock")
            .entry(addr.to_string())
            .or_insert_with(|| {
                let connector = self.connector.clone();
                Arc::new(PeerClient::new(addr.to_string(), self.me, connector))
            })
            .clone()
    }
}

impl RaftNetworkFactory<TypeConfig> for Peers {
    type Network = Peer;

    async fn new_client(&mut self, target: u64, node: &BasicNode) -> Peer {
        // A connection of its own, so that replication never waits behind a
        // forwarded request.
        Peer {
            target,
            client: PeerClient::new(node.addr.clone(), self.me, self.connector.clone()),
        }
    }
}

pub struct Peer {
    target: u64,
    client: PeerClient,
}

type RpcResult<T, E = openraft::error::Infallible> =
    Result<T, RPCError<u64, BasicNode, RaftError<u64, E>>>;

impl Peer {
    async fn call(&self, request: Request, option: &RPCOption) -> Result<Response, std::io::Error> {
        self.client.call(&request, option.hard_ttl()).await
    }

    fn unreachable<E>(e: std::io::Error) -> RPCError<u64, BasicNode, RaftError<u64, E>>
    where
        E: std::error::Error,
    {
        RPCError::Unreachable(Unreachable::new(&e))
    }

    fn unexpected<E: std::error::Error>(
        response: Response,
    ) -> RPCError<u64, BasicNode, RaftError<u64, E>> {
        RPCError::Network(NetworkError::new(&std::io::Error::other(format!(
            "unexpected response {response:?}"
        ))))
    }
}

impl RaftNetwork<TypeConfig> for Peer {
    async fn append_entries(
        &mut self,
        rpc: AppendEntriesRequest<TypeConfig>,
        option: RPCOption,
    ) -> RpcResult<AppendEntriesResponse<u64>> {
        match self.call(Request::AppendEntries(rpc), &option).await {
            Ok(Response::AppendEntries(r)) => {
                r.map_err(|e| RPCError::RemoteError(RemoteError::new(self.target, e)))
            }
            Ok(other) => Err(Self::unexpected(other)),
            Err(e) => Err(Self::unreachable(e)),
        }
    }

    async fn install_snapshot(
        &mut self,
        rpc: InstallSnapshotRequest<TypeConfig>,
        option: RPCOption,
    ) -> RpcResult<InstallSnapshotResponse<u64>, InstallSnapshotError> {
        match self.call(Request::InstallSnapshot(rpc), &option).await {
            Ok(Response::InstallSnapshot(r)) => {
                r.map_err(|e| RPCError::RemoteError(RemoteError::new(self.target, e)))
            }
            Ok(other) => Err(Self::unexpected(other)),
            Err(e) => Err(Self::unreachable(e)),
        }
    }

    async fn vote(
        &mut self,
        rpc: VoteRequest<u64>,
        option: RPCOption,
    ) -> RpcResult<VoteResponse<u64>> {
        match self.call(Request::Vote(rpc), &option).await {
            Ok(Response::Vote(r)) => {
                r.map_err(|e| RPCError::RemoteError(RemoteError::new(self.target, e)))
            }
            Ok(other) => Err(Self::unexpected(other)),
            Err(e) => Err(Self::unreachable(e)),
        }
    }
}
