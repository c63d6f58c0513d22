//! OffsetForLeaderEpoch (KIP-101, KIP-320): where a leader epoch ends in the
//! leader's log. Followers truncate by it after a leader change; consumers
//! use it to detect that their position was truncated away.

use protocol::messages::offset_for_leader_epoch_response::{
    EpochEndOffset, OffsetForLeaderTopicResult,
};
use protocol::messages::{OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse};

use crate::broker::Broker;
use crate::error::code;
use crate::handlers::fetch::check_leader_epoch;

pub fn handle(
    broker: &Broker,
    _version: i16,
    request: OffsetForLeaderEpochRequest,
) -> OffsetForLeaderEpochResponse {
    let state = broker.state();
    let topics = request
        .topics
        .into_iter()
        .map(|t| {
            let partitions = t
                .partitions
                .iter()
                .map(|p| {
                    let mut r = EpochEndOffset {
                        partition: p.partition,
                        leader_epoch: -1,
                        end_offset: -1,
                        ..Default::default()
                    };
                    let partition = broker.partition(&t.topic, p.partition);
                    let leader = partition
                        .as_ref()
                        .and_then(|x| x.leader_epoch_if_leader().map(|e| (x, e)));
                    match leader {
                        None if state.partition(&t.topic, p.partition).is_some() => {
                            r.error_code = code::NOT_LEADER_OR_FOLLOWER
                        }
                        None => r.error_code = code::UNKNOWN_TOPIC_OR_PARTITION,
                        Some((partition, epoch)) => {
                            r.error_code = check_leader_epoch(epoch, p.current_leader_epoch);
                            if r.error_code == code::NONE {
                                let (e, offset) = partition.end_offset_for_epoch(p.leader_epoch);
                                r.leader_epoch = e;
                                r.end_offset = offset;
                            }
                        }
                    }
                    r
                })
                .collect();
            OffsetForLeaderTopicResult {
                topic: t.topic,
                partitions,
                ..Default::default()
            }
        })
        .collect();
    OffsetForLeaderEpochResponse {
        topics,
        ..Default::default()
    }
}
