//! OffsetCommit: durable committed offsets in `__consumer_offsets`. A
//! client needs Read on the group (else GROUP_AUTHORIZATION_FAILED) and on
//! each topic (else TOPIC_AUTHORIZATION_FAILED for its partitions).

use protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use protocol::messages::{OffsetCommitRequest, OffsetCommitResponse};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::error::code;
use crate::group::coordinator::now_ms;
use crate::handlers::commit_checks::CommitChecks;
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: OffsetCommitRequest,
) -> OffsetCommitResponse {
    let status = broker.group_status(ctx, op::READ, &r.group_id);
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
    let mut checks = CommitChecks::new(broker, ctx, group_error, false, now_ms());
    for t in &r.topics {
        checks.topic(
            &t.name,
            t.partitions.iter().map(|p| {
                (
                    p.partition_index,
                    p.committed_offset,
                    p.committed_leader_epoch,
                    p.committed_metadata.as_deref(),
                )
            }),
        );
    }
    let (codes, entries) = (checks.codes, checks.entries);
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
