//! DescribeTopicPartitions (API 75, KIP-966): the partitions of topics,
//! paged by a cursor, as Kafka's `DescribeTopicPartitionsRequestHandler`
//! answers it. Kafka 4's `Admin.describeTopics` (`kafka-topics --describe`)
//! uses it rather than Metadata.
//!
//! Invariants:
//! - topics are answered in name order, from the cursor's topic (and, in
//!   that topic, from its partition index) on; an answer holds at most
//!   `min(ResponsePartitionLimit, max.request.partition.size.limit)`
//!   partitions (at least 1), and `NextCursor` names the first partition
//!   left out, or is null when none is;
//! - an empty topic list means every topic the client may Describe (the
//!   others left out); a named topic it may not Describe is answered
//!   TOPIC_AUTHORIZATION_FAILED without its id, listed after the others,
//!   and an unknown one UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION
//!   for an invalid name); a topic named twice is answered once;
//! - a cursor outside a given topic list, or with a negative partition,
//!   makes every named topic INVALID_REQUEST (Kafka's error response);
//! - offline replicas are those whose broker is fenced or not registered.
//!   There are no eligible leader replicas (KIP-966's ELR is not kept):
//!   both ELR lists are empty, as Kafka's without ELR (never null: Kafka's
//!   admin client reads them unchecked).

use std::collections::BTreeSet;

use metadata::{ClusterState, TopicState};
use protocol::messages::describe_topic_partitions_response::{
    Cursor, DescribeTopicPartitionsResponsePartition, DescribeTopicPartitionsResponseTopic,
};
use protocol::messages::{DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse};
use uuid::Uuid;

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeTopicPartitionsRequest,
) -> DescribeTopicPartitionsResponse {
    let state = broker.state();
    let authorizer = &broker.authorizer;
    let limit = request
        .response_partition_limit
        .min(broker.config.max_request_partition_size_limit);
    let mut response = answer(&state, request, limit, |name, named| {
        if named {
            authorizer.authorize(&state.acls, ctx, op::DESCRIBE, Resource::Topic, name)
        } else {
            authorizer.allows(&state.acls, ctx, op::DESCRIBE, Resource::Topic, name)
        }
    });
    for t in response
        .topics
        .iter_mut()
        .filter(|t| t.error_code == code::NONE)
    {
        let name = t.name.as_deref().unwrap_or_default();
        t.topic_authorized_operations =
            authorizer.authorized_operations(&state.acls, ctx, Resource::Topic, name);
    }
    response
}

/// The answer to `request` with at most `limit` partitions (at least 1);
/// `may_describe(topic, named)` says whether the client may see a topic it
/// named (`true`) or one of all topics (`false`).
fn answer(
    state: &ClusterState,
    request: DescribeTopicPartitionsRequest,
    limit: i32,
    may_describe: impl Fn(&str, bool) -> bool,
) -> DescribeTopicPartitionsResponse {
    let all = request.topics.is_empty();
    let from = request
        .cursor
        .as_ref()
        .map_or("", |c| c.topic_name.as_str());
    let named: BTreeSet<String> = request.topics.iter().map(|t| t.name.clone()).collect();
    let cursor_outside = !all && request.cursor.is_some() && !named.contains(from);
    if cursor_outside
        || request
            .cursor
            .as_ref()
            .is_some_and(|c| c.partition_index < 0)
    {
        return DescribeTopicPartitionsResponse {
            topics: named
                .into_iter()
                .map(|name| error_topic(name, code::INVALID_REQUEST))
                .collect(),
            ..Default::default()
        };
    }
    let candidates: Vec<String> = if all {
        state
            .topics
            .range(from.to_string()..)
            .map(|(name, _)| name.clone())
            .filter(|name| may_describe(name, false))
            .collect()
    } else {
        named.into_iter().filter(|n| n.as_str() >= from).collect()
    };
    let mut unauthorized = Vec::new();
    let mut topics = Vec::new();
    let mut next_cursor = None;
    let mut remaining = limit.max(1) as usize;
    for name in candidates {
        if !all && !may_describe(&name, true) {
            unauthorized.push(error_topic(name, code::TOPIC_AUTHORIZATION_FAILED));
            continue;
        }
        if remaining == 0 {
            next_cursor = Some(Cursor {
                topic_name: name,
                partition_index: 0,
                ..Default::default()
            });
            break;
        }
        let Some(topic) = state.topic(&name) else {
            if !all {
                let error = match metadata::validate_topic_name(&name) {
                    Ok(()) => code::UNKNOWN_TOPIC_OR_PARTITION,
                    Err(_) => code::INVALID_TOPIC_EXCEPTION,
                };
                topics.push(error_topic(name, error));
            }
            continue;
        };
        let start = match &request.cursor {
            Some(c) if c.topic_name == name => c.partition_index as usize,
            _ => 0,
        };
        let end = topic.partitions.len().min(start.saturating_add(remaining));
        remaining -= end.saturating_sub(start);
        topics.push(topic_answer(state, topic, start, end));
        if end < topic.partitions.len() {
            next_cursor = Some(Cursor {
                topic_name: name,
                partition_index: end as i32,
                ..Default::default()
            });
            break;
        }
    }
    topics.extend(unauthorized);
    DescribeTopicPartitionsResponse {
        topics,
        next_cursor,
        ..Default::default()
    }
}

fn error_topic(name: String, error_code: i16) -> DescribeTopicPartitionsResponseTopic {
    DescribeTopicPartitionsResponseTopic {
        error_code,
        is_internal: metadata::topic::is_internal(&name),
        name: Some(name),
        topic_id: Uuid::nil(),
        ..Default::default()
    }
}

/// Partitions `start..end` of `topic` (an empty range past its end).
fn topic_answer(
    state: &ClusterState,
    topic: &TopicState,
    start: usize,
    end: usize,
) -> DescribeTopicPartitionsResponseTopic {
    let offline = |replicas: &[i32]| -> Vec<i32> {
        replicas
            .iter()
            .copied()
            .filter(|r| state.brokers.get(r).is_none_or(|b| b.fenced))
            .collect()
    };
    DescribeTopicPartitionsResponseTopic {
        error_code: code::NONE,
        name: Some(topic.name.clone()),
        topic_id: topic.topic_id,
        is_internal: metadata::topic::is_internal(&topic.name),
        partitions: topic
            .partitions
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .zip(start..)
            .map(|(p, index)| DescribeTopicPartitionsResponsePartition {
                error_code: code::NONE,
                partition_index: index as i32,
                leader_id: p.leader,
                leader_epoch: p.leader_epoch,
                replica_nodes: p.replicas.clone(),
                isr_nodes: p.isr.clone(),
                eligible_leader_replicas: Some(Vec::new()),
                last_known_elr: Some(Vec::new()),
                offline_replicas: offline(&p.replicas),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use metadata::{Command, PartitionAssignment};
    use protocol::messages::describe_topic_partitions_request::{
        Cursor as RequestCursor, TopicRequest,
    };

    use super::*;

    /// Brokers 1 and 2 (2 fenced); topics a (3 partitions), b (1), c (2).
    fn state() -> ClusterState {
        let mut s = ClusterState::default();
        for id in [1, 2] {
            s.apply(Command::RegisterBroker {
                node_id: id,
                host: "h".into(),
                port: 9092,
                rack: None,
                fenced: false,
                listeners: vec![],
            })
            .unwrap();
        }
        for (name, n) in [("a", 3), ("b", 1), ("c", 2)] {
            s.apply(Command::CreateTopic {
                name: name.into(),
                topic_id: Uuid::new_v4(),
                partitions: vec![
                    PartitionAssignment {
                        replicas: vec![1, 2]
                    };
                    n
                ],
                configs: Default::default(),
            })
            .unwrap();
        }
        s.apply(Command::FenceBroker { node_id: 2 }).unwrap();
        s
    }

    fn request(topics: &[&str], cursor: Option<(&str, i32)>) -> DescribeTopicPartitionsRequest {
        DescribeTopicPartitionsRequest {
            topics: topics
                .iter()
                .map(|t| TopicRequest {
                    name: t.to_string(),
                    ..Default::default()
                })
                .collect(),
            response_partition_limit: 2000,
            cursor: cursor.map(|(t, i)| RequestCursor {
                topic_name: t.into(),
                partition_index: i,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// (topic, error, partition indexes) per topic, and the next cursor.
    type Page = (Vec<(String, i16, Vec<i32>)>, Option<(String, i32)>);

    fn page(r: &DescribeTopicPartitionsResponse) -> Page {
        (
            r.topics
                .iter()
                .map(|t| {
                    (
                        t.name.clone().unwrap(),
                        t.error_code,
                        t.partitions.iter().map(|p| p.partition_index).collect(),
                    )
                })
                .collect(),
            r.next_cursor
                .as_ref()
                .map(|c| (c.topic_name.clone(), c.partition_index)),
        )
    }

    fn t(name: &str, error: i16, partitions: &[i32]) -> (String, i16, Vec<i32>) {
        (name.to_string(), error, partitions.to_vec())
    }

    #[test]
    fn all_topics_page_by_the_cursor() {
        let s = state();
        let yes = |_: &str, _: bool| true;
        // Two partitions a page: a0 a1 | a2 b0 | c0 c1.
        let first = answer(&s, request(&[], None), 2, yes);
        assert_eq!(
            page(&first),
            (vec![t("a", 0, &[0, 1])], Some(("a".into(), 2)))
        );
        let second = answer(&s, request(&[], Some(("a", 2))), 2, yes);
        assert_eq!(
            page(&second),
            (
                vec![t("a", 0, &[2]), t("b", 0, &[0])],
                Some(("c".into(), 0))
            )
        );
        let third = answer(&s, request(&[], Some(("c", 0))), 2, yes);
        assert_eq!(page(&third), (vec![t("c", 0, &[0, 1])], None));
        // A limit below 1 is taken as 1.
        let one = answer(&s, request(&[], None), 0, yes);
        assert_eq!(page(&one), (vec![t("a", 0, &[0])], Some(("a".into(), 1))));
        // Fenced broker 2 is an offline replica; the ELR lists are empty.
        let p = &third.topics[0].partitions[0];
        assert_eq!(p.offline_replicas, [2]);
        assert_eq!(
            (
                p.eligible_leader_replicas.as_deref(),
                p.last_known_elr.as_deref()
            ),
            (Some(&[][..]), Some(&[][..]))
        );
        assert_eq!(third.topics[0].topic_id, s.topic("c").unwrap().topic_id);
    }

    #[test]
    fn named_topics_unknown_unauthorized_and_bad_cursors() {
        let s = state();
        let not_b = |name: &str, _: bool| name != "b";
        let r = answer(
            &s,
            request(&["c", "b", "zz", "a", "c", "bad/name"], None),
            2000,
            not_b,
        );
        assert_eq!(
            page(&r),
            (
                vec![
                    t("a", 0, &[0, 1, 2]),
                    t("bad/name", code::INVALID_TOPIC_EXCEPTION, &[]),
                    t("c", 0, &[0, 1]),
                    t("zz", code::UNKNOWN_TOPIC_OR_PARTITION, &[]),
                    t("b", code::TOPIC_AUTHORIZATION_FAILED, &[]),
                ],
                None
            )
        );
        assert!(r.topics[4].topic_id.is_nil());
        // Every topic is left out of "all topics" when it may not be seen.
        let all = answer(&s, request(&[], None), 2000, not_b);
        assert_eq!(
            page(&all)
                .0
                .iter()
                .map(|t| t.0.as_str())
                .collect::<Vec<_>>(),
            ["a", "c"]
        );
        // A cursor outside the list, or at a negative partition.
        for cursor in [("b", 0), ("a", -1)] {
            let r = answer(&s, request(&["a", "c"], Some(cursor)), 2000, not_b);
            assert_eq!(
                page(&r),
                (
                    vec![
                        t("a", code::INVALID_REQUEST, &[]),
                        t("c", code::INVALID_REQUEST, &[])
                    ],
                    None
                )
            );
        }
        // A cursor past a topic's end answers it with no partitions.
        let r = answer(&s, request(&["b", "c"], Some(("b", 5))), 2000, |_, _| true);
        assert_eq!(page(&r), (vec![t("b", 0, &[]), t("c", 0, &[0, 1])], None));
    }
}
