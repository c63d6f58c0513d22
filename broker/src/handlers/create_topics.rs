//! CreateTopics, with manual assignments, per-topic configs and validate_only.
//! A request creating more than `MAX_PARTITIONS_PER_BATCH` partitions in all
//! is refused whole (POLICY_VIOLATION) before anything is allocated, as
//! Kafka's `ReplicationControlManager.validateTotalNumberOfPartitions` does.
//! A client needs Create on the cluster or on the topic (else
//! TOPIC_AUTHORIZATION_FAILED), and DescribeConfigs on the topic to be
//! shown its configs. Each topic created counts its partitions against the
//! client's `controller_mutation_rate` (KIP-599; strict from v6).

use std::collections::{BTreeMap, HashSet};

use metadata::PartitionAssignment;
use protocol::messages::create_topics_response::{CreatableTopicConfigs, CreatableTopicResult};
use protocol::messages::{CreateTopicsRequest, CreateTopicsResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::{Broker, EXCESSIVE_PARTITIONS_MESSAGE, MAX_PARTITIONS_PER_BATCH};
use crate::config::topic_config::{self, TOPIC_CONFIGS};
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

/// Kafka's message for a topic the client may not create.
const NOT_AUTHORIZED: &str = "Authorization failed.";

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: CreateTopicsRequest,
) -> CreateTopicsResponse {
    let version = ctx.version;
    let state = broker.state();
    let authorizer = &broker.authorizer;
    let may_create_any =
        authorizer.allows(&state.acls, ctx, op::CREATE, Resource::Cluster, CLUSTER);
    // Kafka counts -1 as num.partitions and a manual assignment by its
    // length; here in i64, so that no sum overflows.
    let total: i64 = request
        .topics
        .iter()
        .map(|t| match (t.assignments.is_empty(), t.num_partitions) {
            (false, _) => t.assignments.len() as i64,
            (true, -1) => i64::from(broker.config.num_partitions),
            (true, n) => i64::from(n.max(0)),
        })
        .sum();
    if total > MAX_PARTITIONS_PER_BATCH {
        return CreateTopicsResponse {
            topics: request
                .topics
                .into_iter()
                .map(|t| CreatableTopicResult {
                    name: t.name,
                    num_partitions: -1,
                    replication_factor: -1,
                    error_code: code::POLICY_VIOLATION,
                    error_message: Some(EXCESSIVE_PARTITIONS_MESSAGE.into()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
    }
    let mut seen = HashSet::new();
    let duplicates: HashSet<String> = request
        .topics
        .iter()
        .filter(|t| !seen.insert(t.name.clone()))
        .map(|t| t.name.clone())
        .collect();
    let quota = broker.mutation_quota(&state, ctx, 6);
    let now = || storage::log::now_ms() as u64;
    let mut topics = Vec::with_capacity(request.topics.len());
    for t in request.topics {
        let mut r = CreatableTopicResult {
            name: t.name.clone(),
            num_partitions: -1,
            replication_factor: -1,
            ..Default::default()
        };
        if duplicates.contains(&t.name) {
            r.error_code = code::INVALID_REQUEST;
            r.error_message = Some("Duplicate topic name.".into());
            topics.push(r);
            continue;
        }
        if !may_create_any
            && !authorizer.authorize(&state.acls, ctx, op::CREATE, Resource::Topic, &t.name)
        {
            r.error_code = code::TOPIC_AUTHORIZATION_FAILED;
            r.error_message = Some(NOT_AUTHORIZED.into());
            topics.push(r);
            continue;
        }
        let mut configs = BTreeMap::new();
        let mut bad_config = None;
        for c in &t.configs {
            match &c.value {
                Some(v) => {
                    configs.insert(c.name.clone(), v.clone());
                }
                None => {
                    bad_config = Some(format!(
                        "Null value not supported for topic configs: {}",
                        c.name
                    ))
                }
            }
        }
        let mut assignments: Vec<(i32, Vec<i32>)> = t
            .assignments
            .iter()
            .map(|a| (a.partition_index, a.broker_ids.clone()))
            .collect();
        assignments.sort_by_key(|a| a.0);
        let in_order = assignments.iter().enumerate().all(|(i, a)| a.0 == i as i32);
        if let Err(e) = quota.check(now()) {
            r.error_code = e.code;
            r.error_message = Some(e.message);
            topics.push(r);
            continue;
        }
        let result = if let Some(msg) = bad_config {
            Err(ApiError::new(code::INVALID_CONFIG, msg))
        } else if !in_order {
            Err(ApiError::new(
                code::INVALID_REPLICA_ASSIGNMENT,
                "Partitions should be consecutive and start from 0.",
            ))
        } else {
            let assignments = assignments
                .into_iter()
                .map(|(_, replicas)| PartitionAssignment { replicas })
                .collect();
            broker
                .create_topic(
                    &t.name,
                    t.num_partitions,
                    t.replication_factor,
                    assignments,
                    configs,
                    request.validate_only,
                )
                .await
        };
        match result {
            Ok(topic) => {
                if !request.validate_only {
                    quota.record(topic.partitions.len(), now());
                }
                r.topic_id = topic.topic_id;
                r.num_partitions = topic.partitions.len() as i32;
                r.replication_factor = topic.partitions[0].replicas.len() as i16;
                let may_describe_configs = || {
                    authorizer.authorize(
                        &state.acls,
                        ctx,
                        op::DESCRIBE_CONFIGS,
                        Resource::Topic,
                        &t.name,
                    )
                };
                if version >= 5 && !may_describe_configs() {
                    r.topic_config_error_code = code::TOPIC_AUTHORIZATION_FAILED;
                } else if version >= 5 {
                    r.configs = Some(
                        TOPIC_CONFIGS
                            .iter()
                            .map(|def| {
                                let (value, source) = topic_config::resolve(
                                    &broker.topic_defaults(),
                                    &topic.configs,
                                    def,
                                );
                                CreatableTopicConfigs {
                                    name: def.name.to_string(),
                                    value: Some(value),
                                    config_source: source,
                                    ..Default::default()
                                }
                            })
                            .collect(),
                    );
                }
            }
            Err(ApiError {
                code: c,
                message: msg,
            }) => {
                tracing::info!(topic = %r.name, error_code = c, message = %msg, "topic creation refused");
                r.error_code = c;
                r.error_message = Some(msg);
            }
        }
        topics.push(r);
    }
    CreateTopicsResponse {
        throttle_time_ms: quota.throttle_ms(now()) as i32,
        topics,
        ..Default::default()
    }
}
