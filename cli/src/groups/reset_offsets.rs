//! `groups reset-offsets` (Kafka's `ConsumerGroupCommand.resetOffsets`): the
//! plan of new committed offsets and, with `--execute`, its commit.
//!
//! Invariants: only an inactive group (Empty or Dead) is reset, even for a
//! dry run; planned offsets stay within each partition's earliest..latest;
//! nothing is committed without `--execute`.

use super::describe::{describe_group, offsets_at, topic_infos};
use super::*;

/// The new offset of every partition, per Kafka's rules: explicit offsets
/// and shifts are kept within earliest..latest; a time with no later message
/// goes to the end.
pub(super) async fn plan_reset(
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
pub(super) fn clamp(tp: &(String, i32), offset: i64, start: i64, end: i64) -> i64 {
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
pub(super) fn format_plan(group: &str, plan: &BTreeMap<(String, i32), i64>) -> String {
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

pub(super) fn inactive_required(group: &str, state: &str) -> Error {
    Error::Other(format!(
        "Assignments can only be reset if the group '{group}' is inactive, but the current state is {state}."
    ))
}

pub(super) async fn reset_offsets(client: &mut Client, a: ResetArgs) -> Result<()> {
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
