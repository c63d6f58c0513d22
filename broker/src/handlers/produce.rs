//! Produce: validate each partition's batches and append them to its log.

use protocol::messages::produce_response::{PartitionProduceResponse, TopicProduceResponse};
use protocol::messages::{ProduceRequest, ProduceResponse};

use crate::broker::Broker;
use crate::error::code;

pub async fn handle(broker: &Broker, version: i16, request: ProduceRequest) -> ProduceResponse {
    let now = storage::log::now_ms();
    let valid_acks = matches!(request.acks, -1..=1);
    let transactional = request.transactional_id.is_some();
    let state = broker.state();
    let mut appended = false;
    let mut responses = Vec::with_capacity(request.topic_data.len());
    // Partitions past flush.messages: fsynced before the answer, each once.
    let mut syncs = Vec::new();
    for (ti, topic) in request.topic_data.into_iter().enumerate() {
        let mut partition_responses = Vec::with_capacity(topic.partition_data.len());
        for p in topic.partition_data {
            let mut r = PartitionProduceResponse {
                index: p.index,
                base_offset: -1,
                log_append_time_ms: -1,
                log_start_offset: -1,
                ..Default::default()
            };
            let partition = broker.partition(&topic.name, p.index);
            let leader_epoch = state
                .partition(&topic.name, p.index)
                .map_or(0, |s| s.leader_epoch);
            match (valid_acks, transactional, partition, p.records) {
                (false, ..) => r.error_code = code::INVALID_REQUIRED_ACKS,
                // Transactions come with a later issue; refuse clearly until then.
                (_, true, ..) => r.error_code = code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                (_, _, None, _) => r.error_code = code::UNKNOWN_TOPIC_OR_PARTITION,
                (_, _, Some(_), None) => r.error_code = code::CORRUPT_MESSAGE,
                (_, _, Some(partition), Some(records)) => {
                    match partition.append(records, leader_epoch, now) {
                        Ok(result) => {
                            appended = true;
                            if let Some(end) = result.sync_to {
                                syncs.push((ti, partition_responses.len(), partition.clone(), end));
                            }
                            r.base_offset = result.base_offset;
                            r.log_append_time_ms = result.log_append_time;
                            r.log_start_offset = result.log_start_offset;
                        }
                        Err((mut c, message)) => {
                            tracing::debug!(topic = %topic.name, partition = p.index, error_code = c, %message, "produce rejected");
                            // INVALID_RECORD is unknown to Produce v0-v7 clients.
                            if c == code::INVALID_RECORD && version < 8 {
                                c = code::CORRUPT_MESSAGE;
                            }
                            r.error_code = c;
                            if version >= 8 {
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
    if appended {
        broker.appended.notify_waiters();
    }
    for (ti, pi, partition, end) in syncs {
        // On the blocking pool, so that an fsync holds no async worker.
        let synced = tokio::task::spawn_blocking(move || partition.sync(end))
            .await
            .unwrap_or_else(|e| {
                Err((code::KAFKA_STORAGE_ERROR, format!("fsync task failed: {e}")))
            });
        if let Err((c, message)) = synced.map(|_fsynced| ()) {
            let r = &mut responses[ti].partition_responses[pi];
            r.error_code = c;
            r.base_offset = -1;
            if version >= 8 {
                r.error_message = Some(message);
            }
        }
    }
    ProduceResponse {
        responses,
        ..Default::default()
    }
}
