//! AlterConfigs (the whole override set of a resource) and
//! IncrementalAlterConfigs (KIP-339: SET, DELETE, APPEND, SUBTRACT per key)
//! for topics, and for brokers: Kafka 4.4's dynamic broker configs, for one
//! broker (resource name: its id) or the whole cluster (resource name ""),
//! checked and refused as Kafka does (see [`crate::config::dynamic_broker_config`]).
//! IncrementalAlterConfigs also sets KIP-714 client metrics subscriptions
//! (`kafka-client-metrics --alter|--delete`; see [`crate::client_metrics`]).
//! A client needs AlterConfigs on the topic, or on the cluster for a broker.

use std::collections::BTreeMap;

use protocol::messages::alter_configs_response::AlterConfigsResourceResponse;
use protocol::messages::incremental_alter_configs_response::AlterConfigsResourceResponse as IncrementalResult;
use protocol::messages::{
    AlterConfigsRequest, AlterConfigsResponse, IncrementalAlterConfigsRequest,
    IncrementalAlterConfigsResponse,
};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::client_metrics;
use crate::config::dynamic_broker_config;
use crate::config::topic_config;
use crate::error::code;
use crate::error::ApiError;
use crate::handlers::describe_configs::{
    authorize_resource, RESOURCE_BROKER, RESOURCE_CLIENT_METRICS, RESOURCE_TOPIC,
};
use crate::request_context::RequestContext;

/// IncrementalAlterConfigs operations.
const OP_SET: i8 = 0;
const OP_DELETE: i8 = 1;
const OP_APPEND: i8 = 2;
const OP_SUBTRACT: i8 = 3;

fn not_supported(resource_type: i8) -> ApiError {
    ApiError::new(
        code::INVALID_REQUEST,
        format!("Unsupported resource type {resource_type}"),
    )
}

/// The broker a broker resource names: `None` for "" (the cluster default).
fn broker_node(name: &str) -> Result<Option<i32>, ApiError> {
    if name.is_empty() {
        return Ok(None);
    }
    name.parse::<i32>()
        .ok()
        .filter(|&n| n >= 0)
        .map(Some)
        .ok_or(ApiError::new(
            code::INVALID_REQUEST,
            format!("Unexpected broker id {name}"),
        ))
}

/// Alters a topic's or a broker's configs unless reading the request found
/// a bad entry.
async fn apply(
    broker: &Broker,
    resource_type: i8,
    name: &str,
    changes: BTreeMap<String, Option<String>>,
    bad: Option<String>,
    validate_only: bool,
) -> Result<(), ApiError> {
    if let Some(m) = bad {
        return Err(ApiError::new(code::INVALID_CONFIG, m));
    }
    match resource_type {
        RESOURCE_TOPIC => {
            broker
                .alter_topic_configs(name, changes, validate_only)
                .await
        }
        RESOURCE_BROKER => {
            let node = broker_node(name)?;
            broker
                .alter_broker_configs(node, changes, validate_only)
                .await
        }
        RESOURCE_CLIENT_METRICS => {
            broker
                .alter_client_metrics(name, changes, validate_only)
                .await
        }
        other => Err(not_supported(other)),
    }
}

/// The dynamic configs a broker resource holds now.
fn current_broker_configs(broker: &Broker, name: &str) -> BTreeMap<String, String> {
    broker
        .state()
        .broker_configs
        .get(name)
        .cloned()
        .unwrap_or_default()
}

fn split(result: Result<(), ApiError>) -> (i16, Option<String>) {
    match result {
        Ok(()) => (code::NONE, None),
        Err(ApiError {
            code: c,
            message: m,
        }) => (c, Some(m)),
    }
}

pub async fn alter(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: AlterConfigsRequest,
) -> AlterConfigsResponse {
    let mut responses = Vec::with_capacity(r.resources.len());
    for res in r.resources {
        let allowed = authorize_resource(
            broker,
            ctx,
            op::ALTER_CONFIGS,
            res.resource_type,
            &res.resource_name,
        );
        let result = if res.resource_type != RESOURCE_TOPIC && res.resource_type != RESOURCE_BROKER
        {
            Err(not_supported(res.resource_type))
        } else if let Err(e) = allowed {
            Err(e)
        } else {
            // The new set replaces the old one: keys left out go back to their default.
            let current = match res.resource_type {
                RESOURCE_BROKER => current_broker_configs(broker, &res.resource_name),
                _ => broker
                    .state()
                    .topic(&res.resource_name)
                    .map(|t| t.configs.clone())
                    .unwrap_or_default(),
            };
            let mut changes: BTreeMap<String, Option<String>> =
                current.into_keys().map(|k| (k, None)).collect();
            let mut bad = None;
            for c in res.configs {
                match c.value {
                    Some(v) => {
                        changes.insert(c.name, Some(v));
                    }
                    None => bad = Some(format!("Null value not supported for {}", c.name)),
                }
            }
            apply(
                broker,
                res.resource_type,
                &res.resource_name,
                changes,
                bad,
                r.validate_only,
            )
            .await
        };
        let (error_code, error_message) = split(result);
        responses.push(AlterConfigsResourceResponse {
            error_code,
            error_message,
            resource_type: res.resource_type,
            resource_name: res.resource_name,
            ..Default::default()
        });
    }
    AlterConfigsResponse {
        responses,
        ..Default::default()
    }
}

/// The current value of a config: a topic's override, else the default; a
/// broker's value in force (dynamic, static, else Kafka's default).
fn current_value(broker: &Broker, resource_type: i8, resource: &str, name: &str) -> Option<String> {
    if resource_type == RESOURCE_CLIENT_METRICS {
        return broker
            .state()
            .client_metrics
            .get(resource)?
            .get(name)
            .cloned();
    }
    if resource_type == RESOURCE_BROKER {
        let config = broker.topic_defaults();
        return config
            .dynamic
            .get(name)
            .map(|(v, _)| v.clone())
            .or_else(|| config.overrides.get(name).cloned())
            .or_else(|| {
                config
                    .describe()
                    .into_iter()
                    .find(|(k, _, _)| *k == name)
                    .map(|(_, v, _)| v)
            })
            .or_else(|| {
                dynamic_broker_config::find(name)?
                    .default
                    .map(str::to_string)
            });
    }
    let state = broker.state();
    let overrides = &state.topic(resource)?.configs;
    let def = topic_config::find(name)?;
    Some(topic_config::resolve(&broker.topic_defaults(), overrides, def).0)
}

/// A list value after APPEND (items not there yet, at the end) or SUBTRACT.
fn list_operation(current: Option<String>, value: &str, operation: i8) -> String {
    let mut items = current
        .map(|v| crate::config::list_items(&v))
        .unwrap_or_default();
    for item in crate::config::list_items(value) {
        if operation == OP_APPEND {
            if !items.contains(&item) {
                items.push(item);
            }
        } else {
            items.retain(|i| *i != item);
        }
    }
    items.join(",")
}

pub async fn incremental(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: IncrementalAlterConfigsRequest,
) -> IncrementalAlterConfigsResponse {
    let mut responses = Vec::with_capacity(r.resources.len());
    for res in r.resources {
        let allowed = authorize_resource(
            broker,
            ctx,
            op::ALTER_CONFIGS,
            res.resource_type,
            &res.resource_name,
        );
        let result = if ![RESOURCE_TOPIC, RESOURCE_BROKER, RESOURCE_CLIENT_METRICS]
            .contains(&res.resource_type)
        {
            Err(not_supported(res.resource_type))
        } else if let Err(e) = allowed {
            Err(e)
        } else {
            let mut changes: BTreeMap<String, Option<String>> = BTreeMap::new();
            let mut bad = None;
            for c in res.configs {
                let value = c.value.clone().unwrap_or_default();
                let is_list = if res.resource_type == RESOURCE_CLIENT_METRICS {
                    c.name == client_metrics::METRICS || c.name == client_metrics::MATCH
                } else {
                    topic_config::find(&c.name).is_some_and(|d| d.kind == topic_config::kind::LIST)
                        || c.name == "log.cleanup.policy"
                };
                let operation = if c.config_operation == OP_APPEND {
                    "append"
                } else {
                    "subtract"
                };
                let change = match c.config_operation {
                    OP_SET => Ok(Some(value)),
                    OP_DELETE => Ok(None),
                    OP_APPEND | OP_SUBTRACT if res.resource_type == RESOURCE_BROKER => {
                        dynamic_broker_config::check_list_operation(&c.name, operation).map(|()| {
                            let current =
                                current_value(broker, res.resource_type, &res.resource_name, &c.name);
                            Some(list_operation(
                                changes.get(&c.name).cloned().flatten().or(current),
                                &value,
                                c.config_operation,
                            ))
                        })
                    }
                    OP_APPEND | OP_SUBTRACT if !is_list => Err(format!(
                        "Config value append/subtract is only supported for list configs; {} is not one",
                        c.name
                    )),
                    OP_APPEND | OP_SUBTRACT => {
                        let current = changes.get(&c.name).cloned().flatten().or_else(|| {
                            current_value(broker, res.resource_type, &res.resource_name, &c.name)
                        });
                        Ok(Some(list_operation(current, &value, c.config_operation)))
                    }
                    other => Err(format!("Unknown config operation {other}")),
                };
                match change {
                    Ok(v) => {
                        changes.insert(c.name, v);
                    }
                    Err(m) => bad = Some(m),
                }
            }
            apply(
                broker,
                res.resource_type,
                &res.resource_name,
                changes,
                bad,
                r.validate_only,
            )
            .await
        };
        let (error_code, error_message) = split(result);
        responses.push(IncrementalResult {
            error_code,
            error_message,
            resource_type: res.resource_type,
            resource_name: res.resource_name,
            ..Default::default()
        });
    }
    IncrementalAlterConfigsResponse {
        responses,
        ..Default::default()
    }
}
