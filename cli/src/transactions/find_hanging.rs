//! `transactions find-hanging --broker-id N | --topic T [--partition P]`:
//! open transactions their coordinator no longer knows of, as Kafka's tool
//! finds them: the partitions searched (on broker N, or of T), their
//! producers with an open transaction older than the maximum transaction
//! timeout (DescribeProducers), the transactional ids of those producers
//! (ListTransactions with producer id filters), and their coordinators'
//! descriptions (DescribeTransactions).
//!
//! Invariant: an open transaction is hanging when no transactional id has
//! its producer id, when its id is not found, or when its coordinator's
//! description does not name its partition.

use std::collections::{BTreeMap, HashMap};

use super::*;

/// Partitions per DescribeProducers request (Kafka's tool batches by 500).
const MAX_BATCH_SIZE: usize = 500;

const HEADERS: &[&str] = &[
    "Topic",
    "Partition",
    "ProducerId",
    "ProducerEpoch",
    "CoordinatorEpoch",
    "StartOffset",
    "LastTimestamp",
    "Duration(min)",
];

#[derive(Args, Debug)]
pub(super) struct FindHangingArgs {
    /// The broker whose partitions to search.
    #[arg(long, value_name = "N")]
    broker_id: Option<i32>,
    /// Maximum transaction timeout in minutes to limit the scope of the search.
    #[arg(long, value_name = "MINUTES", default_value_t = 15)]
    max_transaction_timeout: i64,
    /// A topic to limit the search to (required with --partition).
    #[arg(long, value_name = "TOPIC")]
    topic: Option<String>,
    #[arg(long, value_name = "P", requires = "topic",
          value_parser = clap::value_parser!(i32).range(0..))]
    partition: Option<i32>,
}

/// A producer's open transaction on a partition.
#[derive(Debug, Clone)]
struct OpenTransaction {
    topic: String,
    partition: i32,
    producer: ProducerState,
}

pub(super) async fn find_hanging(client: &mut Client, args: FindHangingArgs) -> Result<String> {
    let max_timeout_ms = args.max_transaction_timeout.saturating_mul(60_000);
    let targets = partitions_to_search(client, &args).await?;
    let now = crate::produce::now_ms();
    let mut candidates = Vec::new();
    for ((broker, topic), partitions) in targets {
        for batch in partitions.chunks(MAX_BATCH_SIZE) {
            let answers = producers_on(client, broker, &topic, batch)
                .await
                .map_err(|e| {
                    Error::Other(format!(
                        "Failed to describe producers for {} partitions on broker {broker}: {e}",
                        batch.len()
                    ))
                })?;
            for (partition, states) in answers {
                let states = states.map_err(|e| {
                    Error::Other(format!(
                        "Failed to describe producers for partition {} on broker {broker}: {e}",
                        topic_partition(&topic, partition)
                    ))
                })?;
                candidates.extend(
                    states
                        .into_iter()
                        .filter(|p| is_candidate(p, now, max_timeout_ms))
                        .map(|producer| OpenTransaction {
                            topic: topic.clone(),
                            partition,
                            producer,
                        }),
                );
            }
        }
    }
    let mut hanging = Vec::new();
    if !candidates.is_empty() {
        let mut producer_ids: Vec<i64> =
            candidates.iter().map(|c| c.producer.producer_id).collect();
        producer_ids.sort_unstable();
        producer_ids.dedup();
        let listings = list_on_every_broker(client, &producer_ids, None)
            .await
            .map_err(|e| {
                Error::Other(format!(
                    "Failed to list transactions for {} producers: {e}",
                    producer_ids.len()
                ))
            })?;
        let mut ids: HashMap<i64, String> = HashMap::new();
        for (_, states) in listings {
            for s in states {
                if producer_ids.contains(&s.producer_id) {
                    ids.insert(s.producer_id, s.transactional_id);
                }
            }
        }
        let mut descriptions: HashMap<String, Option<Description>> = HashMap::new();
        for id in ids.values() {
            if descriptions.contains_key(id) {
                continue;
            }
            let description = describe_at_coordinator(client, id)
                .await
                .and_then(|(_, described)| match described {
                    Ok(d) => Ok(Some(d)),
                    Err(errors::TRANSACTIONAL_ID_NOT_FOUND) => Ok(None),
                    Err(code) => Err(Error::kafka(code, None)),
                })
                .map_err(|e| {
                    Error::Other(format!("Failed to describe transactional id '{id}': {e}"))
                })?;
            descriptions.insert(id.clone(), description);
        }
        hanging = hanging_transactions(candidates, &ids, &descriptions);
    }
    Ok(pretty_print_table(HEADERS, &rows(&hanging, now)))
}

/// The partitions to search, by the broker to ask and their topic: with
/// --broker-id that broker (for the partitions it has a replica of), else
/// each partition's leader.
async fn partitions_to_search(
    client: &mut Client,
    args: &FindHangingArgs,
) -> Result<BTreeMap<(i32, String), Vec<i32>>> {
    let topics: Vec<String> = match &args.topic {
        Some(t) => vec![t.clone()],
        None => {
            let all = client
                .metadata(None, false)
                .await
                .map_err(|e| Error::Other(format!("Failed to list topics: {e}")))?;
            all.topics.iter().filter_map(|t| t.name.clone()).collect()
        }
    };
    let mut out: BTreeMap<(i32, String), Vec<i32>> = BTreeMap::new();
    for topic in topics {
        let info = client
            .topic(&topic, false)
            .await
            .and_then(|t| t.map_err(|code| Error::kafka(code, None)))
            .map_err(|e| Error::Other(format!("Failed to describe topic '{topic}': {e}")))?;
        for p in &info.partitions {
            if args.partition.is_some_and(|want| want != p.index) {
                continue;
            }
            let target = match args.broker_id {
                Some(b) if p.replicas.contains(&b) => b,
                Some(_) => continue,
                None => p.leader,
            };
            out.entry((target, topic.clone()))
                .or_default()
                .push(p.index);
        }
        if let Some(want) = args.partition {
            if info.partition(want).is_none() {
                return Err(Error::Other(format!(
                    "partition {} does not exist",
                    topic_partition(&topic, want)
                )));
            }
        }
    }
    Ok(out)
}

/// Whether `p` has an open transaction whose last write is older than the
/// maximum transaction timeout.
fn is_candidate(p: &ProducerState, now_ms: i64, max_timeout_ms: i64) -> bool {
    p.current_txn_start_offset >= 0 && now_ms - p.last_timestamp > max_timeout_ms
}

/// The candidates whose coordinator will not end them (see the invariant).
fn hanging_transactions(
    candidates: Vec<OpenTransaction>,
    ids: &HashMap<i64, String>,
    descriptions: &HashMap<String, Option<Description>>,
) -> Vec<OpenTransaction> {
    candidates
        .into_iter()
        .filter(|c| {
            let Some(id) = ids.get(&c.producer.producer_id) else {
                return true;
            };
            let Some(Some(d)) = descriptions.get(id) else {
                return true;
            };
            !d.topics
                .iter()
                .any(|t| t.topic == c.topic && t.partitions.contains(&c.partition))
        })
        .collect()
}

fn rows(hanging: &[OpenTransaction], now_ms: i64) -> Vec<Vec<String>> {
    hanging
        .iter()
        .map(|t| {
            let p = &t.producer;
            vec![
                t.topic.clone(),
                t.partition.to_string(),
                p.producer_id.to_string(),
                p.producer_epoch.to_string(),
                p.coordinator_epoch.to_string(),
                p.current_txn_start_offset.to_string(),
                p.last_timestamp.to_string(),
                ((now_ms - p.last_timestamp) / 60_000).to_string(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::messages::describe_transactions_response::TopicData;

    fn open(topic: &str, partition: i32, pid: i64, start: i64, last: i64) -> OpenTransaction {
        OpenTransaction {
            topic: topic.into(),
            partition,
            producer: ProducerState {
                producer_id: pid,
                producer_epoch: 1,
                coordinator_epoch: -1,
                current_txn_start_offset: start,
                last_timestamp: last,
                ..Default::default()
            },
        }
    }

    #[test]
    fn candidates_are_open_and_older_than_the_timeout() {
        let minute = 60_000;
        let now = 100 * minute;
        let c =
            |start, last| is_candidate(&open("t", 0, 1, start, last).producer, now, 15 * minute);
        assert!(c(10, now - 16 * minute));
        assert!(
            !c(10, now - 15 * minute),
            "exactly the timeout is not older"
        );
        assert!(!c(-1, now - 60 * minute), "no open transaction");
    }

    #[test]
    fn a_transaction_hangs_when_its_coordinator_does_not_know_its_partition() {
        let candidates = vec![
            open("t", 0, 1, 5, 0), // no transactional id has producer 1
            open("t", 0, 2, 6, 0), // its id is not found
            open("t", 0, 3, 7, 0), // its id's transaction is on t-1 only
            open("t", 1, 3, 8, 0), // ... which is this one: not hanging
        ];
        let ids: HashMap<i64, String> = [(2, "gone".to_string()), (3, "live".to_string())].into();
        let live = Description {
            transactional_id: "live".into(),
            topics: vec![TopicData {
                topic: "t".into(),
                partitions: vec![1],
                ..Default::default()
            }],
            ..Default::default()
        };
        let descriptions: HashMap<String, Option<Description>> =
            [("gone".to_string(), None), ("live".to_string(), Some(live))].into();
        let hanging: Vec<(i64, i32)> = hanging_transactions(candidates, &ids, &descriptions)
            .iter()
            .map(|t| (t.producer.producer_id, t.partition))
            .collect();
        assert_eq!(hanging, vec![(1, 0), (2, 0), (3, 0)]);
    }

    #[test]
    fn rows_have_kafkas_columns_and_minutes() {
        let rows = rows(&[open("t", 4, 9, 42, 1_000)], 1_000 + 20 * 60_000 + 59_999);
        assert_eq!(
            rows,
            vec![vec!["t", "4", "9", "1", "-1", "42", "1000", "20"]]
        );
    }
}
