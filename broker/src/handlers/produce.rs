//! Produce: validate each partition's batches and append them to its log.
//! A transactional batch needs the request's transactional id (Write on
//! it), and, when it would open its producer's transaction in a partition,
//! the coordinator's word that the partition is in that transaction
//! (KIP-890 part 1; INVALID_TXN_STATE otherwise).
//!
//! Validation costs CPU in proportion to the decompressed records (CRC,
//! decompression, one pass over the records). Records up to
//! `INLINE_VALIDATION_MAX_BYTES` that inflate to at most
//! `INLINE_DECOMPRESSED_MAX_BYTES` are validated on the async worker, which
//! yields once the produce has held it for `INLINE_YIELD_AFTER` since its
//! last yield: no poll of a produce holds a worker for more than that plus
//! one inline validation. (A yield after every append, small ones included,
//! cost W2 18% more broker CPU: a trip through the scheduler per request.) Larger ones are validated and appended on the blocking pool, at
//! most `validation_permits` at a time, so that one client's large batches
//! never hold the async workers the other connections need (and at most that
//! many decompressed batches are in memory at once).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use protocol::messages::produce_response::{
    BatchIndexAndErrorMessage, PartitionProduceResponse, TopicProduceResponse,
};
use protocol::messages::{ProduceRequest, ProduceResponse};
use protocol::records::{BatchHeader, Batches, Compression};
use tokio::sync::Semaphore;

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::log_validator::{self, AppendError};
use crate::partition::{AppendResult, Partition, MAX_DECOMPRESSED_BATCH, NO_VERIFICATION_GUARD};
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;
use crate::transaction::transaction_metadata::TopicPartition;

/// Records up to this size may be validated on the async worker...
const INLINE_VALIDATION_MAX_BYTES: usize = 64 * 1024;
/// ...if they inflate to at most this: about 0.3 ms of decompression and
/// record parsing, the longest one partition of a produce holds a worker.
const INLINE_DECOMPRESSED_MAX_BYTES: usize = 256 * 1024;

/// How long a produce may hold an async worker between yields.
const INLINE_YIELD_AFTER: std::time::Duration = std::time::Duration::from_micros(300);

/// How many produce validations run at once on the blocking pool: one per
/// core. Bounds the memory of decompressed batches being validated to this
/// many times `MAX_DECOMPRESSED_BATCH` (see `crate::partition`).
fn validation_permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        Semaphore::new(threads)
    })
}

/// Whether any batch of `records` is compressed (or unreadable).
fn compressed(records: &Bytes) -> bool {
    !Batches::new(records.clone())
        .all(|b| b.is_ok_and(|b| b.compression().is_ok_and(|c| c == Compression::None)))
}

/// [`Partition::append`]: on the async worker when the records are small
/// (bounded as above), else on the blocking pool.
async fn append(
    partition: Arc<Partition>,
    records: Bytes,
    leader_epoch: i32,
    now: i64,
    guard: Option<u64>,
    since_yield: &mut std::time::Instant,
) -> Result<AppendResult, AppendError> {
    let append = move |p: &Partition, records: Bytes, max: usize| match guard {
        Some(g) => p.append_verified(records, leader_epoch, now, max, g),
        None => p.append_capped(records, leader_epoch, now, max),
    };
    if records.len() <= INLINE_VALIDATION_MAX_BYTES {
        let result = append(&partition, records.clone(), INLINE_DECOMPRESSED_MAX_BYTES);
        // Nothing was appended on an error: a batch that inflates past the
        // inline bound is validated again, on the pool, with the full cap.
        let retry =
            matches!(&result, Err(e) if e.code == code::MESSAGE_TOO_LARGE) && compressed(&records);
        if since_yield.elapsed() >= INLINE_YIELD_AFTER {
            tokio::task::yield_now().await;
            *since_yield = std::time::Instant::now();
        }
        if !retry {
            return result;
        }
    }
    let _permit = validation_permits()
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || append(&partition, records, MAX_DECOMPRESSED_BATCH))
        .await
        .unwrap_or_else(|e| {
            Err(AppendError::from(ApiError::new(
                code::UNKNOWN_SERVER_ERROR,
                format!("produce validation task failed: {e}"),
            )))
        })
}

/// The most a produce request waits for acks=all (a hostile timeout must not
/// park it for days).
const MAX_ACK_TIMEOUT_MS: i32 = 5 * 60 * 1000;

/// The producer of a partition's records when its first batch is
/// transactional (Kafka's `ProduceRequest` looks at the first batch; a
/// request holds one).
fn transactional_producer(records: &[u8]) -> Option<ProducerIdAndEpoch> {
    let h = BatchHeader::parse(records).ok()?;
    h.is_transactional().then_some(ProducerIdAndEpoch {
        producer_id: h.producer_id,
        epoch: h.producer_epoch,
    })
}

/// KIP-890: the partitions of this request whose transactional batches
/// open their producer's transaction here, verified with (or, for a V2
/// client, added by) the coordinator, one question per producer. Returns
/// per transactional partition the guard its append passes, or the code
/// to answer (Kafka's `AddPartitionsToTxnManager` mapping).
async fn verify_transactions(
    broker: &Broker,
    transactional_id: &str,
    request: &ProduceRequest,
    version: i16,
) -> HashMap<TopicPartition, Result<u64, i16>> {
    // Produce v12+ comes from a Transactions V2 client, which sends no
    // AddPartitionsToTxn: the coordinator adds the partitions.
    let add = version >= 12;
    let mut asks: BTreeMap<(i64, i16), Vec<TopicPartition>> = BTreeMap::new();
    let mut verified = HashMap::new();
    for t in &request.topic_data {
        for p in &t.partition_data {
            let Some(producer) = p.records.as_deref().and_then(transactional_producer) else {
                continue;
            };
            let Some(partition) = broker.partition(&t.name, p.index) else {
                continue; // answered by the checks of the append
            };
            let tp = (t.name.clone(), p.index);
            if partition.has_ongoing_transaction(producer.producer_id, producer.epoch) {
                verified.insert(tp, Ok(NO_VERIFICATION_GUARD));
            } else {
                // Taken before asking: a marker meanwhile voids it.
                let guard = partition.verification_guard(producer.producer_id);
                verified.insert(tp.clone(), Ok(guard));
                asks.entry((producer.producer_id, producer.epoch))
                    .or_default()
                    .push(tp);
            }
        }
    }
    for ((producer_id, epoch), partitions) in asks {
        let producer = ProducerIdAndEpoch { producer_id, epoch };
        for (tp, c) in broker
            .verify_in_transaction(transactional_id, producer, &partitions, add)
            .await
        {
            let answer = match c {
                code::NONE => continue,
                code::TRANSACTION_ABORTABLE => code::INVALID_TXN_STATE,
                code::PRODUCER_FENCED | code::INVALID_PRODUCER_ID_MAPPING => {
                    code::INVALID_PRODUCER_EPOCH
                }
                // The coordinator is moving or busy: the producer retries.
                code::NOT_COORDINATOR
                | code::COORDINATOR_NOT_AVAILABLE
                | code::COORDINATOR_LOAD_IN_PROGRESS
                | code::CONCURRENT_TRANSACTIONS
                | code::NETWORK_EXCEPTION => code::NOT_ENOUGH_REPLICAS,
                c => c,
            };
            tracing::debug!(topic = %tp.0, partition = tp.1, producer_id, error_code = c, "transactional batch not verified");
            verified.insert(tp, Err(answer));
        }
    }
    verified
}

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: ProduceRequest,
) -> ProduceResponse {
    let version = ctx.version;
    let now = storage::log::now_ms();
    let mut since_yield = std::time::Instant::now();
    let deadline = tokio::time::Instant::now()
        + std::time::Duration::from_millis(request.timeout_ms.clamp(0, MAX_ACK_TIMEOUT_MS) as u64);
    let acks_all = request.acks == -1;
    // acks=all: (response place, partition, end offset) to wait for.
    let mut waits = Vec::new();
    let valid_acks = matches!(request.acks, -1..=1);
    // Kafka's KafkaApis: transactional records need the request's
    // transactional id and Write on it, else the whole request is refused.
    let transactional = request.topic_data.iter().any(|t| {
        t.partition_data.iter().any(|p| {
            p.records
                .as_deref()
                .and_then(transactional_producer)
                .is_some()
        })
    });
    let txn_refused = transactional
        && !request
            .transactional_id
            .as_deref()
            .is_some_and(|id| broker.authorize(ctx, op::WRITE, Resource::TransactionalId, id));
    // KIP-890: partitions a producer's transaction has not written yet are
    // checked with the coordinator first.
    // Kafka's transaction.partition.verification.enable turns part 1 off;
    // a V2 client (v12+) needs the leader to add its partitions regardless.
    let verify = version >= 12 || broker.config.transaction_partition_verification_enable;
    let verified = match (&request.transactional_id, txn_refused) {
        (Some(id), false) if transactional && verify => {
            verify_transactions(broker, id, &request, version).await
        }
        _ => HashMap::new(),
    };
    let state = broker.state();
    let mut responses = Vec::with_capacity(request.topic_data.len());
    // Partitions past flush.messages: fsynced before the answer, each once.
    let mut syncs = Vec::new();
    for (ti, topic) in request.topic_data.into_iter().enumerate() {
        let mut partition_responses = Vec::with_capacity(topic.partition_data.len());
        // Kafka's KafkaApis: Write on the topic.
        let may_write =
            broker
                .authorizer
                .authorize(&state.acls, ctx, op::WRITE, Resource::Topic, &topic.name);
        for p in topic.partition_data {
            let mut r = PartitionProduceResponse {
                index: p.index,
                base_offset: -1,
                log_append_time_ms: -1,
                log_start_offset: -1,
                ..Default::default()
            };
            let partition = broker.partition(&topic.name, p.index);
            let leader_epoch = partition.as_ref().and_then(|p| p.leader_epoch_if_leader());
            let known = state.partition(&topic.name, p.index).is_some();
            let min_isr = partition.as_ref().map_or(1, |p| p.min_insync_replicas());
            match (valid_acks, transactional, partition, p.records) {
                (false, ..) => r.error_code = code::INVALID_REQUIRED_ACKS,
                _ if !may_write => r.error_code = code::TOPIC_AUTHORIZATION_FAILED,
                _ if txn_refused => r.error_code = code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                // Kafka's ReplicaManager: only the broker writes its internal
                // topics (Kafka also lets client id `__admin_client` in; an
                // unauthenticated client id is no proof, so none here).
                _ if metadata::topic::is_internal(&topic.name) => {
                    r.error_code = code::INVALID_TOPIC_EXCEPTION;
                    tracing::warn!(topic = %topic.name, "produce to an internal topic refused");
                    if version >= 8 {
                        r.error_message =
                            Some(format!("Cannot append to internal topic {}", topic.name));
                    }
                }
                (_, _, None, _) if known => r.error_code = code::NOT_LEADER_OR_FOLLOWER,
                (_, _, None, _) => r.error_code = code::UNKNOWN_TOPIC_OR_PARTITION,
                (_, _, Some(_), None) => r.error_code = code::CORRUPT_MESSAGE,
                (_, _, Some(_), Some(_)) if leader_epoch.is_none() => {
                    r.error_code = code::NOT_LEADER_OR_FOLLOWER
                }
                (_, true, Some(_), Some(_))
                    if matches!(verified.get(&(topic.name.clone(), p.index)), Some(Err(_))) =>
                {
                    if let Some(Err(c)) = verified.get(&(topic.name.clone(), p.index)) {
                        r.error_code = *c;
                    }
                }
                (_, _, Some(partition), Some(_))
                    if acks_all && (partition.isr_len() as i32) < min_isr =>
                {
                    r.error_code = code::NOT_ENOUGH_REPLICAS;
                    if version >= 8 {
                        r.error_message = Some(format!(
                            "The ISR has {} replicas, below min.insync.replicas={min_isr}.",
                            partition.isr_len()
                        ));
                    }
                }
                (_, _, Some(partition), Some(records)) => {
                    let leader_epoch = leader_epoch.expect("checked");
                    let appended_or_refused =
                        match log_validator::validate_produce_records(version, &records) {
                            Ok(()) => {
                                // (No lookup, and no key built, without
                                // transactional batches.)
                                let guard = match transactional {
                                    true => verified
                                        .get(&(topic.name.clone(), p.index))
                                        .and_then(|v| v.ok()),
                                    false => None,
                                };
                                append(
                                    partition.clone(),
                                    records,
                                    leader_epoch,
                                    now,
                                    guard,
                                    &mut since_yield,
                                )
                                .await
                            }
                            Err(refused) => Err(AppendError::from(refused)),
                        };
                    match appended_or_refused {
                        Ok(result) => {
                            if let Some(end) = result.sync_to {
                                syncs.push((ti, partition_responses.len(), partition.clone(), end));
                            }
                            if acks_all {
                                waits.push((
                                    ti,
                                    partition_responses.len(),
                                    partition.clone(),
                                    result.log_end_offset,
                                ));
                            }
                            r.base_offset = result.base_offset;
                            r.log_append_time_ms = result.log_append_time;
                            r.log_start_offset = result.log_start_offset;
                        }
                        Err(AppendError {
                            code: mut c,
                            message,
                            record_errors,
                        }) => {
                            // A batch refused for what it is (not for where
                            // or when it came) is logged with its client.
                            if matches!(c, code::INVALID_RECORD | code::CORRUPT_MESSAGE) {
                                tracing::warn!(topic = %topic.name, partition = p.index, error_code = c, %message, "produce refused");
                            } else {
                                tracing::debug!(topic = %topic.name, partition = p.index, error_code = c, %message, "produce rejected");
                            }
                            // INVALID_RECORD is unknown to Produce v0-v7 clients.
                            if c == code::INVALID_RECORD && version < 8 {
                                c = code::CORRUPT_MESSAGE;
                            }
                            r.error_code = c;
                            if version >= 8 {
                                // KIP-467: the records that caused it, so
                                // that a client retries the others.
                                r.record_errors = record_errors
                                    .into_iter()
                                    .map(|e| BatchIndexAndErrorMessage {
                                        batch_index: e.batch_index,
                                        batch_index_error_message: Some(e.message),
                                        ..Default::default()
                                    })
                                    .collect();
                                r.error_message = Some(message);
                            }
                        }
                    }
                }
            }
            partition_responses.push(r);
        }
        responses.push(TopicProduceResponse {
            name: topic.name,
            partition_responses,
            ..Default::default()
        });
    }
    for (ti, pi, partition, end) in syncs {
        // On the blocking pool, so that an fsync holds no async worker.
        let synced = tokio::task::spawn_blocking(move || partition.sync(end))
            .await
            .unwrap_or_else(|e| {
                Err(ApiError::new(
                    code::KAFKA_STORAGE_ERROR,
                    format!("fsync task failed: {e}"),
                ))
            });
        if let Err(ApiError { code: c, message }) = synced.map(|_fsynced| ()) {
            let r = &mut responses[ti].partition_responses[pi];
            r.error_code = c;
            r.base_offset = -1;
            if version >= 8 {
                r.error_message = Some(message);
            }
        }
    }
    // acks=all: answered once the ISR holds the batches (the high watermark
    // passed them). The waits overlap; each ends at the same deadline.
    for (ti, pi, partition, end) in waits {
        if responses[ti].partition_responses[pi].error_code != code::NONE {
            continue;
        }
        if let Err(c) = partition.wait_for_high_watermark(end, deadline).await {
            let r = &mut responses[ti].partition_responses[pi];
            r.error_code = c;
            r.base_offset = -1;
        }
    }
    ProduceResponse {
        responses,
        ..Default::default()
    }
}
