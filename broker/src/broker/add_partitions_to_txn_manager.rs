//! KIP-890 on the leader (Kafka's `AddPartitionsToTxnManager`): before the
//! first transactional batch of a producer lands in a partition, the leader
//! asks the transaction coordinator whether the partition is in the
//! producer's open transaction (part 1, verify only), so that a late or
//! stray batch cannot open a transaction no marker will ever close (a
//! hanging transaction); for a Transactions V2 client (Produce v12+) it asks
//! the coordinator to add the partition (part 2: the client sends no
//! AddPartitionsToTxn). The coordinator is asked directly when it is this
//! broker, else with AddPartitionsToTxn v4 (verify) or v5 (add) over the
//! inter-broker listener.
//!
//! Invariants: one question per request, for all its partitions; an
//! unanswered question is an error for every partition (never a yes).

use std::collections::HashMap;

use protocol::messages::add_partitions_to_txn_request::{
    AddPartitionsToTxnTopic, AddPartitionsToTxnTransaction,
};
use protocol::messages::{AddPartitionsToTxnRequest, RequestBody, ResponseBody};

use super::Broker;
use crate::error::code;
use crate::group::offsets::partition_for;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;
use crate::transaction::transaction_log::TRANSACTION_STATE_TOPIC;
use crate::transaction::transaction_metadata::TopicPartition;

const VERIFY_VERSION: i16 = 4;
const ADD_VERSION: i16 = 5;

impl Broker {
    /// For each of `partitions`: NONE when it is in the open transaction of
    /// `producer` under `transactional_id` (with `add`, once it is added);
    /// else the coordinator's answer (TRANSACTION_ABORTABLE: not in it;
    /// PRODUCER_FENCED, INVALID_PRODUCER_ID_MAPPING, CONCURRENT_TRANSACTIONS,
    /// or a coordinator error: NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE).
    pub async fn verify_in_transaction(
        &self,
        transactional_id: &str,
        producer: ProducerIdAndEpoch,
        partitions: &[TopicPartition],
        add: bool,
    ) -> Vec<(TopicPartition, i16)> {
        let all = |c: i16| partitions.iter().map(|tp| (tp.clone(), c)).collect();
        let state = self.state();
        let Some(topic) = state.topic(TRANSACTION_STATE_TOPIC) else {
            return all(code::COORDINATOR_NOT_AVAILABLE);
        };
        let index = partition_for(transactional_id, topic.partitions.len() as i32);
        let Some(leader) = state
            .partition(TRANSACTION_STATE_TOPIC, index)
            .map(|p| p.leader)
            .filter(|l| *l >= 0)
        else {
            return all(code::COORDINATOR_NOT_AVAILABLE);
        };
        if leader == self.config.node_id && add {
            let set = partitions.iter().cloned().collect();
            return match self
                .add_partitions_to_transaction(transactional_id, producer, &set, 2)
                .await
            {
                Ok(()) => all(code::NONE),
                Err(c) => all(c),
            };
        }
        if leader == self.config.node_id {
            return match self.verify_transaction_partitions(transactional_id, producer, partitions)
            {
                Ok(answers) => answers,
                Err(c) => all(c),
            };
        }
        match self
            .ask_remotely(leader, transactional_id, producer, partitions, add)
            .await
        {
            Ok(answers) => {
                let mut by_partition: HashMap<TopicPartition, i16> = answers.into_iter().collect();
                partitions
                    .iter()
                    .map(|tp| {
                        let c = by_partition
                            .remove(tp)
                            .unwrap_or(code::UNKNOWN_SERVER_ERROR);
                        (tp.clone(), c)
                    })
                    .collect()
            }
            Err(c) => all(c),
        }
    }

    async fn ask_remotely(
        &self,
        node: i32,
        transactional_id: &str,
        producer: ProducerIdAndEpoch,
        partitions: &[TopicPartition],
        add: bool,
    ) -> Result<Vec<(TopicPartition, i16)>, i16> {
        let mut topics: Vec<AddPartitionsToTxnTopic> = Vec::new();
        for (topic, index) in partitions {
            match topics.last_mut() {
                Some(t) if &t.name == topic => t.partitions.push(*index),
                _ => topics.push(AddPartitionsToTxnTopic {
                    name: topic.clone(),
                    partitions: vec![*index],
                    ..Default::default()
                }),
            }
        }
        let request = AddPartitionsToTxnRequest {
            transactions: vec![AddPartitionsToTxnTransaction {
                transactional_id: transactional_id.to_string(),
                producer_id: producer.producer_id,
                producer_epoch: producer.epoch,
                verify_only: !add,
                topics,
                ..Default::default()
            }],
            ..Default::default()
        };
        let version = if add { ADD_VERSION } else { VERIFY_VERSION };
        let answer = self
            .call_broker(node, version, RequestBody::AddPartitionsToTxn(request))
            .await;
        let response = match answer {
            Ok(ResponseBody::AddPartitionsToTxn(r)) => r,
            Ok(_) => return Err(code::UNKNOWN_SERVER_ERROR),
            Err(e) => {
                tracing::debug!(node, error = %e, "cannot reach the transaction coordinator");
                return Err(code::COORDINATOR_NOT_AVAILABLE);
            }
        };
        if response.error_code != code::NONE {
            return Err(response.error_code);
        }
        Ok(response
            .results_by_transaction
            .into_iter()
            .flat_map(|r| r.topic_results)
            .flat_map(|t| {
                let name = t.name;
                t.results_by_partition
                    .into_iter()
                    .map(move |p| ((name.clone(), p.partition_index), p.partition_error_code))
            })
            .collect())
    }
}
