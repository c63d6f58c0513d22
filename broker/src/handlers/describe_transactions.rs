//! DescribeTransactions (KIP-664): the state of transactional ids this
//! broker coordinates (`kafka-transactions.sh describe`): state, timeout,
//! start time, producer id and epoch, and the partitions of the open
//! transaction. Per id, as Kafka answers: TRANSACTIONAL_ID_AUTHORIZATION_FAILED
//! without Describe on it, INVALID_REQUEST for an empty id, NOT_COORDINATOR
//! or COORDINATOR_LOAD_IN_PROGRESS, TRANSACTIONAL_ID_NOT_FOUND for an id
//! without state. An id named twice is answered once.

use std::collections::BTreeMap;

use protocol::messages::describe_transactions_response::{TopicData, TransactionState};
use protocol::messages::{DescribeTransactionsRequest, DescribeTransactionsResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::handlers::distinct::distinct_by;
use crate::request_context::RequestContext;
use crate::transaction::transaction_metadata::TransactionState as State;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeTransactionsRequest,
) -> DescribeTransactionsResponse {
    let state = broker.state();
    let transaction_states = distinct_by(request.transactional_ids, Clone::clone)
        .into_iter()
        .map(|id| {
            let mut r = TransactionState {
                transactional_id: id,
                transaction_state: String::new(),
                transaction_timeout_ms: 0,
                transaction_start_time_ms: -1,
                producer_id: -1,
                producer_epoch: -1,
                ..Default::default()
            };
            let id = r.transactional_id.as_str();
            if !broker.authorizer.authorize(
                &state.acls,
                ctx,
                op::DESCRIBE,
                Resource::TransactionalId,
                id,
            ) {
                r.error_code = code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
                return r;
            }
            if id.is_empty() {
                r.error_code = code::INVALID_REQUEST;
                return r;
            }
            r.error_code = broker.transaction_coordinator_status(id);
            if r.error_code != code::NONE {
                return r;
            }
            let table = broker.transactions.lock().expect("transactions lock");
            let Some(m) = table
                .as_ref()
                .and_then(|t| t.get(id))
                .filter(|m| m.state != State::Dead)
            else {
                r.error_code = code::TRANSACTIONAL_ID_NOT_FOUND;
                return r;
            };
            let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
            for (topic, partition) in &m.partitions {
                by_topic.entry(topic).or_default().push(*partition);
            }
            let topics = by_topic
                .into_iter()
                .map(|(topic, partitions)| TopicData {
                    topic: topic.to_string(),
                    partitions,
                    ..Default::default()
                })
                .collect();
            TransactionState {
                transaction_state: m.state.name().to_string(),
                transaction_timeout_ms: m.txn_timeout_ms,
                transaction_start_time_ms: m.txn_start_timestamp,
                producer_id: m.producer_id,
                producer_epoch: m.producer_epoch,
                topics,
                ..r
            }
        })
        .collect();
    DescribeTransactionsResponse {
        transaction_states,
        ..Default::default()
    }
}
