//! `tributary configs describe|alter`: kafka-configs.sh for topics and
//! brokers (one broker, or the cluster-wide defaults). Changes go through
//! IncrementalAlterConfigs, so keys not named keep their values.

use clap::{Args, Subcommand};
use protocol::messages::describe_configs_request::DescribeConfigsResource;
use protocol::messages::incremental_alter_configs_request::{
    AlterConfigsResource, AlterableConfig,
};
use protocol::messages::{DescribeConfigsRequest, IncrementalAlterConfigsRequest, RequestBody};

use crate::client::{expect_body, Client, ConnectArgs, Error, Result};

const RESOURCE_TOPIC: i8 = 2;
const RESOURCE_BROKER: i8 = 4;
const OP_SET: i8 = 0;
const OP_DELETE: i8 = 1;

#[derive(Args, Debug)]
pub struct ConfigsArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: ConfigsCommand,
}

#[derive(Subcommand, Debug)]
enum ConfigsCommand {
    /// Every config of a topic or a broker, with its value and where it comes from.
    Describe {
        #[arg(
            long,
            value_name = "NAME",
            required_unless_present = "broker",
            conflicts_with = "broker"
        )]
        topic: Option<String>,
        #[arg(long, value_name = "ID")]
        broker: Option<i32>,
        /// Print one JSON array (one object per config) instead.
        #[arg(long)]
        json: bool,
    },
    /// Set or remove a topic's config overrides, or a broker's dynamic
    /// configs (kafka-configs.sh --alter).
    #[command(group(clap::ArgGroup::new("entity").required(true).args(["topic", "broker", "broker_defaults"])))]
    Alter {
        #[arg(long, value_name = "NAME")]
        topic: Option<String>,
        /// A broker's own dynamic configs (e.g. log.retention.ms).
        #[arg(long, value_name = "ID")]
        broker: Option<i32>,
        /// The cluster-wide dynamic broker defaults (kafka-configs.sh
        /// --entity-type brokers --entity-default).
        #[arg(long = "broker-defaults")]
        broker_defaults: bool,
        /// KEY=VALUE[,KEY=VALUE...] to set.
        #[arg(long = "add-config", value_name = "K=V,...")]
        add_config: Option<String>,
        /// KEY[,KEY...] to remove (back to the broker default).
        #[arg(long = "delete-config", value_name = "K,...")]
        delete_config: Option<String>,
    },
}

pub fn run(args: ConfigsArgs) -> i32 {
    crate::client::block_on(async move {
        let mut client = match Client::connect(&args.connect, "tributary-configs").await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        let result = match args.command {
            ConfigsCommand::Describe {
                topic,
                broker,
                json,
            } => match (topic, broker) {
                (Some(t), _) => describe(&mut client, RESOURCE_TOPIC, &t, json).await,
                (None, Some(b)) => {
                    describe(&mut client, RESOURCE_BROKER, &b.to_string(), json).await
                }
                (None, None) => Err(Error::Other("--topic or --broker is needed".into())),
            },
            ConfigsCommand::Alter {
                topic,
                broker,
                broker_defaults: _,
                add_config,
                delete_config,
            } => {
                let set = match add_config.as_deref().map(parse_pairs).transpose() {
                    Ok(s) => s.unwrap_or_default(),
                    Err(e) => {
                        eprintln!("Error: {e}");
                        return 2;
                    }
                };
                let delete: Vec<String> = delete_config
                    .unwrap_or_default()
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                match (topic, broker) {
                    (Some(t), _) => alter(&mut client, RESOURCE_TOPIC, &t, &set, &delete).await,
                    (None, Some(b)) => {
                        alter(&mut client, RESOURCE_BROKER, &b.to_string(), &set, &delete).await
                    }
                    (None, None) => alter(&mut client, RESOURCE_BROKER, "", &set, &delete).await,
                }
            }
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        }
    })
}

/// `a=1,b=2` → [(a, 1), (b, 2)].
fn parse_pairs(s: &str) -> std::result::Result<Vec<(String, String)>, String> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(crate::topics::parse_key_value)
        .collect()
}

/// Kafka's names of ConfigSource values.
fn source_name(source: i8) -> &'static str {
    match source {
        1 => "DYNAMIC_TOPIC_CONFIG",
        2 => "DYNAMIC_BROKER_CONFIG",
        3 => "DYNAMIC_DEFAULT_BROKER_CONFIG",
        4 => "STATIC_BROKER_CONFIG",
        5 => "DEFAULT_CONFIG",
        _ => "UNKNOWN",
    }
}

async fn describe(client: &mut Client, resource_type: i8, name: &str, json: bool) -> Result<()> {
    let request = DescribeConfigsRequest {
        resources: vec![DescribeConfigsResource {
            resource_type,
            resource_name: name.to_string(),
            configuration_keys: None,
            ..Default::default()
        }],
        include_synonyms: true,
        ..Default::default()
    };
    let response = expect_body!(
        client.send(RequestBody::DescribeConfigs(request)).await?,
        DescribeConfigs
    )?;
    let result = response
        .results
        .into_iter()
        .next()
        .ok_or_else(|| Error::Other("empty DescribeConfigs response".into()))?;
    if result.error_code != 0 {
        return Err(Error::kafka(result.error_code, result.error_message));
    }
    if json {
        let configs: Vec<serde_json::Value> = result
            .configs
            .iter()
            .map(|c| {
                serde_json::json!({
                    "name": c.name,
                    "value": c.value,
                    "source": source_name(c.config_source),
                    "read_only": c.read_only,
                    "sensitive": c.is_sensitive,
                    "synonyms": c.synonyms.iter().map(|s| serde_json::json!({
                        "name": s.name,
                        "value": s.value,
                        "source": source_name(s.source),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(configs));
        return Ok(());
    }
    let what = if resource_type == RESOURCE_TOPIC {
        format!("topic {name}")
    } else {
        format!("broker {name}")
    };
    println!("All configs for {what} are:");
    for c in result.configs {
        let synonyms: Vec<String> = c
            .synonyms
            .iter()
            .map(|s| {
                format!(
                    "{}:{}={}",
                    source_name(s.source),
                    s.name,
                    s.value.as_deref().unwrap_or("null")
                )
            })
            .collect();
        println!(
            "  {}={} ({}) synonyms={{{}}}",
            c.name,
            c.value.as_deref().unwrap_or("null"),
            source_name(c.config_source),
            synonyms.join(", ")
        );
    }
    Ok(())
}

/// Sets `set` and removes `delete` on a topic with IncrementalAlterConfigs.
pub async fn alter_topic(
    client: &mut Client,
    topic: &str,
    set: &[(String, String)],
    delete: &[String],
) -> Result<()> {
    alter(client, RESOURCE_TOPIC, topic, set, delete).await
}

/// Sets `set` and removes `delete` on a topic or a broker ("": the
/// cluster-wide defaults) with IncrementalAlterConfigs.
async fn alter(
    client: &mut Client,
    resource_type: i8,
    name: &str,
    set: &[(String, String)],
    delete: &[String],
) -> Result<()> {
    if set.is_empty() && delete.is_empty() {
        return Err(Error::Other(
            "nothing to change: give --add-config and/or --delete-config".into(),
        ));
    }
    let mut configs: Vec<AlterableConfig> = set
        .iter()
        .map(|(k, v)| AlterableConfig {
            name: k.clone(),
            config_operation: OP_SET,
            value: Some(v.clone()),
            ..Default::default()
        })
        .collect();
    configs.extend(delete.iter().map(|k| AlterableConfig {
        name: k.clone(),
        config_operation: OP_DELETE,
        value: None,
        ..Default::default()
    }));
    let request = IncrementalAlterConfigsRequest {
        resources: vec![AlterConfigsResource {
            resource_type,
            resource_name: name.to_string(),
            configs,
            ..Default::default()
        }],
        validate_only: false,
        ..Default::default()
    };
    let response = expect_body!(
        client
            .send(RequestBody::IncrementalAlterConfigs(request))
            .await?,
        IncrementalAlterConfigs
    )?;
    let r = response
        .responses
        .into_iter()
        .next()
        .ok_or_else(|| Error::Other("empty IncrementalAlterConfigs response".into()))?;
    if r.error_code != 0 {
        return Err(Error::kafka(r.error_code, r.error_message));
    }
    match (resource_type, name) {
        (RESOURCE_TOPIC, _) => println!("Completed updating config for topic {name}."),
        (_, "") => println!("Completed updating default config for brokers in the cluster."),
        _ => println!("Completed updating config for broker {name}."),
    }
    Ok(())
}
