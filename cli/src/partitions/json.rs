//! Kafka's partition reassignment JSON (kafka-reassign-partitions'
//! `--reassignment-json-file`): `{"version":1,"partitions":[{"topic":"t",
//! "partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]}]}`, read
//! into [`Target`]s, and the checks Kafka's tool makes of them.
//!
//! Invariants: `version` is 1 or absent; `log_dirs`, when present, has one
//! entry per replica and every entry is "any" (tributary does not move
//! replicas between log directories, so another directory is refused, not
//! ignored); a checked list names at least one partition, each once.

use std::collections::BTreeSet;

use serde_json::Value;

use super::topic_partition;

/// Kafka's log directory for "wherever the broker puts it".
const ANY_LOG_DIR: &str = "any";

/// One partition and the replicas it should have (empty for a cancel named
/// by flags).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    pub topic: String,
    pub partition: i32,
    pub replicas: Vec<i32>,
}

impl Target {
    pub fn name(&self) -> String {
        topic_partition(&self.topic, self.partition)
    }
}

/// The partitions of a reassignment JSON document, in the file's order.
pub(super) fn parse(text: &str) -> Result<Vec<Target>, String> {
    let json: Value = serde_json::from_str(text)
        .map_err(|e| format!("the reassignment file is not valid JSON: {e}"))?;
    let Some(doc) = json.as_object() else {
        return Err(
            r#"the reassignment file must be an object: {"version":1,"partitions":[...]}"#.into(),
        );
    };
    match doc.get("version") {
        None => {}
        Some(v) if v.as_i64() == Some(1) => {}
        Some(v) => return Err(format!("Not supported version field value {v}")),
    }
    let entries = match doc.get("partitions") {
        None => return Ok(Vec::new()),
        Some(Value::Array(entries)) => entries,
        Some(_) => return Err(r#"the reassignment file's "partitions" must be a list"#.into()),
    };
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| parse_entry(entry).map_err(|e| format!("partitions[{i}]: {e}")))
        .collect()
}

fn parse_entry(entry: &Value) -> Result<Target, String> {
    let topic = entry
        .get("topic")
        .and_then(Value::as_str)
        .ok_or(r#"no "topic" (a string)"#)?;
    let partition = entry
        .get("partition")
        .and_then(Value::as_i64)
        .and_then(|p| i32::try_from(p).ok())
        .filter(|p| *p >= 0)
        .ok_or(r#"no "partition" (a partition number)"#)?;
    let name = topic_partition(topic, partition);
    let replicas: Vec<i32> = entry
        .get("replicas")
        .and_then(Value::as_array)
        .and_then(|ids| {
            ids.iter()
                .map(|id| id.as_i64().and_then(|id| i32::try_from(id).ok()))
                .collect()
        })
        .ok_or_else(|| format!(r#"{name} has no "replicas" (a list of broker ids)"#))?;
    if let Some(dirs) = entry.get("log_dirs") {
        let dirs: Vec<&str> = dirs
            .as_array()
            .and_then(|dirs| dirs.iter().map(Value::as_str).collect())
            .ok_or_else(|| format!(r#"{name}: "log_dirs" must be a list of strings"#))?;
        if dirs.len() != replicas.len() {
            return Err(format!(
                "Size of replicas list {replicas:?} is different from size of log dirs list {dirs:?} for partition {name}"
            ));
        }
        if let Some((broker, dir)) = replicas.iter().zip(&dirs).find(|(_, d)| **d != ANY_LOG_DIR) {
            return Err(format!(
                r#"{name} puts the replica of broker {broker} in log dir "{dir}": tributary does not move replicas between log directories; use "any" there (or leave "log_dirs" out)"#
            ));
        }
    }
    Ok(Target {
        topic: topic.to_string(),
        partition,
        replicas,
    })
}

/// Kafka's checks of the partitions to act on: at least one, each named
/// once, and (`with_replicas`: to move them, not to cancel or verify) each
/// with a non-empty replica list without duplicates.
pub(super) fn check(targets: &[Target], with_replicas: bool) -> Result<(), String> {
    if targets.is_empty() {
        return Err("Partition reassignment list cannot be empty".into());
    }
    let mut seen = BTreeSet::new();
    let twice: Vec<String> = targets
        .iter()
        .filter(|t| !seen.insert((&t.topic, t.partition)))
        .map(Target::name)
        .collect();
    if !twice.is_empty() {
        return Err(format!(
            "Partition reassignment contains duplicate topic partitions: {}",
            twice.join(",")
        ));
    }
    if !with_replicas {
        return Ok(());
    }
    if targets.iter().any(|t| t.replicas.is_empty()) {
        return Err("Partition replica list cannot be empty".into());
    }
    let repeats: Vec<String> = targets
        .iter()
        .filter_map(|t| {
            let mut seen = BTreeSet::new();
            let twice: BTreeSet<i32> = t
                .replicas
                .iter()
                .copied()
                .filter(|r| !seen.insert(*r))
                .collect();
            (!twice.is_empty()).then(|| {
                let ids: Vec<String> = twice.iter().map(i32::to_string).collect();
                format!(
                    "{} contains multiple entries for {}",
                    t.name(),
                    ids.join(",")
                )
            })
        })
        .collect();
    if !repeats.is_empty() {
        return Err(format!(
            "Partition replica lists may not contain duplicate entries: {}",
            repeats.join(". ")
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::partitions) fn target(topic: &str, partition: i32, replicas: &[i32]) -> Target {
        Target {
            topic: topic.into(),
            partition,
            replicas: replicas.to_vec(),
        }
    }

    #[test]
    fn kafkas_file_is_read() {
        let text = r#"{"version":1,"partitions":[
            {"topic":"t","partition":0,"replicas":[1,2,3]},
            {"topic":"u","partition":2,"replicas":[3],"log_dirs":["any"]}]}"#;
        assert_eq!(
            parse(text).unwrap(),
            vec![target("t", 0, &[1, 2, 3]), target("u", 2, &[3])]
        );
        // The version is optional, as in Kafka; no partitions is an empty list.
        assert_eq!(
            parse(r#"{"partitions":[{"topic":"t","partition":1,"replicas":[]}]}"#).unwrap(),
            vec![target("t", 1, &[])]
        );
        assert_eq!(parse(r#"{"version":1}"#).unwrap(), vec![]);
    }

    #[test]
    fn log_dirs_other_than_any_are_refused() {
        let err = parse(
            r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","/data/b"]}]}"#,
        )
        .unwrap_err();
        assert!(
            err.contains(r#"t-0 puts the replica of broker 2 in log dir "/data/b""#),
            "{err}"
        );
        assert!(
            err.contains("does not move replicas between log directories"),
            "{err}"
        );
        let err = parse(
            r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            r#"partitions[0]: Size of replicas list [1, 2] is different from size of log dirs list ["any"] for partition t-0"#
        );
    }

    #[test]
    fn malformed_files_are_explained() {
        let err = |text: &str| parse(text).unwrap_err();
        assert!(err("{").starts_with("the reassignment file is not valid JSON"));
        assert!(err("[]").contains("must be an object"));
        assert_eq!(
            err(r#"{"version":2}"#),
            "Not supported version field value 2"
        );
        assert!(err(r#"{"partitions":{}}"#).contains("must be a list"));
        assert_eq!(
            err(r#"{"partitions":[{"partition":0,"replicas":[1]}]}"#),
            r#"partitions[0]: no "topic" (a string)"#
        );
        assert!(
            err(r#"{"partitions":[{"topic":"t","partition":-1,"replicas":[1]}]}"#)
                .contains(r#"no "partition""#)
        );
        assert!(
            err(r#"{"partitions":[{"topic":"t","partition":0,"replicas":["1"]}]}"#)
                .contains(r#"t-0 has no "replicas""#)
        );
        assert!(err(
            r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1],"log_dirs":"any"}]}"#
        )
        .contains(r#""log_dirs" must be a list"#));
    }

    #[test]
    fn kafkas_checks_are_made() {
        assert_eq!(
            check(&[], false).unwrap_err(),
            "Partition reassignment list cannot be empty"
        );
        assert_eq!(
            check(&[target("t", 0, &[1]), target("t", 0, &[2])], false).unwrap_err(),
            "Partition reassignment contains duplicate topic partitions: t-0"
        );
        // A cancel names no replicas.
        assert!(check(&[target("t", 0, &[])], false).is_ok());
        assert_eq!(
            check(&[target("t", 0, &[])], true).unwrap_err(),
            "Partition replica list cannot be empty"
        );
        assert_eq!(
            check(&[target("t", 0, &[1, 2, 1]), target("t", 1, &[3, 3])], true).unwrap_err(),
            "Partition replica lists may not contain duplicate entries: t-0 contains multiple entries for 1. t-1 contains multiple entries for 3"
        );
        assert!(check(&[target("t", 0, &[1, 2]), target("t", 1, &[2, 1])], true).is_ok());
    }
}
