//! `groups describe` (Kafka's `ConsumerGroupCommand.describeGroups`): a
//! group's members, assignments, committed offsets and lag, from
//! ConsumerGroupDescribe (KIP-848 groups) or DescribeGroups (classic), as
//! Kafka's table or JSON.
//!
//! Invariants: requests go to the group's coordinator, retried while it moves
//! or loads; a value not known shows as `-` (null in JSON), never as a guess.

use super::list::group_states;
use super::*;

/// `describe --all-groups`: each group's table (or one JSON array).
pub(super) async fn describe_all(client: &mut Client, json: bool) -> Result<()> {
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

/// A group member and what it is assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MemberInfo {
    pub(super) member_id: String,
    pub(super) client_id: String,
    pub(super) host: String,
    pub(super) partitions: Vec<(String, i32)>,
}

#[derive(Debug, Clone)]
pub(super) struct GroupInfo {
    pub(super) state: String,
    members: Vec<MemberInfo>,
}

/// The group as ConsumerGroupDescribe (KIP-848 groups) or DescribeGroups
/// (classic groups) shows it: the one that has members, else the one that
/// knows the group. State "Dead": no such group.
pub(super) async fn describe_group(
    client: &mut Client,
    coordinator: &mut Coordinator,
) -> Result<GroupInfo> {
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
pub(super) async fn describe_consumer_group(
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
pub(super) async fn describe_classic_group(
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
pub(super) fn decode_assignment(bytes: &Bytes) -> std::result::Result<Vec<(String, i32)>, String> {
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
pub(super) struct Row {
    pub(super) topic: String,
    pub(super) partition: i32,
    committed: Option<i64>,
    end: Option<i64>,
    pub(super) member: Option<(String, String, String)>,
}

/// Kafka's rows: members with partitions (most partitions first), each
/// partition with its committed offset; then partitions with a committed
/// offset and no member.
pub(super) fn build_rows(
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
pub(super) fn format_rows(group: &str, rows: &[Row]) -> String {
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
pub(super) async fn topic_infos(
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
pub(super) async fn offsets_at(
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
pub(super) async fn describe(
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
pub(super) fn group_json(group: &str, state: &str, rows: &[Row]) -> serde_json::Value {
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
