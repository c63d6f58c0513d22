//! DescribeProducers (KIP-664): the producers a partition leader knows, with
//! their epoch, last sequence and timestamp, coordinator epoch and open
//! transaction (`kafka-transactions.sh describe-producers`). A client needs
//! Read on the topic (else TOPIC_AUTHORIZATION_FAILED), as Kafka's
//! `KafkaApis` checks. A topic or partition named twice is answered once.

use protocol::messages::describe_producers_response::{
    PartitionResponse, ProducerState, TopicResponse,
};
use protocol::messages::{DescribeProducersRequest, DescribeProducersResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::handlers::distinct::distinct_by;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeProducersRequest,
) -> DescribeProducersResponse {
    let state = broker.state();
    let topics = distinct_by(request.topics, |t| t.name.clone())
        .into_iter()
        .map(|t| {
            let may_read =
                broker
                    .authorizer
                    .authorize(&state.acls, ctx, op::READ, Resource::Topic, &t.name);
            let partitions = distinct_by(t.partition_indexes, |&i| i)
                .into_iter()
                .map(|index| {
                    let mut r = PartitionResponse {
                        partition_index: index,
                        ..Default::default()
                    };
                    let leader = broker.partition(&t.name, index).filter(|p| p.is_leader());
                    match leader {
                        _ if !may_read => r.error_code = code::TOPIC_AUTHORIZATION_FAILED,
                        None if state.partition(&t.name, index).is_some() => {
                            r.error_code = code::NOT_LEADER_OR_FOLLOWER
                        }
                        None => r.error_code = code::UNKNOWN_TOPIC_OR_PARTITION,
                        Some(p) => {
                            r.active_producers = p
                                .active_producers()
                                .into_iter()
                                .map(|a| ProducerState {
                                    producer_id: a.producer_id,
                                    producer_epoch: i32::from(a.epoch),
                                    last_sequence: a.last_sequence,
                                    last_timestamp: a.last_timestamp,
                                    coordinator_epoch: a.coordinator_epoch,
                                    current_txn_start_offset: a.current_txn_start_offset,
                                    ..Default::default()
                                })
                                .collect()
                        }
                    }
                    r
                })
                .collect();
            TopicResponse {
                name: t.name,
                partitions,
                ..Default::default()
            }
        })
        .collect();
    DescribeProducersResponse {
        topics,
        ..Default::default()
    }
}
