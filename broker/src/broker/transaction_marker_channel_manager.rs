//! The transaction markers (Kafka's `TransactionMarkerChannelManager`):
//! once a PrepareCommit/PrepareAbort is in `__transaction_state`, the
//! coordinator writes an end marker to every partition of the transaction
//! through its leader, then writes CompleteCommit/CompleteAbort. A marker
//! for a partition this broker leads is appended here; for another leader
//! it travels in WriteTxnMarkers over the inter-broker listener.
//!
//! Invariants:
//! - a job runs until every partition has its marker, and is retried
//!   (after a backoff, with the leaders the metadata names then) across
//!   leader changes and lost connections; it stops when this broker no
//!   longer coordinates the id at the job's coordinator epoch (the new
//!   coordinator resends the markers when it loads the partition), or
//!   when a leader says a newer producer epoch or coordinator took over;
//! - a partition of a deleted topic needs no marker;
//! - a marker is acknowledged only once the partition's ISR has it
//!   (acks=all), and on `__consumer_offsets` only after the transaction's
//!   offsets are applied or dropped;
//! - at most one job per transactional id exists (the prepared state
//!   refuses other transitions until the completion), so the queue is
//!   bounded by the ids this broker coordinates.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use protocol::messages::write_txn_markers_request::{WritableTxnMarker, WritableTxnMarkerTopic};
use protocol::messages::{RequestBody, ResponseBody, WriteTxnMarkersRequest};
use protocol::records::control::EndTransactionMarker;
use tokio::sync::mpsc;

use super::Broker;
use crate::broker_connection::BrokerConnection;
use crate::error::code;
use crate::group::coordinator::now_ms;
use crate::group::offsets::{partition_for, OFFSETS_TOPIC};
use crate::transaction::transaction_coordinator::{self as decide, ProducerIdAndEpoch};
use crate::transaction::transaction_metadata::{
    TopicPartition, TransactionState, TxnTransitMetadata,
};

/// How long a marker waits for the partition's ISR (Kafka's
/// `request.timeout.ms` on the WriteTxnMarkers append).
const MARKER_TIMEOUT: Duration = Duration::from_secs(30);
/// The first retry backoff of a job; it doubles up to the maximum.
const RETRY_BACKOFF: Duration = Duration::from_millis(50);
const MAX_RETRY_BACKOFF: Duration = Duration::from_secs(1);
const WRITE_TXN_MARKERS_VERSION: i16 = 1;

/// The markers of one written PrepareCommit/PrepareAbort.
#[derive(Debug, Clone)]
pub struct MarkerJob {
    pub transactional_id: String,
    pub coordinator_epoch: i32,
    pub prepared: TxnTransitMetadata,
}

/// A connection to one broker, used by one request at a time.
type SharedConnection = Arc<tokio::sync::Mutex<Option<BrokerConnection>>>;

pub struct TransactionMarkerChannelManager {
    jobs: mpsc::UnboundedSender<MarkerJob>,
    jobs_rx: Mutex<Option<mpsc::UnboundedReceiver<MarkerJob>>>,
    connections: Mutex<HashMap<i32, SharedConnection>>,
}

impl Default for TransactionMarkerChannelManager {
    fn default() -> Self {
        let (jobs, rx) = mpsc::unbounded_channel();
        TransactionMarkerChannelManager {
            jobs,
            jobs_rx: Mutex::new(Some(rx)),
            connections: Mutex::default(),
        }
    }
}

impl TransactionMarkerChannelManager {
    pub fn enqueue(&self, job: MarkerJob) {
        // Closed only when the broker is going away.
        let _ = self.jobs.send(job);
    }

    /// The connection to broker `node` (shared with the leaders' questions
    /// to the coordinator, KIP-890).
    fn connection(&self, node: i32) -> SharedConnection {
        self.connections
            .lock()
            .expect("connections lock")
            .entry(node)
            .or_default()
            .clone()
    }

    /// Starts the job runner of `broker` (once; a later call does nothing).
    /// It holds the broker only while a job runs.
    pub fn start(broker: &Arc<Broker>) {
        let Some(mut rx) = broker
            .transaction_markers
            .jobs_rx
            .lock()
            .expect("jobs lock")
            .take()
        else {
            return;
        };
        let weak: Weak<Broker> = Arc::downgrade(broker);
        tokio::spawn(async move {
            while let Some(job) = rx.recv().await {
                let Some(broker) = weak.upgrade() else {
                    return;
                };
                tokio::spawn(async move { broker.complete_transaction(job).await });
            }
        });
    }
}

impl Broker {
    fn still_coordinates(&self, job: &MarkerJob) -> bool {
        self.transaction_coordinator_epoch(&job.transactional_id)
            .is_ok_and(|(_, epoch)| epoch == job.coordinator_epoch)
    }

    /// Writes the job's markers, then its completion.
    async fn complete_transaction(&self, job: MarkerJob) {
        let commit = job.prepared.state == TransactionState::PrepareCommit;
        let marker = EndTransactionMarker {
            commit,
            coordinator_epoch: job.coordinator_epoch,
        };
        let producer = ProducerIdAndEpoch {
            producer_id: job.prepared.producer_id,
            epoch: job.prepared.producer_epoch,
        };
        let id = &job.transactional_id;
        let mut pending: BTreeSet<TopicPartition> = job.prepared.partitions.clone();
        let mut backoff = RETRY_BACKOFF;
        while !pending.is_empty() {
            if !self.still_coordinates(&job) {
                tracing::info!(transactional_id = %id, "no longer the coordinator; its successor sends the markers");
                return;
            }
            let state = self.state();
            let mut by_leader: BTreeMap<i32, Vec<TopicPartition>> = BTreeMap::new();
            pending.retain(|(topic, index)| match state.partition(topic, *index) {
                Some(p) => {
                    by_leader
                        .entry(p.leader)
                        .or_default()
                        .push((topic.clone(), *index));
                    true
                }
                None if state.topic(topic).is_none() => {
                    tracing::info!(transactional_id = %id, %topic, "no marker for a deleted topic");
                    false
                }
                None => true,
            });
            for (leader, partitions) in by_leader {
                let results = if leader < 0 {
                    continue;
                } else if leader == self.config.node_id {
                    self.write_markers_locally(producer, marker, &partitions)
                        .await
                } else {
                    self.write_markers_remotely(leader, producer, marker, &partitions)
                        .await
                };
                for (tp, c) in results {
                    match c {
                        code::NONE => {
                            pending.remove(&tp);
                        }
                        code::INVALID_PRODUCER_EPOCH | code::TRANSACTION_COORDINATOR_FENCED => {
                            tracing::warn!(transactional_id = %id, topic = %tp.0, partition = tp.1, error_code = c, "marker refused: a newer producer or coordinator took over");
                            return;
                        }
                        c => {
                            tracing::debug!(transactional_id = %id, topic = %tp.0, partition = tp.1, error_code = c, "marker not written; retrying");
                        }
                    }
                }
            }
            if !pending.is_empty() {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_RETRY_BACKOFF);
            }
        }
        // Every marker is written: the transaction completes.
        loop {
            let now = now_ms();
            let complete = self.with_transaction(id, job.coordinator_epoch, |m| {
                decide::complete_end(m, producer, commit, now)
            });
            let written = match complete {
                Ok(t) => self.append_transaction(id, &t).await,
                Err(c) => c,
            };
            match written {
                code::NONE => return,
                code::COORDINATOR_NOT_AVAILABLE if self.still_coordinates(&job) => {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_RETRY_BACKOFF);
                }
                c => {
                    tracing::warn!(transactional_id = %id, error_code = c, "the transaction's completion was not written");
                    return;
                }
            }
        }
    }

    /// Appends a marker to each of `partitions` as their leader, then waits
    /// for their ISR (Kafka's WriteTxnMarkers on the leader, acks=all).
    /// On `__consumer_offsets` the producer's pending offsets are applied
    /// (commit) or dropped (abort). The error code of each partition.
    pub async fn write_markers_locally(
        &self,
        producer: ProducerIdAndEpoch,
        marker: EndTransactionMarker,
        partitions: &[TopicPartition],
    ) -> Vec<(TopicPartition, i16)> {
        let now = storage::log::now_ms();
        let state = self.state();
        let mut results = Vec::with_capacity(partitions.len());
        let mut appended = Vec::new();
        for tp in partitions {
            let (topic, index) = (&tp.0, tp.1);
            let Some(p) = self.partition(topic, index) else {
                let c = if state.partition(topic, index).is_some() {
                    code::NOT_LEADER_OR_FOLLOWER
                } else {
                    code::UNKNOWN_TOPIC_OR_PARTITION
                };
                results.push((tp.clone(), c));
                continue;
            };
            let Some(leader_epoch) = p.leader_epoch_if_leader() else {
                results.push((tp.clone(), code::NOT_LEADER_OR_FOLLOWER));
                continue;
            };
            match p.append_marker(
                producer.producer_id,
                producer.epoch,
                marker,
                leader_epoch,
                now,
            ) {
                Ok(offset) => appended.push((tp.clone(), p, offset)),
                Err(e) => {
                    tracing::debug!(%topic, partition = index, error = %e.message, "marker refused");
                    results.push((tp.clone(), e.code));
                }
            }
        }
        let deadline = tokio::time::Instant::now() + MARKER_TIMEOUT;
        for (tp, p, offset) in appended {
            let c = match p.wait_for_high_watermark(offset + 1, deadline).await {
                Ok(()) => {
                    if tp.0 == OFFSETS_TOPIC {
                        let n = state.topic(OFFSETS_TOPIC).map_or(1, |t| t.partitions.len());
                        self.groups.complete_transaction(
                            producer.producer_id,
                            marker.commit,
                            |group| partition_for(group, n as i32) == tp.1,
                        );
                    }
                    code::NONE
                }
                Err(c) => c,
            };
            results.push((tp, c));
        }
        results
    }

    /// Sends `body` to broker `node` over the pooled connection to it
    /// (connecting first when there is none), one request at a time; after
    /// an error the connection is dropped (it may hold a late answer).
    pub(super) async fn call_broker(
        &self,
        node: i32,
        version: i16,
        body: RequestBody,
    ) -> Result<ResponseBody, String> {
        let shared = self.transaction_markers.connection(node);
        let mut conn = shared.lock().await;
        if conn.is_none() {
            let connected = BrokerConnection::connect(
                &self.state(),
                &self.replica_manager.inter_broker,
                node,
                "transaction-coordinator",
            )
            .await?;
            *conn = Some(connected);
        }
        let answer = conn.as_mut().expect("connected").call(version, body).await;
        if answer.is_err() {
            *conn = None;
        }
        answer
    }

    /// WriteTxnMarkers to broker `node`, which leads `partitions`.
    async fn write_markers_remotely(
        &self,
        node: i32,
        producer: ProducerIdAndEpoch,
        marker: EndTransactionMarker,
        partitions: &[TopicPartition],
    ) -> Vec<(TopicPartition, i16)> {
        let failed = |c: i16| partitions.iter().map(|tp| (tp.clone(), c)).collect();
        let mut topics: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
        for (topic, index) in partitions {
            topics.entry(topic).or_default().push(*index);
        }
        let request = WriteTxnMarkersRequest {
            markers: vec![WritableTxnMarker {
                producer_id: producer.producer_id,
                producer_epoch: producer.epoch,
                transaction_result: marker.commit,
                topics: topics
                    .into_iter()
                    .map(|(name, partition_indexes)| WritableTxnMarkerTopic {
                        name: name.to_string(),
                        partition_indexes,
                        ..Default::default()
                    })
                    .collect(),
                coordinator_epoch: marker.coordinator_epoch,
                ..Default::default()
            }],
            ..Default::default()
        };
        let answer = self
            .call_broker(
                node,
                WRITE_TXN_MARKERS_VERSION,
                RequestBody::WriteTxnMarkers(request),
            )
            .await;
        let response = match answer {
            Ok(ResponseBody::WriteTxnMarkers(r)) => r,
            Ok(_) => return failed(code::UNKNOWN_SERVER_ERROR),
            Err(e) => {
                tracing::debug!(node, error = %e, "markers not delivered to a partition leader");
                return failed(code::NETWORK_EXCEPTION);
            }
        };
        let mut results: HashMap<TopicPartition, i16> = HashMap::new();
        for m in response.markers {
            for t in m.topics {
                for p in t.partitions {
                    results.insert((t.name.clone(), p.partition_index), p.error_code);
                }
            }
        }
        partitions
            .iter()
            .map(|tp| {
                let c = results
                    .get(tp)
                    .copied()
                    .unwrap_or(code::UNKNOWN_SERVER_ERROR);
                (tp.clone(), c)
            })
            .collect()
    }
}
