//! `tributary cluster describe`: the cluster at a glance — the metadata
//! quorum (its leader, epoch and voters, as kafka-metadata-quorum.sh shows
//! them) and each broker with its state. The health check the brief did
//! with ZooKeeper's `telnet … stat`.
//!
//! `tributary cluster remove-broker --id N` decommissions a broker
//! (UnregisterBroker, as `kafka-cluster unregister`). Invariant: it is
//! refused, before anything is sent, while any partition (internal topics
//! included) still lists the broker as a replica.

use std::collections::BTreeSet;

use clap::{Args, Subcommand};
use protocol::messages::describe_quorum_request::{PartitionData, TopicData};
use protocol::messages::{
    DescribeClusterRequest, DescribeQuorumRequest, RequestBody, UnregisterBrokerRequest,
};

use crate::client::{expect_body, Client, ConnectArgs, Error, Result};

#[derive(Args, Debug)]
pub struct ClusterArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: ClusterCommand,
}

#[derive(Subcommand, Debug)]
enum ClusterCommand {
    /// The quorum leader, the voters and each broker's state.
    Describe {
        /// Print one JSON object instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Decommission a broker: unregister it. Refused while a partition still
    /// lists it as a replica (move those first: `tributary partitions
    /// reassign`); stop the broker before or after.
    RemoveBroker {
        /// The broker's node id.
        #[arg(long, value_name = "N")]
        id: i32,
    },
}

pub fn run(args: ClusterArgs) -> i32 {
    crate::client::block_on(async move {
        let mut client = match Client::connect(&args.connect, "tributary-cluster").await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        let result = match args.command {
            ClusterCommand::Describe { json } => describe(&mut client, json).await,
            ClusterCommand::RemoveBroker { id } => remove_broker(&mut client, id).await,
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

struct Broker {
    id: i32,
    addr: String,
    rack: Option<String>,
    live: bool,
}

async fn describe(client: &mut Client, json: bool) -> Result<()> {
    let cluster = expect_body!(
        client
            .send(RequestBody::DescribeCluster(
                DescribeClusterRequest::default()
            ))
            .await?,
        DescribeCluster
    )?;
    if cluster.error_code != 0 {
        return Err(Error::kafka(cluster.error_code, cluster.error_message));
    }
    let q = expect_body!(
        client
            .send(RequestBody::DescribeQuorum(DescribeQuorumRequest {
                topics: vec![TopicData {
                    topic_name: "__cluster_metadata".into(),
                    partitions: vec![PartitionData {
                        partition_index: 0,
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }))
            .await?,
        DescribeQuorum
    )?;
    let part = q
        .topics
        .first()
        .and_then(|t| t.partitions.first())
        .ok_or_else(|| Error::Other("empty DescribeQuorum response".into()))?;
    let voters: Vec<i32> = part.current_voters.iter().map(|r| r.replica_id).collect();
    let observers: Vec<i32> = part.observers.iter().map(|r| r.replica_id).collect();
    // DescribeCluster lists live brokers; a voter or observer missing from
    // it is fenced (stopped, or not heartbeating).
    let mut brokers: Vec<Broker> = cluster
        .brokers
        .iter()
        .map(|b| Broker {
            id: b.broker_id,
            addr: format!("{}:{}", b.host, b.port),
            rack: b.rack.clone(),
            live: true,
        })
        .collect();
    let listed: BTreeSet<i32> = brokers.iter().map(|b| b.id).collect();
    for id in voters.iter().chain(&observers) {
        if !listed.contains(id) {
            let addr = q
                .nodes
                .iter()
                .find(|n| n.node_id == *id)
                .and_then(|n| n.listeners.first())
                .map_or("-".to_string(), |l| {
                    format!("{}:{} (controller)", l.host, l.port)
                });
            brokers.push(Broker {
                id: *id,
                addr,
                rack: None,
                live: false,
            });
        }
    }
    brokers.sort_by_key(|b| b.id);
    let leader = (part.leader_id >= 0).then_some(part.leader_id);
    if json {
        let out = serde_json::json!({
            "cluster_id": cluster.cluster_id,
            "controller": cluster.controller_id,
            "quorum_leader": leader,
            "quorum_epoch": part.leader_epoch,
            "metadata_offset": part.high_watermark,
            "voters": voters,
            "observers": observers,
            "brokers": brokers.iter().map(|b| serde_json::json!({
                "id": b.id,
                "address": b.addr,
                "rack": b.rack,
                "state": if b.live { "live" } else { "fenced" },
            })).collect::<Vec<_>>(),
        });
        println!("{out}");
        return Ok(());
    }
    let list = |ids: &[i32]| {
        if ids.is_empty() {
            "-".to_string()
        } else {
            ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
        }
    };
    println!("ClusterId:       {}", cluster.cluster_id);
    match leader {
        Some(l) => println!("QuorumLeader:    {l} (epoch {})", part.leader_epoch),
        None => println!("QuorumLeader:    none (election in progress)"),
    }
    println!("MetadataOffset:  {}", part.high_watermark);
    println!("Voters:          {}", list(&voters));
    println!("Observers:       {}", list(&observers));
    println!("Brokers:");
    println!("  {:<6} {:<30} {:<10} STATE", "ID", "ADDRESS", "RACK");
    for b in &brokers {
        println!(
            "  {:<6} {:<30} {:<10} {}",
            b.id,
            b.addr,
            b.rack.as_deref().unwrap_or("-"),
            if b.live { "live" } else { "fenced" }
        );
    }
    Ok(())
}

/// The partitions (`topic-index`) listing `id` as a replica, sorted.
fn replicas_of(metadata: &protocol::messages::MetadataResponse, id: i32) -> Vec<String> {
    let mut held: Vec<String> = metadata
        .topics
        .iter()
        .flat_map(|t| {
            let name = t.name.clone().unwrap_or_default();
            t.partitions
                .iter()
                .filter(|p| p.replica_nodes.contains(&id))
                .map(move |p| format!("{name}-{}", p.partition_index))
        })
        .collect();
    held.sort();
    held
}

async fn remove_broker(client: &mut Client, id: i32) -> Result<()> {
    let held = replicas_of(&client.metadata(None, false).await?, id);
    if !held.is_empty() {
        const SHOWN: usize = 5;
        let more = held.len().saturating_sub(SHOWN);
        let mut list = held[..held.len().min(SHOWN)].join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        return Err(Error::Other(format!(
            "broker {id} still holds {} partition replica(s): {list}. Move them to other brokers first (tributary partitions reassign).",
            held.len()
        )));
    }
    let answer = expect_body!(
        client
            .send(RequestBody::UnregisterBroker(UnregisterBrokerRequest {
                broker_id: id,
                ..Default::default()
            }))
            .await?,
        UnregisterBroker
    )?;
    if answer.error_code != 0 {
        return Err(Error::kafka(answer.error_code, answer.error_message));
    }
    println!("Broker {id} is no longer registered.");
    Ok(())
}
