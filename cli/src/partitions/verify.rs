//! `partitions verify --reassignment-json-file FILE`
//! (kafka-reassign-partitions `--verify`): for each partition of the file,
//! whether its move is still under way (ListPartitionReassignments lists
//! it), completed (its replicas in Metadata are the file's), or over with
//! other replicas (cancelled, or moved again since).
//!
//! Invariants: only the file's partitions are asked about; a partition of
//! an unknown topic, or past its topic's partitions, has no replicas, as in
//! Kafka's tool; the exit code is 0 whatever the states (the states are the
//! answer), as Kafka's is.

use super::*;

/// Where a partition's move stands.
#[derive(Debug, PartialEq, Eq)]
enum State {
    InProgress,
    Completed,
    /// No move under way, and these replicas instead of the target's.
    Other(Vec<i32>),
}

pub(super) async fn verify(client: &mut Client, targets: &[Target]) -> Result<String> {
    let ongoing = ongoing(client, Some(by_topic(targets))).await?;
    let mut topics: Vec<String> = targets
        .iter()
        .filter(|t| !ongoing.contains_key(&(t.topic.clone(), t.partition)))
        .map(|t| t.topic.clone())
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let current = if topics.is_empty() {
        BTreeMap::new()
    } else {
        replicas_of(client, &topics).await?
    };
    Ok(format_states(&states(targets, &ongoing, &current)))
}

/// The replicas of every partition of `topics` (Metadata); an unknown topic
/// has none.
async fn replicas_of(
    client: &mut Client,
    topics: &[String],
) -> Result<BTreeMap<(String, i32), Vec<i32>>> {
    let mut out = BTreeMap::new();
    for t in &client.metadata(Some(topics), false).await?.topics {
        let name = t.name.clone().unwrap_or_default();
        match t.error_code {
            errors::NONE => {
                for p in TopicInfo::from_metadata(t).partitions {
                    out.insert((name.clone(), p.index), p.replicas);
                }
            }
            errors::UNKNOWN_TOPIC_OR_PARTITION => {}
            code => {
                return Err(Error::Kafka {
                    context: format!("topic '{name}': "),
                    code,
                    message: None,
                })
            }
        }
    }
    Ok(out)
}

/// The state of each of `targets`, in (topic, partition) order: in progress
/// while listed in `ongoing`, else as its `current` replicas compare.
fn states<'a, T>(
    targets: &'a [Target],
    ongoing: &BTreeMap<(String, i32), T>,
    current: &BTreeMap<(String, i32), Vec<i32>>,
) -> Vec<(&'a Target, State)> {
    let mut states: Vec<(&Target, State)> = targets
        .iter()
        .map(|t| {
            let key = (t.topic.clone(), t.partition);
            let state = if ongoing.contains_key(&key) {
                State::InProgress
            } else {
                match current.get(&key) {
                    Some(replicas) if *replicas == t.replicas => State::Completed,
                    replicas => State::Other(replicas.cloned().unwrap_or_default()),
                }
            };
            (t, state)
        })
        .collect();
    states.sort_by(|(a, _), (b, _)| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
    states
}

/// Kafka's `--verify` lines of `states`.
fn format_states(states: &[(&Target, State)]) -> String {
    let mut out = "Status of partition reassignment:\n".to_string();
    for (t, state) in states {
        let name = t.name();
        out.push_str(&match state {
            State::InProgress => format!("Reassignment of partition {name} is still in progress.\n"),
            State::Completed => format!("Reassignment of partition {name} is completed.\n"),
            State::Other(replicas) => format!(
                "There is no active reassignment of partition {name}, but replica set is {} rather than {}.\n",
                ids(replicas),
                ids(&t.replicas)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partitions::json::tests::target;

    #[test]
    fn listed_partitions_are_in_progress_others_compare_replicas() {
        let targets = [
            target("u", 0, &[1]),
            target("t", 2, &[1, 2]),
            target("t", 1, &[2, 1]),
            target("t", 0, &[1, 2]),
        ];
        let ongoing = BTreeMap::from([(("t".to_string(), 1), ())]);
        let current = BTreeMap::from([
            (("t".to_string(), 0), vec![1, 2]),
            (("t".to_string(), 1), vec![1, 2, 3]),
            (("t".to_string(), 2), vec![2, 1]),
        ]);
        let states: Vec<(String, State)> = states(&targets, &ongoing, &current)
            .into_iter()
            .map(|(t, s)| (t.name(), s))
            .collect();
        assert_eq!(
            states,
            vec![
                ("t-0".to_string(), State::Completed),
                ("t-1".to_string(), State::InProgress),
                // The order of the replicas counts: the first is the
                // preferred leader.
                ("t-2".to_string(), State::Other(vec![2, 1])),
                ("u-0".to_string(), State::Other(vec![])),
            ]
        );
    }

    #[test]
    fn lines_are_kafkas() {
        let (a, b, c) = (
            target("t", 0, &[1]),
            target("t", 1, &[1, 2]),
            target("u", 0, &[3, 1]),
        );
        assert_eq!(
            format_states(&[
                (&a, State::Completed),
                (&b, State::InProgress),
                (&c, State::Other(vec![1, 2])),
            ]),
            "Status of partition reassignment:\n\
             Reassignment of partition t-0 is completed.\n\
             Reassignment of partition t-1 is still in progress.\n\
             There is no active reassignment of partition u-0, but replica set is 1,2 rather than 3,1.\n"
        );
        // An unknown partition has no replicas.
        assert_eq!(
            format_states(&[(&a, State::Other(vec![]))]),
            "Status of partition reassignment:\n\
             There is no active reassignment of partition t-0, but replica set is  rather than 1.\n"
        );
    }
}
