//! OffsetFetch: committed offsets of one group (v0-v7) or several (v8+).
//! With `require_stable` (v7+, a read_committed consumer) a partition whose
//! offset an open transaction is committing answers UNSTABLE_OFFSET_COMMIT
//! (the client retries), as Kafka's (KIP-447).
//! Each answer carries the commit's metadata (up to
//! offset.metadata.max.bytes), so duplicates are collapsed first (see
//! `super::distinct`): at most one answer per distinct group, topic and
//! partition of the request.
//! A client needs Describe on the group (else GROUP_AUTHORIZATION_FAILED);
//! a requested topic it may not Describe is answered
//! TOPIC_AUTHORIZATION_FAILED, and all offsets leave such topics out.

use protocol::messages::offset_fetch_response::{
    OffsetFetchResponseGroup, OffsetFetchResponsePartition, OffsetFetchResponsePartitions,
    OffsetFetchResponseTopic, OffsetFetchResponseTopics,
};
use protocol::messages::{OffsetFetchRequest, OffsetFetchResponse};

use super::distinct::distinct_by;
use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

/// One partition's answer: (partition, offset, leader epoch, metadata, error).
type Entry = (i32, i64, i32, Option<String>, i16);

/// (topic, entries) for the requested partitions, or all committed ones
/// when `topics` is None.
type Fetched = Vec<(String, Vec<Entry>)>;

fn fetch(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    group: &str,
    topics: Option<Vec<(String, Vec<i32>)>>,
    require_stable: bool,
) -> Fetched {
    let state = broker.state();
    let authorizer = &broker.authorizer;
    match topics {
        Some(list) => distinct_by(list, |(name, _)| name.clone())
            .into_iter()
            .map(|(name, parts)| {
                let may_describe =
                    authorizer.authorize(&state.acls, ctx, op::DESCRIBE, Resource::Topic, &name);
                let entries = distinct_by(parts, |p| *p)
                    .into_iter()
                    .map(|p| match broker.groups.committed(group, &name, p) {
                        _ if !may_describe => (p, -1, -1, None, code::TOPIC_AUTHORIZATION_FAILED),
                        // KIP-447: an offset an open transaction is changing.
                        _ if require_stable
                            && broker.groups.has_pending_offset(group, &name, p) =>
                        {
                            (p, -1, -1, None, code::UNSTABLE_OFFSET_COMMIT)
                        }
                        Some(o) => (p, o.offset, o.leader_epoch, Some(o.metadata), code::NONE),
                        None => (p, -1, -1, Some(String::new()), code::NONE),
                    })
                    .collect();
                (name, entries)
            })
            .collect(),
        None => {
            let mut out: Fetched = Vec::new();
            for ((topic, p), o) in broker.groups.committed_all(group) {
                let entry = (p, o.offset, o.leader_epoch, Some(o.metadata), code::NONE);
                match out.last_mut() {
                    Some((t, entries)) if *t == topic => entries.push(entry),
                    _ => out.push((topic, vec![entry])),
                }
            }
            out.retain(|(topic, _)| {
                authorizer.allows(&state.acls, ctx, op::DESCRIBE, Resource::Topic, topic)
            });
            out
        }
    }
}

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: OffsetFetchRequest,
) -> OffsetFetchResponse {
    let version = ctx.version;
    if version >= 8 {
        let groups = distinct_by(r.groups, |g| g.group_id.clone())
            .into_iter()
            .map(|g| {
                let topics = g.topics.map(|ts| {
                    ts.into_iter()
                        .map(|t| (t.name, t.partition_indexes))
                        .collect()
                });
                let status = broker.group_status(ctx, op::DESCRIBE, &g.group_id);
                if status != code::NONE {
                    return OffsetFetchResponseGroup {
                        group_id: g.group_id,
                        error_code: status,
                        ..Default::default()
                    };
                }
                OffsetFetchResponseGroup {
                    topics: fetch(broker, ctx, &g.group_id, topics, r.require_stable)
                        .into_iter()
                        .map(|(name, parts)| OffsetFetchResponseTopics {
                            name,
                            partitions: parts
                                .into_iter()
                                .map(|(p, offset, epoch, metadata, error_code)| {
                                    OffsetFetchResponsePartitions {
                                        partition_index: p,
                                        committed_offset: offset,
                                        committed_leader_epoch: epoch,
                                        metadata,
                                        error_code,
                                        ..Default::default()
                                    }
                                })
                                .collect(),
                            ..Default::default()
                        })
                        .collect(),
                    group_id: g.group_id,
                    ..Default::default()
                }
            })
            .collect();
        return OffsetFetchResponse {
            groups,
            ..Default::default()
        };
    }
    let status = broker.group_status(ctx, op::DESCRIBE, &r.group_id);
    if status != code::NONE {
        // v0-v1 have no top-level error code: the partitions carry it.
        let topics = r
            .topics
            .unwrap_or_default()
            .into_iter()
            .map(|t| OffsetFetchResponseTopic {
                partitions: t
                    .partition_indexes
                    .iter()
                    .map(|p| OffsetFetchResponsePartition {
                        partition_index: *p,
                        committed_offset: -1,
                        committed_leader_epoch: -1,
                        error_code: status,
                        ..Default::default()
                    })
                    .collect(),
                name: t.name,
                ..Default::default()
            })
            .collect();
        return OffsetFetchResponse {
            topics,
            error_code: if version >= 2 { status } else { code::NONE },
            ..Default::default()
        };
    }
    // v0 had no "all topics" form (null topics arrives only from v2).
    let topics = r.topics.map(|ts| {
        ts.into_iter()
            .map(|t| (t.name, t.partition_indexes))
            .collect()
    });
    let topics = fetch(broker, ctx, &r.group_id, topics, r.require_stable)
        .into_iter()
        .map(|(name, parts)| OffsetFetchResponseTopic {
            name,
            partitions: parts
                .into_iter()
                .map(
                    |(p, offset, epoch, metadata, error_code)| OffsetFetchResponsePartition {
                        partition_index: p,
                        committed_offset: offset,
                        committed_leader_epoch: if version >= 5 { epoch } else { -1 },
                        metadata,
                        error_code,
                        ..Default::default()
                    },
                )
                .collect(),
            ..Default::default()
        })
        .collect();
    OffsetFetchResponse {
        topics,
        ..Default::default()
    }
}
