//! `tributary topics truncate TOPIC --partition P --before OFFSET`: Kafka's
//! kafka-delete-records.sh. A DeleteRecords request to each partition's
//! leader moves its log start offset (low watermark) up to OFFSET: records
//! below it can no longer be read, and consumers starting from the
//! beginning start there.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use clap::Args;
use protocol::messages::delete_records_request::{DeleteRecordsPartition, DeleteRecordsTopic};
use protocol::messages::{ApiKey, DeleteRecordsRequest, RequestBody};

use crate::client::{
    expect_body, Client, Error, Result, TopicInfo, LATEST_TIMESTAMP, SERVER_TIMEOUT_MS,
};
use crate::errors;

/// DeleteRecords' offset for "every committed record" (Kafka's
/// `DeleteRecordsRequest.HIGH_WATERMARK`).
const HIGH_WATERMARK: i64 = -1;
/// Sends per partition: leadership may move between Metadata and DeleteRecords.
const ATTEMPTS: usize = 3;
const RETRY_BACKOFF: Duration = Duration::from_millis(500);

#[derive(Args, Debug)]
pub struct TruncateArgs {
    #[arg(value_name = "NAME", required_unless_present = "topic")]
    name: Option<String>,
    /// Same as NAME (kafka-topics.sh spelling).
    #[arg(long = "topic", value_name = "NAME", conflicts_with = "name")]
    topic: Option<String>,
    /// The partition to truncate.
    #[arg(long, value_name = "P", value_parser = clap::value_parser!(i32).range(0..),
          required_unless_present = "all_partitions")]
    partition: Option<i32>,
    /// Truncate every partition of the topic, each before OFFSET.
    #[arg(long, conflicts_with = "partition")]
    all_partitions: bool,
    /// Delete the records before this offset; -1: every committed record
    /// (up to the high watermark).
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true, value_parser = parse_before)]
    before: i64,
}

fn parse_before(s: &str) -> std::result::Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(offset) if offset >= HIGH_WATERMARK => Ok(offset),
        Ok(offset) => Err(format!(
            "offset {offset} is negative (use -1 for the high watermark)"
        )),
        Err(_) => Err(format!("'{s}' is not an offset")),
    }
}

/// Truncates the chosen partitions and prints `Partition P: low watermark N`
/// for each; fails if any partition could not be truncated.
pub async fn run(client: &mut Client, a: TruncateArgs) -> Result<()> {
    let name = a.name.or(a.topic).unwrap_or_default();
    let topic = client.existing_topic(&name).await?;
    let partitions = match a.partition {
        Some(p) if topic.partition(p).is_none() => {
            return Err(Error::kafka(
                errors::UNKNOWN_TOPIC_OR_PARTITION,
                Some(format!(
                    "Topic '{name}' has no partition {p} (it has {}).",
                    topic.partitions.len()
                )),
            ));
        }
        Some(p) => vec![p],
        None => topic.partitions.iter().map(|p| p.index).collect(),
    };
    let results = delete_with_retries(client, topic, &partitions, a.before).await?;
    let mut failed = 0;
    for (p, result) in results {
        match result {
            Ok(low_watermark) => print(&format!("Partition {p}: low watermark {low_watermark}\n")),
            Err(code) => {
                failed += 1;
                let why = explain(client, &name, p, a.before, code).await;
                eprintln!("Partition {p}: {why}");
            }
        }
    }
    if failed > 0 {
        return Err(Error::Other(format!(
            "{failed} of {} partitions of '{name}' were not truncated",
            partitions.len()
        )));
    }
    Ok(())
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// DeleteRecords for `partitions`, sent again (after a metadata refresh) to
/// those whose leader moved. Per partition: the low watermark or the error.
async fn delete_with_retries(
    client: &mut Client,
    mut topic: TopicInfo,
    partitions: &[i32],
    before: i64,
) -> Result<BTreeMap<i32, std::result::Result<i64, i16>>> {
    let mut results = BTreeMap::new();
    let mut pending = partitions.to_vec();
    for attempt in 1..=ATTEMPTS {
        results.extend(delete_on_leaders(client, &topic, &pending, before).await?);
        pending.retain(|p| matches!(results.get(p), Some(Err(c)) if errors::is_stale_metadata(*c)));
        if pending.is_empty() || attempt == ATTEMPTS {
            break;
        }
        tokio::time::sleep(RETRY_BACKOFF).await;
        topic = client.existing_topic(&topic.name).await?;
    }
    Ok(results)
}

/// One DeleteRecords request per leader of `partitions`.
async fn delete_on_leaders(
    client: &mut Client,
    topic: &TopicInfo,
    partitions: &[i32],
    before: i64,
) -> Result<BTreeMap<i32, std::result::Result<i64, i16>>> {
    let mut out = BTreeMap::new();
    let mut by_leader: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for &p in partitions {
        match topic.partition(p) {
            Some(info) if info.leader >= 0 => by_leader.entry(info.leader).or_default().push(p),
            Some(_) => {
                out.insert(p, Err(errors::LEADER_NOT_AVAILABLE));
            }
            None => {
                out.insert(p, Err(errors::UNKNOWN_TOPIC_OR_PARTITION));
            }
        }
    }
    for (leader, parts) in by_leader {
        // Fails with a clear message on a broker without DeleteRecords.
        client.node_version(leader, ApiKey::DeleteRecords).await?;
        let request = DeleteRecordsRequest {
            topics: vec![DeleteRecordsTopic {
                name: topic.name.clone(),
                partitions: parts
                    .iter()
                    .map(|&p| DeleteRecordsPartition {
                        partition_index: p,
                        offset: before,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }],
            timeout_ms: SERVER_TIMEOUT_MS,
            ..Default::default()
        };
        let response = expect_body!(
            client
                .send_to(leader, RequestBody::DeleteRecords(request))
                .await?,
            DeleteRecords
        )?;
        for t in response.topics.iter().filter(|t| t.name == topic.name) {
            for p in &t.partitions {
                let value = if p.error_code == errors::NONE {
                    Ok(p.low_watermark)
                } else {
                    Err(p.error_code)
                };
                out.insert(p.partition_index, value);
            }
        }
        for p in parts {
            out.entry(p).or_insert(Err(errors::UNKNOWN_SERVER_ERROR));
        }
    }
    Ok(out)
}

/// Why partition `p` was not truncated, in the user's terms when we can.
async fn explain(client: &mut Client, topic: &str, p: i32, before: i64, code: i16) -> String {
    if code == errors::OFFSET_OUT_OF_RANGE {
        let high_watermark = match client.existing_topic(topic).await {
            Ok(info) => client
                .list_offsets(&info, &[p], LATEST_TIMESTAMP)
                .await
                .ok()
                .and_then(|m| m.get(&p).copied())
                .and_then(|r| r.ok()),
            Err(_) => None,
        };
        if let Some(hw) = high_watermark {
            return format!(
                "offset {before} is past the high watermark {hw}: only records up to it can be deleted (--before {hw} or -1 deletes them all)"
            );
        }
    }
    errors::describe(code, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_takes_offsets_and_minus_one() {
        assert_eq!(parse_before("40"), Ok(40));
        assert_eq!(parse_before("0"), Ok(0));
        assert_eq!(parse_before("-1"), Ok(HIGH_WATERMARK));
        assert!(parse_before("-2").unwrap_err().contains("negative"));
        assert!(parse_before("forty").unwrap_err().contains("not an offset"));
    }
}
