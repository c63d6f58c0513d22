//! OffsetCommit: durable committed offsets in `__consumer_offsets`. A
//! client needs Read on the group (else GROUP_AUTHORIZATION_FAILED) and on
//! each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions).

use protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use protocol::messages::{OffsetCommitRequest, OffsetCommitResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::coordinator::now_ms;
use crate::group::offsets::OffsetAndMetadata;
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: OffsetCommitRequest,
) -> OffsetCommitResponse {
    let status = broker.group_status(ctx, op::READ, &r.group_id);
    let state = broker.state();
    let group_error = if r.group_id.is_empty() {
        code::INVALID_GROUP_ID
    } else if status != code::NONE {
        status
    } else {
        broker.groups.check_commit(
            &r.group_id,
            &r.member_id,
            r.generation_id_or_member_epoch,
            r.group_instance_id.as_deref(),
        )
    };
    let now = now_ms();
    let mut codes: Vec<Vec<i16>> = Vec::with_capacity(r.topics.len());
    let mut entries = Vec::new();
    for t in &r.topics {
        let mut topic_codes = Vec::with_capacity(t.partitions.len());
        let may_read = group_error != code::NONE
            || broker
                .authorizer
                .authorize(&state.acls, ctx, op::READ, Resource::Topic, &t.name);
        for p in &t.partitions {
            let metadata = p.committed_metadata.clone().unwrap_or_default();
            let c = if group_error != code::NONE {
                group_error
            } else if !may_read {
                code::TOPIC_AUTHORIZATION_FAILED
            } else {
                broker.check_commit_entry(&t.name, p.partition_index, &metadata)
            };
            if c == code::NONE {
                entries.push((
                    t.name.clone(),
                    p.partition_index,
                    Some(OffsetAndMetadata {
                        offset: p.committed_offset,
                        leader_epoch: p.committed_leader_epoch,
                        metadata,
                        // v2+ carries no commit timestamp: the broker's clock.
                        commit_timestamp: now,
                    }),
                ));
            }
            topic_codes.push(c);
        }
        codes.push(topic_codes);
    }
    let write_error = broker.write_offsets(&r.group_id, entries).await;
    let topics = r
        .topics
        .into_iter()
        .zip(codes)
        .map(|(t, topic_codes)| OffsetCommitResponseTopic {
            name: t.name,
            partitions: t
                .partitions
                .iter()
                .zip(topic_codes)
                .map(|(p, c)| OffsetCommitResponsePartition {
                    partition_index: p.partition_index,
                    error_code: if c == code::NONE { write_error } else { c },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    OffsetCommitResponse {
        topics,
        ..Default::default()
    }
}
