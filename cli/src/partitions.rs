//! `tributary partitions reassign|list|verify`: kafka-reassign-partitions.sh
//! (`--execute` and `--cancel`, `--list`, `--verify`) over
//! AlterPartitionReassignments and ListPartitionReassignments (KIP-455),
//! with Kafka's messages. This file owns the command line, the choice of
//! the partitions to act on (a reassignment JSON file, or one partition by
//! its flags), the run of a verb and the ListPartitionReassignments lookup
//! `list` and `verify` share; each verb is a file of `partitions/`, the
//! JSON format `partitions/json.rs`.
//!
//! Invariants: flags that name no partition, or name them both by file and
//! by flags, are a usage error (exit 2) found before connecting; a file
//! that cannot be read or that Kafka's tool would refuse fails (exit 1)
//! before connecting too; a partition prints as Kafka's `TopicPartition`
//! (`topic-partition`), and partitions print in (topic, partition) order;
//! a partition the broker refused is reported on stderr after all the
//! answers came, with exit code 1; an error for the whole request is
//! printed as `Error: NAME: message` (exit 1).

mod json;
mod list;
mod reassign;
mod verify;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use protocol::messages::list_partition_reassignments_request::ListPartitionReassignmentsTopics;
use protocol::messages::list_partition_reassignments_response::OngoingPartitionReassignment;
use protocol::messages::{ListPartitionReassignmentsRequest, RequestBody};

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Result, TopicInfo, SERVER_TIMEOUT_MS,
};
use crate::errors;
use json::Target;

#[derive(Args, Debug)]
pub struct PartitionsArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: PartitionsCommand,
}

#[derive(Subcommand, Debug)]
enum PartitionsCommand {
    /// Move partitions to new replicas (kafka-reassign-partitions --execute),
    /// or cancel their moves (--cancel): the partitions of a reassignment
    /// JSON file, or one partition by --topic, --partition and --replicas.
    #[command(group(ArgGroup::new("partitions").required(true)
        .args(["reassignment_json_file", "topic"])))]
    Reassign(reassign::ReassignArgs),
    /// List the partitions being moved: their replicas, and those being
    /// added and removed.
    List {
        /// Only this topic's partitions.
        #[arg(long, value_name = "TOPIC")]
        topic: Option<String>,
    },
    /// Tell, for each partition of a reassignment JSON file, whether its move
    /// is completed.
    Verify {
        /// The reassignment JSON file given to `reassign`.
        #[arg(long, value_name = "FILE")]
        reassignment_json_file: PathBuf,
    },
}

/// What a verb ends with: `Ok` what to print on stdout (exit 0), `Err` the
/// report of the partitions the broker refused, for stderr (exit 1).
type Outcome = std::result::Result<String, String>;

/// A verb with its partitions read and checked, ready to connect.
enum Verb {
    Reassign {
        targets: Vec<Target>,
        allow_replication_factor_change: bool,
    },
    Cancel(Vec<Target>),
    List(Option<String>),
    Verify(Vec<Target>),
}

pub fn run(args: PartitionsArgs) -> i32 {
    let verb = match verb(args.command) {
        Ok(verb) => verb,
        Err((code, message)) => {
            eprintln!("Error: {message}");
            return code;
        }
    };
    crate::client::block_on(async move {
        let mut client = match Client::connect(&args.connect, "tributary-partitions").await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        let outcome = match verb {
            Verb::Reassign {
                targets,
                allow_replication_factor_change,
            } => reassign::reassign(&mut client, &targets, allow_replication_factor_change).await,
            Verb::Cancel(targets) => reassign::cancel(&mut client, &targets).await,
            Verb::List(topic) => list::list(&mut client, topic.as_deref()).await.map(Ok),
            Verb::Verify(targets) => verify::verify(&mut client, &targets).await.map(Ok),
        };
        match outcome {
            Ok(Ok(out)) => {
                print(&out);
                0
            }
            Ok(Err(report)) => {
                eprint!("{report}");
                1
            }
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        }
    })
}

/// What `reassign` without its partitions is told.
const NAME_THE_PARTITIONS: &str = "name the partitions: --reassignment-json-file FILE, \
     or --topic T --partition P with --replicas ID,ID... (or --cancel)";

/// The verb of `command`, its partitions read and checked; or the exit code
/// (2: misused flags, 1: a bad file) and the reason.
fn verb(command: PartitionsCommand) -> std::result::Result<Verb, (i32, String)> {
    match command {
        PartitionsCommand::Reassign(a) => {
            let targets = match (&a.reassignment_json_file, a.topic, a.partition) {
                (Some(file), _, _) => read_file(file)?,
                (None, Some(topic), Some(partition)) if !a.replicas.is_empty() || a.cancel => {
                    vec![Target {
                        topic,
                        partition,
                        replicas: a.replicas,
                    }]
                }
                // clap requires the file or --topic, and --topic with
                // --partition; --replicas (unless --cancel) is checked here.
                _ => return Err((2, NAME_THE_PARTITIONS.into())),
            };
            let code = if a.reassignment_json_file.is_some() {
                1
            } else {
                2
            };
            json::check(&targets, !a.cancel).map_err(|e| (code, e))?;
            Ok(if a.cancel {
                Verb::Cancel(targets)
            } else {
                Verb::Reassign {
                    targets,
                    allow_replication_factor_change: !a.disallow_replication_factor_change,
                }
            })
        }
        PartitionsCommand::List { topic } => Ok(Verb::List(topic)),
        PartitionsCommand::Verify {
            reassignment_json_file,
        } => {
            let targets = read_file(&reassignment_json_file)?;
            json::check(&targets, false).map_err(|e| (1, e))?;
            Ok(Verb::Verify(targets))
        }
    }
}

/// The partitions of the reassignment JSON file at `path`.
fn read_file(path: &std::path::Path) -> std::result::Result<Vec<Target>, (i32, String)> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| (1, format!("cannot read {}: {e}", path.display())))?;
    json::parse(&text).map_err(|e| (1, format!("{}: {e}", path.display())))
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// A partition as Kafka's `TopicPartition` prints: `topic-partition`.
fn topic_partition(topic: &str, partition: i32) -> String {
    format!("{topic}-{partition}")
}

/// Broker ids as Kafka's tool joins them: `1,2,3`.
fn ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// ListPartitionReassignments: the ongoing moves of `partitions` (by topic;
/// `None`: of every partition), by (topic, partition).
async fn ongoing(
    client: &mut Client,
    partitions: Option<BTreeMap<String, Vec<i32>>>,
) -> Result<BTreeMap<(String, i32), OngoingPartitionReassignment>> {
    let request = ListPartitionReassignmentsRequest {
        timeout_ms: SERVER_TIMEOUT_MS,
        topics: partitions.map(|by_topic| {
            by_topic
                .into_iter()
                .map(
                    |(name, partition_indexes)| ListPartitionReassignmentsTopics {
                        name,
                        partition_indexes,
                        ..Default::default()
                    },
                )
                .collect()
        }),
        ..Default::default()
    };
    let response = expect_body!(
        client
            .send(RequestBody::ListPartitionReassignments(request))
            .await?,
        ListPartitionReassignments
    )?;
    if response.error_code != errors::NONE {
        return Err(Error::kafka(response.error_code, response.error_message));
    }
    Ok(response
        .topics
        .into_iter()
        .flat_map(|t| {
            t.partitions
                .into_iter()
                .map(move |p| ((t.name.clone(), p.partition_index), p))
        })
        .collect())
}

/// The partitions of `targets` by topic, for a ListPartitionReassignments.
fn by_topic(targets: &[Target]) -> BTreeMap<String, Vec<i32>> {
    let mut out: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for t in targets {
        out.entry(t.topic.clone()).or_default().push(t.partition);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: PartitionsArgs,
    }

    /// The verb of a command line, or the exit code it fails with before
    /// connecting.
    fn verb_of(line: &str) -> std::result::Result<Verb, i32> {
        let argv = std::iter::once("partitions").chain(line.split_whitespace());
        match Cli::try_parse_from(argv) {
            Ok(cli) => verb(cli.args.command).map_err(|(code, _)| code),
            Err(e) => Err(e.exit_code()),
        }
    }

    #[test]
    fn flags_name_the_partitions_once() {
        assert!(matches!(
            verb_of("reassign --topic t --partition 0 --replicas 1,2,3"),
            Ok(Verb::Reassign { targets, allow_replication_factor_change: true })
                if targets == [Target { topic: "t".into(), partition: 0, replicas: vec![1, 2, 3] }]
        ));
        assert!(matches!(
            verb_of("reassign --topic t --partition 0 --replicas 1 --disallow-replication-factor-change"),
            Ok(Verb::Reassign { allow_replication_factor_change: false, .. })
        ));
        assert!(matches!(
            verb_of("reassign --cancel --topic t --partition 3"),
            Ok(Verb::Cancel(targets)) if targets.len() == 1 && targets[0].partition == 3
        ));
        assert!(matches!(verb_of("list"), Ok(Verb::List(None))));
        assert!(matches!(verb_of("list --topic t"), Ok(Verb::List(Some(t))) if t == "t"));
        for misuse in [
            "reassign",
            "reassign --cancel",
            "reassign --topic t",
            "reassign --topic t --partition 0",
            "reassign --partition 0 --replicas 1",
            "reassign --topic t --replicas 1",
            "reassign --topic t --partition 0 --replicas 1,x",
            "reassign --topic t --partition 0 --replicas 1,1",
            "reassign --reassignment-json-file f --topic t --partition 0 --replicas 1",
            "reassign --reassignment-json-file f --replicas 1",
            "reassign --cancel --topic t --partition 0 --replicas 1",
            "reassign --cancel --topic t --partition 0 --disallow-replication-factor-change",
            "verify",
            "verify --topic t",
        ] {
            assert_eq!(verb_of(misuse).err(), Some(2), "{misuse}");
        }
    }

    #[test]
    fn a_bad_file_fails_before_connecting() {
        let dir = std::env::temp_dir().join(format!("tributary-partitions-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.json");
        std::fs::write(
            &good,
            r#"{"version":1,"partitions":[{"topic":"t","partition":1,"replicas":[2]}]}"#,
        )
        .unwrap();
        let dirs = dir.join("dirs.json");
        std::fs::write(
            &dirs,
            r#"{"partitions":[{"topic":"t","partition":1,"replicas":[2],"log_dirs":["/d"]}]}"#,
        )
        .unwrap();
        let file = |verb: &str, path: &std::path::Path| {
            verb_of(&format!(
                "{verb} --reassignment-json-file {}",
                path.display()
            ))
        };
        assert!(
            matches!(file("reassign", &good), Ok(Verb::Reassign { targets, .. }) if targets.len() == 1)
        );
        assert!(matches!(
            file("reassign --cancel", &good),
            Ok(Verb::Cancel(_))
        ));
        assert!(matches!(file("verify", &good), Ok(Verb::Verify(_))));
        assert_eq!(file("reassign", &dirs).err(), Some(1));
        assert_eq!(file("verify", &dir.join("missing.json")).err(), Some(1));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
