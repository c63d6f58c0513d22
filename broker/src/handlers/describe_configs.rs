//! DescribeConfigs for topics and brokers, with defaults, sources and
//! synonyms, and for client metrics subscriptions (KIP-714: the keys set).
//! A broker is described with Tributary's settings in force and every one
//! of Kafka's dynamic broker keys, plus any other key stored for it; the
//! cluster default (resource name "") with only the keys set there, as
//! Kafka does. Sensitive values (passwords, keys Kafka does not know) are
//! null.
//! A resource named several times is described once (see `super::distinct`):
//! at most one result per distinct (type, name) in the request.
//! A client needs DescribeConfigs on the topic, or on the cluster for a
//! broker (else TOPIC_/CLUSTER_AUTHORIZATION_FAILED), as Kafka's.

use protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult, DescribeConfigsSynonym,
};
use protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse};

use std::collections::BTreeMap;

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::config::dynamic_broker_config::{self, UNKNOWN_TYPE};
use crate::config::topic_config::{self, source, TOPIC_CONFIGS};
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

pub const RESOURCE_TOPIC: i8 = 2;
pub const RESOURCE_BROKER: i8 = 4;
/// A KIP-714 client metrics subscription.
pub const RESOURCE_CLIENT_METRICS: i8 = 16;
/// Kafka's config source of a client metrics subscription's keys.
const SOURCE_CLIENT_METRICS_CONFIG: i8 = 7;

/// Whether the client may perform `operation` (DescribeConfigs or
/// AlterConfigs) on a config resource: the topic's ACLs for a topic, the
/// cluster's for a broker; else Kafka's error. Other resource types are
/// left to the caller (refused as unsupported).
pub fn authorize_resource(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    operation: i8,
    resource_type: i8,
    name: &str,
) -> Result<(), ApiError> {
    let acls = &broker.state().acls;
    let authorizer = &broker.authorizer;
    match resource_type {
        RESOURCE_TOPIC if !authorizer.authorize(acls, ctx, operation, Resource::Topic, name) => {
            Err(ApiError::new(
                code::TOPIC_AUTHORIZATION_FAILED,
                "Topic authorization failed.",
            ))
        }
        RESOURCE_BROKER | RESOURCE_CLIENT_METRICS
            if !authorizer.authorize(acls, ctx, operation, Resource::Cluster, CLUSTER) =>
        {
            Err(ApiError::new(
                code::CLUSTER_AUTHORIZATION_FAILED,
                "Cluster authorization failed.",
            ))
        }
        _ => Ok(()),
    }
}

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeConfigsRequest,
) -> DescribeConfigsResponse {
    let version = ctx.version;
    let state = broker.state();
    let synonyms = request.include_synonyms && version >= 1;
    let resources = super::distinct::distinct_by(request.resources, |r| {
        (r.resource_type, r.resource_name.clone())
    });
    let results = resources
        .into_iter()
        .map(|res| {
            let mut r = DescribeConfigsResult {
                resource_type: res.resource_type,
                resource_name: res.resource_name.clone(),
                ..Default::default()
            };
            let allowed = authorize_resource(
                broker,
                ctx,
                op::DESCRIBE_CONFIGS,
                res.resource_type,
                &res.resource_name,
            );
            if let Err(e) = allowed {
                r.error_code = e.code;
                r.error_message = Some(e.message);
                return r;
            }
            let wanted = |name: &str| {
                res.configuration_keys
                    .as_ref()
                    .is_none_or(|keys| keys.iter().any(|k| k == name))
            };
            match res.resource_type {
                RESOURCE_TOPIC => {
                    let Some(topic) = state.topic(&res.resource_name) else {
                        r.error_code = code::UNKNOWN_TOPIC_OR_PARTITION;
                        r.error_message =
                            Some(format!("Topic {} does not exist", res.resource_name));
                        return r;
                    };
                    r.configs = TOPIC_CONFIGS
                        .iter()
                        .filter(|d| wanted(d.name))
                        .map(|def| {
                            let (value, src) = topic_config::resolve(
                                &broker.topic_defaults(),
                                &topic.configs,
                                def,
                            );
                            let mut entry = DescribeConfigsResourceResult {
                                name: def.name.to_string(),
                                value: Some(value.clone()),
                                config_source: src,
                                config_type: def.kind,
                                ..Default::default()
                            };
                            if synonyms {
                                if src == source::TOPIC_CONFIG {
                                    entry.synonyms.push(DescribeConfigsSynonym {
                                        name: def.name.to_string(),
                                        value: Some(value),
                                        source: src,
                                        ..Default::default()
                                    });
                                }
                                entry.synonyms.extend(broker_synonyms(broker, def));
                            }
                            entry
                        })
                        .collect();
                }
                RESOURCE_BROKER => {
                    let own = res.resource_name == broker.config.node_id.to_string();
                    if !own && !res.resource_name.is_empty() {
                        r.error_code = code::INVALID_REQUEST;
                        r.error_message =
                            Some(format!("Unexpected broker id {}", res.resource_name));
                        return r;
                    }
                    let entries = if own {
                        describe_broker(broker, synonyms)
                    } else {
                        describe_cluster_default(&state, synonyms)
                    };
                    r.configs = entries.into_iter().filter(|e| wanted(&e.name)).collect();
                }
                RESOURCE_CLIENT_METRICS => {
                    if res.resource_name.is_empty() {
                        r.error_code = code::INVALID_REQUEST;
                        r.error_message =
                            Some("Client metrics subscription name must not be empty".into());
                        return r;
                    }
                    // Only the keys set, as Kafka lists them.
                    let set = state.client_metrics.get(&res.resource_name);
                    r.configs = set
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| wanted(k))
                        .map(|(k, v)| DescribeConfigsResourceResult {
                            name: k.clone(),
                            value: Some(v.clone()),
                            config_source: SOURCE_CLIENT_METRICS_CONFIG,
                            config_type: if k == crate::client_metrics::INTERVAL_MS {
                                topic_config::kind::INT
                            } else {
                                topic_config::kind::LIST
                            },
                            ..Default::default()
                        })
                        .collect();
                }
                other => {
                    r.error_code = code::INVALID_REQUEST;
                    r.error_message = Some(format!("Unsupported resource type {other}"));
                }
            }
            r
        })
        .collect();
    DescribeConfigsResponse {
        results,
        ..Default::default()
    }
}

/// The broker-level synonyms of a topic config, most precise first, as
/// Kafka lists them: each one set in `server.properties` (e.g.
/// `log.retention.hours=24` for `retention.ms`), then the default.
fn broker_synonyms(
    broker: &Broker,
    def: &topic_config::TopicConfigDef,
) -> Vec<DescribeConfigsSynonym> {
    let Some(key) = def.broker_key else {
        return Vec::new();
    };
    let keys = match crate::config::synonyms(key) {
        [] => def.broker_key.as_slice(),
        group => group,
    };
    let config = broker.topic_defaults();
    // Dynamic ones first: this broker's, then the cluster's.
    let mut out: Vec<DescribeConfigsSynonym> = Vec::new();
    for src in [
        source::DYNAMIC_BROKER_CONFIG,
        source::DYNAMIC_DEFAULT_BROKER_CONFIG,
    ] {
        for k in keys {
            if let Some((value, s)) = config.dynamic.get(*k) {
                if *s == src {
                    out.push(DescribeConfigsSynonym {
                        name: k.to_string(),
                        value: Some(value.clone()),
                        source: src,
                        ..Default::default()
                    });
                }
            }
        }
    }
    out.extend(keys.iter().filter_map(|k| {
        let value = broker.config.overrides.get(*k)?;
        Some(DescribeConfigsSynonym {
            name: k.to_string(),
            value: Some(value.clone()),
            source: source::STATIC_BROKER_CONFIG,
            ..Default::default()
        })
    }));
    // The default is Kafka's own, whatever the file says, under the least
    // precise synonym (`log.retention.hours`), as Kafka lists it.
    let (name, value) = match keys {
        [_, .., least] => (
            *least,
            crate::config::broker_keys::default_value(least).unwrap_or_default(),
        ),
        _ => (
            key,
            topic_config::resolve(
                &crate::config::BrokerConfig::default(),
                &Default::default(),
                def,
            )
            .0,
        ),
    };
    out.push(DescribeConfigsSynonym {
        name: name.to_string(),
        value: Some(value),
        source: source::DEFAULT_CONFIG,
        ..Default::default()
    });
    out
}

/// One broker config as DescribeConfigs lists it; `layers` are its values
/// by source, most precise first (its synonyms).
fn broker_entry(
    name: &str,
    layers: Vec<(String, i8)>,
    synonyms: bool,
) -> DescribeConfigsResourceResult {
    let sensitive = dynamic_broker_config::is_sensitive(name);
    let shown = |v: &String| (!sensitive).then(|| v.clone());
    let (value, src) = layers
        .first()
        .map_or((None, source::DEFAULT_CONFIG), |(v, s)| (shown(v), *s));
    let known = dynamic_broker_config::is_known(name);
    DescribeConfigsResourceResult {
        name: name.to_string(),
        value,
        read_only: dynamic_broker_config::find(name).is_none(),
        config_source: src,
        is_sensitive: sensitive,
        config_type: dynamic_broker_config::kind_of(name).map_or(
            if known {
                topic_config::kind::STRING
            } else {
                UNKNOWN_TYPE
            },
            dynamic_broker_config::Kind::config_type,
        ),
        synonyms: if synonyms {
            layers
                .iter()
                .map(|(v, s)| DescribeConfigsSynonym {
                    name: name.to_string(),
                    value: shown(v),
                    source: *s,
                    ..Default::default()
                })
                .collect()
        } else {
            Vec::new()
        },
        ..Default::default()
    }
}

/// This broker's configs: Tributary's settings in force, Kafka's dynamic
/// keys, then the other keys stored for it, each with the values of its
/// layers (this broker's, the cluster default, server.properties, Kafka's
/// default).
fn describe_broker(broker: &Broker, synonyms: bool) -> Vec<DescribeConfigsResourceResult> {
    let config = broker.topic_defaults();
    let state = broker.state();
    let empty = BTreeMap::new();
    let cluster = state.broker_configs.get("").unwrap_or(&empty);
    let own = state
        .broker_configs
        .get(&broker.config.node_id.to_string())
        .unwrap_or(&empty);
    let layers = |name: &str, default: Option<String>| -> Vec<(String, i8)> {
        let set = [
            (own.get(name), source::DYNAMIC_BROKER_CONFIG),
            (cluster.get(name), source::DYNAMIC_DEFAULT_BROKER_CONFIG),
            (config.overrides.get(name), source::STATIC_BROKER_CONFIG),
        ];
        set.into_iter()
            .filter_map(|(v, s)| Some((v?.clone(), s)))
            .chain(default.map(|v| (v, source::DEFAULT_CONFIG)))
            .collect()
    };
    let mut out: BTreeMap<String, DescribeConfigsResourceResult> = BTreeMap::new();
    for (name, value, is_default) in config.describe() {
        let mut l = layers(name, Some(value.clone()).filter(|_| is_default));
        // The value in force comes first, whichever synonym set it.
        if l.first().is_none_or(|(v, _)| *v != value) {
            let src = config.dynamic.get(name).map_or(
                if is_default {
                    source::DEFAULT_CONFIG
                } else {
                    source::STATIC_BROKER_CONFIG
                },
                |(_, s)| *s,
            );
            l.insert(0, (value, src));
        }
        out.insert(name.to_string(), broker_entry(name, l, synonyms));
    }
    for def in dynamic_broker_config::DYNAMIC_BROKER_CONFIGS {
        let l = layers(def.name, def.default.map(str::to_string));
        let set = l.first().is_some_and(|(_, s)| *s != source::DEFAULT_CONFIG);
        let listed = set || dynamic_broker_config::listed_when_unset(def.name);
        if listed && !out.contains_key(def.name) {
            out.insert(def.name.to_string(), broker_entry(def.name, l, synonyms));
        }
    }
    for name in own.keys().chain(cluster.keys()) {
        if !out.contains_key(name) {
            out.insert(
                name.clone(),
                broker_entry(name, layers(name, None), synonyms),
            );
        }
    }
    out.into_values().collect()
}

/// The cluster default (resource name ""): only the keys set there.
fn describe_cluster_default(
    state: &metadata::ClusterState,
    synonyms: bool,
) -> Vec<DescribeConfigsResourceResult> {
    state
        .broker_configs
        .get("")
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            let layer = vec![(value.clone(), source::DYNAMIC_DEFAULT_BROKER_CONFIG)];
            broker_entry(name, layer, synonyms)
        })
        .collect()
}
