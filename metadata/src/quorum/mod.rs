//! The metadata quorum: the metadata log replicated with openraft among the
//! controllers (KRaft's role, without a separate coordination service).
//!
//! - [`log_store`]: the Raft log on disk;
//! - [`state_machine`]: the [`ClusterState`] fed by committed commands, with
//!   snapshots;
//! - [`network`]: the frames between nodes;
//! - `authorize.rs`: who may speak on a quorum connection
//!   ([`Quorum::authorize`], [`QuorumSession`]) and the frame handler that
//!   checks it before answering;
//! - this module: the node itself. Commands proposed on any node are
//!   forwarded to the quorum leader. The leader also plays Kafka's
//!   controller ([`crate::controller`]): it feeds the controller heartbeats
//!   and ticks with the real clock and proposes the commands it returns
//!   (fences, unfences, preferred leaders).
//!
//! Brokers that are not voters follow the log as Raft learners; they too
//! receive the log on a listener named in `controller.listener.names`.

mod authorize;
pub mod log_store;
pub mod network;
pub mod state_machine;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use openraft::error::{ClientWriteError, RaftError};
use openraft::{BasicNode, Raft, ServerState};
use serde::{Deserialize, Serialize};

use crate::command::Command;
use crate::controller::{Controller, ControllerConfig};
use crate::published::Published;
use crate::state::MetadataError;
pub use authorize::QuorumSession;
use network::{BrokerHeartbeat, ForwardError, Peers, Request, Response};

/// The outcome of applying one entry: the command's own result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Applied(pub Result<(), MetadataError>);

openraft::declare_raft_types!(
    pub TypeConfig:
        D = Command,
        R = Applied,
);

/// How long a proposal may wait for a leader (an election takes about a second).
const SUBMIT_TIMEOUT: Duration = Duration::from_secs(15);
const FORWARD_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the leader checks heartbeats and preferred leaders.
const CONTROLLER_TICK: Duration = Duration::from_millis(200);

#[derive(Debug, Clone)]
pub struct QuorumConfig {
    pub node_id: i32,
    /// Voter id → its controller address, from `controller.quorum.voters`.
    pub voters: BTreeMap<u64, String>,
    /// Where other nodes reach this node's quorum endpoint.
    pub advertised_addr: String,
    pub dir: PathBuf,
    pub broker_session_timeout_ms: u64,
    pub auto_leader_rebalance: bool,
    pub leader_imbalance_check_interval_ms: u64,
    /// How connections to peers are secured (TLS on the controller
    /// listener); `None`: plain TCP.
    pub connector: Option<network::PeerConnector>,
}

impl QuorumConfig {
    pub fn is_voter(&self) -> bool {
        self.voters.contains_key(&(self.node_id as u64))
    }

    fn controller_config(&self) -> ControllerConfig {
        let ms = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        ControllerConfig {
            broker_session_timeout_ms: ms(self.broker_session_timeout_ms),
            auto_leader_rebalance: self.auto_leader_rebalance,
            leader_imbalance_check_interval_ms: ms(self.leader_imbalance_check_interval_ms),
        }
    }
}

pub struct Quorum {
    pub raft: Raft<TypeConfig>,
    config: QuorumConfig,
    published: Arc<Published>,
    peers: Peers,
    /// Kafka's controller duties, played while this node leads.
    controller: Mutex<Controller>,
    /// The controller's clock: milliseconds since this node opened.
    started: Instant,
}

/// What a quorum leader is, as `cluster describe` shows it.
#[derive(Debug, Clone)]
pub struct QuorumStatus {
    pub leader: Option<u64>,
    pub term: u64,
    pub voters: Vec<u64>,
    pub learners: Vec<u64>,
    pub last_applied: u64,
    pub last_log_index: u64,
    /// On the leader: the last log index each member is known to hold.
    pub matched: BTreeMap<u64, u64>,
    /// Each member's quorum address.
    pub addrs: BTreeMap<u64, String>,
}

fn raft_error<E: std::fmt::Display>(e: E) -> MetadataError {
    MetadataError::NotAvailable(e.to_string())
}

impl Quorum {
    /// Opens this node's Raft log and state machine and starts the node. On
    /// a voter's first start the voters of `controller.quorum.voters` form
    /// the initial membership (every voter proposes the same one).
    pub async fn open(
        config: QuorumConfig,
        published: Arc<Published>,
    ) -> Result<Arc<Quorum>, MetadataError> {
        let raft_config = openraft::Config {
            cluster_name: "tributary".into(),
            heartbeat_interval: 100,
            election_timeout_min: 700,
            election_timeout_max: 1400,
            snapshot_policy: openraft::SnapshotPolicy::LogsSinceLast(1000),
            max_in_snapshot_log_to_keep: 500,
            ..Default::default()
        }
        .validate()
        .map_err(raft_error)?;
        let log = log_store::LogStore::open(&config.dir)?;
        let sm = state_machine::StateMachine::open(&config.dir, published.clone())
            .map_err(|e| MetadataError::Io(e.to_string()))?;
        let peers = Peers::new(config.node_id as u64, config.connector.clone());
        let raft = Raft::new(
            config.node_id as u64,
            Arc::new(raft_config),
            peers.clone(),
            log,
            sm,
        )
        .await
        .map_err(raft_error)?;
        if config.is_voter() && !raft.is_initialized().await.map_err(raft_error)? {
            let members: BTreeMap<u64, BasicNode> = config
                .voters
                .iter()
                .map(|(id, addr)| (*id, BasicNode { addr: addr.clone() }))
                .collect();
            match raft.initialize(members).await {
                Ok(()) => tracing::info!(voters = ?config.voters, "metadata quorum initialized"),
                // Another voter's proposal reached us first: fine.
                Err(e) => tracing::info!(error = %e, "metadata quorum already initialized"),
            }
        }
        let controller = Controller::new(config.controller_config(), 0);
        let quorum = Arc::new(Quorum {
            raft,
            config,
            published,
            peers,
            controller: Mutex::new(controller),
            started: Instant::now(),
        });
        if quorum.config.is_voter() {
            tokio::spawn(controller_loop(Arc::downgrade(&quorum)));
        } else {
            tokio::spawn(join_as_learner(Arc::downgrade(&quorum)));
        }
        Ok(quorum)
    }

    pub fn node_id(&self) -> i32 {
        self.config.node_id
    }

    fn leader(&self) -> Option<u64> {
        self.raft.metrics().borrow().current_leader
    }

    pub fn is_leader(&self) -> bool {
        self.leader() == Some(self.config.node_id as u64)
    }

    /// The address of a member, from the membership or the configured voters.
    fn addr_of(&self, id: u64) -> Option<String> {
        let metrics = self.raft.metrics();
        let m = metrics.borrow();
        m.membership_config
            .membership()
            .get_node(&id)
            .map(|n| n.addr.clone())
            .or_else(|| self.config.voters.get(&id).cloned())
    }

    pub fn status(&self) -> QuorumStatus {
        let metrics = self.raft.metrics();
        let m = metrics.borrow();
        let membership = m.membership_config.membership();
        QuorumStatus {
            leader: m.current_leader,
            term: m.current_term,
            voters: membership.voter_ids().collect(),
            learners: membership.learner_ids().collect(),
            last_applied: m.last_applied.map_or(0, |l| l.index),
            last_log_index: m.last_log_index.unwrap_or(0),
            matched: m
                .replication
                .as_ref()
                .map(|r| {
                    r.iter()
                        .map(|(id, l)| (*id, l.map_or(0, |l| l.index)))
                        .collect()
                })
                .unwrap_or_default(),
            addrs: membership
                .nodes()
                .map(|(id, n)| (*id, n.addr.clone()))
                .collect(),
        }
    }

    /// Sends `request` to the quorum leader (or handles it here when this
    /// node leads), retrying through elections until `SUBMIT_TIMEOUT`.
    async fn to_leader(&self, request: Request) -> Result<Response, MetadataError> {
        let deadline = Instant::now() + SUBMIT_TIMEOUT;
        let mut hint: Option<(u64, String)> = None;
        let mut voter_turn = 0usize;
        loop {
            let target = match (self.leader(), hint.take()) {
                (Some(l), _) if l == self.config.node_id as u64 => None,
                (Some(l), _) => self.addr_of(l).map(|a| (l, a)),
                (None, Some(h)) => Some(h),
                // No leader known here (a learner before it joined): ask the voters in turn.
                (None, None) => {
                    let voters: Vec<_> = self.config.voters.iter().collect();
                    voter_turn += 1;
                    voters
                        .get(voter_turn % voters.len().max(1))
                        .map(|(id, a)| (**id, (*a).clone()))
                }
            };
            let response = match target {
                None => Ok(self.handle(request.clone()).await),
                Some((id, addr)) => {
                    // Give up on a node that stops answering as soon as
                    // another leader is known: a paused old leader must not
                    // hold heartbeats back until the new one fences their
                    // senders.
                    let mut metrics = self.raft.metrics();
                    let peer = self.peers.get(&addr);
                    let call = peer.call(&request, FORWARD_TIMEOUT);
                    let leader_moved =
                        metrics.wait_for(|m| m.current_leader.is_some_and(|l| l != id));
                    tokio::select! {
                        r = call => r.map_err(|e| e.to_string()),
                        _ = leader_moved => Err(format!("the quorum leader moved away from {id}")),
                    }
                }
            };
            let not_leader = match &response {
                Ok(Response::Submitted(Err(ForwardError::NotLeader(h))))
                | Ok(Response::HeartbeatAck(Err(ForwardError::NotLeader(h))))
                | Ok(Response::Joined(Err(ForwardError::NotLeader(h)))) => {
                    hint = h.clone();
                    true
                }
                Ok(_) => false,
                Err(_) => true,
            };
            if !not_leader {
                return response.map_err(MetadataError::NotAvailable);
            }
            if Instant::now() >= deadline {
                return Err(MetadataError::NotAvailable(format!(
                    "no quorum leader reachable within {SUBMIT_TIMEOUT:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Proposes `cmd`; returns once it is committed and applied on this node.
    pub async fn submit(&self, cmd: Command) -> Result<(), MetadataError> {
        match self.to_leader(Request::Submit(cmd)).await? {
            Response::Submitted(Ok(index)) => {
                self.raft
                    .wait(Some(SUBMIT_TIMEOUT))
                    .applied_index_at_least(Some(index), "submitted command")
                    .await
                    .map_err(raft_error)?;
                Ok(())
            }
            Response::Submitted(Err(ForwardError::Rejected(e))) => Err(e),
            Response::Submitted(Err(e)) => Err(MetadataError::NotAvailable(format!("{e:?}"))),
            other => Err(MetadataError::NotAvailable(format!("unexpected {other:?}"))),
        }
    }

    /// A broker's heartbeat; returns whether the broker is fenced.
    pub async fn heartbeat(&self, beat: BrokerHeartbeat) -> Result<bool, MetadataError> {
        match self.to_leader(Request::Heartbeat(beat)).await? {
            Response::HeartbeatAck(Ok(fenced)) => Ok(fenced),
            other => Err(MetadataError::NotAvailable(format!("{other:?}"))),
        }
    }

    /// Proposes locally (this node must lead). The log index on success.
    async fn propose(&self, cmd: Command) -> Result<u64, ForwardError> {
        match self.raft.client_write(cmd).await {
            Ok(r) => match r.data.0 {
                Ok(()) => Ok(r.log_id.index),
                Err(e) => Err(ForwardError::Rejected(e)),
            },
            Err(RaftError::APIError(ClientWriteError::ForwardToLeader(f))) => Err(
                ForwardError::NotLeader(f.leader_id.zip(f.leader_node.map(|n| n.addr))),
            ),
            Err(e) => Err(ForwardError::Failed(e.to_string())),
        }
    }

    fn not_leader(&self) -> ForwardError {
        ForwardError::NotLeader(self.leader().and_then(|l| self.addr_of(l).map(|a| (l, a))))
    }

    /// Handles one request from another node.
    pub async fn handle(&self, request: Request) -> Response {
        match request {
            Request::AppendEntries(r) => Response::AppendEntries(self.raft.append_entries(r).await),
            Request::Vote(r) => Response::Vote(self.raft.vote(r).await),
            Request::InstallSnapshot(r) => {
                Response::InstallSnapshot(self.raft.install_snapshot(r).await)
            }
            Request::Submit(cmd) => Response::Submitted(self.propose(cmd).await),
            Request::Heartbeat(beat) => {
                if !self.is_leader() {
                    return Response::HeartbeatAck(Err(self.not_leader()));
                }
                Response::HeartbeatAck(self.on_heartbeat(beat).await)
            }
            Request::Join { node_id, addr } => {
                if !self.is_leader() {
                    return Response::Joined(Err(self.not_leader()));
                }
                let known = self
                    .raft
                    .metrics()
                    .borrow()
                    .membership_config
                    .membership()
                    .get_node(&node_id)
                    .is_some_and(|n| n.addr == addr);
                if known {
                    return Response::Joined(Ok(()));
                }
                tracing::info!(node_id, %addr, "adding a learner to the metadata quorum");
                Response::Joined(
                    self.raft
                        .add_learner(node_id, BasicNode { addr }, false)
                        .await
                        .map(|_| ())
                        .map_err(|e| ForwardError::Failed(e.to_string())),
                )
            }
        }
    }

    fn now_ms(&self) -> i64 {
        i64::try_from(self.started.elapsed().as_millis()).unwrap_or(i64::MAX)
    }

    /// The controller's side of a heartbeat (see [`Controller::on_heartbeat`]);
    /// returns whether the broker is fenced, once what the controller decided
    /// is committed.
    async fn on_heartbeat(&self, beat: BrokerHeartbeat) -> Result<bool, ForwardError> {
        let state = self.published.get();
        let outcome = self
            .controller
            .lock()
            .expect("controller lock")
            .on_heartbeat(&state, &beat, self.now_ms());
        if let Some(cmd) = outcome.propose {
            match &cmd {
                Command::FenceBroker { node_id } => {
                    tracing::info!(node_id, "controlled shutdown: fencing the broker")
                }
                Command::UnfenceBroker { node_id } => tracing::info!(node_id, "unfencing broker"),
                _ => {}
            }
            self.propose(cmd).await?;
        }
        Ok(outcome.fenced)
    }

    /// One round of the controller's duties (leader only): a cluster id for
    /// a new cluster, then what [`Controller::tick`] returns, in its order.
    async fn controller_tick(&self, became_leader: bool) {
        let state = self.published.get();
        if state.cluster_id.is_none() {
            let id = crate::new_cluster_id();
            let _ = self.propose(Command::InitCluster { cluster_id: id }).await;
        }
        let commands = self.controller.lock().expect("controller lock").tick(
            &state,
            self.now_ms(),
            became_leader,
        );
        for cmd in commands {
            match &cmd {
                Command::FenceBroker { node_id } => {
                    tracing::warn!(node_id, "broker missed its heartbeats; fencing it")
                }
                Command::ChangePartition {
                    topic,
                    partition,
                    leader,
                    ..
                } => {
                    tracing::info!(%topic, partition, preferred = leader, "restoring the preferred leader")
                }
                _ => {}
            }
            if let Err(e) = self.propose(cmd.clone()).await {
                if let Command::FenceBroker { node_id } = cmd {
                    tracing::warn!(node_id, error = ?e, "fencing failed");
                }
            }
        }
    }
}

async fn controller_loop(quorum: std::sync::Weak<Quorum>) {
    let mut was_leader = false;
    loop {
        tokio::time::sleep(CONTROLLER_TICK).await;
        let Some(q) = quorum.upgrade() else { return };
        let leader = q.raft.metrics().borrow().state == ServerState::Leader;
        if leader {
            q.controller_tick(!was_leader).await;
        }
        was_leader = leader;
    }
}

/// A broker that is not a voter asks the leader to add it as a learner,
/// until the membership lists it.
async fn join_as_learner(quorum: std::sync::Weak<Quorum>) {
    loop {
        let Some(q) = quorum.upgrade() else { return };
        let id = q.config.node_id as u64;
        let listed = q
            .raft
            .metrics()
            .borrow()
            .membership_config
            .membership()
            .get_node(&id)
            .is_some();
        if listed {
            return;
        }
        let request = Request::Join {
            node_id: id,
            addr: q.config.advertised_addr.clone(),
        };
        match q.to_leader(request).await {
            Ok(Response::Joined(Ok(()))) => {}
            other => {
                tracing::warn!(result = ?other, "joining the metadata quorum failed; retrying")
            }
        }
        drop(q);
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn start(
        id: i32,
        voters: &BTreeMap<u64, String>,
        listener: tokio::net::TcpListener,
        dir: &std::path::Path,
    ) -> (Arc<Quorum>, tokio::task::JoinHandle<()>) {
        let config = QuorumConfig {
            node_id: id,
            voters: voters.clone(),
            advertised_addr: voters[&(id as u64)].clone(),
            dir: dir.join(format!("n{id}")),
            broker_session_timeout_ms: 60_000,
            auto_leader_rebalance: false,
            leader_imbalance_check_interval_ms: 300_000,
            connector: None,
        };
        let q = Quorum::open(config, Arc::new(Published::default()))
            .await
            .unwrap();
        let server = tokio::spawn(serve(q.clone(), listener));
        (q, server)
    }

    /// The quorum's frames on a listener (the broker's server does this, with
    /// its connection limits, in a real node).
    async fn serve(quorum: Arc<Quorum>, listener: tokio::net::TcpListener) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        loop {
            let (mut stream, peer) = listener.accept().await.unwrap();
            let quorum = quorum.clone();
            tokio::spawn(async move {
                let mut session = QuorumSession::new(peer);
                while let Ok(size) = stream.read_i32().await {
                    let mut frame = vec![0u8; size as usize];
                    if stream.read_exact(&mut frame).await.is_err() {
                        return;
                    }
                    let Ok(response) = quorum.handle_frame(&mut session, &frame).await else {
                        return;
                    };
                    if stream.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    }

    async fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
        for _ in 0..200 {
            if f() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("timed out waiting for {what}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn three_voters_elect_replicate_and_survive_the_leader() {
        let dir = tempfile::tempdir().unwrap();
        let mut listeners = Vec::new();
        let mut voters = BTreeMap::new();
        for id in 1..=3u64 {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            voters.insert(id, l.local_addr().unwrap().to_string());
            listeners.push(l);
        }
        let mut nodes = Vec::new();
        for (i, l) in listeners.into_iter().enumerate() {
            nodes.push(start(i as i32 + 1, &voters, l, dir.path()).await);
        }
        // The leader sets the cluster id; every node applies it.
        wait_for("a cluster id everywhere", || {
            nodes
                .iter()
                .all(|(q, _)| q.published.get().cluster_id.is_some())
        })
        .await;
        let leader = nodes[0].0.status().leader.unwrap();
        // A command proposed on a follower is forwarded, and applied here
        // before submit returns.
        let follower = nodes
            .iter()
            .find(|(q, _)| q.config.node_id as u64 != leader)
            .unwrap();
        // (A node registers only itself.)
        let me = follower.0.config.node_id;
        follower
            .0
            .submit(Command::RegisterBroker {
                node_id: me,
                host: "h".into(),
                port: 1,
                rack: None,
                fenced: false,
                listeners: vec![],
            })
            .await
            .unwrap();
        assert!(follower.0.published.get().brokers.contains_key(&me));
        // A rejected command says why.
        let err = follower
            .0
            .submit(Command::DeleteTopic {
                name: "nope".into(),
            })
            .await
            .unwrap_err();
        assert_eq!(err, MetadataError::UnknownTopic("nope".into()));

        // Stop the leader: the two others elect a new one and go on.
        let (old, server) = nodes.remove((leader - 1) as usize);
        server.abort();
        old.raft.shutdown().await.unwrap();
        drop(old);
        wait_for("a new leader", || {
            nodes[0].0.status().leader.is_some_and(|l| l != leader)
        })
        .await;
        nodes[1]
            .0
            .submit(Command::AlterBrokerConfigs {
                broker: None,
                changes: [("log.retention.ms".to_string(), Some("8".to_string()))].into(),
            })
            .await
            .unwrap();
        wait_for("the command on both nodes", || {
            nodes
                .iter()
                .all(|(q, _)| q.published.get().broker_configs.contains_key(""))
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_restarted_voter_recovers_its_state_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let voters: BTreeMap<u64, String> = [(1, l.local_addr().unwrap().to_string())].into();
        let (q, server) = start(1, &voters, l, dir.path()).await;
        wait_for("a cluster id", || q.published.get().cluster_id.is_some()).await;
        for id in 0..1200 {
            q.submit(Command::RegisterBroker {
                node_id: id,
                host: "h".into(),
                port: 1,
                rack: None,
                fenced: false,
                listeners: vec![],
            })
            .await
            .unwrap();
        }
        let before = q.published.get();
        server.abort();
        q.raft.shutdown().await.unwrap();
        drop(q);
        // 1200 commands: a snapshot was taken and the log purged.
        assert!(dir.path().join("n1/snapshot.json").exists());
        let l = tokio::net::TcpListener::bind(&voters[&1]).await.unwrap();
        let (q, _server) = start(1, &voters, l, dir.path()).await;
        wait_for("the state replayed", || {
            q.published.get().brokers.len() == before.brokers.len()
        })
        .await;
        assert_eq!(q.published.get().cluster_id, before.cluster_id);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn only_nodes_of_the_quorum_may_speak_and_only_for_themselves() {
        let dir = tempfile::tempdir().unwrap();
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let voters: BTreeMap<u64, String> = [(1, l.local_addr().unwrap().to_string())].into();
        let (q, _server) = start(1, &voters, l, dir.path()).await;
        wait_for("a cluster id", || q.published.get().cluster_id.is_some()).await;
        let register = |node_id| {
            Request::Submit(Command::RegisterBroker {
                node_id,
                host: "127.0.0.1".into(),
                port: 1,
                rack: None,
                fenced: false,
                listeners: vec![],
            })
        };
        let session = |ip: &str| QuorumSession::new(format!("{ip}:5000").parse().unwrap());
        // Voter 1 lives at 127.0.0.1: not reachable from another address.
        let mut s = session("127.0.0.5");
        assert!(q.authorize(&mut s, 1, &register(1)).await.is_err());
        // Only for itself: node 1 may not register node 2, nor fence anyone.
        let mut s = session("127.0.0.1");
        assert!(q.authorize(&mut s, 1, &register(2)).await.is_err());
        let fence = Request::Submit(Command::FenceBroker { node_id: 1 });
        assert!(q.authorize(&mut s, 1, &fence).await.is_err());
        // Unknown nodes may only ask to join, from the address they give.
        assert!(q.authorize(&mut s, 9, &register(9)).await.is_err());
        let join = |addr: &str| Request::Join {
            node_id: 9,
            addr: addr.into(),
        };
        let mut s9 = session("127.0.0.1");
        assert!(q.authorize(&mut s9, 9, &join("127.0.0.7:9")).await.is_err());
        assert!(q.authorize(&mut s9, 9, &join("127.0.0.1:9")).await.is_ok());
        // A learner that joined may register itself, nothing else until then.
        let delete = Request::Submit(Command::DeleteTopic { name: "t".into() });
        assert!(q.authorize(&mut s9, 9, &delete).await.is_err());
        // A connection speaks for one node only.
        assert!(q.authorize(&mut s9, 1, &register(1)).await.is_err());
        // Raft RPCs come from voters only.
        let vote = Request::Vote(openraft::raft::VoteRequest::new(
            openraft::Vote::new(5, 9),
            None,
        ));
        assert!(q.authorize(&mut s9, 9, &vote).await.is_err());
        // The voter itself, from its address, for itself.
        assert!(q.authorize(&mut s, 1, &register(1)).await.is_ok());
        let vote1 = Request::Vote(openraft::raft::VoteRequest::new(
            openraft::Vote::new(5, 1),
            None,
        ));
        assert!(q.authorize(&mut s, 1, &vote1).await.is_ok());
        // handle_frame refuses what authorize refuses, and a garbled frame.
        let frame = network::encode_request(1, 1, &register(1));
        let mut s5 = session("127.0.0.5");
        assert!(q.handle_frame(&mut s5, &frame[4..]).await.is_err());
        assert!(q
            .handle_frame(&mut s5, b"\x75\x30\0\0garbage")
            .await
            .is_err());
    }
}
