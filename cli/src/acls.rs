//! `tributary acls add|list|remove`: ACLs, as `kafka-acls --add|--list|--remove`
//! manages them (CreateAcls, DescribeAcls, DeleteAcls). This file owns the
//! flags, their translation into ACL bindings (`add`) and binding filters
//! (`list`, `remove`), and how ACLs are printed. The codes and the binding
//! types are the broker's own (`metadata::acl`), declared there once.
//!
//! Invariants: a translation error is a usage error (exit 2) found before
//! connecting; `add` sends only bindings that pass `AclBinding::validate`
//! (so that one bad principal does not leave half of a command applied);
//! `remove` always names a resource, as kafka-acls requires, and never asks.

use std::collections::BTreeSet;

use clap::{ArgGroup, Args, Subcommand};
use metadata::acl::{
    operation, pattern_type, permission, resource_type, supported_operations, AclBinding,
    AclBindingFilter, CLUSTER_NAME, OPERATION_NAMES, WILDCARD,
};
use protocol::messages::create_acls_request::AclCreation;
use protocol::messages::delete_acls_request::DeleteAclsFilter;
use protocol::messages::{CreateAclsRequest, DeleteAclsRequest, DescribeAclsRequest, RequestBody};

use crate::client::{expect_body, Client, ConnectArgs, Error, Result};
use crate::errors;

#[derive(Args, Debug)]
pub struct AclsArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    #[command(subcommand)]
    command: AclsCommand,
}

#[derive(Subcommand, Debug)]
enum AclsCommand {
    /// Add ACLs: every principal may (or may not) do every operation on
    /// every resource named (kafka-acls --add).
    #[command(group(ArgGroup::new("resource").required(true).multiple(true)
        .args(["topic", "group", "cluster", "transactional_id"])))]
    Add(AddArgs),
    /// The ACLs, one per line: resource, principal, host, operation,
    /// permission (kafka-acls --list). Without a resource: all of them.
    List(FilterArgs),
    /// Delete the ACLs that match, and print them (kafka-acls --remove,
    /// without the prompt). A resource must be named.
    #[command(group(ArgGroup::new("resource").required(true).multiple(true)
        .args(["topic", "group", "cluster", "transactional_id"])))]
    Remove(FilterArgs),
}

/// The resources an ACL applies to, or a filter names.
#[derive(Args, Debug)]
struct ResourceArgs {
    /// A topic (`*`: every topic; with prefixed, a name prefix).
    #[arg(long, value_name = "TOPIC")]
    topic: Vec<String>,
    /// A consumer group (`*`: every group).
    #[arg(long, value_name = "GROUP")]
    group: Vec<String>,
    /// The cluster (kafka-cluster).
    #[arg(long)]
    cluster: bool,
    /// A transactional id (`*`: every one).
    #[arg(long, value_name = "ID")]
    transactional_id: Vec<String>,
}

#[derive(Args, Debug)]
struct AddArgs {
    #[command(flatten)]
    resources: ResourceArgs,
    /// literal, or prefixed: the resource names are name prefixes.
    #[arg(long, value_name = "TYPE", default_value = "literal", value_parser = parse_add_pattern)]
    resource_pattern_type: i8,
    /// A principal allowed, e.g. User:alice (User:* is everyone).
    #[arg(
        long,
        value_name = "PRINCIPAL",
        required_unless_present = "deny_principal"
    )]
    allow_principal: Vec<String>,
    /// A principal denied (a DENY wins over any ALLOW).
    #[arg(long, value_name = "PRINCIPAL")]
    deny_principal: Vec<String>,
    /// The host the allowed principals may connect from (default *: any).
    #[arg(long, value_name = "HOST", requires = "allow_principal")]
    allow_host: Vec<String>,
    /// The host the denied principals are denied from (default *: any).
    #[arg(long, value_name = "HOST", requires = "deny_principal")]
    deny_host: Vec<String>,
    /// All, Read, Write, Create, Delete, Alter, Describe, ClusterAction,
    /// DescribeConfigs, AlterConfigs, IdempotentWrite (any case, _ or -).
    #[arg(long, value_name = "OP", value_parser = parse_operation,
          required_unless_present_any = ["producer", "consumer"],
          conflicts_with_all = ["producer", "consumer"])]
    operation: Vec<i8>,
    /// A producer's ACLs: Write, Describe and Create on the topics, Write
    /// and Describe on the transactional ids.
    #[arg(long, requires = "topic")]
    producer: bool,
    /// With --producer: IdempotentWrite on the cluster.
    #[arg(long)]
    idempotent: bool,
    /// A consumer's ACLs: Read and Describe on the topics, Read on the groups.
    #[arg(long, requires = "topic", requires = "group")]
    consumer: bool,
}

#[derive(Args, Debug)]
struct FilterArgs {
    #[command(flatten)]
    resources: ResourceArgs,
    /// any, match (the ACLs that apply to the named resource: literal,
    /// wildcard and prefixed ones), literal or prefixed. Default: literal
    /// when a resource is named, else any.
    #[arg(long, value_name = "TYPE", value_parser = parse_filter_pattern)]
    resource_pattern_type: Option<i8>,
    /// Only the ACLs of this principal, e.g. User:alice.
    #[arg(long, value_name = "PRINCIPAL")]
    principal: Vec<String>,
    /// Only the ACLs of this operation (names as for add).
    #[arg(long, value_name = "OP", value_parser = parse_operation)]
    operation: Vec<i8>,
}

/// Kafka's names of the resource types, as kafka-acls prints them.
const RESOURCE_TYPES: &[(i8, &str)] = &[
    (resource_type::TOPIC, "Topic"),
    (resource_type::GROUP, "Group"),
    (resource_type::CLUSTER, "Cluster"),
    (resource_type::TRANSACTIONAL_ID, "TransactionalId"),
    (resource_type::DELEGATION_TOKEN, "DelegationToken"),
    (resource_type::USER, "User"),
];

const PATTERN_TYPES: &[(i8, &str)] = &[
    (pattern_type::ANY, "ANY"),
    (pattern_type::MATCH, "MATCH"),
    (pattern_type::LITERAL, "LITERAL"),
    (pattern_type::PREFIXED, "PREFIXED"),
];

const PERMISSIONS: &[(i8, &str)] = &[(permission::DENY, "DENY"), (permission::ALLOW, "ALLOW")];

/// The name of `code` in `table`, or `UNKNOWN(code)`.
fn name_of(table: &[(i8, &str)], code: i8) -> String {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| format!("UNKNOWN({code})"), |(_, n)| n.to_string())
}

/// `s` in capitals without `_` and `-`: `DescribeConfigs`,
/// `describe-configs` and `DESCRIBE_CONFIGS` are one name.
fn normalized(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase()
}

fn code_of(table: &[(i8, &str)], s: &str) -> Option<i8> {
    let wanted = normalized(s);
    table
        .iter()
        .find(|(_, n)| normalized(n) == wanted)
        .map(|(c, _)| *c)
}

fn parse_operation(s: &str) -> Result<i8, String> {
    code_of(OPERATION_NAMES, s).ok_or_else(|| {
        let names: Vec<&str> = OPERATION_NAMES.iter().map(|(_, n)| *n).collect();
        format!("unknown operation; one of {}", names.join(", "))
    })
}

fn parse_add_pattern(s: &str) -> Result<i8, String> {
    match code_of(PATTERN_TYPES, s) {
        Some(p @ (pattern_type::LITERAL | pattern_type::PREFIXED)) => Ok(p),
        Some(_) => Err("an ACL is literal or prefixed (any and match only filter)".into()),
        None => Err("literal or prefixed".into()),
    }
}

fn parse_filter_pattern(s: &str) -> Result<i8, String> {
    code_of(PATTERN_TYPES, s).ok_or_else(|| "any, match, literal or prefixed".into())
}

impl ResourceArgs {
    /// The named resources as (type, name), in the order of the flags' kinds.
    fn resources(&self) -> Vec<(i8, String)> {
        let named = |kind: i8, names: &[String]| -> Vec<(i8, String)> {
            names.iter().map(|n| (kind, n.clone())).collect()
        };
        let mut out = named(resource_type::TOPIC, &self.topic);
        out.extend(named(resource_type::GROUP, &self.group));
        if self.cluster {
            out.push((resource_type::CLUSTER, CLUSTER_NAME.to_string()));
        }
        out.extend(named(
            resource_type::TRANSACTIONAL_ID,
            &self.transactional_id,
        ));
        out
    }
}

/// The operations `add` gives on a resource of type `kind`.
fn operations_for(args: &AddArgs, kind: i8) -> Vec<i8> {
    if !(args.producer || args.consumer) {
        return args.operation.clone();
    }
    let mut ops = Vec::new();
    if args.producer {
        ops.extend_from_slice(match kind {
            resource_type::TOPIC => &[operation::WRITE, operation::DESCRIBE, operation::CREATE][..],
            resource_type::TRANSACTIONAL_ID => &[operation::WRITE, operation::DESCRIBE][..],
            _ => &[][..],
        });
    }
    if args.consumer {
        ops.extend_from_slice(match kind {
            resource_type::TOPIC => &[operation::READ, operation::DESCRIBE][..],
            resource_type::GROUP => &[operation::READ][..],
            _ => &[][..],
        });
    }
    ops
}

/// The ACL bindings `add` creates, sorted, each once.
fn bindings(args: &AddArgs) -> Result<Vec<AclBinding>, String> {
    // (clap's `requires` takes a false flag for present.)
    if args.idempotent && !args.producer {
        return Err("--idempotent goes with --producer".into());
    }
    let hosts = |given: &[String]| {
        if given.is_empty() {
            vec![WILDCARD.to_string()]
        } else {
            given.to_vec()
        }
    };
    let mut entries = Vec::new(); // (principal, host, permission)
    for (principals, hosts, perm) in [
        (
            &args.allow_principal,
            hosts(&args.allow_host),
            permission::ALLOW,
        ),
        (
            &args.deny_principal,
            hosts(&args.deny_host),
            permission::DENY,
        ),
    ] {
        for p in principals {
            for h in &hosts {
                entries.push((p.clone(), h.clone(), perm));
            }
        }
    }
    // (resource type, name, pattern type) and the operations on it.
    let mut planned: Vec<((i8, String, i8), Vec<i8>)> = args
        .resources
        .resources()
        .into_iter()
        .map(|(kind, name)| {
            let ops = operations_for(args, kind);
            ((kind, name, args.resource_pattern_type), ops)
        })
        .collect();
    if args.idempotent {
        let cluster = (
            resource_type::CLUSTER,
            CLUSTER_NAME.to_string(),
            pattern_type::LITERAL,
        );
        planned.push((cluster, vec![operation::IDEMPOTENT_WRITE]));
    }
    let mut out = BTreeSet::new();
    for ((kind, name, pattern), ops) in planned {
        let resource = format!("{}:{}", name_of(RESOURCE_TYPES, kind), name);
        if ops.is_empty() {
            return Err(format!(
                "--producer and --consumer give no operations on {resource}: add its ACLs with --operation"
            ));
        }
        for &op in &ops {
            if op != operation::ALL && !supported_operations(kind).contains(&op) {
                let names: Vec<String> = supported_operations(kind)
                    .iter()
                    .map(|&o| name_of(OPERATION_NAMES, o))
                    .collect();
                return Err(format!(
                    "{resource}: operation {} does not apply to a {}; it takes ALL, {}",
                    name_of(OPERATION_NAMES, op),
                    name_of(RESOURCE_TYPES, kind),
                    names.join(", ")
                ));
            }
            for (principal, host, perm) in &entries {
                let acl = AclBinding {
                    resource_type: kind,
                    resource_name: name.clone(),
                    pattern_type: pattern,
                    principal: principal.clone(),
                    host: host.clone(),
                    operation: op,
                    permission: *perm,
                };
                acl.validate()?;
                out.insert(acl);
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// The filters `list` and `remove` send: every resource × principal ×
/// operation named (a part not named matches any), each once.
fn filters(args: &FilterArgs) -> Vec<AclBindingFilter> {
    let named = args.resources.resources();
    let pattern = args.resource_pattern_type.unwrap_or(if named.is_empty() {
        pattern_type::ANY
    } else {
        pattern_type::LITERAL
    });
    let resources: Vec<(i8, Option<String>)> = if named.is_empty() {
        vec![(resource_type::ANY, None)]
    } else {
        named.into_iter().map(|(k, n)| (k, Some(n))).collect()
    };
    let principals: Vec<Option<String>> = if args.principal.is_empty() {
        vec![None]
    } else {
        args.principal.iter().cloned().map(Some).collect()
    };
    let operations = if args.operation.is_empty() {
        vec![operation::ANY]
    } else {
        args.operation.clone()
    };
    let mut out: Vec<AclBindingFilter> = Vec::new();
    for (kind, name) in &resources {
        for principal in &principals {
            for &op in &operations {
                let filter = AclBindingFilter {
                    resource_type: *kind,
                    resource_name: name.clone(),
                    pattern_type: pattern,
                    principal: principal.clone(),
                    host: None,
                    operation: op,
                    permission: permission::ANY,
                };
                if !out.contains(&filter) {
                    out.push(filter);
                }
            }
        }
    }
    out
}

/// An ACL's printed columns: `Topic:LITERAL:orders`, principal, host,
/// operation, permission.
fn columns(acl: &AclBinding) -> [String; 5] {
    [
        format!(
            "{}:{}:{}",
            name_of(RESOURCE_TYPES, acl.resource_type),
            name_of(PATTERN_TYPES, acl.pattern_type),
            acl.resource_name
        ),
        acl.principal.clone(),
        acl.host.clone(),
        name_of(OPERATION_NAMES, acl.operation),
        name_of(PERMISSIONS, acl.permission),
    ]
}

/// The ACLs as aligned lines, two spaces between columns.
fn table(acls: &[AclBinding]) -> Vec<String> {
    let rows: Vec<[String; 5]> = acls.iter().map(columns).collect();
    let mut widths = [0usize; 5];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    rows.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect()
}

fn print_acls(acls: &[AclBinding]) {
    for line in table(acls) {
        println!("{line}");
    }
}

/// What a command sends, translated from its flags.
enum Plan {
    Add(Vec<AclBinding>),
    List(Vec<AclBindingFilter>),
    Remove(Vec<AclBindingFilter>),
}

pub fn run(args: AclsArgs) -> i32 {
    // The flags are checked before connecting: a mistake is a usage error.
    let planned = match &args.command {
        AclsCommand::Add(add) => bindings(add).map(Plan::Add),
        AclsCommand::List(f) => Ok(Plan::List(filters(f))),
        AclsCommand::Remove(f) => Ok(Plan::Remove(filters(f))),
    };
    let plan = match planned {
        Ok(p) => p,
        Err(e) => return crate::client::usage_error(&e),
    };
    crate::client::run_command(&args.connect, "tributary-acls", |mut client| async move {
        match plan {
            Plan::Add(acls) => add(&mut client, acls).await,
            Plan::List(filters) => list(&mut client, filters).await,
            Plan::Remove(filters) => remove(&mut client, filters).await,
        }
    })
}

/// The error of a result, if any.
fn failure(code: i16, message: &Option<String>) -> Option<(i16, Option<String>)> {
    (code != errors::NONE).then(|| (code, message.clone()))
}

/// One error for several failed entries: the common one when all failed
/// alike (e.g. SECURITY_DISABLED), else each on stderr and a count.
fn combined(failed: Vec<(String, (i16, Option<String>))>, total: usize, what: &str) -> Error {
    let first = failed[0].1.clone();
    if failed.len() == total && failed.iter().all(|(_, e)| *e == first) {
        return Error::kafka(first.0, first.1);
    }
    for (entry, (code, message)) in &failed {
        eprintln!(
            "Error: {entry}: {}",
            errors::describe(*code, message.as_deref())
        );
    }
    Error::Other(format!("{} of {total} {what} failed", failed.len()))
}

async fn add(client: &mut Client, acls: Vec<AclBinding>) -> Result<()> {
    let creations = acls
        .iter()
        .map(|a| AclCreation {
            resource_type: a.resource_type,
            resource_name: a.resource_name.clone(),
            resource_pattern_type: a.pattern_type,
            principal: a.principal.clone(),
            host: a.host.clone(),
            operation: a.operation,
            permission_type: a.permission,
            ..Default::default()
        })
        .collect();
    let response = expect_body!(
        client
            .send(RequestBody::CreateAcls(CreateAclsRequest {
                creations,
                ..Default::default()
            }))
            .await?,
        CreateAcls
    )?;
    if response.results.len() != acls.len() {
        return Err(Error::Other(format!(
            "the broker answered {} results for {} ACLs",
            response.results.len(),
            acls.len()
        )));
    }
    let lines = table(&acls);
    let mut failed = Vec::new();
    for ((acl, line), r) in acls.iter().zip(&lines).zip(&response.results) {
        match failure(r.error_code, &r.error_message) {
            None => println!("{line}"),
            Some(e) => failed.push((columns(acl).join("  "), e)),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(combined(failed, acls.len(), "ACLs"))
    }
}

async fn list(client: &mut Client, filters: Vec<AclBindingFilter>) -> Result<()> {
    let mut found = BTreeSet::new();
    for f in filters {
        let response = expect_body!(
            client
                .send(RequestBody::DescribeAcls(DescribeAclsRequest {
                    resource_type_filter: f.resource_type,
                    resource_name_filter: f.resource_name,
                    pattern_type_filter: f.pattern_type,
                    principal_filter: f.principal,
                    host_filter: f.host,
                    operation: f.operation,
                    permission_type: f.permission,
                    ..Default::default()
                }))
                .await?,
            DescribeAcls
        )?;
        if let Some((code, message)) = failure(response.error_code, &response.error_message) {
            return Err(Error::kafka(code, message));
        }
        for resource in response.resources {
            for acl in resource.acls {
                found.insert(AclBinding {
                    resource_type: resource.resource_type,
                    resource_name: resource.resource_name.clone(),
                    pattern_type: resource.pattern_type,
                    principal: acl.principal,
                    host: acl.host,
                    operation: acl.operation,
                    permission: acl.permission_type,
                });
            }
        }
    }
    print_acls(&found.into_iter().collect::<Vec<_>>());
    Ok(())
}

async fn remove(client: &mut Client, filters: Vec<AclBindingFilter>) -> Result<()> {
    let count = filters.len();
    let request = DeleteAclsRequest {
        filters: filters
            .into_iter()
            .map(|f| DeleteAclsFilter {
                resource_type_filter: f.resource_type,
                resource_name_filter: f.resource_name,
                pattern_type_filter: f.pattern_type,
                principal_filter: f.principal,
                host_filter: f.host,
                operation: f.operation,
                permission_type: f.permission,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = expect_body!(
        client.send(RequestBody::DeleteAcls(request)).await?,
        DeleteAcls
    )?;
    let mut removed = BTreeSet::new();
    let mut failed = Vec::new();
    for (i, r) in response.filter_results.into_iter().enumerate() {
        if let Some(e) = failure(r.error_code, &r.error_message) {
            failed.push((format!("filter {}", i + 1), e));
            continue;
        }
        for m in r.matching_acls {
            let acl = AclBinding {
                resource_type: m.resource_type,
                resource_name: m.resource_name,
                pattern_type: m.pattern_type,
                principal: m.principal,
                host: m.host,
                operation: m.operation,
                permission: m.permission_type,
            };
            match failure(m.error_code, &m.error_message) {
                None => {
                    removed.insert(acl);
                }
                Some(e) => failed.push((columns(&acl).join("  "), e)),
            }
        }
    }
    let removed: Vec<AclBinding> = removed.into_iter().collect();
    print_acls(&removed);
    if !failed.is_empty() {
        return Err(combined(failed, count, "filters"));
    }
    if removed.is_empty() {
        eprintln!("No ACL matched: nothing removed.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser, Debug)]
    struct TestCli {
        #[command(flatten)]
        acls: AclsArgs,
    }

    fn parse(line: &str) -> std::result::Result<AclsCommand, clap::Error> {
        let argv = std::iter::once("acls").chain(line.split_whitespace());
        TestCli::try_parse_from(argv).map(|c| c.acls.command)
    }

    fn add_bindings(line: &str) -> std::result::Result<Vec<AclBinding>, String> {
        match parse(line).unwrap_or_else(|e| panic!("{line}: {e}")) {
            AclsCommand::Add(a) => bindings(&a),
            other => panic!("{other:?}"),
        }
    }

    fn filter_list(line: &str) -> Vec<AclBindingFilter> {
        match parse(line).unwrap_or_else(|e| panic!("{line}: {e}")) {
            AclsCommand::List(f) | AclsCommand::Remove(f) => filters(&f),
            other => panic!("{other:?}"),
        }
    }

    fn acl(kind: i8, name: &str, pattern: i8, principal: &str, op: i8, perm: i8) -> AclBinding {
        AclBinding {
            resource_type: kind,
            resource_name: name.into(),
            pattern_type: pattern,
            principal: principal.into(),
            host: "*".into(),
            operation: op,
            permission: perm,
        }
    }

    use operation::*;
    use pattern_type::{LITERAL, PREFIXED};
    use permission::{ALLOW, DENY};
    use resource_type::{CLUSTER, GROUP, TOPIC, TRANSACTIONAL_ID};

    #[test]
    fn one_principal_one_operation_one_topic_is_one_literal_allow() {
        assert_eq!(
            add_bindings("add --allow-principal User:bob --operation WRITE --topic t").unwrap(),
            vec![acl(TOPIC, "t", LITERAL, "User:bob", WRITE, ALLOW)]
        );
    }

    #[test]
    fn every_principal_host_operation_and_resource_is_combined() {
        let got = add_bindings(
            "add --allow-principal User:a --allow-principal User:b --allow-host 10.0.0.1 \
             --deny-principal User:c --operation Read --operation describe \
             --topic t --group g --resource-pattern-type PREFIXED",
        )
        .unwrap();
        assert_eq!(got.len(), 2 * 2 * 3);
        let allowed = got.iter().filter(|a| a.permission == ALLOW);
        assert!(allowed.clone().all(|a| a.host == "10.0.0.1"));
        assert_eq!(allowed.count(), 8);
        let denied: Vec<_> = got.iter().filter(|a| a.permission == DENY).collect();
        assert_eq!(denied.len(), 4);
        assert!(denied
            .iter()
            .all(|a| a.principal == "User:c" && a.host == "*"));
        assert!(got.iter().all(|a| a.pattern_type == PREFIXED));
        assert!(got.contains(&acl(GROUP, "g", PREFIXED, "User:c", DESCRIBE, DENY)));
    }

    #[test]
    fn the_cluster_and_transactional_ids_are_resources() {
        assert_eq!(
            add_bindings(
                "add --deny-principal User:* --operation All --cluster --transactional-id tx"
            )
            .unwrap(),
            vec![
                acl(CLUSTER, CLUSTER_NAME, LITERAL, "User:*", ALL, DENY),
                acl(TRANSACTIONAL_ID, "tx", LITERAL, "User:*", ALL, DENY),
            ]
        );
    }

    #[test]
    fn producer_and_consumer_are_kafkas_shortcuts() {
        let p = "User:p";
        assert_eq!(
            add_bindings("add --allow-principal User:p --producer --topic t").unwrap(),
            vec![
                acl(TOPIC, "t", LITERAL, p, WRITE, ALLOW),
                acl(TOPIC, "t", LITERAL, p, CREATE, ALLOW),
                acl(TOPIC, "t", LITERAL, p, DESCRIBE, ALLOW),
            ]
        );
        assert_eq!(
            add_bindings(
                "add --allow-principal User:p --producer --idempotent --topic t \
                 --transactional-id x"
            )
            .unwrap()
            .into_iter()
            .filter(|a| a.resource_type != TOPIC)
            .collect::<Vec<_>>(),
            vec![
                acl(CLUSTER, CLUSTER_NAME, LITERAL, p, IDEMPOTENT_WRITE, ALLOW),
                acl(TRANSACTIONAL_ID, "x", LITERAL, p, WRITE, ALLOW),
                acl(TRANSACTIONAL_ID, "x", LITERAL, p, DESCRIBE, ALLOW),
            ]
        );
        assert_eq!(
            add_bindings("add --allow-principal User:p --consumer --topic t --group g").unwrap(),
            vec![
                acl(TOPIC, "t", LITERAL, p, READ, ALLOW),
                acl(TOPIC, "t", LITERAL, p, DESCRIBE, ALLOW),
                acl(GROUP, "g", LITERAL, p, READ, ALLOW),
            ]
        );
        // Both: the topic gets the union, each once.
        let both =
            add_bindings("add --allow-principal User:p --producer --consumer --topic t --group g")
                .unwrap();
        assert_eq!(both.len(), 4 + 1);
    }

    #[test]
    fn shortcuts_refuse_what_they_cannot_cover() {
        let e =
            add_bindings("add --allow-principal User:p --consumer --topic t --group g --cluster")
                .unwrap_err();
        assert!(e.contains("Cluster:kafka-cluster"), "{e}");
        assert!(
            add_bindings("add --allow-principal User:p --producer --topic t --group g").is_err()
        );
        assert!(parse("add --allow-principal User:p --consumer --topic t").is_err());
        assert!(parse("add --allow-principal User:p --producer --group g").is_err());
        let e =
            add_bindings("add --allow-principal User:p --idempotent --topic t --operation Write")
                .unwrap_err();
        assert!(e.contains("--producer"), "{e}");
        assert!(
            parse("add --allow-principal User:p --producer --operation Read --topic t").is_err()
        );
    }

    #[test]
    fn operations_must_apply_to_the_resource() {
        let e = add_bindings("add --allow-principal User:a --operation ClusterAction --topic t")
            .unwrap_err();
        assert!(
            e.contains("CLUSTER_ACTION does not apply to a Topic"),
            "{e}"
        );
        assert!(add_bindings("add --allow-principal User:a --operation Write --group g").is_err());
        assert!(add_bindings("add --allow-principal User:a --operation Write --cluster").is_err());
        assert!(add_bindings("add --allow-principal User:a --operation All --group g").is_ok());
    }

    #[test]
    fn bindings_are_checked_as_the_broker_checks_them() {
        let e = add_bindings("add --allow-principal bob --operation Write --topic t").unwrap_err();
        assert!(e.contains("Could not parse principal from `bob`"), "{e}");
    }

    #[test]
    fn add_needs_a_principal_an_operation_and_a_resource() {
        assert!(parse("add --operation Write --topic t").is_err());
        assert!(parse("add --allow-principal User:a --topic t").is_err());
        assert!(parse("add --allow-principal User:a --operation Write").is_err());
        assert!(parse("add --deny-principal User:a --operation Write --topic t").is_ok());
        // A host goes with its kind of principal.
        assert!(
            parse("add --deny-principal User:a --allow-host h --operation Write --topic t")
                .is_err()
        );
        // An ACL is literal or prefixed; any and match only filter.
        assert!(parse("add --allow-principal User:a --operation Write --topic t --resource-pattern-type match").is_err());
        assert!(parse("add --allow-principal User:a --operation Nope --topic t").is_err());
    }

    #[test]
    fn operation_names_are_kafkas_in_any_spelling() {
        for s in [
            "DescribeConfigs",
            "DESCRIBE_CONFIGS",
            "describe-configs",
            "describeconfigs",
        ] {
            assert_eq!(parse_operation(s), Ok(DESCRIBE_CONFIGS), "{s}");
        }
        assert_eq!(parse_operation("IdempotentWrite"), Ok(IDEMPOTENT_WRITE));
        assert_eq!(parse_operation("all"), Ok(ALL));
        assert!(parse_operation("any").is_err());
    }

    #[test]
    fn list_without_flags_matches_everything() {
        assert_eq!(
            filter_list("list"),
            vec![AclBindingFilter {
                resource_type: resource_type::ANY,
                resource_name: None,
                pattern_type: pattern_type::ANY,
                principal: None,
                host: None,
                operation: operation::ANY,
                permission: permission::ANY,
            }]
        );
        let prefixed = filter_list("list --resource-pattern-type prefixed");
        assert_eq!(prefixed[0].pattern_type, PREFIXED);
        assert_eq!(prefixed[0].resource_type, resource_type::ANY);
    }

    #[test]
    fn a_named_resource_is_literal_unless_told() {
        let f = filter_list("list --topic t");
        assert_eq!(f.len(), 1);
        assert_eq!(
            (
                f[0].resource_type,
                f[0].resource_name.as_deref(),
                f[0].pattern_type
            ),
            (TOPIC, Some("t"), LITERAL)
        );
        assert_eq!(
            filter_list("list --topic t --resource-pattern-type match")[0].pattern_type,
            pattern_type::MATCH
        );
        assert_eq!(
            filter_list("list --cluster")[0].resource_name.as_deref(),
            Some(CLUSTER_NAME)
        );
    }

    #[test]
    fn filters_combine_resources_principals_and_operations() {
        let f = filter_list(
            "remove --topic t --group g --principal User:a --principal User:b \
             --operation Write --operation Read --topic t",
        );
        assert_eq!(f.len(), 2 * 2 * 2);
        assert!(f
            .iter()
            .all(|x| x.permission == permission::ANY && x.host.is_none()));
        assert!(f.contains(&AclBindingFilter {
            resource_type: GROUP,
            resource_name: Some("g".into()),
            pattern_type: LITERAL,
            principal: Some("User:b".into()),
            host: None,
            operation: READ,
            permission: permission::ANY,
        }));
    }

    #[test]
    fn remove_needs_a_resource() {
        assert!(parse("remove").is_err());
        assert!(parse("remove --principal User:a").is_err());
        assert!(parse("remove --cluster").is_ok());
        assert!(parse("list --principal User:a").is_ok());
    }

    #[test]
    fn acls_print_as_aligned_columns() {
        let lines = table(&[
            acl(TOPIC, "orders", LITERAL, "User:alice", WRITE, ALLOW),
            acl(GROUP, "g", PREFIXED, "User:bob", DESCRIBE_CONFIGS, DENY),
        ]);
        assert_eq!(
            lines,
            [
                "Topic:LITERAL:orders  User:alice  *  WRITE             ALLOW",
                "Group:PREFIXED:g      User:bob    *  DESCRIBE_CONFIGS  DENY",
            ]
        );
        // Codes this tool does not know print as numbers.
        assert_eq!(
            columns(&acl(9, "x", 0, "User:c", 99, 0)).join(" "),
            "UNKNOWN(9):UNKNOWN(0):x User:c * UNKNOWN(99) UNKNOWN(0)"
        );
    }
}
