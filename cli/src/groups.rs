//! `tributary groups list|describe|delete|reset-offsets`: kafka-consumer-groups.sh,
//! with its output layouts.

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

/// Exactly `n` ASCII digits.
fn digits(s: &str, n: usize) -> Option<i64> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// days_from_civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.sss][Z|±HH:MM|±HHMM|±HH]` → milliseconds since the
/// epoch. Without a zone the time is UTC (Kafka appends "Z" too).
pub fn parse_datetime(s: &str) -> std::result::Result<i64, String> {
    let bad = || {
        format!(
            "'{s}' is not a date-time: use YYYY-MM-DDTHH:MM:SS[.sss] with an optional Z or ±HH:MM, e.g. 2024-01-01T00:00:00.000"
        )
    };
    if !s.is_ascii() || s.len() < 19 {
        return Err(bad());
    }
    let b = s.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let field = |range: std::ops::Range<usize>| digits(&s[range.clone()], range.len());
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        field(0..4),
        field(5..7),
        field(8..10),
        field(11..13),
        field(14..16),
        field(17..19),
    ) else {
        return Err(bad());
    };
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        millis = digits(frac.get(..3).ok_or_else(bad)?, 3).ok_or_else(bad)?;
        rest = &frac[3..];
    }
    let offset_minutes = match rest {
        "" | "Z" => 0,
        _ => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return Err(bad()),
            };
            let zone = &rest[1..];
            let (h, m) = match zone.len() {
                2 => (digits(zone, 2), Some(0)),
                4 => (digits(&zone[..2], 2), digits(&zone[2..], 2)),
                5 if zone.as_bytes()[2] == b':' => (digits(&zone[..2], 2), digits(&zone[3..], 2)),
                _ => return Err(bad()),
            };
            match (h, m) {
                (Some(h), Some(m)) if h <= 18 && m < 60 => sign * (h * 60 + m),
                _ => return Err(bad()),
            }
        }
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(format!("'{s}' is not a valid date-time"));
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    let ms = seconds * 1000 + millis;
    if ms < 0 {
        return Err(format!("'{s}' is before 1970-01-01T00:00:00Z"));
    }
    Ok(ms)
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

async fn list(client: &mut Client, states: Option<Vec<String>>, json: bool) -> Result<()> {
    let with_state = states.is_some();
    let groups = group_states(client, states.unwrap_or_default(), with_state).await?;
    if json {
        let out: Vec<serde_json::Value> = groups
            .iter()
            .map(|(g, state)| {
                let state = if state.is_empty() { "Unknown" } else { state };
                serde_json::json!({"group": g, "state": state})
            })
            .collect();
        print(&format!("{}\n", serde_json::Value::Array(out)));
        return Ok(());
    }
    print(&format_list(&groups, with_state));
    Ok(())
}

/// Every consumer group (in `filter`'s states when not empty) with its
/// state, from every broker.
async fn group_states(
    client: &mut Client,
    filter: Vec<String>,
    with_state: bool,
) -> Result<BTreeMap<String, String>> {
    // Every broker lists the groups it coordinates.
    let metadata = client.metadata(Some(&[]), false).await?;
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    for broker in &metadata.brokers {
        let version = client
            .node_version(broker.node_id, ApiKey::ListGroups)
            .await?;
        if (with_state || !filter.is_empty()) && version < 4 {
            return Err(Error::Other(format!(
                "the broker at {}:{} has ListGroups v{version}, which does not give group states",
                broker.host, broker.port
            )));
        }
        let request = ListGroupsRequest {
            states_filter: if version >= 4 {
                filter.clone()
            } else {
                Vec::new()
            },
            ..Default::default()
        };
        let response = expect_body!(
            client
                .send_to(broker.node_id, RequestBody::ListGroups(request))
                .await?,
            ListGroups
        )?;
        if response.error_code != errors::NONE {
            return Err(Error::kafka(response.error_code, None));
        }
        for g in response.groups {
            // Consumer groups: the consumer protocol type, or none (groups
            // that only have committed offsets), as Kafka's tool lists.
            if g.protocol_type == "consumer" || g.protocol_type.is_empty() {
                groups.insert(g.group_id, g.group_state);
            }
        }
    }
    Ok(groups)
}

/// `describe --all-groups`: each group's table (or one JSON array).
async fn describe_all(client: &mut Client, json: bool) -> Result<()> {
    let groups = group_states(client, Vec::new(), false).await?;
    let mut out = Vec::new();
    for g in groups.keys() {
        if let Some(v) = describe(client, g, json).await? {
            out.push(v);
        }
    }
    if json {
        print(&format!("{}\n", serde_json::Value::Array(out)));
    }
    Ok(())
}

/// Group ids one per line; with states, Kafka's GROUP / STATE table.
fn format_list(groups: &BTreeMap<String, String>, with_state: bool) -> String {
    if !with_state {
        return groups.keys().map(|g| format!("{g}\n")).collect();
    }
    let width = groups.keys().map(String::len).fold(15, usize::max) + 10;
    let mut out = format_row(&["GROUP", "STATE"], &[width]);
    for (g, state) in groups {
        let state = if state.is_empty() { "Unknown" } else { state };
        out.push_str(&format_row(&[g, state], &[width]));
    }
    out
}

/// A group member and what it is assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MemberInfo {
    member_id: String,
    client_id: String,
    host: String,
    partitions: Vec<(String, i32)>,
}

#[derive(Debug, Clone)]
struct GroupInfo {
    state: String,
    members: Vec<MemberInfo>,
}

/// The group as ConsumerGroupDescribe (KIP-848 groups) or DescribeGroups
/// (classic groups) shows it: the one that has members, else the one that
/// knows the group. State "Dead": no such group.
async fn describe_group(client: &mut Client, coordinator: &mut Coordinator) -> Result<GroupInfo> {
    let consumer = describe_consumer_group(client, coordinator).await?;
    if consumer.as_ref().is_some_and(|c| !c.members.is_empty()) {
        return Ok(consumer.expect("checked"));
    }
    let classic = describe_classic_group(client, coordinator).await?;
    match consumer {
        Some(c) if classic.state == "Dead" || classic.members.is_empty() => Ok(c),
        _ => Ok(classic),
    }
}

/// ConsumerGroupDescribe; `None` when the group is not a consumer-protocol
/// group (or the broker lacks the API).
async fn describe_consumer_group(
    client: &mut Client,
    coordinator: &mut Coordinator,
) -> Result<Option<GroupInfo>> {
    let group = coordinator.group().to_string();
    let mut attempt = 0;
    loop {
        attempt += 1;
        match coordinator
            .version(client, ApiKey::ConsumerGroupDescribe)
            .await
        {
            Ok(_) => {}
            Err(Error::Unsupported { .. }) => return Ok(None),
            Err(e) => return Err(e),
        }
        let request = ConsumerGroupDescribeRequest {
            group_ids: vec![group.clone()],
            include_authorized_operations: false,
            ..Default::default()
        };
        let response = expect_body!(
            coordinator
                .send(client, RequestBody::ConsumerGroupDescribe(request))
                .await?,
            ConsumerGroupDescribe
        )?;
        let Some(g) = response.groups.into_iter().find(|g| g.group_id == group) else {
            return Err(Error::Other(format!(
                "the coordinator did not describe group '{group}'"
            )));
        };
        match g.error_code {
            errors::NONE => {}
            errors::GROUP_ID_NOT_FOUND => return Ok(None),
            c if errors::is_coordinator_error(c) && attempt < COORDINATOR_ATTEMPTS => {
                coordinator.reset();
                tokio::time::sleep(COORDINATOR_BACKOFF).await;
                continue;
            }
            c => return Err(Error::kafka(c, g.error_message)),
        }
        let members = g
            .members
            .into_iter()
            .map(|m| MemberInfo {
                member_id: m.member_id,
                client_id: m.client_id,
                host: m.client_host,
                partitions: m
                    .assignment
                    .topic_partitions
                    .into_iter()
                    .flat_map(|tp| {
                        let name = tp.topic_name;
                        tp.partitions.into_iter().map(move |p| (name.clone(), p))
                    })
                    .collect(),
            })
            .collect();
        return Ok(Some(GroupInfo {
            state: g.group_state,
            members,
        }));
    }
}

/// DescribeGroups, decoding the consumer protocol's member assignments.
async fn describe_classic_group(
    client: &mut Client,
    coordinator: &mut Coordinator,
) -> Result<GroupInfo> {
    let group = coordinator.group().to_string();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let request = DescribeGroupsRequest {
            groups: vec![group.clone()],
            include_authorized_operations: false,
            ..Default::default()
        };
        let response = expect_body!(
            coordinator
                .send(client, RequestBody::DescribeGroups(request))
                .await?,
            DescribeGroups
        )?;
        let Some(g) = response.groups.into_iter().find(|g| g.group_id == group) else {
            return Err(Error::Other(format!(
                "the coordinator did not describe group '{group}'"
            )));
        };
        match g.error_code {
            errors::NONE => {}
            errors::GROUP_ID_NOT_FOUND => {
                return Ok(GroupInfo {
                    state: "Dead".into(),
                    members: Vec::new(),
                })
            }
            c if errors::is_coordinator_error(c) && attempt < COORDINATOR_ATTEMPTS => {
                coordinator.reset();
                tokio::time::sleep(COORDINATOR_BACKOFF).await;
                continue;
            }
            c => return Err(Error::kafka(c, None)),
        }
        if !g.protocol_type.is_empty() && g.protocol_type != "consumer" {
            return Err(Error::Other(format!(
                "group '{group}' is not a consumer group (its protocol type is '{}')",
                g.protocol_type
            )));
        }
        let mut members = Vec::new();
        for m in g.members {
            let partitions = decode_assignment(&m.member_assignment).map_err(|e| {
                Error::Other(format!(
                    "group '{group}': unreadable assignment of member {}: {e}",
                    m.member_id
                ))
            })?;
            members.push(MemberInfo {
                member_id: m.member_id,
                client_id: m.client_id,
                host: m.client_host,
                partitions,
            });
        }
        return Ok(GroupInfo {
            state: g.group_state,
            members,
        });
    }
}

/// A classic consumer's assignment: an int16 version, then
/// ConsumerProtocolAssignment at that version (a newer version is read as the
/// newest we know: later versions only append fields). Empty while the group
/// rebalances.
fn decode_assignment(bytes: &Bytes) -> std::result::Result<Vec<(String, i32)>, String> {
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let mut buf = bytes.clone();
    if buf.remaining() < 2 {
        return Err("truncated version".into());
    }
    let version = buf.get_i16();
    if version < 0 {
        return Err(format!("version {version}"));
    }
    let version = version.min(ConsumerProtocolAssignment::VERSIONS.max);
    let assignment =
        ConsumerProtocolAssignment::decode(version, &mut buf).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for tp in assignment.assigned_partitions {
        for p in tp.partitions {
            out.push((tp.topic.clone(), p));
        }
    }
    Ok(out)
}

/// One line of `describe`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    topic: String,
    partition: i32,
    committed: Option<i64>,
    end: Option<i64>,
    member: Option<(String, String, String)>,
}

/// Kafka's rows: members with partitions (most partitions first), each
/// partition with its committed offset; then partitions with a committed
/// offset and no member.
fn build_rows(
    members: &[MemberInfo],
    committed: &Committed,
    ends: &BTreeMap<(String, i32), i64>,
) -> Vec<Row> {
    let mut members: Vec<&MemberInfo> = members
        .iter()
        .filter(|m| !m.partitions.is_empty())
        .collect();
    let first = |m: &MemberInfo| m.partitions.iter().min().cloned();
    members.sort_by(|a, b| {
        b.partitions
            .len()
            .cmp(&a.partitions.len())
            .then_with(|| first(a).cmp(&first(b)))
    });
    let mut rows = Vec::new();
    let mut assigned = BTreeSet::new();
    for m in members {
        let mut partitions = m.partitions.clone();
        partitions.sort();
        partitions.dedup();
        for tp in partitions {
            rows.push(Row {
                committed: committed.get(&tp).copied().flatten(),
                end: ends.get(&tp).copied(),
                member: Some((m.member_id.clone(), m.host.clone(), m.client_id.clone())),
                topic: tp.0.clone(),
                partition: tp.1,
            });
            assigned.insert(tp);
        }
    }
    for (tp, offset) in committed {
        if assigned.contains(tp) {
            continue;
        }
        let Some(offset) = offset else { continue };
        rows.push(Row {
            topic: tp.0.clone(),
            partition: tp.1,
            committed: Some(*offset),
            end: ends.get(tp).copied(),
            member: None,
        });
    }
    rows
}

/// Kafka's `--describe` table (with its leading empty line).
fn format_rows(group: &str, rows: &[Row]) -> String {
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            let (id, host, client) = r
                .member
                .clone()
                .unwrap_or_else(|| (MISSING.into(), MISSING.into(), MISSING.into()));
            let show = |v: Option<i64>| v.map_or_else(|| MISSING.to_string(), |v| v.to_string());
            let lag = match (r.committed, r.end) {
                (Some(c), Some(e)) => Some(e - c),
                _ => None,
            };
            [
                group.to_string(),
                r.topic.clone(),
                r.partition.to_string(),
                show(r.committed),
                show(r.end),
                show(lag),
                id,
                host,
                client,
            ]
        })
        .collect();
    let width = |i: usize| cells.iter().map(|c| c[i].len()).fold(15, usize::max);
    let widths = [width(0), width(1), 10, 15, 15, 15, width(6), width(7), 0];
    let mut out = String::from("\n");
    out.push_str(&format_row(
        &[
            "GROUP",
            "TOPIC",
            "PARTITION",
            "CURRENT-OFFSET",
            "LOG-END-OFFSET",
            "LAG",
            "CONSUMER-ID",
            "HOST",
            "CLIENT-ID",
        ],
        &widths,
    ));
    for c in &cells {
        let refs: Vec<&str> = c.iter().map(String::as_str).collect();
        out.push_str(&format_row(&refs, &widths));
    }
    out
}

/// Topic metadata for each name (topics that no longer exist are left out).
async fn topic_infos(
    client: &mut Client,
    names: impl IntoIterator<Item = String>,
) -> Result<BTreeMap<String, TopicInfo>> {
    let mut out = BTreeMap::new();
    for name in names {
        if let Ok(info) = client.topic(&name, false).await? {
            out.insert(name, info);
        }
    }
    Ok(out)
}

/// The offsets of `timestamp` for `partitions` (topic, partition), where known.
async fn offsets_at(
    client: &mut Client,
    topics: &BTreeMap<String, TopicInfo>,
    partitions: &BTreeSet<(String, i32)>,
    timestamp: i64,
) -> Result<BTreeMap<(String, i32), std::result::Result<i64, i16>>> {
    let mut by_topic: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (t, p) in partitions {
        by_topic.entry(t).or_default().push(*p);
    }
    let mut out = BTreeMap::new();
    for (topic, parts) in by_topic {
        let Some(info) = topics.get(topic) else {
            for p in parts {
                out.insert(
                    (topic.to_string(), p),
                    Err(errors::UNKNOWN_TOPIC_OR_PARTITION),
                );
            }
            continue;
        };
        for (p, offset) in client.list_offsets(info, &parts, timestamp).await? {
            out.insert((topic.to_string(), p), offset);
        }
    }
    Ok(out)
}

/// Prints a group's table, or with `json` returns it as a JSON object.
async fn describe(
    client: &mut Client,
    group: &str,
    json: bool,
) -> Result<Option<serde_json::Value>> {
    let mut coordinator = Coordinator::new(group);
    let info = describe_group(client, &mut coordinator).await?;
    if info.state == "Dead" {
        return Err(Error::Other(format!(
            "Consumer group '{group}' does not exist."
        )));
    }
    let committed = group::fetch_offsets(client, &mut coordinator, None, None).await?;
    let mut partitions: BTreeSet<(String, i32)> = committed.keys().cloned().collect();
    for m in &info.members {
        partitions.extend(m.partitions.iter().cloned());
    }
    let names: BTreeSet<String> = partitions.iter().map(|(t, _)| t.clone()).collect();
    let topics = topic_infos(client, names).await?;
    let ends: BTreeMap<(String, i32), i64> =
        offsets_at(client, &topics, &partitions, LATEST_TIMESTAMP)
            .await?
            .into_iter()
            .filter_map(|(tp, o)| o.ok().map(|o| (tp, o)))
            .collect();
    let rows = build_rows(&info.members, &committed, &ends);
    if json {
        return Ok(Some(group_json(group, &info.state, &rows)));
    }
    match info.state.as_str() {
        "Empty" => eprintln!("\nConsumer group '{group}' has no active members."),
        "PreparingRebalance" | "CompletingRebalance" | "Assigning" | "Reconciling" => {
            eprintln!("\nWarning: Consumer group '{group}' is rebalancing.")
        }
        _ => {}
    }
    if !rows.is_empty() {
        print(&format_rows(group, &rows));
    }
    Ok(None)
}

/// A group as `describe --json` prints it: its state and the table's rows
/// (null where the table shows "-").
fn group_json(group: &str, state: &str, rows: &[Row]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let (id, host, client) = match &r.member {
                Some((id, host, client)) => (Some(id), Some(host), Some(client)),
                None => (None, None, None),
            };
            let lag = match (r.committed, r.end) {
                (Some(c), Some(e)) => Some(e - c),
                _ => None,
            };
            serde_json::json!({
                "topic": r.topic,
                "partition": r.partition,
                "current_offset": r.committed,
                "log_end_offset": r.end,
                "lag": lag,
                "consumer_id": id,
                "host": host,
                "client_id": client,
            })
        })
        .collect();
    serde_json::json!({"group": group, "state": state, "partitions": rows})
}

async fn delete(client: &mut Client, groups: &[String]) -> Result<()> {
    // Each group's coordinator deletes it.
    let mut by_coordinator: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for g in groups {
        let addr = client.find_coordinator(g).await?;
        by_coordinator.entry(addr).or_default().push(g.clone());
    }
    let mut deleted = Vec::new();
    let mut failed = Vec::new();
    for (addr, names) in by_coordinator {
        let request = DeleteGroupsRequest {
            groups_names: names.clone(),
            ..Default::default()
        };
        let response = expect_body!(
            client
                .send_to_addr(&addr, RequestBody::DeleteGroups(request))
                .await?,
            DeleteGroups
        )?;
        for name in names {
            match response.results.iter().find(|r| r.group_id == name) {
                Some(r) if r.error_code == errors::NONE => deleted.push(name),
                Some(r) => failed.push((name, r.error_code)),
                None => failed.push((name, errors::UNKNOWN_SERVER_ERROR)),
            }
        }
    }
    let quoted = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if failed.is_empty() {
        print(&format!(
            "Deletion of requested consumer groups ({}) was successful.\n",
            quoted(&deleted)
        ));
        return Ok(());
    }
    let mut message = String::from("Deletion of some consumer groups failed:");
    for (name, code) in &failed {
        let why = match *code {
            errors::GROUP_ID_NOT_FOUND => {
                errors::describe(*code, Some(&format!("Group '{name}' does not exist.")))
            }
            errors::NON_EMPTY_GROUP => {
                errors::describe(*code, Some(&format!("Group '{name}' has active members.")))
            }
            c => errors::describe(c, None),
        };
        message.push_str(&format!(
            "\n* Group '{name}' could not be deleted due to: {why}"
        ));
    }
    if !deleted.is_empty() {
        print(&format!(
            "These consumer groups were deleted successfully: {}\n",
            quoted(&deleted)
        ));
    }
    Err(Error::Other(message))
}

/// The new offset of every partition, per Kafka's rules: explicit offsets
/// and shifts are kept within earliest..latest; a time with no later message
/// goes to the end.
async fn plan_reset(
    client: &mut Client,
    coordinator: &mut Coordinator,
    topics: &BTreeMap<String, TopicInfo>,
    partitions: &BTreeSet<(String, i32)>,
    reset: Reset,
) -> Result<BTreeMap<(String, i32), i64>> {
    let unwrap = |tp: &(String, i32), r: Option<&std::result::Result<i64, i16>>| match r {
        Some(Ok(o)) => Ok(*o),
        Some(Err(code)) => Err(Error::Kafka {
            context: format!("{}-{}: ", tp.0, tp.1),
            code: *code,
            message: None,
        }),
        None => Err(Error::Other(format!(
            "{}-{}: the broker gave no offset",
            tp.0, tp.1
        ))),
    };
    let latest = offsets_at(client, topics, partitions, LATEST_TIMESTAMP).await?;
    let earliest = offsets_at(client, topics, partitions, EARLIEST_TIMESTAMP).await?;
    let at_time = match reset {
        Reset::Datetime(t) => Some(offsets_at(client, topics, partitions, t).await?),
        _ => None,
    };
    let committed = match reset {
        Reset::ShiftBy(_) => {
            let mut wanted: BTreeMap<String, Vec<i32>> = BTreeMap::new();
            for (t, p) in partitions {
                wanted.entry(t.clone()).or_default().push(*p);
            }
            let wanted: Vec<(String, Vec<i32>)> = wanted.into_iter().collect();
            group::fetch_offsets(client, coordinator, Some(&wanted), None).await?
        }
        _ => Committed::new(),
    };
    let mut plan = BTreeMap::new();
    for tp in partitions {
        let start = unwrap(tp, earliest.get(tp))?;
        let end = unwrap(tp, latest.get(tp))?;
        let offset = match reset {
            Reset::Earliest => start,
            Reset::Latest => end,
            Reset::Offset(n) => clamp(tp, n, start, end),
            Reset::ShiftBy(n) => {
                let Some(Some(current)) = committed.get(tp) else {
                    return Err(Error::Other(format!(
                        "Cannot shift offset for partition {}-{} since there is no current committed offset.",
                        tp.0, tp.1
                    )));
                };
                clamp(tp, current.saturating_add(n), start, end)
            }
            Reset::Datetime(_) => {
                let found = at_time.as_ref().and_then(|m| m.get(tp));
                match unwrap(tp, found)? {
                    o if o >= 0 => o,
                    // No message at or after that time.
                    _ => end,
                }
            }
        };
        plan.insert(tp.clone(), offset);
    }
    Ok(plan)
}

/// Kafka's checkOffsetsRange: out-of-range offsets go to the nearest end.
fn clamp(tp: &(String, i32), offset: i64, start: i64, end: i64) -> i64 {
    if offset > end {
        eprintln!(
            "warning: new offset ({offset}) is higher than latest offset for {}-{}; value will be set to {end}",
            tp.0, tp.1
        );
        end
    } else if offset < start {
        eprintln!(
            "warning: new offset ({offset}) is lower than earliest offset for {}-{}; value will be set to {start}",
            tp.0, tp.1
        );
        start
    } else {
        offset
    }
}

/// Kafka's reset plan table.
fn format_plan(group: &str, plan: &BTreeMap<(String, i32), i64>) -> String {
    let widths = [30, 30, 10, 15];
    let mut out = String::from("\n");
    out.push_str(&format_row(
        &["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"],
        &widths,
    ));
    for ((topic, partition), offset) in plan {
        out.push_str(&format_row(
            &[group, topic, &partition.to_string(), &offset.to_string()],
            &widths,
        ));
    }
    out
}

fn inactive_required(group: &str, state: &str) -> Error {
    Error::Other(format!(
        "Assignments can only be reset if the group '{group}' is inactive, but the current state is {state}."
    ))
}

async fn reset_offsets(client: &mut Client, a: ResetArgs) -> Result<()> {
    let group = a.name.or(a.group).unwrap_or_default();
    let reset = a.to.reset();
    let mut coordinator = Coordinator::new(&group);
    // Like Kafka: only an inactive group, even for a dry run.
    let info = describe_group(client, &mut coordinator).await?;
    if info.state != "Empty" && info.state != "Dead" {
        return Err(inactive_required(&group, &info.state));
    }
    let names: BTreeSet<String> = a.topic.iter().map(|t| t.topic.clone()).collect();
    let topics = topic_infos(client, names.iter().cloned()).await?;
    let mut partitions = BTreeSet::new();
    for spec in &a.topic {
        let Some(info) = topics.get(&spec.topic) else {
            return Err(Error::kafka(
                errors::UNKNOWN_TOPIC_OR_PARTITION,
                Some(format!("Topic '{}' does not exist.", spec.topic)),
            ));
        };
        match &spec.partitions {
            None => partitions.extend(
                info.partitions
                    .iter()
                    .map(|p| (spec.topic.clone(), p.index)),
            ),
            Some(list) => {
                for p in list {
                    if info.partition(*p).is_none() {
                        return Err(Error::kafka(
                            errors::UNKNOWN_TOPIC_OR_PARTITION,
                            Some(format!(
                                "Partition {p} of topic '{}' does not exist (the topic has {} partitions).",
                                spec.topic,
                                info.partitions.len()
                            )),
                        ));
                    }
                    partitions.insert((spec.topic.clone(), *p));
                }
            }
        }
    }
    let plan = plan_reset(client, &mut coordinator, &topics, &partitions, reset).await?;
    if a.execute {
        let offsets: Vec<(String, i32, i64)> =
            plan.iter().map(|((t, p), o)| (t.clone(), *p, *o)).collect();
        let codes = group::commit_offsets(client, &mut coordinator, None, &offsets).await?;
        let failed: Vec<&(String, i32, i16)> = codes
            .iter()
            .filter(|(_, _, c)| *c != errors::NONE)
            .collect();
        if let Some((_, _, code)) = failed.first() {
            // Members joined meanwhile: the broker refuses an admin commit.
            if matches!(
                *code,
                errors::ILLEGAL_GENERATION
                    | errors::UNKNOWN_MEMBER_ID
                    | errors::REBALANCE_IN_PROGRESS
                    | errors::FENCED_MEMBER_EPOCH
                    | errors::STALE_MEMBER_EPOCH
            ) {
                let state = describe_group(client, &mut coordinator)
                    .await
                    .map_or_else(|_| "unknown".to_string(), |i| i.state);
                return Err(inactive_required(&group, &state));
            }
            let list: Vec<String> = failed
                .iter()
                .map(|(t, p, c)| format!("{t}-{p}: {}", errors::describe(*c, None)))
                .collect();
            return Err(Error::Other(format!(
                "the offsets were not reset: {}",
                list.join("; ")
            )));
        }
    }
    print(&format_plan(&group, &plan));
    if !a.execute && !a.dry_run {
        eprintln!("(dry run: nothing changed; add --execute to commit these offsets)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
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
