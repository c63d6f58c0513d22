//! `tributary quotas alter|describe`: client quotas, as `kafka-configs
//! --entity-type users|clients --alter|--describe` manages them
//! (AlterClientQuotas, DescribeClientQuotas). This file owns the flags,
//! their translation into one AlterClientQuotas entry (`alter`) or one
//! DescribeClientQuotas filter (`describe`), and how quotas are printed.
//! The entity types and the rules of an entity (`metadata::client_quota`)
//! and the names of the served keys (`broker::client_quota_manager`) are the
//! broker's own, declared there once.
//!
//! Invariants: a translation error is a usage error (exit 2) found before
//! connecting; `alter` sends exactly one entry, whose entity passes
//! `client_quota::entity` and whose keys are each named once, and it never
//! judges a key or a value's range itself: the broker's refusal (e.g.
//! INVALID_REQUEST for an unknown key or a fractional byte rate) is printed
//! as it comes, exit 1.
//! Printed values carry no trailing `.0` when whole.

use clap::{ArgGroup, Args, Subcommand};
use protocol::messages::alter_client_quotas_request::{
    EntityData as AlterEntity, EntryData as AlterEntry, OpData,
};
use protocol::messages::describe_client_quotas_request::ComponentData;
use protocol::messages::describe_client_quotas_response::EntryData as DescribedEntry;
use protocol::messages::{AlterClientQuotasRequest, DescribeClientQuotasRequest, RequestBody};

use broker::client_quota_manager::{CONSUMER_BYTE_RATE, PRODUCER_BYTE_RATE};
use metadata::client_quota::{self, Entity, CLIENT_ID, MATCH_DEFAULT, MATCH_EXACT, USER};

use crate::client::{expect_body, Client, ConnectArgs, Error, Result};
use crate::errors;

#[derive(Args, Debug)]
pub struct QuotasArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: QuotasCommand,
}

/// The ids of the entity flags, grouped as `entity` by both subcommands.
const ENTITY_FLAGS: [&str; 4] = ["user", "user_default", "client_id", "client_id_default"];

#[derive(Subcommand, Debug)]
enum QuotasCommand {
    /// Set (--add) and remove (--delete) quota values of a user, a client
    /// id or both (kafka-configs --alter --entity-type users|clients).
    #[command(
        group(ArgGroup::new("entity").required(true).multiple(true).args(ENTITY_FLAGS)),
        group(ArgGroup::new("change").required(true).multiple(true).args(["add", "delete"]))
    )]
    Alter(AlterArgs),
    /// The quotas, one entity a line with its values (kafka-configs
    /// --describe). Without an entity flag: every entity.
    #[command(group(ArgGroup::new("entity").multiple(true).args(ENTITY_FLAGS)))]
    Describe(DescribeArgs),
}

/// The entity a command names: a user, a client id or both, each by name
/// or the default (`<default>`).
#[derive(Args, Debug)]
struct EntityArgs {
    /// A user (the principal's name, e.g. alice for User:alice).
    #[arg(long, value_name = "NAME", conflicts_with = "user_default")]
    user: Option<String>,
    /// The default user: each user without a quota of its own.
    #[arg(long)]
    user_default: bool,
    /// A client id.
    #[arg(long, value_name = "NAME", conflicts_with = "client_id_default")]
    client_id: Option<String>,
    /// The default client id: each client id without a quota of its own.
    #[arg(long)]
    client_id_default: bool,
}

#[derive(Args, Debug)]
struct AlterArgs {
    #[command(flatten)]
    entity: EntityArgs,
    /// Quota values to set: KEY=VALUE[,KEY=VALUE...], e.g.
    /// producer_byte_rate=1048576 (bytes per second) or request_percentage=50
    /// (percent of one request handler thread).
    #[arg(long, alias = "add-config", value_name = "KEY=VALUE",
          value_delimiter = ',', value_parser = parse_setting)]
    add: Vec<(String, f64)>,
    /// Quota keys to remove: KEY[,KEY...].
    #[arg(long, alias = "delete-config", value_name = "KEY",
          value_delimiter = ',', value_parser = parse_key)]
    delete: Vec<String>,
}

#[derive(Args, Debug)]
struct DescribeArgs {
    #[command(flatten)]
    entity: EntityArgs,
    /// Only the entities with exactly the parts named (without it,
    /// `--user alice` also shows alice's quotas per client id).
    #[arg(long, requires = "entity")]
    strict: bool,
}

/// How a default entity part is printed, as Kafka's tools print it.
const DEFAULT_NAME: &str = "<default>";

/// The keys in the order they are printed, before any other key.
const KEY_ORDER: [&str; 2] = [PRODUCER_BYTE_RATE, CONSUMER_BYTE_RATE];

fn parse_key(s: &str) -> Result<String, String> {
    let key = s.trim();
    if key.is_empty() {
        return Err("an empty quota key".into());
    }
    Ok(key.to_string())
}

fn parse_setting(s: &str) -> Result<(String, f64), String> {
    let Some((key, value)) = s.split_once('=') else {
        return Err("not KEY=VALUE".into());
    };
    let key = parse_key(key)?;
    match value.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok((key, v)),
        _ => Err(format!("the value of {key} is not a number")),
    }
}

impl EntityArgs {
    /// The parts named, as (type, name), `None` the default.
    fn parts(&self) -> Vec<(String, Option<String>)> {
        let mut parts = Vec::new();
        if self.user.is_some() || self.user_default {
            parts.push((USER.to_string(), self.user.clone()));
        }
        if self.client_id.is_some() || self.client_id_default {
            parts.push((CLIENT_ID.to_string(), self.client_id.clone()));
        }
        parts
    }
}

/// The one AlterClientQuotas entry `alter` sends, with its entity checked
/// as the broker checks it and each key named once.
fn alter_entry(args: &AlterArgs) -> Result<AlterEntry, String> {
    let entity = client_quota::entity(args.entity.parts())?;
    let mut ops: Vec<OpData> = Vec::new();
    let adds = args.add.iter().map(|(k, v)| (k, Some(*v)));
    let deletes = args.delete.iter().map(|k| (k, None));
    for (key, value) in adds.chain(deletes) {
        if ops.iter().any(|o| o.key == *key) {
            return Err(format!("{key} is named twice: set it or delete it once"));
        }
        ops.push(OpData {
            key: key.clone(),
            value: value.unwrap_or(0.0),
            remove: value.is_none(),
            ..Default::default()
        });
    }
    Ok(AlterEntry {
        entity: entity
            .into_iter()
            .map(|(entity_type, entity_name)| AlterEntity {
                entity_type,
                entity_name,
                ..Default::default()
            })
            .collect(),
        ops,
        ..Default::default()
    })
}

/// The DescribeClientQuotas filter `describe` sends: a component per part
/// named (none: every entity).
fn describe_request(args: &DescribeArgs) -> DescribeClientQuotasRequest {
    let components = args
        .entity
        .parts()
        .into_iter()
        .map(|(entity_type, name)| ComponentData {
            entity_type,
            match_type: if name.is_some() {
                MATCH_EXACT
            } else {
                MATCH_DEFAULT
            },
            r#match: name,
            ..Default::default()
        })
        .collect();
    DescribeClientQuotasRequest {
        components,
        strict: args.strict,
        ..Default::default()
    }
}

/// A value as written: `1048576`, not `1048576.0`; `0.5` stays.
fn format_value(value: f64) -> String {
    // f64's Display writes whole numbers without a fraction and never an
    // exponent.
    format!("{value}")
}

/// Where a part's type comes in a printed entity: user, then client id,
/// then any other.
fn part_rank(kind: &str) -> usize {
    match kind {
        USER => 0,
        CLIENT_ID => 1,
        _ => 2,
    }
}

/// An entity as printed: `user=alice client-id=<default>`.
fn entity_label(parts: &[(String, Option<String>)]) -> String {
    let mut parts: Vec<&(String, Option<String>)> = parts.iter().collect();
    parts.sort_by(|a, b| (part_rank(&a.0), &a.0).cmp(&(part_rank(&b.0), &b.0)));
    parts
        .iter()
        .map(|(kind, name)| format!("{kind}={}", name.as_deref().unwrap_or(DEFAULT_NAME)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a key comes among an entity's values: the served keys first, in
/// `KEY_ORDER`, then the others by name.
fn key_rank(key: &str) -> usize {
    KEY_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(KEY_ORDER.len())
}

/// One described entity's line: its label, two spaces, its values.
fn entity_line(entry: &DescribedEntry) -> String {
    let parts: Entity = entry
        .entity
        .iter()
        .map(|e| (e.entity_type.clone(), e.entity_name.clone()))
        .collect();
    let mut values: Vec<(&str, f64)> = entry
        .values
        .iter()
        .map(|v| (v.key.as_str(), v.value))
        .collect();
    values.sort_by(|a, b| (key_rank(a.0), a.0).cmp(&(key_rank(b.0), b.0)));
    let values: Vec<String> = values
        .iter()
        .map(|(k, v)| format!("{k}={}", format_value(*v)))
        .collect();
    format!("{}  {}", entity_label(&parts), values.join(" "))
}

/// The sort key of a printed entity: users before client ids, defaults
/// before names (an entity without a user first).
fn entity_order(entry: &DescribedEntry) -> Vec<(usize, Option<Option<String>>)> {
    [USER, CLIENT_ID]
        .iter()
        .map(|kind| {
            let part = entry.entity.iter().find(|e| e.entity_type == *kind);
            (part_rank(kind), part.map(|e| e.entity_name.clone()))
        })
        .collect()
}

/// The described entities, one line each, in `entity_order`.
fn describe_lines(entries: &[DescribedEntry]) -> Vec<String> {
    let mut sorted: Vec<&DescribedEntry> = entries.iter().collect();
    sorted.sort_by_cached_key(|e| (entity_order(e), entity_line(e)));
    sorted.into_iter().map(entity_line).collect()
}

/// The lines `alter` prints once the broker has applied `entry`.
fn altered_lines(entry: &AlterEntry) -> Vec<String> {
    let parts: Entity = entry
        .entity
        .iter()
        .map(|e| (e.entity_type.clone(), e.entity_name.clone()))
        .collect();
    let label = entity_label(&parts);
    entry
        .ops
        .iter()
        .map(|op| {
            if op.remove {
                format!("altered {label}  deleted {}", op.key)
            } else {
                format!("altered {label}  set {}={}", op.key, format_value(op.value))
            }
        })
        .collect()
}

/// What a command sends, translated from its flags.
enum Plan {
    Alter(AlterEntry),
    Describe(DescribeClientQuotasRequest),
}

pub fn run(args: QuotasArgs) -> i32 {
    // The flags are checked before connecting: a mistake is a usage error.
    let planned = match &args.command {
        QuotasCommand::Alter(a) => alter_entry(a).map(Plan::Alter),
        QuotasCommand::Describe(d) => Ok(Plan::Describe(describe_request(d))),
    };
    let plan = match planned {
        Ok(p) => p,
        Err(e) => return crate::client::usage_error(&e),
    };
    crate::client::run_command(&args.connect, "tributary-quotas", |mut client| async move {
        match plan {
            Plan::Alter(entry) => alter(&mut client, entry).await,
            Plan::Describe(request) => describe(&mut client, request).await,
        }
    })
}

async fn alter(client: &mut Client, entry: AlterEntry) -> Result<()> {
    let lines = altered_lines(&entry);
    let response = expect_body!(
        client
            .send(RequestBody::AlterClientQuotas(AlterClientQuotasRequest {
                entries: vec![entry],
                validate_only: false,
                ..Default::default()
            }))
            .await?,
        AlterClientQuotas
    )?;
    let [answer] = response.entries.as_slice() else {
        return Err(Error::Other(format!(
            "the broker answered {} entries for 1",
            response.entries.len()
        )));
    };
    if answer.error_code != errors::NONE {
        return Err(Error::kafka(
            answer.error_code,
            answer.error_message.clone(),
        ));
    }
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

async fn describe(client: &mut Client, request: DescribeClientQuotasRequest) -> Result<()> {
    let response = expect_body!(
        client
            .send(RequestBody::DescribeClientQuotas(request))
            .await?,
        DescribeClientQuotas
    )?;
    if response.error_code != errors::NONE {
        return Err(Error::kafka(response.error_code, response.error_message));
    }
    let lines = describe_lines(&response.entries.unwrap_or_default());
    if lines.is_empty() {
        eprintln!("No client quota matched.");
    }
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use protocol::messages::describe_client_quotas_response::{EntityData, ValueData};

    #[derive(Parser, Debug)]
    struct TestCli {
        #[command(flatten)]
        quotas: QuotasArgs,
    }

    fn parse(line: &str) -> std::result::Result<QuotasCommand, clap::Error> {
        let argv = std::iter::once("quotas").chain(line.split_whitespace());
        TestCli::try_parse_from(argv).map(|c| c.quotas.command)
    }

    fn entry(line: &str) -> std::result::Result<AlterEntry, String> {
        match parse(line).unwrap_or_else(|e| panic!("{line}: {e}")) {
            QuotasCommand::Alter(a) => alter_entry(&a),
            other => panic!("{other:?}"),
        }
    }

    fn filter(line: &str) -> DescribeClientQuotasRequest {
        match parse(line).unwrap_or_else(|e| panic!("{line}: {e}")) {
            QuotasCommand::Describe(d) => describe_request(&d),
            other => panic!("{other:?}"),
        }
    }

    /// An entry's entity as (type, name) and ops as (key, value, remove).
    fn summary(e: &AlterEntry) -> (Entity, Vec<(String, f64, bool)>) {
        (
            e.entity
                .iter()
                .map(|p| (p.entity_type.clone(), p.entity_name.clone()))
                .collect(),
            e.ops
                .iter()
                .map(|o| (o.key.clone(), o.value, o.remove))
                .collect(),
        )
    }

    fn part(kind: &str, name: Option<&str>) -> (String, Option<String>) {
        (kind.to_string(), name.map(String::from))
    }

    #[test]
    fn alter_sends_one_entry_with_every_change() {
        let e =
            entry("alter --user alice --add producer_byte_rate=1048576,consumer_byte_rate=2097152")
                .unwrap();
        assert_eq!(
            summary(&e),
            (
                vec![part(USER, Some("alice"))],
                vec![
                    (PRODUCER_BYTE_RATE.into(), 1048576.0, false),
                    (CONSUMER_BYTE_RATE.into(), 2097152.0, false),
                ]
            )
        );
        let e = entry(
            "alter --client-id-default --user bob --delete consumer_byte_rate \
             --add producer_byte_rate=5e6",
        )
        .unwrap();
        // The entity is sorted as the broker keeps it; adds come first.
        assert_eq!(
            summary(&e),
            (
                vec![part(CLIENT_ID, None), part(USER, Some("bob"))],
                vec![
                    (PRODUCER_BYTE_RATE.into(), 5e6, false),
                    (CONSUMER_BYTE_RATE.into(), 0.0, true),
                ]
            )
        );
        let e = entry("alter --user-default --delete-config a,b --delete c").unwrap();
        assert_eq!(summary(&e).0, vec![part(USER, None)]);
        let keys: Vec<_> = e.ops.iter().map(|o| (o.key.as_str(), o.remove)).collect();
        assert_eq!(keys, [("a", true), ("b", true), ("c", true)]);
    }

    #[test]
    fn alter_leaves_keys_and_ranges_to_the_broker() {
        // The broker refuses an unknown key and a fractional byte rate with
        // INVALID_REQUEST; the tool sends them as given.
        let e =
            entry("alter --client-id app --add request_rate=50,producer_byte_rate=0.5").unwrap();
        assert_eq!(
            summary(&e).1,
            vec![
                ("request_rate".into(), 50.0, false),
                (PRODUCER_BYTE_RATE.into(), 0.5, false),
            ]
        );
    }

    #[test]
    fn alter_usage_errors() {
        // No entity, no change, two of a kind.
        assert!(parse("alter --add producer_byte_rate=1").is_err());
        assert!(parse("alter --user a").is_err());
        assert!(parse("alter --user a --user-default --delete k").is_err());
        assert!(parse("alter --client-id a --client-id-default --delete k").is_err());
        // Not KEY=VALUE, not a number.
        assert!(parse("alter --user a --add producer_byte_rate").is_err());
        assert!(parse("alter --user a --add producer_byte_rate=fast").is_err());
        assert!(parse("alter --user a --add producer_byte_rate=inf").is_err());
        assert!(parse("alter --user a --add =5").is_err());
        // A key named twice.
        let e = entry("alter --user a --add k=1 --delete k").unwrap_err();
        assert!(e.contains("k is named twice"), "{e}");
        assert!(entry("alter --user a --add k=1,k=2").is_err());
        // An entity the broker would refuse.
        let long = "x".repeat(client_quota::MAX_QUOTA_NAME + 1);
        assert!(entry(&format!("alter --user {long} --delete k")).is_err());
    }

    #[test]
    fn describe_filters_by_the_parts_named() {
        let all = filter("describe");
        assert!(all.components.is_empty() && !all.strict);
        let f = filter("describe --user alice --client-id-default --strict");
        let components: Vec<_> = f
            .components
            .iter()
            .map(|c| (c.entity_type.as_str(), c.match_type, c.r#match.as_deref()))
            .collect();
        assert_eq!(
            components,
            [
                (USER, MATCH_EXACT, Some("alice")),
                (CLIENT_ID, MATCH_DEFAULT, None)
            ]
        );
        assert!(f.strict);
        let f = filter("describe --client-id app");
        assert_eq!(f.components.len(), 1);
        assert_eq!(f.components[0].entity_type, CLIENT_ID);
        assert!(!f.strict);
        // --strict needs an entity; a part is named or default, not both.
        assert!(parse("describe --strict").is_err());
        assert!(parse("describe --user a --user-default").is_err());
    }

    fn described(parts: &[(&str, Option<&str>)], values: &[(&str, f64)]) -> DescribedEntry {
        DescribedEntry {
            entity: parts
                .iter()
                .map(|(k, n)| EntityData {
                    entity_type: k.to_string(),
                    entity_name: n.map(String::from),
                    ..Default::default()
                })
                .collect(),
            values: values
                .iter()
                .map(|(k, v)| ValueData {
                    key: k.to_string(),
                    value: *v,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn values_print_without_a_trailing_zero() {
        assert_eq!(format_value(1048576.0), "1048576");
        assert_eq!(format_value(5e6), "5000000");
        assert_eq!(format_value(0.5), "0.5");
        assert_eq!(format_value(1e20), "100000000000000000000");
    }

    #[test]
    fn entities_print_one_a_line_users_first() {
        // As the broker answers: parts sorted by type, keys by name.
        let entries = [
            described(
                &[(CLIENT_ID, None), (USER, Some("alice"))],
                &[
                    (CONSUMER_BYTE_RATE, 2097152.0),
                    (PRODUCER_BYTE_RATE, 1048576.0),
                ],
            ),
            described(&[(CLIENT_ID, Some("app"))], &[(PRODUCER_BYTE_RATE, 5e6)]),
            described(&[(USER, None)], &[(CONSUMER_BYTE_RATE, 1.5), ("zzz", 3.0)]),
            described(&[(USER, Some("alice"))], &[(PRODUCER_BYTE_RATE, 1.0)]),
        ];
        assert_eq!(
            describe_lines(&entries),
            [
                "client-id=app  producer_byte_rate=5000000",
                "user=<default>  consumer_byte_rate=1.5 zzz=3",
                "user=alice  producer_byte_rate=1",
                "user=alice client-id=<default>  producer_byte_rate=1048576 consumer_byte_rate=2097152",
            ]
        );
        assert!(describe_lines(&[]).is_empty());
    }

    #[test]
    fn altered_lines_name_the_entity_and_each_change() {
        let e = entry(
            "alter --client-id app --user-default --add producer_byte_rate=1048576 \
             --delete consumer_byte_rate",
        )
        .unwrap();
        assert_eq!(
            altered_lines(&e),
            [
                "altered user=<default> client-id=app  set producer_byte_rate=1048576",
                "altered user=<default> client-id=app  deleted consumer_byte_rate",
            ]
        );
    }
}
