//! DescribeConfigs for topics and brokers, with defaults, sources and synonyms.
//! A resource named several times is described once (see `super::distinct`):
//! at most one result per distinct (type, name) in the request.

use protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult, DescribeConfigsSynonym,
};
use protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse};

use crate::broker::Broker;
use crate::error::code;
use crate::topic_config::{self, source, TOPIC_CONFIGS};

pub const RESOURCE_TOPIC: i8 = 2;
pub const RESOURCE_BROKER: i8 = 4;

pub fn handle(
    broker: &Broker,
    version: i16,
    request: DescribeConfigsRequest,
) -> DescribeConfigsResponse {
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
                    let ours = res.resource_name.is_empty()
                        || res.resource_name == broker.config.node_id.to_string();
                    if !ours {
                        r.error_code = code::INVALID_REQUEST;
                        r.error_message =
                            Some(format!("Unexpected broker id {}", res.resource_name));
                        return r;
                    }
                    let config = broker.topic_defaults();
                    r.configs = config
                        .describe()
                        .into_iter()
                        .filter(|(k, _, _)| wanted(k))
                        .map(|(name, value, is_default)| {
                            // IsDefault exists only in v0; v1+ says it with the source.
                            let src = match config.dynamic.get(name) {
                                Some((_, src)) => *src,
                                None if is_default => source::DEFAULT_CONFIG,
                                None => source::STATIC_BROKER_CONFIG,
                            };
                            DescribeConfigsResourceResult {
                                name: name.to_string(),
                                value: Some(value.clone()),
                                read_only: !crate::config::is_dynamic(name),
                                config_source: src,
                                config_type: topic_config::kind::STRING,
                                synonyms: if synonyms {
                                    vec![DescribeConfigsSynonym {
                                        name: name.to_string(),
                                        value: Some(value),
                                        source: src,
                                        ..Default::default()
                                    }]
                                } else {
                                    Vec::new()
                                },
                                ..Default::default()
                            }
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
    let keys: &[&str] = match key {
        "log.retention.ms" => &[
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
        ],
        "log.roll.ms" => &["log.roll.ms", "log.roll.hours"],
        _ => std::slice::from_ref(&key),
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
    // The default is Kafka's own, whatever the file says.
    let default = topic_config::resolve(
        &crate::config::BrokerConfig::default(),
        &Default::default(),
        def,
    )
    .0;
    let (name, value) = match key {
        "log.retention.ms" => ("log.retention.hours", "168".to_string()),
        "log.roll.ms" => ("log.roll.hours", "168".to_string()),
        _ => (key, default),
    };
    out.push(DescribeConfigsSynonym {
        name: name.to_string(),
        value: Some(value),
        source: source::DEFAULT_CONFIG,
        ..Default::default()
    });
    out
}
