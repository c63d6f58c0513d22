//! `partitions list [--topic T]` (kafka-reassign-partitions `--list`): the
//! ongoing moves ListPartitionReassignments reports, in Kafka's lines.
//!
//! Invariants: without --topic every partition is asked about (null
//! topics); with it, each of the topic's partitions by number (its count
//! from Metadata), and an unknown topic is an error, not an empty list; a
//! replica list that is empty is left out of its line, as Kafka leaves it.

use super::*;

pub(super) async fn list(client: &mut Client, topic: Option<&str>) -> Result<String> {
    let partitions = match topic {
        None => None,
        Some(name) => {
            let info = client.existing_topic(name).await?;
            let indexes = info.partitions.iter().map(|p| p.index).collect();
            Some(BTreeMap::from([(name.to_string(), indexes)]))
        }
    };
    Ok(format_list(&ongoing(client, partitions).await?))
}

/// Kafka's `--list` output of `ongoing`.
fn format_list(ongoing: &BTreeMap<(String, i32), OngoingPartitionReassignment>) -> String {
    if ongoing.is_empty() {
        return "No partition reassignments found.\n".into();
    }
    let mut out = "Current partition reassignments:\n".to_string();
    for ((topic, partition), p) in ongoing {
        out.push_str(&format!(
            "{}: replicas: {}.",
            topic_partition(topic, *partition),
            ids(&p.replicas)
        ));
        if !p.adding_replicas.is_empty() {
            out.push_str(&format!(" adding: {}.", ids(&p.adding_replicas)));
        }
        if !p.removing_replicas.is_empty() {
            out.push_str(&format!(" removing: {}.", ids(&p.removing_replicas)));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moving(
        topic: &str,
        partition: i32,
        replicas: &[i32],
        adding: &[i32],
        removing: &[i32],
    ) -> ((String, i32), OngoingPartitionReassignment) {
        (
            (topic.into(), partition),
            OngoingPartitionReassignment {
                partition_index: partition,
                replicas: replicas.to_vec(),
                adding_replicas: adding.to_vec(),
                removing_replicas: removing.to_vec(),
                ..Default::default()
            },
        )
    }

    #[test]
    fn lines_are_kafkas() {
        assert_eq!(
            format_list(&BTreeMap::new()),
            "No partition reassignments found.\n"
        );
        let ongoing = BTreeMap::from([
            moving("t", 10, &[2, 1], &[2], &[]),
            moving("t", 0, &[4, 5, 6, 1, 2, 3], &[4, 5, 6], &[1, 2, 3]),
            moving("s", 1, &[1, 2], &[], &[2]),
        ]);
        assert_eq!(
            format_list(&ongoing),
            "Current partition reassignments:\n\
             s-1: replicas: 1,2. removing: 2.\n\
             t-0: replicas: 4,5,6,1,2,3. adding: 4,5,6. removing: 1,2,3.\n\
             t-10: replicas: 2,1. adding: 2.\n"
        );
    }
}
