//! `tributary topics create|list|describe|alter|delete|truncate`: kafka-topics.sh
//! (truncate: kafka-delete-records.sh), with
//! its output layout so that scripts and eyes trained on Kafka read it as is.

use std::io::Write;

use clap::{Args, Subcommand};
use protocol::messages::create_partitions_request::CreatePartitionsTopic;
use protocol::messages::create_topics_request::{CreatableTopic, CreatableTopicConfig};
use protocol::messages::delete_topics_request::DeleteTopicState;
use protocol::messages::describe_configs_request::DescribeConfigsResource;
use protocol::messages::{
    ApiKey, CreatePartitionsRequest, CreateTopicsRequest, DeleteTopicsRequest,
    DescribeConfigsRequest, RequestBody,
};
use uuid::Uuid;

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Result, TopicInfo, EARLIEST_TIMESTAMP,
    LATEST_TIMESTAMP, SERVER_TIMEOUT_MS,
};
use crate::errors;

/// DescribeConfigs resource type of a topic.
const RESOURCE_TOPIC: i8 = 2;
/// DescribeConfigs config source of a default value (the ones Kafka's
/// `--describe` leaves out of `Configs:`).
const SOURCE_DEFAULT_CONFIG: i8 = 5;

#[derive(Args, Debug)]
pub struct TopicsArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: TopicsCommand,
}

#[derive(Subcommand, Debug)]
enum TopicsCommand {
    /// Create a topic.
    Create(CreateArgs),
    /// List topic names, one per line, sorted.
    List {
        /// Leave out internal topics (names starting with "__").
        #[arg(long)]
        exclude_internal: bool,
        /// Print one JSON array of names instead.
        #[arg(long)]
        json: bool,
    },
    /// Describe a topic (all topics without NAME): partitions, leaders,
    /// replicas, non-default configs and each partition's offsets.
    Describe {
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// Same as NAME (kafka-topics.sh spelling).
        #[arg(long = "topic", value_name = "NAME", conflicts_with = "name")]
        topic: Option<String>,
        /// Print one JSON array (one object per topic) instead.
        #[arg(long)]
        json: bool,
    },
    /// Delete a topic and its data.
    Delete {
        #[arg(value_name = "NAME", required_unless_present = "topic")]
        name: Option<String>,
        /// Same as NAME (kafka-topics.sh spelling).
        #[arg(long = "topic", value_name = "NAME", conflicts_with = "name")]
        topic: Option<String>,
        /// Succeed when the topic does not exist.
        #[arg(long)]
        if_exists: bool,
    },
    /// Delete the records of a partition before an offset (Kafka's
    /// kafka-delete-records.sh): its low watermark moves there.
    Truncate(crate::truncate::TruncateArgs),
    /// Raise a topic's partition count (partitions cannot be removed), and
    /// set or remove its configs (--config, --delete-config).
    Alter {
        #[arg(value_name = "NAME", required_unless_present = "topic")]
        name: Option<String>,
        /// Same as NAME (kafka-topics.sh spelling).
        #[arg(long = "topic", value_name = "NAME", conflicts_with = "name")]
        topic: Option<String>,
        /// The new total number of partitions.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..),
              required_unless_present_any = ["configs", "delete_configs"])]
        partitions: Option<i32>,
        /// A topic config to set, e.g. retention.ms=86400000 (repeatable).
        #[arg(long = "config", value_name = "KEY=VALUE", value_parser = parse_key_value)]
        configs: Vec<(String, String)>,
        /// A topic config to remove, back to the broker default (repeatable).
        #[arg(long = "delete-config", value_name = "KEY")]
        delete_configs: Vec<String>,
        /// Succeed when the topic does not exist.
        #[arg(long)]
        if_exists: bool,
    },
}

#[derive(Args, Debug)]
struct CreateArgs {
    #[arg(value_name = "NAME", required_unless_present = "topic")]
    name: Option<String>,
    /// Same as NAME (kafka-topics.sh spelling).
    #[arg(long = "topic", value_name = "NAME", conflicts_with = "name")]
    topic: Option<String>,
    /// Number of partitions (default: the broker's num.partitions).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    partitions: Option<i32>,
    /// Copies of each partition (default: the broker's default.replication.factor).
    #[arg(long, value_name = "R", value_parser = clap::value_parser!(i16).range(1..))]
    replication_factor: Option<i16>,
    /// A topic config, e.g. retention.ms=86400000 (repeatable).
    #[arg(long = "config", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    configs: Vec<(String, String)>,
    /// Succeed when the topic already exists.
    #[arg(long)]
    if_not_exists: bool,
}

/// `key=value`, split at the first '='.
pub fn parse_key_value(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got '{s}'")),
    }
}

pub fn run(args: TopicsArgs) -> i32 {
    crate::client::run_command(&args.connect, "tributary-topics", |mut client| async move {
        match args.command {
            TopicsCommand::Create(a) => create(&mut client, a).await,
            TopicsCommand::List {
                exclude_internal,
                json,
            } => list(&mut client, exclude_internal, json).await,
            TopicsCommand::Describe { name, topic, json } => {
                describe(&mut client, name.or(topic), json).await
            }
            TopicsCommand::Delete {
                name,
                topic,
                if_exists,
            } => delete(&mut client, &name.or(topic).unwrap_or_default(), if_exists).await,
            TopicsCommand::Truncate(a) => crate::truncate::run(&mut client, a).await,
            TopicsCommand::Alter {
                name,
                topic,
                partitions,
                configs,
                delete_configs,
                if_exists,
            } => {
                let name = name.or(topic).unwrap_or_default();
                let mut result = Ok(());
                if let Some(partitions) = partitions {
                    result = alter(&mut client, &name, partitions, if_exists).await;
                }
                if result.is_ok() && (!configs.is_empty() || !delete_configs.is_empty()) {
                    result =
                        crate::configs::alter_topic(&mut client, &name, &configs, &delete_configs)
                            .await;
                }
                result
            }
        }
    })
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

async fn create(client: &mut Client, a: CreateArgs) -> Result<()> {
    let name = a.name.or(a.topic).unwrap_or_default();
    let version = client.version(ApiKey::CreateTopics).await?;
    if version < 4 && (a.partitions.is_none() || a.replication_factor.is_none()) {
        return Err(Error::Other(
            "this broker needs --partitions and --replication-factor".into(),
        ));
    }
    let request = CreateTopicsRequest {
        topics: vec![CreatableTopic {
            name: name.clone(),
            // -1: the broker's num.partitions / default.replication.factor (v4+).
            num_partitions: a.partitions.unwrap_or(-1),
            replication_factor: a.replication_factor.unwrap_or(-1),
            configs: a
                .configs
                .into_iter()
                .map(|(name, value)| CreatableTopicConfig {
                    name,
                    value: Some(value),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }],
        timeout_ms: SERVER_TIMEOUT_MS,
        validate_only: false,
        ..Default::default()
    };
    let response = expect_body!(
        client.send(RequestBody::CreateTopics(request)).await?,
        CreateTopics
    )?;
    let result = response
        .topics
        .into_iter()
        .find(|t| t.name == name)
        .ok_or_else(|| Error::Other(format!("the broker did not answer for topic '{name}'")))?;
    match result.error_code {
        errors::NONE => {
            print(&format!("Created topic {name}.\n"));
            Ok(())
        }
        errors::TOPIC_ALREADY_EXISTS if a.if_not_exists => Ok(()),
        code => Err(Error::kafka(code, result.error_message)),
    }
}

async fn list(client: &mut Client, exclude_internal: bool, json: bool) -> Result<()> {
    let response = client.metadata(None, false).await?;
    let mut names: Vec<String> = response
        .topics
        .iter()
        .filter(|t| t.error_code == errors::NONE)
        .filter(|t| !(exclude_internal && t.is_internal))
        .filter_map(|t| t.name.clone())
        .collect();
    names.sort();
    if json {
        print(&format!("{}\n", serde_json::json!(names)));
        return Ok(());
    }
    let mut out = String::new();
    for n in names {
        out.push_str(&n);
        out.push('\n');
    }
    print(&out);
    Ok(())
}

async fn describe(client: &mut Client, name: Option<String>, json: bool) -> Result<()> {
    let wanted = name.as_ref().map(|n| vec![n.clone()]);
    let response = client.metadata(wanted.as_deref(), false).await?;
    let mut topics = Vec::new();
    for t in &response.topics {
        if t.error_code != errors::NONE {
            // Only reachable when a name was given: listing all topics
            // returns the ones that exist.
            let topic = t.name.clone().unwrap_or_default();
            let message = (t.error_code == errors::UNKNOWN_TOPIC_OR_PARTITION)
                .then(|| format!("Topic '{topic}' does not exist."));
            return Err(Error::kafka(t.error_code, message));
        }
        topics.push(TopicInfo::from_metadata(t));
    }
    if let Some(n) = &name {
        if topics.is_empty() {
            return Err(Error::kafka(
                errors::UNKNOWN_TOPIC_OR_PARTITION,
                Some(format!("Topic '{n}' does not exist.")),
            ));
        }
    }
    topics.sort_by(|a, b| a.name.cmp(&b.name));
    let configs = describe_configs(client, &topics).await?;
    let mut out = String::new();
    let mut json_topics = Vec::new();
    for (topic, configs) in topics.iter().zip(configs) {
        let partitions: Vec<i32> = topic.partitions.iter().map(|p| p.index).collect();
        let earliest = client
            .list_offsets(topic, &partitions, EARLIEST_TIMESTAMP)
            .await?;
        let latest = client
            .list_offsets(topic, &partitions, LATEST_TIMESTAMP)
            .await?;
        if json {
            json_topics.push(topic_json(topic, &configs, &earliest, &latest));
            continue;
        }
        out.push_str(&topic_line(topic, &configs));
        for p in &topic.partitions {
            let offsets = match (earliest.get(&p.index), latest.get(&p.index)) {
                (Some(Ok(start)), Some(Ok(end))) => format!("{start}-{end}"),
                (Some(Err(code)), _) | (_, Some(Err(code))) => {
                    format!("unavailable ({})", errors::name(*code))
                }
                _ => "unavailable".to_string(),
            };
            out.push_str(&format!(
                "\tTopic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tOffsets: {offsets}\n",
                topic.name,
                p.index,
                if p.leader >= 0 {
                    p.leader.to_string()
                } else {
                    "none".to_string()
                },
                join_ids(&p.replicas),
                join_ids(&p.isr),
            ));
        }
    }
    if json {
        out = format!("{}\n", serde_json::Value::Array(json_topics));
    }
    print(&out);
    Ok(())
}

/// A topic as `describe --json` prints it: what the table shows, with
/// offsets as numbers (null when unavailable) and the configs as an object.
fn topic_json(
    topic: &TopicInfo,
    configs: &[(String, Option<String>)],
    earliest: &std::collections::BTreeMap<i32, std::result::Result<i64, i16>>,
    latest: &std::collections::BTreeMap<i32, std::result::Result<i64, i16>>,
) -> serde_json::Value {
    let offset = |m: &std::collections::BTreeMap<i32, std::result::Result<i64, i16>>, p: i32| {
        m.get(&p).and_then(|o| o.ok())
    };
    serde_json::json!({
        "name": topic.name,
        "topic_id": (!topic.topic_id.is_nil()).then(|| kafka_uuid(&topic.topic_id)),
        "partition_count": topic.partitions.len(),
        "replication_factor": topic.partitions.first().map_or(0, |p| p.replicas.len()),
        "configs": configs
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::json!(v)))
            .collect::<serde_json::Map<_, _>>(),
        "partitions": topic.partitions.iter().map(|p| serde_json::json!({
            "partition": p.index,
            "leader": (p.leader >= 0).then_some(p.leader),
            "replicas": p.replicas,
            "isr": p.isr,
            "earliest_offset": offset(earliest, p.index),
            "latest_offset": offset(latest, p.index),
        })).collect::<Vec<_>>(),
    })
}

/// Kafka's first `--describe` line of a topic.
fn topic_line(topic: &TopicInfo, configs: &[(String, Option<String>)]) -> String {
    let mut line = format!("Topic: {}", topic.name);
    // Kafka leaves the id out when it is unknown (all zeros).
    if !topic.topic_id.is_nil() {
        line.push_str(&format!("\tTopicId: {}", kafka_uuid(&topic.topic_id)));
    }
    let replication_factor = topic.partitions.first().map_or(0, |p| p.replicas.len());
    let configs: Vec<String> = configs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("null")))
        .collect();
    line.push_str(&format!(
        "\tPartitionCount: {}\tReplicationFactor: {replication_factor}\tConfigs: {}\n",
        topic.partitions.len(),
        configs.join(",")
    ));
    line
}

fn join_ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// Kafka prints a Uuid as URL-safe base64 without padding (22 characters).
pub fn kafka_uuid(id: &Uuid) -> String {
    metadata::kafka_uuid::to_string(id)
}

/// The non-default configs of each topic, in the broker's order. A broker
/// without DescribeConfigs gives empty lists rather than failing the describe.
async fn describe_configs(
    client: &mut Client,
    topics: &[TopicInfo],
) -> Result<Vec<Vec<(String, Option<String>)>>> {
    let mut out = vec![Vec::new(); topics.len()];
    if topics.is_empty() {
        return Ok(out);
    }
    // v1+ only (Kafka 4 dropped v0): defaults are told by their config source.
    match client.version(ApiKey::DescribeConfigs).await {
        Ok(_) => {}
        Err(Error::Unsupported { .. }) => return Ok(out),
        Err(e) => return Err(e),
    }
    let request = DescribeConfigsRequest {
        resources: topics
            .iter()
            .map(|t| DescribeConfigsResource {
                resource_type: RESOURCE_TOPIC,
                resource_name: t.name.clone(),
                configuration_keys: None,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = expect_body!(
        client.send(RequestBody::DescribeConfigs(request)).await?,
        DescribeConfigs
    )?;
    for r in response.results {
        let Some(i) = topics.iter().position(|t| t.name == r.resource_name) else {
            continue;
        };
        if r.error_code != errors::NONE {
            continue;
        }
        out[i] = r
            .configs
            .into_iter()
            .filter(|c| c.config_source != SOURCE_DEFAULT_CONFIG)
            .map(|c| (c.name, c.value))
            .collect();
    }
    Ok(out)
}

async fn delete(client: &mut Client, name: &str, if_exists: bool) -> Result<()> {
    let version = client.version(ApiKey::DeleteTopics).await?;
    let mut request = DeleteTopicsRequest {
        timeout_ms: SERVER_TIMEOUT_MS,
        ..Default::default()
    };
    // v6 names topics in structs (which may carry ids); earlier versions by name.
    if version >= 6 {
        request.topics = vec![DeleteTopicState {
            name: Some(name.to_string()),
            ..Default::default()
        }];
    } else {
        request.topic_names = vec![name.to_string()];
    }
    let response = expect_body!(
        client.send(RequestBody::DeleteTopics(request)).await?,
        DeleteTopics
    )?;
    let result = response
        .responses
        .into_iter()
        .find(|r| r.name.as_deref() == Some(name))
        .ok_or_else(|| Error::Other(format!("the broker did not answer for topic '{name}'")))?;
    match result.error_code {
        errors::NONE => {
            print(&format!("Deleted topic {name}.\n"));
            Ok(())
        }
        errors::UNKNOWN_TOPIC_OR_PARTITION if if_exists => Ok(()),
        errors::UNKNOWN_TOPIC_OR_PARTITION => Err(Error::kafka(
            errors::UNKNOWN_TOPIC_OR_PARTITION,
            Some(format!("Topic '{name}' does not exist.")),
        )),
        code => Err(Error::kafka(code, result.error_message)),
    }
}

async fn alter(client: &mut Client, name: &str, partitions: i32, if_exists: bool) -> Result<()> {
    let request = CreatePartitionsRequest {
        topics: vec![CreatePartitionsTopic {
            name: name.to_string(),
            count: partitions,
            // Null: let the broker place the new partitions.
            assignments: None,
            ..Default::default()
        }],
        timeout_ms: SERVER_TIMEOUT_MS,
        validate_only: false,
        ..Default::default()
    };
    let response = expect_body!(
        client.send(RequestBody::CreatePartitions(request)).await?,
        CreatePartitions
    )?;
    let result = response
        .results
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| Error::Other(format!("the broker did not answer for topic '{name}'")))?;
    match result.error_code {
        errors::NONE => {
            print(&format!("Altered topic {name}: {partitions} partitions.\n"));
            Ok(())
        }
        errors::UNKNOWN_TOPIC_OR_PARTITION if if_exists => Ok(()),
        errors::UNKNOWN_TOPIC_OR_PARTITION => Err(Error::kafka(
            errors::UNKNOWN_TOPIC_OR_PARTITION,
            Some(format!("Topic '{name}' does not exist.")),
        )),
        code => Err(Error::kafka(code, result.error_message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::metadata::PartitionInfo;

    #[test]
    fn describe_layout() {
        let topic = TopicInfo {
            name: "t".into(),
            topic_id: Uuid::nil(),
            partitions: vec![PartitionInfo {
                index: 0,
                leader: 1,
                replicas: vec![1, 2],
                isr: vec![1],
            }],
        };
        let configs = vec![
            ("retention.ms".to_string(), Some("1000".to_string())),
            ("x".to_string(), None),
        ];
        assert_eq!(
            topic_line(&topic, &configs),
            "Topic: t\tPartitionCount: 1\tReplicationFactor: 2\tConfigs: retention.ms=1000,x=null\n"
        );
    }

    #[test]
    fn key_values() {
        assert_eq!(
            parse_key_value("a=b=c"),
            Ok(("a".to_string(), "b=c".to_string()))
        );
        assert_eq!(parse_key_value("a="), Ok(("a".to_string(), String::new())));
        assert!(parse_key_value("a").is_err());
        assert!(parse_key_value("=b").is_err());
    }
}
