//! A follower's replica fetcher: it copies the leader's log with the Fetch
//! API, as a Kafka follower does (replica id set, so the leader reads up to
//! its log end offset and counts the fetch offset as this replica's
//! progress).
//!
//! Before fetching from a new leader or epoch it truncates by
//! OffsetForLeaderEpoch (KIP-101): the leader says where this replica's last
//! epoch ends in its own log, and anything past that is cut. The high
//! watermark alone is never used to truncate.
//!
//! One fetcher per partition, each with its own connection: simple, and
//! enough for the partition counts of a small cluster (Kafka shares one
//! fetcher thread per source broker).

use std::time::Duration;

use bytes::Bytes;
use protocol::frame::{decode_response, encode_request};
use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::offset_for_leader_epoch_request::{
    OffsetForLeaderPartition, OffsetForLeaderTopic,
};
use protocol::messages::{
    ApiKey, FetchRequest, OffsetForLeaderEpochRequest, RequestBody, ResponseBody,
};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::error::code;
use crate::partition::Partition;
use crate::replica_manager::ReplicaManager;

/// Fetch v12: topics by name, replica id in the body.
const FETCH_VERSION: i16 = 12;
const OFFSET_FOR_LEADER_EPOCH_VERSION: i16 = 4;
const MAX_RESPONSE: usize = 256 << 20;
const IO_TIMEOUT: Duration = Duration::from_secs(30);

struct LeaderConnection {
    leader: i32,
    stream: TcpStream,
    correlation_id: i32,
}

impl LeaderConnection {
    async fn connect(replicas: &ReplicaManager, leader: i32) -> Result<LeaderConnection, String> {
        let state = replicas.metadata.state();
        let b = state
            .brokers
            .get(&leader)
            .ok_or_else(|| format!("leader {leader} is not registered"))?;
        let addr = format!("{}:{}", b.host, b.port);
        let stream = tokio::time::timeout(Duration::from_secs(5), TcpStream::connect(&addr))
            .await
            .map_err(|_| format!("connecting to {addr} timed out"))?
            .map_err(|e| format!("connecting to {addr}: {e}"))?;
        let _ = stream.set_nodelay(true);
        Ok(LeaderConnection {
            leader,
            stream,
            correlation_id: 0,
        })
    }

    async fn call(&mut self, version: i16, body: RequestBody) -> Result<ResponseBody, String> {
        self.correlation_id = self.correlation_id.wrapping_add(1);
        let api: ApiKey = body.api_key();
        let frame = encode_request(self.correlation_id, Some("replica-fetcher"), version, &body)
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
            .map_err(|_| "the leader did not answer in time".to_string())?
            .map_err(|e| e.to_string())?
            .ok_or("the leader closed the connection")?;
        let (id, response) = decode_response(api, version, bytes).map_err(|e| e.to_string())?;
        if id != self.correlation_id {
            return Err("correlation id mismatch".into());
        }
        Ok(response)
    }
}

/// Runs while this broker follows `partition`; returns when it leads it,
/// has no leader to follow, or the partition is gone.
pub async fn run(replicas: &ReplicaManager, partition: &Partition) {
    let me = replicas.config.node_id;
    let backoff = Duration::from_millis(replicas.config.replica_fetch_backoff_ms.clamp(10, 10_000));
    let mut conn: Option<LeaderConnection> = None;
    loop {
        let role = partition.role();
        let current = replicas.partition(&partition.topic, partition.index);
        if role.leader == me
            || role.leader < 0
            || current.is_none_or(|p| !std::ptr::eq(&*p, partition))
        {
            return;
        }
        if conn.as_ref().is_none_or(|c| c.leader != role.leader) {
            match LeaderConnection::connect(replicas, role.leader).await {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    tracing::debug!(topic = %partition.topic, partition = partition.index, error = %e, "replica fetcher cannot reach the leader");
                    tokio::time::sleep(backoff).await;
                    continue;
                }
            }
        }
        let c = conn.as_mut().expect("connected");
        let mut progress = partition.watch();
        let step = async {
            if partition.needs_truncation() {
                truncate(c, partition, role.leader_epoch).await
            } else {
                fetch(replicas, c, partition, role.leader_epoch, me).await
            }
        };
        // A call to a leader that stopped answering (paused, partitioned)
        // is abandoned as soon as the metadata names another leader.
        let moved = async {
            loop {
                progress.changed().await;
                let now = partition.role();
                if now.leader != role.leader || now.leader_epoch != role.leader_epoch {
                    return;
                }
            }
        };
        let step = tokio::select! {
            r = step => r,
            () = moved => {
                // The connection may hold the abandoned call's answer.
                conn = None;
                continue;
            }
        };
        if let Err(e) = step {
            tracing::debug!(topic = %partition.topic, partition = partition.index, error = %e, "replica fetch failed");
            conn = None;
            tokio::time::sleep(backoff).await;
        }
    }
}

/// KIP-101: ask the leader where our latest epoch ends, cut past it.
async fn truncate(
    c: &mut LeaderConnection,
    partition: &Partition,
    leader_epoch: i32,
) -> Result<(), String> {
    let Some(epoch) = partition.latest_epoch() else {
        // An empty log (or one from before epochs): nothing to cut.
        return partition
            .truncate_for_leader(None, true)
            .map_err(|e| e.message);
    };
    let request = OffsetForLeaderEpochRequest {
        replica_id: c_node(partition),
        topics: vec![OffsetForLeaderTopic {
            topic: partition.topic.clone(),
            partitions: vec![OffsetForLeaderPartition {
                partition: partition.index,
                current_leader_epoch: leader_epoch,
                leader_epoch: epoch,
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let response = c
        .call(
            OFFSET_FOR_LEADER_EPOCH_VERSION,
            RequestBody::OffsetForLeaderEpoch(request),
        )
        .await?;
    let ResponseBody::OffsetForLeaderEpoch(r) = response else {
        return Err("unexpected response".into());
    };
    let p = r
        .topics
        .first()
        .and_then(|t| t.partitions.first())
        .ok_or("empty OffsetForLeaderEpoch response")?;
    if p.error_code != code::NONE {
        return Err(format!("OffsetForLeaderEpoch error {}", p.error_code));
    }
    let (cut, complete) = partition.truncation_point(p.leader_epoch, p.end_offset);
    tracing::info!(topic = %partition.topic, partition = partition.index, our_epoch = epoch, leader_epoch = p.leader_epoch, end_offset = p.end_offset, log_end = partition.log_end_offset(), cut, complete, "truncating by leader epoch");
    partition
        .truncate_for_leader(Some(cut), complete)
        .map_err(|e| e.message)
}

fn c_node(partition: &Partition) -> i32 {
    partition.node_id()
}

async fn fetch(
    replicas: &ReplicaManager,
    c: &mut LeaderConnection,
    partition: &Partition,
    leader_epoch: i32,
    me: i32,
) -> Result<(), String> {
    let fetch_offset = partition.log_end_offset();
    let request = FetchRequest {
        replica_id: me,
        max_wait_ms: replicas.config.replica_fetch_wait_max_ms.clamp(0, 10_000),
        min_bytes: 1,
        max_bytes: replicas
            .config
            .replica_fetch_max_bytes
            .max(1024)
            .saturating_mul(4),
        topics: vec![FetchTopic {
            topic: partition.topic.clone(),
            partitions: vec![FetchPartition {
                partition: partition.index,
                current_leader_epoch: leader_epoch,
                fetch_offset,
                log_start_offset: partition.log_start_offset(),
                partition_max_bytes: replicas.config.replica_fetch_max_bytes.max(1024),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let response = c.call(FETCH_VERSION, RequestBody::Fetch(request)).await?;
    let ResponseBody::Fetch(r) = response else {
        return Err("unexpected response".into());
    };
    if r.error_code != code::NONE {
        return Err(format!("fetch error {}", r.error_code));
    }
    let p = r
        .responses
        .into_iter()
        .next()
        .and_then(|t| t.partitions.into_iter().next())
        .ok_or("empty fetch response")?;
    match p.error_code {
        code::NONE => {}
        // The leader moved on, or we are ahead of its metadata: wait for ours.
        code::NOT_LEADER_OR_FOLLOWER | code::FENCED_LEADER_EPOCH | code::UNKNOWN_LEADER_EPOCH => {
            tokio::time::sleep(Duration::from_millis(100)).await;
            return Ok(());
        }
        code::OFFSET_OUT_OF_RANGE if fetch_offset < p.log_start_offset => {
            // The leader deleted what we lack (retention, DeleteRecords).
            tracing::info!(topic = %partition.topic, partition = partition.index, fetch_offset, leader_log_start_offset = p.log_start_offset, "behind the leader's log start offset; starting over there");
            return partition
                .restart_at_leader_log_start(p.log_start_offset)
                .map_err(|e| e.message);
        }
        code::OFFSET_OUT_OF_RANGE => {
            // Ahead of the leader's log without an epoch to tell us where to
            // cut (it should not happen after truncation): truncate again.
            tracing::warn!(topic = %partition.topic, partition = partition.index, fetch_offset, "fetch offset out of range on the leader; truncating again");
            partition.mark_needs_truncation();
            // Do not spin if truncation cannot fix it.
            tokio::time::sleep(Duration::from_millis(
                replicas.config.replica_fetch_backoff_ms.clamp(10, 10_000),
            ))
            .await;
            return Ok(());
        }
        other => return Err(format!("fetch error {other}")),
    }
    let records = p.records.unwrap_or_default();
    partition
        .append_as_follower(
            records,
            p.high_watermark,
            leader_epoch,
            storage::log::now_ms(),
        )
        .map_err(|e| e.message)?;
    // Records the leader deleted go here too.
    partition.follow_leader_log_start(p.log_start_offset);
    Ok(())
}
