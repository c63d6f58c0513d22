//! ConsumerGroupHeartbeat: the KIP-848 consumer protocol (`group.protocol=consumer`).
//! A client needs Read on the group (else GROUP_AUTHORIZATION_FAILED) and
//! Describe on each topic it subscribes to (else TOPIC_AUTHORIZATION_FAILED).
//! With `group.version` finalized below 1 the protocol is off:
//! UNSUPPORTED_VERSION, as Kafka answers.

use protocol::messages::consumer_group_heartbeat_response::{Assignment, TopicPartitions};
use protocol::messages::{ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::ApiError;
use crate::group::consumer::{self, HeartbeatArgs, TopicInfo};
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: ConsumerGroupHeartbeatRequest,
) -> ConsumerGroupHeartbeatResponse {
    let state = broker.state();
    if !crate::features::consumer_protocol_enabled(&state.finalized_features) {
        return ConsumerGroupHeartbeatResponse {
            error_code: crate::error::code::UNSUPPORTED_VERSION,
            error_message: Some(
                crate::error::ApiError::of(crate::error::code::UNSUPPORTED_VERSION).message,
            ),
            ..Default::default()
        };
    }
    let topics = |name: &str| {
        state.topic(name).map(|t| TopicInfo {
            id: t.topic_id,
            partitions: t.partitions.len() as i32,
        })
    };
    let owned = r.topic_partitions.map(|list| {
        let mut a = consumer::Assignment::new();
        for tp in list {
            a.entry(tp.topic_id).or_default().extend(tp.partitions);
        }
        a
    });
    let args = HeartbeatArgs {
        member_id: r.member_id,
        member_epoch: r.member_epoch,
        instance_id: r.instance_id,
        rack_id: r.rack_id,
        rebalance_timeout_ms: r.rebalance_timeout_ms,
        subscribed_topic_names: r.subscribed_topic_names,
        server_assignor: r.server_assignor,
        owned,
        client_id: ctx.client_id.to_string(),
        client_host: ctx.client_host(),
    };
    let status = broker.group_status(ctx, op::READ, &r.group_id);
    if status != crate::error::code::NONE {
        return ConsumerGroupHeartbeatResponse {
            error_code: status,
            ..Default::default()
        };
    }
    let denied: Vec<&str> = args
        .subscribed_topic_names
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|t| {
            !broker
                .authorizer
                .authorize(&state.acls, ctx, op::DESCRIBE, Resource::Topic, t)
        })
        .collect();
    if !denied.is_empty() {
        return ConsumerGroupHeartbeatResponse {
            error_code: crate::error::code::TOPIC_AUTHORIZATION_FAILED,
            error_message: Some(format!(
                "The following topics are not authorized: [{}]",
                denied.join(", ")
            )),
            ..Default::default()
        };
    }
    // librdkafka sends an empty regex next to topic names: that means none.
    if r.subscribed_topic_regex
        .as_deref()
        .is_some_and(|re| !re.is_empty())
    {
        return ConsumerGroupHeartbeatResponse {
            error_code: crate::error::code::INVALID_REQUEST,
            error_message: Some(
                "SubscribedTopicRegex is not supported yet; subscribe by topic names.".into(),
            ),
            ..Default::default()
        };
    }
    match broker.groups.consumer_heartbeat(&r.group_id, args, &topics) {
        Ok(result) => ConsumerGroupHeartbeatResponse {
            member_id: Some(result.member_id),
            member_epoch: result.member_epoch,
            heartbeat_interval_ms: result.heartbeat_interval_ms,
            assignment: result.assignment.map(|a| Assignment {
                topic_partitions: a
                    .into_iter()
                    .map(|(topic_id, parts)| TopicPartitions {
                        topic_id,
                        partitions: parts.into_iter().collect(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }),
            ..Default::default()
        },
        Err(ApiError {
            code: error_code,
            message,
        }) => ConsumerGroupHeartbeatResponse {
            error_code,
            error_message: Some(message),
            ..Default::default()
        },
    }
}
