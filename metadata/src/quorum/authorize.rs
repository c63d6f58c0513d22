//! Who may speak on a quorum connection, and the frame handler that checks
//! it before answering: [`QuorumSession`] and [`Quorum::authorize`].
//!
//! Every frame names its sender's node id, and a connection speaks for one
//! node only, from an address of that node (its voter or learner address must
//! resolve to the connection's peer IP). Raft RPCs (AppendEntries, Vote,
//! InstallSnapshot) come only from voters, and only for themselves; a broker's
//! heartbeat and registration only for itself; fencing is the controller's
//! own. Without TLS on the controller listener (a later issue) this is as
//! strong as the network that separates the controller listener from clients.
//!
//! Invariants: a refused frame is never handled, and its connection must be
//! closed; a session's node is set once, by its first authorized frame, and
//! never changes.

use super::*;

/// What a quorum connection has shown about its sender.
pub struct QuorumSession {
    pub peer: std::net::SocketAddr,
    /// The node this connection speaks for, once a frame was authorized.
    node: Option<u64>,
}

impl QuorumSession {
    pub fn new(peer: std::net::SocketAddr) -> QuorumSession {
        QuorumSession { peer, node: None }
    }
}

/// Whether `addr` (host:port) names the IP `ip`. A host of 0.0.0.0 or ::
/// (listen anywhere) names every IP.
async fn addr_names_ip(addr: &str, ip: std::net::IpAddr) -> bool {
    match tokio::net::lookup_host(addr).await {
        Ok(mut resolved) => resolved.any(|a| a.ip() == ip || a.ip().is_unspecified()),
        Err(_) => false,
    }
}

impl Quorum {
    /// Answers one quorum request frame (after its size); the response frame
    /// includes its size. `Err`: the frame is refused and the connection must
    /// be closed.
    pub async fn handle_frame(
        &self,
        session: &mut QuorumSession,
        frame: &[u8],
    ) -> Result<Vec<u8>, String> {
        let f = network::decode_request(frame)?;
        self.authorize(session, f.from, &f.request).await?;
        Ok(network::encode_response(
            f.correlation_id,
            &self.handle(f.request).await,
        ))
    }

    /// Checks that the sender of `request` may send it (see the module's
    /// header); remembers the node the connection speaks for.
    pub async fn authorize(
        &self,
        session: &mut QuorumSession,
        from: u64,
        request: &Request,
    ) -> Result<(), String> {
        let is_voter = |id: u64| {
            self.config.voters.contains_key(&id)
                || self
                    .raft
                    .metrics()
                    .borrow()
                    .membership_config
                    .membership()
                    .voter_ids()
                    .any(|v| v == id)
        };
        // The node each request speaks for, and whether it must be a voter.
        let (claimed, voters_only) = match request {
            Request::AppendEntries(r) => (r.vote.leader_id().voted_for(), true),
            Request::InstallSnapshot(r) => (r.vote.leader_id().voted_for(), true),
            Request::Vote(r) => (r.vote.leader_id().voted_for(), true),
            Request::Heartbeat(b) => (u64::try_from(b.node_id).ok(), false),
            Request::Join { node_id, .. } => (Some(*node_id), false),
            Request::Submit(cmd) => match cmd {
                Command::RegisterBroker { node_id, .. } => (u64::try_from(*node_id).ok(), false),
                // The controller fences and unfences on its own, never on request.
                Command::FenceBroker { .. } | Command::UnfenceBroker { .. } => (None, false),
                _ => (Some(from), false),
            },
        };
        if claimed != Some(from) {
            return Err(format!("node {from} may not send {}", request.name()));
        }
        if voters_only && !is_voter(from) {
            return Err(format!(
                "{} comes only from a voter; node {from} is not one",
                request.name()
            ));
        }
        // A learner may register itself; any other command comes from a
        // voter or a registered broker (one that joined is not one yet).
        let registered =
            || i32::try_from(from).is_ok_and(|id| self.published.get().brokers.contains_key(&id));
        if let Request::Submit(cmd) = request {
            let own_registration = matches!(cmd, Command::RegisterBroker { .. });
            if !own_registration && !is_voter(from) && !registered() {
                return Err(format!(
                    "node {from} is neither a voter nor a registered broker"
                ));
            }
        }
        match session.node {
            Some(node) if node == from => return Ok(()),
            Some(node) => {
                return Err(format!(
                    "this connection speaks for node {node}, not node {from}"
                ))
            }
            None => {}
        }
        // A member's address is the one it is known by; a broker not yet a
        // member joins from the address it asks to be reached at.
        let addr = match (self.addr_of(from), request) {
            (Some(addr), _) => addr,
            (None, Request::Join { addr, .. }) => addr.clone(),
            (None, _) => return Err(format!("node {from} is not a node of the quorum")),
        };
        if !addr_names_ip(&addr, session.peer.ip()).await {
            return Err(format!(
                "node {from} is at {addr}, not at {}",
                session.peer.ip()
            ));
        }
        session.node = Some(from);
        Ok(())
    }
}
