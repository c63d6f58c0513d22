//! `transactions describe-producers --topic T --partition P [--broker-id N]`:
//! a partition's active producers (DescribeProducers to its leader, or to
//! the replica named), in kafka-transactions' columns.
//!
//! Invariant: a producer without an open transaction prints `None` as its
//! start offset, and an unknown coordinator epoch `-1`, as Kafka's tool.

use super::*;

const HEADERS: &[&str] = &[
    "ProducerId",
    "ProducerEpoch",
    "LatestCoordinatorEpoch",
    "LastSequence",
    "LastTimestamp",
    "CurrentTransactionStartOffset",
];

pub(super) async fn describe_producers(
    client: &mut Client,
    topic: &str,
    partition: i32,
    broker_id: Option<i32>,
) -> Result<String> {
    let on = match broker_id {
        Some(id) => format!("broker {id}"),
        None => "leader".to_string(),
    };
    let failed = |e: Error| {
        Error::Other(format!(
            "Failed to describe producers for partition {} on {on}: {e}",
            topic_partition(topic, partition)
        ))
    };
    let producers = partition_producers(client, topic, partition, broker_id)
        .await
        .map_err(failed)?;
    Ok(pretty_print_table(HEADERS, &rows(&producers)))
}

/// The active producers of one partition, on `broker_id` or its leader.
pub(super) async fn partition_producers(
    client: &mut Client,
    topic: &str,
    partition: i32,
    broker_id: Option<i32>,
) -> Result<Vec<ProducerState>> {
    let broker = producers_target(client, topic, partition, broker_id).await?;
    let mut answers = producers_on(client, broker, topic, &[partition]).await?;
    match answers.pop() {
        Some((_, states)) => states,
        None => Err(Error::Other("no answer for the partition".into())),
    }
}

fn rows(producers: &[ProducerState]) -> Vec<Vec<String>> {
    producers
        .iter()
        .map(|p| {
            vec![
                p.producer_id.to_string(),
                p.producer_epoch.to_string(),
                p.coordinator_epoch.to_string(),
                p.last_sequence.to_string(),
                p.last_timestamp.to_string(),
                if p.current_txn_start_offset >= 0 {
                    p.current_txn_start_offset.to_string()
                } else {
                    "None".to_string()
                },
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_values_print_as_kafka_does() {
        let p = ProducerState {
            producer_id: 4,
            producer_epoch: 0,
            last_sequence: 9,
            last_timestamp: 1700,
            coordinator_epoch: -1,
            current_txn_start_offset: -1,
            ..Default::default()
        };
        let open = ProducerState {
            coordinator_epoch: 3,
            current_txn_start_offset: 42,
            ..p.clone()
        };
        assert_eq!(
            rows(&[p, open]),
            vec![
                vec!["4", "0", "-1", "9", "1700", "None"],
                vec!["4", "0", "3", "9", "1700", "42"],
            ]
        );
    }
}
