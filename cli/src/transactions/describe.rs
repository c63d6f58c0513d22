//! `transactions describe --transactional-id ID`: the id's state at its
//! coordinator (FindCoordinator with key type TRANSACTION, then
//! DescribeTransactions), in kafka-transactions' columns.
//!
//! Invariant: a transaction without a start time prints `None` for its
//! start time and duration, as Kafka's tool does.

use super::*;

const HEADERS: &[&str] = &[
    "CoordinatorId",
    "TransactionalId",
    "ProducerId",
    "ProducerEpoch",
    "TransactionState",
    "TransactionTimeoutMs",
    "CurrentTransactionStartTimeMs",
    "TransactionDurationMs",
    "TopicPartitions",
];

pub(super) async fn describe(client: &mut Client, id: &str) -> Result<String> {
    let failed = |e: Error| {
        Error::Other(format!(
            "Failed to describe transaction state of transactional-id `{id}`: {e}"
        ))
    };
    let (coordinator, state) = describe_at_coordinator(client, id).await.map_err(failed)?;
    let state = state.map_err(|code| failed(Error::kafka(code, None)))?;
    Ok(pretty_print_table(
        HEADERS,
        &[row(coordinator, &state, crate::produce::now_ms())],
    ))
}

fn row(coordinator: i32, s: &Description, now_ms: i64) -> Vec<String> {
    let (start, duration) = if s.transaction_start_time_ms >= 0 {
        (
            s.transaction_start_time_ms.to_string(),
            (now_ms - s.transaction_start_time_ms).to_string(),
        )
    } else {
        ("None".to_string(), "None".to_string())
    };
    let partitions: Vec<String> = s
        .topics
        .iter()
        .flat_map(|t| t.partitions.iter().map(|&p| topic_partition(&t.topic, p)))
        .collect();
    vec![
        coordinator.to_string(),
        s.transactional_id.clone(),
        s.producer_id.to_string(),
        s.producer_epoch.to_string(),
        s.transaction_state.clone(),
        s.transaction_timeout_ms.to_string(),
        start,
        duration,
        partitions.join(","),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::messages::describe_transactions_response::TopicData;

    #[test]
    fn a_row_has_kafkas_columns() {
        let mut s = Description {
            transactional_id: "tx".into(),
            transaction_state: "Ongoing".into(),
            transaction_timeout_ms: 60000,
            transaction_start_time_ms: 1_000,
            producer_id: 5,
            producer_epoch: 2,
            topics: vec![TopicData {
                topic: "t".into(),
                partitions: vec![0, 3],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(
            row(1, &s, 1_500),
            vec!["1", "tx", "5", "2", "Ongoing", "60000", "1000", "500", "t-0,t-3"]
        );
        s.transaction_start_time_ms = -1;
        s.topics.clear();
        s.transaction_state = "Empty".into();
        assert_eq!(
            row(1, &s, 1_500),
            vec!["1", "tx", "5", "2", "Empty", "60000", "None", "None", ""]
        );
    }
}
