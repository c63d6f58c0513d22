//! `tributary groups list|describe|delete|reset-offsets`: kafka-consumer-groups.sh,
//! with its output layouts.
//!
//! This file holds the command line and its value parsers, the dispatch and
//! the table helpers; `groups/list.rs`, `groups/describe.rs`,
//! `groups/delete.rs` and `groups/reset_offsets.rs` are the subcommands,
//! `groups/datetime.rs` the `--to-datetime` parser.

mod datetime;
mod delete;
mod describe;
mod list;
mod reset_offsets;

use datetime::parse_datetime;
use delete::delete;
use describe::{describe, describe_all};
use list::list;
use reset_offsets::reset_offsets;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use bytes::{Buf, Bytes};
use clap::{Args, Subcommand};
use protocol::messages::consumer_protocol_assignment::ConsumerProtocolAssignment;
use protocol::messages::{
    ApiKey, ConsumerGroupDescribeRequest, DeleteGroupsRequest, DescribeGroupsRequest,
    ListGroupsRequest, RequestBody,
};
use protocol::{Codec, Message};

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Result, TopicInfo, EARLIEST_TIMESTAMP,
    LATEST_TIMESTAMP,
};
use crate::errors;
use crate::group::{self, Committed, Coordinator};

/// Kafka's placeholder for an unknown column value.
const MISSING: &str = "-";
/// Attempts of a request whose coordinator moved or is loading.
const COORDINATOR_ATTEMPTS: u32 = 5;
const COORDINATOR_BACKOFF: std::time::Duration = std::time::Duration::from_millis(300);

/// The group states Kafka knows (classic and consumer protocol).
const STATES: &[&str] = &[
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "Empty",
    "Assigning",
    "Reconciling",
    "Unknown",
];

#[derive(Args, Debug)]
pub struct GroupsArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: GroupsCommand,
}

#[derive(Subcommand, Debug)]
enum GroupsCommand {
    /// List consumer groups, one per line, sorted.
    List {
        /// Only groups in these states (comma-separated, e.g. Stable,Empty);
        /// prints each group's state too. Without a value: every group.
        #[arg(long, value_name = "STATE[,STATE...]", num_args = 0..=1,
              value_delimiter = ',', value_parser = parse_state)]
        state: Option<Vec<String>>,
        /// Print one JSON array of {"group", "state"} objects instead.
        #[arg(long)]
        json: bool,
    },
    /// Show a group's committed offsets, lag and members (partitions without
    /// a member show "-").
    Describe {
        /// The consumer group.
        #[arg(value_name = "GROUP", required_unless_present_any = ["group", "all_groups"])]
        name: Option<String>,
        /// Same as GROUP (kafka-consumer-groups.sh spelling).
        #[arg(long = "group", value_name = "GROUP", conflicts_with = "name")]
        group: Option<String>,
        /// Every consumer group, one after the other.
        #[arg(long, conflicts_with_all = ["name", "group"])]
        all_groups: bool,
        /// Print JSON instead: one object per group, in an array with
        /// --all-groups.
        #[arg(long)]
        json: bool,
    },
    /// Delete groups without members, with their committed offsets.
    Delete {
        /// The consumer group.
        #[arg(value_name = "GROUP", required_unless_present = "group")]
        names: Vec<String>,
        /// Same as GROUP (repeatable; kafka-consumer-groups.sh spelling).
        #[arg(long = "group", value_name = "GROUP")]
        group: Vec<String>,
    },
    /// Set the committed offsets of an inactive group. A dry run (the plan is
    /// printed) unless --execute is given.
    ResetOffsets(ResetArgs),
}

#[derive(Args, Debug)]
struct ResetArgs {
    /// The consumer group.
    #[arg(value_name = "GROUP", required_unless_present = "group")]
    name: Option<String>,
    /// Same as GROUP (kafka-consumer-groups.sh spelling).
    #[arg(long = "group", value_name = "GROUP", conflicts_with = "name")]
    group: Option<String>,
    /// The topic whose offsets to reset, with all its partitions or only the
    /// ones listed (repeatable).
    #[arg(long, required = true, value_name = "TOPIC[:P,P...]",
          value_parser = parse_topic_partitions)]
    topic: Vec<TopicSpec>,
    #[command(flatten)]
    to: ResetTo,
    /// Commit the new offsets (without it nothing changes).
    #[arg(long, conflicts_with = "dry_run")]
    execute: bool,
    /// Only print the plan (the default).
    #[arg(long)]
    dry_run: bool,
}

#[derive(Args, Debug)]
#[group(required = true, multiple = false)]
struct ResetTo {
    /// To the earliest offset of each partition.
    #[arg(long)]
    to_earliest: bool,
    /// To the end of each partition (skip everything there is).
    #[arg(long)]
    to_latest: bool,
    /// To this offset (kept within each partition's earliest..latest).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(0..))]
    to_offset: Option<i64>,
    /// To the first message at or after this time: YYYY-MM-DDTHH:MM:SS[.sss]
    /// with Z or ±HH:MM (UTC without one, as in Kafka).
    #[arg(long, value_name = "DATETIME", value_parser = parse_datetime)]
    to_datetime: Option<i64>,
    /// Move the committed offset by N (negative: back).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    shift_by: Option<i64>,
}

/// A topic and, optionally, some of its partitions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TopicSpec {
    topic: String,
    partitions: Option<Vec<i32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reset {
    Earliest,
    Latest,
    Offset(i64),
    Datetime(i64),
    ShiftBy(i64),
}

impl ResetTo {
    fn reset(&self) -> Reset {
        if self.to_earliest {
            Reset::Earliest
        } else if self.to_latest {
            Reset::Latest
        } else if let Some(n) = self.to_offset {
            Reset::Offset(n)
        } else if let Some(t) = self.to_datetime {
            Reset::Datetime(t)
        } else if let Some(n) = self.shift_by {
            Reset::ShiftBy(n)
        } else {
            // clap requires one of them.
            Reset::Earliest
        }
    }
}

/// A state name as Kafka spells it (accepted in any case).
fn parse_state(s: &str) -> std::result::Result<String, String> {
    let s = s.trim();
    STATES
        .iter()
        .find(|k| k.eq_ignore_ascii_case(s))
        .map(|k| k.to_string())
        .ok_or_else(|| {
            format!(
                "'{s}' is not a group state; valid states are: {}",
                STATES.join(", ")
            )
        })
}

/// `TOPIC` or `TOPIC:P,P...` (Kafka's --topic of --reset-offsets).
fn parse_topic_partitions(s: &str) -> std::result::Result<TopicSpec, String> {
    let (topic, partitions) = match s.split_once(':') {
        None => (s, None),
        Some((topic, list)) => {
            let mut partitions = Vec::new();
            for p in list.split(',') {
                match p.trim().parse::<i32>() {
                    Ok(p) if p >= 0 => partitions.push(p),
                    _ => return Err(format!("'{p}' is not a partition number (in '{s}')")),
                }
            }
            partitions.sort_unstable();
            partitions.dedup();
            (topic, Some(partitions))
        }
    };
    if topic.is_empty() {
        return Err(format!("'{s}' has no topic name"));
    }
    Ok(TopicSpec {
        topic: topic.to_string(),
        partitions,
    })
}

pub fn run(args: GroupsArgs) -> i32 {
    crate::client::block_on(async move {
        let mut client = match Client::connect(&args.connect, "tributary-groups").await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        let result = match args.command {
            GroupsCommand::List { state, json } => list(&mut client, state, json).await,
            GroupsCommand::Describe {
                all_groups: true,
                json,
                ..
            } => describe_all(&mut client, json).await,
            GroupsCommand::Describe {
                name, group, json, ..
            } => {
                let group = name.or(group).unwrap_or_default();
                match describe(&mut client, &group, json).await {
                    Ok(Some(v)) => {
                        print(&format!("{v}\n"));
                        Ok(())
                    }
                    Ok(None) => Ok(()),
                    Err(e) => Err(e),
                }
            }
            GroupsCommand::Delete { mut names, group } => {
                names.extend(group);
                delete(&mut client, &names).await
            }
            GroupsCommand::ResetOffsets(a) => reset_offsets(&mut client, a).await,
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

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Left-aligns `cells` in columns of at least `widths` (the last column is not
/// padded), separated by one space, as Kafka's `%-Ns` formats do.
fn format_row(cells: &[&str], widths: &[usize]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(cell);
        if i + 1 < cells.len() {
            let width = widths.get(i).copied().unwrap_or(0);
            line.extend(std::iter::repeat_n(' ', width.saturating_sub(cell.len())));
        }
    }
    line.truncate(line.trim_end().len());
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::describe::{build_rows, decode_assignment, format_rows, MemberInfo};
    use super::list::format_list;
    use super::reset_offsets::format_plan;
    use super::*;
    use bytes::{BufMut, BytesMut};
    use protocol::messages::consumer_protocol_assignment::TopicPartition;

    #[test]
    fn datetimes_parse_strictly() {
        assert_eq!(parse_datetime("1970-01-01T00:00:00.000"), Ok(0));
        assert_eq!(parse_datetime("1970-01-01T00:00:00"), Ok(0));
        assert!(parse_datetime("1970-01-01T00:00:01.5").is_err());
        assert_eq!(
            parse_datetime("2024-01-01T00:00:00.000"),
            Ok(1_704_067_200_000)
        );
        assert_eq!(
            parse_datetime("2024-01-01T00:00:00.000Z"),
            Ok(1_704_067_200_000)
        );
        assert_eq!(
            parse_datetime("2024-01-01T01:00:00.000+01:00"),
            Ok(1_704_067_200_000)
        );
        assert_eq!(
            parse_datetime("2023-12-31T19:00:00.250-0500"),
            Ok(1_704_067_200_250)
        );
        assert_eq!(
            parse_datetime("2024-01-01T02:00:00+02"),
            Ok(1_704_067_200_000)
        );
        assert_eq!(
            parse_datetime("2024-02-29T12:34:56.789Z"),
            Ok(1_709_210_096_789)
        );
        for bad in [
            "2023-02-29T00:00:00",
            "2024-13-01T00:00:00",
            "2024-01-01 00:00:00",
            "2024-01-01T24:00:00",
            "2024-01-01T00:60:00",
            "2024-1-01T00:00:00",
            "2024-01-01T00:00:00.00",
            "2024-01-01T00:00:00.000X",
            "2024-01-01T00:00:00+1",
            "2024-01-01T00:00:00+01:0",
            "+024-01-01T00:00:00",
            "1969-12-31T23:59:59Z",
            "yesterday",
            "2024-01-01",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn topic_partition_specs() {
        assert_eq!(
            parse_topic_partitions("t"),
            Ok(TopicSpec {
                topic: "t".into(),
                partitions: None
            })
        );
        assert_eq!(
            parse_topic_partitions("t:2,0,2"),
            Ok(TopicSpec {
                topic: "t".into(),
                partitions: Some(vec![0, 2])
            })
        );
        assert!(parse_topic_partitions("t:").is_err());
        assert!(parse_topic_partitions("t:-1").is_err());
        assert!(parse_topic_partitions(":1").is_err());
    }

    #[test]
    fn states_parse_in_any_case() {
        assert_eq!(parse_state("stable"), Ok("Stable".into()));
        assert_eq!(parse_state("EMPTY"), Ok("Empty".into()));
        assert!(parse_state("sleepy").is_err());
    }

    #[test]
    fn list_layouts() {
        let groups: BTreeMap<String, String> = [
            ("b".to_string(), "Stable".to_string()),
            ("a".to_string(), "Empty".to_string()),
        ]
        .into();
        assert_eq!(format_list(&groups, false), "a\nb\n");
        assert_eq!(
            format_list(&groups, true),
            format!(
                "GROUP{} STATE\na{} Empty\nb{} Stable\n",
                " ".repeat(20),
                " ".repeat(24),
                " ".repeat(24)
            )
        );
    }

    fn assignment_bytes(version: i16, partitions: &[(&str, &[i32])]) -> Bytes {
        let a = ConsumerProtocolAssignment {
            assigned_partitions: partitions
                .iter()
                .map(|(t, ps)| TopicPartition {
                    topic: t.to_string(),
                    partitions: ps.to_vec(),
                    ..Default::default()
                })
                .collect(),
            user_data: None,
            ..Default::default()
        };
        let mut buf = BytesMut::new();
        buf.put_i16(version);
        a.encode(version.min(3), &mut buf).unwrap();
        buf.freeze()
    }

    #[test]
    fn classic_assignments_decode() {
        let bytes = assignment_bytes(0, &[("t", &[0, 2]), ("u", &[1])]);
        assert_eq!(
            decode_assignment(&bytes),
            Ok(vec![("t".into(), 0), ("t".into(), 2), ("u".into(), 1)])
        );
        assert_eq!(
            decode_assignment(&assignment_bytes(3, &[("t", &[1])])),
            Ok(vec![("t".into(), 1)])
        );
        // A newer version than we know is read as ours (fields are appended).
        let mut newer = BytesMut::new();
        newer.put_i16(4);
        newer.extend_from_slice(&assignment_bytes(3, &[("t", &[5])])[2..]);
        assert_eq!(
            decode_assignment(&newer.freeze()),
            Ok(vec![("t".into(), 5)])
        );
        assert_eq!(decode_assignment(&Bytes::new()), Ok(vec![]));
        assert!(decode_assignment(&Bytes::from_static(&[0])).is_err());
        assert!(decode_assignment(&Bytes::from_static(&[0, 0, 0, 0, 0, 9])).is_err());
    }

    fn member(id: &str, partitions: &[(&str, i32)]) -> MemberInfo {
        MemberInfo {
            member_id: id.into(),
            client_id: "tributary-consumer".into(),
            host: "/127.0.0.1".into(),
            partitions: partitions
                .iter()
                .map(|(t, p)| (t.to_string(), *p))
                .collect(),
        }
    }

    #[test]
    fn describe_rows_and_layout() {
        let members = vec![
            member("m1", &[("t", 3)]),
            member("m2", &[("t", 1), ("t", 0)]),
            member("idle", &[]),
        ];
        let committed: Committed = [
            (("t".to_string(), 0), Some(4)),
            (("t".to_string(), 3), None),
            (("u".to_string(), 0), Some(7)),
        ]
        .into();
        let ends: BTreeMap<(String, i32), i64> = [
            (("t".to_string(), 0), 10),
            (("t".to_string(), 1), 5),
            (("t".to_string(), 3), 2),
            (("u".to_string(), 0), 7),
        ]
        .into();
        let rows = build_rows(&members, &committed, &ends);
        let order: Vec<(String, i32, Option<&str>)> = rows
            .iter()
            .map(|r| {
                (
                    r.topic.clone(),
                    r.partition,
                    r.member.as_ref().map(|m| m.0.as_str()),
                )
            })
            .collect();
        assert_eq!(
            order,
            vec![
                ("t".into(), 0, Some("m2")),
                ("t".into(), 1, Some("m2")),
                ("t".into(), 3, Some("m1")),
                ("u".into(), 0, None),
            ]
        );
        let text = format_rows("g", &rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "");
        assert_eq!(
            lines[1],
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID"
        );
        assert_eq!(
            lines[2],
            "g               t               0          4               10              6               m2              /127.0.0.1      tributary-consumer"
        );
        assert_eq!(
            lines[4],
            "g               t               3          -               2               -               m1              /127.0.0.1      tributary-consumer"
        );
        assert_eq!(
            lines[5],
            "g               u               0          7               7               0               -               -               -"
        );
    }

    #[test]
    fn plan_layout() {
        let plan: BTreeMap<(String, i32), i64> =
            [(("t".to_string(), 1), 5), (("t".to_string(), 0), 0)].into();
        let text = format_plan("g", &plan);
        assert_eq!(
            text,
            format!(
                "\nGROUP{} TOPIC{} PARTITION  NEW-OFFSET\ng{} t{} 0          0\ng{} t{} 1          5\n",
                " ".repeat(25),
                " ".repeat(25),
                " ".repeat(29),
                " ".repeat(29),
                " ".repeat(29),
                " ".repeat(29)
            )
        );
    }

    #[test]
    fn reset_args() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(subcommand)]
            command: GroupsCommand,
        }
        let parse = |s: &str| Cli::try_parse_from(s.split_whitespace());
        let reset = |s: &str| match parse(s).map(|c| c.command) {
            Ok(GroupsCommand::ResetOffsets(a)) => Ok((a.to.reset(), a.execute)),
            Ok(_) => panic!("not reset-offsets"),
            Err(e) => Err(e.kind()),
        };
        assert_eq!(
            reset("x reset-offsets g --topic t --to-earliest"),
            Ok((Reset::Earliest, false))
        );
        assert_eq!(
            reset("x reset-offsets g --topic t --shift-by -3 --execute"),
            Ok((Reset::ShiftBy(-3), true))
        );
        assert_eq!(
            reset("x reset-offsets --group g --topic t --to-offset 7"),
            Ok((Reset::Offset(7), false))
        );
        assert_eq!(
            reset("x reset-offsets g --topic t --to-datetime 1970-01-01T00:00:01.000Z"),
            Ok((Reset::Datetime(1000), false))
        );
        assert!(reset("x reset-offsets g --topic t").is_err());
        assert!(reset("x reset-offsets g --to-latest").is_err());
        assert!(reset("x reset-offsets g --topic t --to-latest --to-earliest").is_err());
        assert!(reset("x reset-offsets g --topic t --to-offset -1").is_err());
        assert!(reset("x reset-offsets g --topic t --to-latest --execute --dry-run").is_err());
        let state = |s: &str| match parse(s).map(|c| c.command) {
            Ok(GroupsCommand::List { state, .. }) => state,
            _ => panic!("not list"),
        };
        assert_eq!(state("x list"), None);
        assert_eq!(state("x list --state"), Some(vec![]));
        assert_eq!(
            state("x list --state stable,Empty"),
            Some(vec!["Stable".to_string(), "Empty".to_string()])
        );
        assert!(parse("x list --state nope").is_err());
    }
}
