//! Metadata: brokers, controller and topics with partition leaders; creates
//! unknown topics when auto creation is on and the client allows it.
//!
//! Authorization as Kafka's: all topics lists those the client may
//! Describe; a named topic it may not Describe is answered
//! TOPIC_AUTHORIZATION_FAILED (whether or not it exists); auto-creation
//! needs Create on the cluster or the topic.
//!
//! Bound: a topic named several times is answered once (Kafka collects the
//! requested topics into a set), so the answer has one entry per distinct
//! topic of the request (or per topic of the cluster), never one per mention.

use std::collections::{BTreeMap, HashSet};

use metadata::{ClusterState, TopicState};
use protocol::messages::metadata_response::{
    MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
};
use protocol::messages::{MetadataRequest, MetadataResponse};
use uuid::Uuid;

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::group::offsets::OFFSETS_TOPIC;
use crate::request_context::RequestContext;

pub fn topic_response(t: &TopicState) -> MetadataResponseTopic {
    MetadataResponseTopic {
        error_code: code::NONE,
        name: Some(t.name.clone()),
        topic_id: t.topic_id,
        is_internal: t.name.starts_with("__"),
        partitions: t
            .partitions
            .iter()
            .enumerate()
            .map(|(i, p)| MetadataResponsePartition {
                error_code: if p.leader < 0 {
                    code::LEADER_NOT_AVAILABLE
                } else {
                    code::NONE
                },
                partition_index: i as i32,
                leader_id: p.leader,
                leader_epoch: p.leader_epoch,
                replica_nodes: p.replicas.clone(),
                isr_nodes: p.isr.clone(),
                offline_replicas: Vec::new(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

fn error_topic(name: Option<String>, topic_id: Uuid, error_code: i16) -> MetadataResponseTopic {
    MetadataResponseTopic {
        error_code,
        name,
        topic_id,
        ..Default::default()
    }
}

/// A topic just created (by this request or another one): its answer, or
/// LEADER_NOT_AVAILABLE while the metadata does not show it yet.
fn created_topic(state: &ClusterState, name: String) -> MetadataResponseTopic {
    match state.topic(&name) {
        Some(topic) => topic_response(topic),
        None => error_topic(Some(name), Uuid::nil(), code::LEADER_NOT_AVAILABLE),
    }
}

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: MetadataRequest,
) -> MetadataResponse {
    let version = ctx.version;
    let mut state = broker.state();
    let authorizer = &broker.authorizer;
    let all_topics = |state: &ClusterState| {
        state
            .topics
            .values()
            .filter(|t| authorizer.allows(&state.acls, ctx, op::DESCRIBE, Resource::Topic, &t.name))
            .map(|t| topic_response(t))
            .collect()
    };
    let mut topics: Vec<MetadataResponseTopic> = match request.topics {
        // Null (v1+), or empty in v0: every topic.
        None => all_topics(&state),
        Some(list) if list.is_empty() && version == 0 => all_topics(&state),
        Some(list) => {
            let mut out = Vec::new();
            // Kafka 0.x-3.x: allowed unless the client says otherwise (v4+).
            let allow_create = broker.config.auto_create_topics_enable
                && (version < 4 || request.allow_auto_topic_creation);
            let mut seen = HashSet::new();
            for t in list {
                if !seen.insert((t.name.clone(), t.topic_id)) {
                    continue;
                }
                let name = match (&t.name, t.topic_id.is_nil()) {
                    (Some(n), _) => n.clone(),
                    (None, false) => match state.topic_name_by_id(&t.topic_id) {
                        Some(n) => n.to_string(),
                        None => {
                            out.push(error_topic(None, t.topic_id, code::UNKNOWN_TOPIC_ID));
                            continue;
                        }
                    },
                    (None, true) => {
                        out.push(error_topic(None, t.topic_id, code::INVALID_REQUEST));
                        continue;
                    }
                };
                let by_id = t.name.is_none();
                if !authorizer.authorize(&state.acls, ctx, op::DESCRIBE, Resource::Topic, &name) {
                    let name = (!by_id).then_some(name);
                    out.push(error_topic(
                        name,
                        t.topic_id,
                        code::TOPIC_AUTHORIZATION_FAILED,
                    ));
                    continue;
                }
                if let Some(topic) = state.topic(&name) {
                    out.push(topic_response(topic));
                    continue;
                }
                // Only the broker creates internal topics, with their own
                // configs (Kafka's AutoTopicCreationManager does the same
                // for `__consumer_offsets`); the others are never created.
                if allow_create && name == OFFSETS_TOPIC {
                    match broker.ensure_offsets_topic().await {
                        Ok(()) => {
                            state = broker.state();
                            out.push(created_topic(&state, name));
                        }
                        Err(ApiError { code: c, .. }) => {
                            out.push(error_topic(Some(name), Uuid::nil(), c))
                        }
                    }
                    continue;
                }
                let may_create = || {
                    authorizer.allows(&state.acls, ctx, op::CREATE, Resource::Cluster, CLUSTER)
                        || authorizer.authorize(
                            &state.acls,
                            ctx,
                            op::CREATE,
                            Resource::Topic,
                            &name,
                        )
                };
                if allow_create && !metadata::topic::is_reserved(&name) && !may_create() {
                    out.push(error_topic(
                        Some(name),
                        Uuid::nil(),
                        code::TOPIC_AUTHORIZATION_FAILED,
                    ));
                    continue;
                }
                if !allow_create || metadata::topic::is_reserved(&name) {
                    out.push(error_topic(
                        Some(name),
                        Uuid::nil(),
                        code::UNKNOWN_TOPIC_OR_PARTITION,
                    ));
                    continue;
                }
                match broker
                    .create_topic(&name, -1, -1, Vec::new(), BTreeMap::new(), false)
                    .await
                {
                    Ok(topic) => out.push(topic_response(&topic)),
                    // Another request created it in between.
                    Err(ApiError { code: c, .. }) if c == code::TOPIC_ALREADY_EXISTS => {
                        state = broker.state();
                        out.push(created_topic(&state, name));
                    }
                    Err(ApiError {
                        code: c,
                        message: msg,
                    }) => {
                        tracing::info!(topic = %name, error = %msg, "auto topic creation refused");
                        out.push(error_topic(Some(name), Uuid::nil(), c));
                    }
                }
            }
            out
        }
    };
    if version < 12 {
        // Names are nullable only from v12; an unknown topic id gets "".
        for t in topics.iter_mut().filter(|t| t.name.is_none()) {
            t.name = Some(String::new());
        }
    }
    // KIP-430: the operations the client may perform, when it asks (v8+;
    // the cluster's only up to v10).
    let topic_ops = version >= 8 && request.include_topic_authorized_operations;
    for t in topics.iter_mut().filter(|t| t.error_code == code::NONE) {
        let name = t.name.as_deref().unwrap_or_default();
        t.topic_authorized_operations =
            authorizer.authorized_operations_if(topic_ops, &state.acls, ctx, Resource::Topic, name);
    }
    MetadataResponse {
        brokers: brokers(&state, ctx.listener),
        cluster_id: Some(broker.cluster_id.clone()),
        controller_id: broker.controller_id(),
        topics,
        cluster_authorized_operations: authorizer.authorized_operations_if(
            (8..=10).contains(&version) && request.include_cluster_authorized_operations,
            &state.acls,
            ctx,
            Resource::Cluster,
            CLUSTER,
        ),
        ..Default::default()
    }
}

fn brokers(state: &ClusterState, listener: &str) -> Vec<MetadataResponseBroker> {
    // Fenced brokers are left out, as Kafka lists only live brokers; so is
    // a broker without the client's listener, as Kafka does.
    state
        .live_brokers()
        .filter_map(|b| {
            let (host, port) = b.endpoint(listener)?;
            Some(MetadataResponseBroker {
                node_id: b.node_id,
                host: host.to_string(),
                port,
                rack: b.rack.clone(),
                ..Default::default()
            })
        })
        .collect()
}
