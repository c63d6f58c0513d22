//! OffsetForLeaderEpoch (KIP-101, KIP-320): where a leader epoch ends in the
//! leader's log. Followers truncate by it after a leader change; consumers
//! use it to detect that their position was truncated away. A client needs
//! ClusterAction on the cluster (a follower) or Describe on the topic (else
//! TOPIC_AUTHORIZATION_FAILED), as Kafka's.

use protocol::messages::offset_for_leader_epoch_response::{
    EpochEndOffset, OffsetForLeaderTopicResult,
};
use protocol::messages::{OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::handlers::fetch::check_leader_epoch;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: OffsetForLeaderEpochRequest,
) -> OffsetForLeaderEpochResponse {
    let state = broker.state();
    let authorizer = &broker.authorizer;
    let cluster_action = authorizer.allows(
        &state.acls,
        ctx,
        op::CLUSTER_ACTION,
        Resource::Cluster,
        CLUSTER,
    );
    let topics = request
        .topics
        .into_iter()
        .map(|t| {
            let denied = !cluster_action
                && !authorizer.authorize(&state.acls, ctx, op::DESCRIBE, Resource::Topic, &t.topic);
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
                    if denied {
                        r.error_code = code::TOPIC_AUTHORIZATION_FAILED;
                        return r;
                    }
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
