//! `partitions reassign` (kafka-reassign-partitions `--execute`) and
//! `partitions reassign --cancel`: one AlterPartitionReassignments request
//! naming every partition, with its target replicas or (to cancel) none,
//! and Kafka's lines for the answer.
//!
//! Invariants: each partition gets exactly one result, an error when the
//! broker did not answer for it; the success line is printed only when no
//! partition failed, and then names them all; `--disallow-replication-factor-change`
//! is refused (not silently dropped) by a broker without v1.

use protocol::messages::alter_partition_reassignments_request::{
    ReassignablePartition, ReassignableTopic,
};
use protocol::messages::alter_partition_reassignments_response::ReassignableTopicResponse;
use protocol::messages::{AlterPartitionReassignmentsRequest, ApiKey};

use super::*;

#[derive(Args, Debug)]
pub(super) struct ReassignArgs {
    /// Kafka's reassignment JSON, e.g.
    /// {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,3]}]}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["partition", "replicas"])]
    pub reassignment_json_file: Option<PathBuf>,
    /// One partition's topic (with --partition, and --replicas unless --cancel).
    #[arg(long, value_name = "TOPIC", requires = "partition")]
    pub topic: Option<String>,
    /// The partition's number.
    #[arg(long, value_name = "P", requires = "topic",
          value_parser = clap::value_parser!(i32).range(0..))]
    pub partition: Option<i32>,
    /// The partition's new replicas, the preferred leader first.
    #[arg(long, value_name = "ID,ID...", value_delimiter = ',', requires = "topic",
          conflicts_with = "cancel", value_parser = clap::value_parser!(i32).range(0..))]
    pub replicas: Vec<i32>,
    /// Cancel the partitions' moves: they keep the replicas they had before.
    #[arg(long)]
    pub cancel: bool,
    /// Refuse a target with another number of replicas than the partition
    /// has (AlterPartitionReassignments v1).
    #[arg(long, conflicts_with = "cancel")]
    pub disallow_replication_factor_change: bool,
}

/// Starts moving each of `targets` to its replicas.
pub(super) async fn reassign(
    client: &mut Client,
    targets: &[Target],
    allow_replication_factor_change: bool,
) -> Result<Outcome> {
    if !allow_replication_factor_change
        && client.version(ApiKey::AlterPartitionReassignments).await? < 1
    {
        return Err(Error::Other(
            "the broker does not support --disallow-replication-factor-change (AlterPartitionReassignments v1)".into(),
        ));
    }
    let results = alter(client, targets, false, allow_replication_factor_change).await?;
    Ok(report(&results, false))
}

/// Cancels the moves of `targets`.
pub(super) async fn cancel(client: &mut Client, targets: &[Target]) -> Result<Outcome> {
    let results = alter(client, targets, true, true).await?;
    Ok(report(&results, true))
}

/// The partition's name and, if the broker refused it, why.
type PartitionResult = (String, Option<String>);

/// AlterPartitionReassignments of `targets` (`cancel`: with null replicas):
/// per partition in (topic, partition) order, its result.
async fn alter(
    client: &mut Client,
    targets: &[Target],
    cancel: bool,
    allow_replication_factor_change: bool,
) -> Result<Vec<PartitionResult>> {
    let mut topics: BTreeMap<&str, Vec<ReassignablePartition>> = BTreeMap::new();
    for t in targets {
        topics
            .entry(&t.topic)
            .or_default()
            .push(ReassignablePartition {
                partition_index: t.partition,
                replicas: (!cancel).then(|| t.replicas.clone()),
                ..Default::default()
            });
    }
    let request = AlterPartitionReassignmentsRequest {
        timeout_ms: SERVER_TIMEOUT_MS,
        allow_replication_factor_change,
        topics: topics
            .into_iter()
            .map(|(name, partitions)| ReassignableTopic {
                name: name.to_string(),
                partitions,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = expect_body!(
        client
            .send(RequestBody::AlterPartitionReassignments(request))
            .await?,
        AlterPartitionReassignments
    )?;
    if response.error_code != errors::NONE {
        return Err(Error::kafka(response.error_code, response.error_message));
    }
    Ok(results(targets, response.responses))
}

/// Per partition of `targets` in (topic, partition) order, its result in
/// the broker's `responses`.
fn results(targets: &[Target], responses: Vec<ReassignableTopicResponse>) -> Vec<PartitionResult> {
    let mut answers: BTreeMap<(String, i32), Option<String>> = BTreeMap::new();
    for t in responses {
        for p in t.partitions {
            let error = (p.error_code != errors::NONE)
                .then(|| error_message(p.error_code, p.error_message.as_deref()));
            answers.insert((t.name.clone(), p.partition_index), error);
        }
    }
    let mut results: Vec<(&Target, Option<String>)> = targets
        .iter()
        .map(|t| {
            let answer = answers
                .remove(&(t.topic.clone(), t.partition))
                .unwrap_or_else(|| Some("The broker did not answer for this partition.".into()));
            (t, answer)
        })
        .collect();
    results.sort_by(|(a, _), (b, _)| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
    results.into_iter().map(|(t, e)| (t.name(), e)).collect()
}

/// What Kafka's tool prints of a partition's error (the exception's
/// message): the broker's message, else Kafka's default one for the code.
fn error_message(code: i16, message: Option<&str>) -> String {
    match message.map(str::trim) {
        Some(m) if !m.is_empty() => m.to_string(),
        _ => match protocol::error::ErrorCode::of(code) {
            Some(e) => e.message.to_string(),
            None => errors::describe(code, None),
        },
    }
}

/// Kafka's lines for `results`: the success line naming every partition,
/// or the failed partitions, one a line with their error.
fn report(results: &[PartitionResult], cancel: bool) -> Outcome {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, error)| error.as_ref().map(|e| format!("{name}: {e}\n")))
        .collect();
    if failed.is_empty() {
        let names: Vec<&str> = results.iter().map(|(name, _)| name.as_str()).collect();
        let s = plural(names.len());
        let names = names.join(",");
        return Ok(if cancel {
            format!("Successfully cancelled partition reassignment{s} for: {names}\n")
        } else {
            format!("Successfully started partition reassignment{s} for {names}\n")
        });
    }
    let header = if cancel {
        format!(
            "Error cancelling partition reassignment{} for:\n",
            plural(failed.len())
        )
    } else {
        "Error reassigning partition(s):\n".to_string()
    };
    Err(header + &failed.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::messages::alter_partition_reassignments_response::ReassignablePartitionResponse;

    fn ok(name: &str) -> PartitionResult {
        (name.into(), None)
    }

    fn failed(name: &str, why: &str) -> PartitionResult {
        (name.into(), Some(why.into()))
    }

    #[test]
    fn success_lines_are_kafkas() {
        assert_eq!(
            report(&[ok("t-0"), ok("t-1")], false),
            Ok("Successfully started partition reassignments for t-0,t-1\n".into())
        );
        assert_eq!(
            report(&[ok("t-0")], false),
            Ok("Successfully started partition reassignment for t-0\n".into())
        );
        assert_eq!(
            report(&[ok("t-0")], true),
            Ok("Successfully cancelled partition reassignment for: t-0\n".into())
        );
        assert_eq!(
            report(&[ok("a-3"), ok("b-0")], true),
            Ok("Successfully cancelled partition reassignments for: a-3,b-0\n".into())
        );
    }

    #[test]
    fn failures_name_only_the_failed_partitions() {
        let results = [ok("t-0"), failed("t-1", "no"), failed("u-0", "never")];
        assert_eq!(
            report(&results, false),
            Err("Error reassigning partition(s):\nt-1: no\nu-0: never\n".into())
        );
        assert_eq!(
            report(&results, true),
            Err("Error cancelling partition reassignments for:\nt-1: no\nu-0: never\n".into())
        );
        assert_eq!(
            report(&[failed("t-0", "no")], true),
            Err("Error cancelling partition reassignment for:\nt-0: no\n".into())
        );
    }

    #[test]
    fn every_partition_gets_one_result_in_order() {
        let target = |topic: &str, partition| Target {
            topic: topic.into(),
            partition,
            replicas: vec![1],
        };
        let answer = |partition_index, error_code| ReassignablePartitionResponse {
            partition_index,
            error_code,
            error_message: None,
            ..Default::default()
        };
        let responses = vec![ReassignableTopicResponse {
            name: "t".into(),
            partitions: vec![
                answer(1, errors::NONE),
                answer(0, errors::NO_REASSIGNMENT_IN_PROGRESS),
                answer(9, errors::NONE),
            ],
            ..Default::default()
        }];
        assert_eq!(
            results(&[target("u", 0), target("t", 1), target("t", 0)], responses),
            vec![
                failed("t-0", "No partition reassignment is in progress."),
                ok("t-1"),
                failed("u-0", "The broker did not answer for this partition."),
            ]
        );
    }

    #[test]
    fn errors_read_as_kafkas_exceptions() {
        assert_eq!(
            error_message(errors::NO_REASSIGNMENT_IN_PROGRESS, None),
            "No partition reassignment is in progress."
        );
        assert_eq!(
            error_message(errors::NO_REASSIGNMENT_IN_PROGRESS, Some(" ")),
            "No partition reassignment is in progress."
        );
        assert_eq!(
            error_message(
                errors::INVALID_REPLICA_ASSIGNMENT,
                Some("broker 7 is unknown")
            ),
            "broker 7 is unknown"
        );
        assert!(error_message(i16::MAX, None).contains("32767"));
    }
}
