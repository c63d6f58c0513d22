//! Access control lists as Kafka's `StandardAuthorizer` keeps and reads
//! them: [`AclBinding`] (a resource pattern and an access control entry),
//! [`AclBindingFilter`] (what DescribeAcls and DeleteAcls match), and
//! [`Acls`], the cluster's set of bindings with Kafka's decision
//! (`StandardAuthorizerData.findAclRule`).
//!
//! The decision for (principal, host, operation, resource):
//! - the ACLs that apply to the resource are the LITERAL ones of its exact
//!   name, the LITERAL ones named `*`, and the PREFIXED ones whose name is a
//!   prefix of it;
//! - an ACL matches when its principal is the client's or `User:*`, its
//!   host the client's or `*`, and its operation the one asked, or ALL, or
//!   (ALLOW only) one that implies it: READ, WRITE, DELETE and ALTER imply
//!   DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS;
//! - a matching DENY wins over any ALLOW; a matching ALLOW allows; with no
//!   match, a resource that has ACLs (for anyone) is denied, and one that
//!   has none gets the default (`allow.everyone.if.no.acl.found`).
//!
//! Invariants: the codes are Kafka's (`ResourceType`, `PatternType`,
//! `AclOperation`, `AclPermissionType`); a stored binding is always valid
//! ([`AclBinding::validate`]): a concrete resource type, LITERAL or
//! PREFIXED, a concrete operation and permission, non-empty names of at
//! most [`MAX_ACL_FIELD`] bytes. The set holds each binding once.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The most ACLs a cluster keeps (Kafka sets no bound; each costs memory
/// on every broker).
pub const MAX_ACLS: usize = 10_000;
/// The most bytes in a resource name, principal or host of an ACL.
pub const MAX_ACL_FIELD: usize = 1024;

/// Kafka's `ResourceType` codes.
pub mod resource_type {
    pub const UNKNOWN: i8 = 0;
    pub const ANY: i8 = 1;
    pub const TOPIC: i8 = 2;
    pub const GROUP: i8 = 3;
    pub const CLUSTER: i8 = 4;
    pub const TRANSACTIONAL_ID: i8 = 5;
    pub const DELEGATION_TOKEN: i8 = 6;
    pub const USER: i8 = 7;
}

/// Kafka's `PatternType` codes.
pub mod pattern_type {
    pub const UNKNOWN: i8 = 0;
    pub const ANY: i8 = 1;
    pub const MATCH: i8 = 2;
    pub const LITERAL: i8 = 3;
    pub const PREFIXED: i8 = 4;
}

/// Kafka's `AclOperation` codes.
pub mod operation {
    pub const UNKNOWN: i8 = 0;
    pub const ANY: i8 = 1;
    pub const ALL: i8 = 2;
    pub const READ: i8 = 3;
    pub const WRITE: i8 = 4;
    pub const CREATE: i8 = 5;
    pub const DELETE: i8 = 6;
    pub const ALTER: i8 = 7;
    pub const DESCRIBE: i8 = 8;
    pub const CLUSTER_ACTION: i8 = 9;
    pub const DESCRIBE_CONFIGS: i8 = 10;
    pub const ALTER_CONFIGS: i8 = 11;
    pub const IDEMPOTENT_WRITE: i8 = 12;
    pub const CREATE_TOKENS: i8 = 13;
    pub const DESCRIBE_TOKENS: i8 = 14;
    pub const TWO_PHASE_COMMIT: i8 = 15;
}

/// Kafka's names of the operations (`AclOperation`), ALL included.
pub const OPERATION_NAMES: &[(i8, &str)] = &[
    (operation::ALL, "ALL"),
    (operation::READ, "READ"),
    (operation::WRITE, "WRITE"),
    (operation::CREATE, "CREATE"),
    (operation::DELETE, "DELETE"),
    (operation::ALTER, "ALTER"),
    (operation::DESCRIBE, "DESCRIBE"),
    (operation::CLUSTER_ACTION, "CLUSTER_ACTION"),
    (operation::DESCRIBE_CONFIGS, "DESCRIBE_CONFIGS"),
    (operation::ALTER_CONFIGS, "ALTER_CONFIGS"),
    (operation::IDEMPOTENT_WRITE, "IDEMPOTENT_WRITE"),
    (operation::CREATE_TOKENS, "CREATE_TOKENS"),
    (operation::DESCRIBE_TOKENS, "DESCRIBE_TOKENS"),
    (operation::TWO_PHASE_COMMIT, "TWO_PHASE_COMMIT"),
];

/// The operations Kafka 4.4 supports on each resource type besides ALL
/// (`AclEntry.supportedOperations`): what authorized operations list and
/// what kafka-acls lets an ACL name.
pub fn supported_operations(rt: i8) -> &'static [i8] {
    use operation::*;
    match rt {
        resource_type::TOPIC => &[
            READ,
            WRITE,
            CREATE,
            DESCRIBE,
            DELETE,
            ALTER,
            DESCRIBE_CONFIGS,
            ALTER_CONFIGS,
        ],
        resource_type::GROUP => &[READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS],
        resource_type::CLUSTER => &[
            CREATE,
            CLUSTER_ACTION,
            DESCRIBE_CONFIGS,
            ALTER_CONFIGS,
            IDEMPOTENT_WRITE,
            ALTER,
            DESCRIBE,
        ],
        resource_type::TRANSACTIONAL_ID => &[DESCRIBE, WRITE, TWO_PHASE_COMMIT],
        _ => &[],
    }
}

/// Kafka's `AclPermissionType` codes.
pub mod permission {
    pub const UNKNOWN: i8 = 0;
    pub const ANY: i8 = 1;
    pub const DENY: i8 = 2;
    pub const ALLOW: i8 = 3;
}

/// The name of a LITERAL ACL that applies to every resource of its type,
/// and of a principal or host that matches any.
pub const WILDCARD: &str = "*";
/// The principal of an ACL that applies to every user.
pub const WILDCARD_PRINCIPAL: &str = "User:*";
/// The one name of the cluster resource.
pub const CLUSTER_NAME: &str = "kafka-cluster";

/// One ACL. The field order is the sort order: by resource type, then
/// name, so that the ACLs of one resource are neighbours.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AclBinding {
    pub resource_type: i8,
    pub resource_name: String,
    pub pattern_type: i8,
    pub principal: String,
    pub host: String,
    pub operation: i8,
    pub permission: i8,
}

impl AclBinding {
    /// Kafka's checks of a new ACL (`AclControlManager.validateNewAcl` and
    /// the broker's `AclApis`), with their messages.
    pub fn validate(&self) -> Result<(), String> {
        use resource_type::*;
        if !matches!(
            self.resource_type,
            TOPIC | GROUP | CLUSTER | TRANSACTIONAL_ID | DELEGATION_TOKEN | USER
        ) {
            return Err(format!("Invalid resourceType {}", self.resource_type));
        }
        if !matches!(
            self.pattern_type,
            pattern_type::LITERAL | pattern_type::PREFIXED
        ) {
            return Err(format!("Invalid patternType {}", self.pattern_type));
        }
        if !(operation::ALL..=operation::TWO_PHASE_COMMIT).contains(&self.operation) {
            return Err(format!("Invalid operation {}", self.operation));
        }
        if !matches!(self.permission, permission::DENY | permission::ALLOW) {
            return Err(format!("Invalid permissionType {}", self.permission));
        }
        if self.resource_name.is_empty() {
            return Err("Invalid empty resource name specified".into());
        }
        if self.resource_type == CLUSTER && self.resource_name != CLUSTER_NAME {
            return Err("The only valid name for the CLUSTER resource is kafka-cluster".into());
        }
        if !self.principal.contains(':') {
            return Err(format!(
                "Could not parse principal from `{}` (no colon is present separating the principal type from the principal name)",
                self.principal
            ));
        }
        if self.host.is_empty() {
            return Err("Invalid empty host".into());
        }
        for field in [&self.resource_name, &self.principal, &self.host] {
            if field.len() > MAX_ACL_FIELD {
                return Err(format!(
                    "An ACL's resource name, principal and host have at most {MAX_ACL_FIELD} bytes"
                ));
            }
        }
        Ok(())
    }

    /// Whether this ACL applies to resource `name` (Kafka's resource-name
    /// part of the rule).
    fn applies_to(&self, name: &str) -> bool {
        match self.pattern_type {
            pattern_type::LITERAL => self.resource_name == name || self.resource_name == WILDCARD,
            pattern_type::PREFIXED => name.starts_with(&self.resource_name),
            _ => false,
        }
    }

    /// Kafka's `findResult`: `Some(true)` if this ACL allows the action,
    /// `Some(false)` if it denies it, `None` if it does not match the
    /// principal, host or operation.
    fn result_for(&self, principal: &str, host: &str, op: i8) -> Option<bool> {
        if self.principal != principal && self.principal != WILDCARD_PRINCIPAL {
            return None;
        }
        if self.host != WILDCARD && self.host != host {
            return None;
        }
        let allow = self.permission == permission::ALLOW;
        if self.operation != operation::ALL {
            let implied = allow
                && match op {
                    operation::DESCRIBE => matches!(
                        self.operation,
                        operation::READ | operation::WRITE | operation::DELETE | operation::ALTER
                    ),
                    operation::DESCRIBE_CONFIGS => self.operation == operation::ALTER_CONFIGS,
                    _ => false,
                };
            if self.operation != op && !implied {
                return None;
            }
        }
        Some(allow)
    }
}

/// A filter of ACLs (DescribeAcls, DeleteAcls). `None` names match any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclBindingFilter {
    pub resource_type: i8,
    pub resource_name: Option<String>,
    pub pattern_type: i8,
    pub principal: Option<String>,
    pub host: Option<String>,
    pub operation: i8,
    pub permission: i8,
}

impl AclBindingFilter {
    /// A filter with an UNKNOWN part matches nothing; Kafka refuses it.
    pub fn validate(&self) -> Result<(), String> {
        if self.resource_type == resource_type::UNKNOWN
            || !(resource_type::UNKNOWN..=resource_type::USER).contains(&self.resource_type)
        {
            return Err(format!("Invalid resourceType {}", self.resource_type));
        }
        if !(pattern_type::ANY..=pattern_type::PREFIXED).contains(&self.pattern_type) {
            return Err(format!("Invalid patternType {}", self.pattern_type));
        }
        if !(operation::ANY..=operation::TWO_PHASE_COMMIT).contains(&self.operation) {
            return Err(format!("Invalid operation {}", self.operation));
        }
        if !(permission::ANY..=permission::ALLOW).contains(&self.permission) {
            return Err(format!("Invalid permissionType {}", self.permission));
        }
        Ok(())
    }

    /// Kafka's `AclBindingFilter.matches`. MATCH finds the ACLs that would
    /// apply to the named resource: its LITERAL ones, the wildcard ones and
    /// the PREFIXED ones that cover it.
    pub fn matches(&self, acl: &AclBinding) -> bool {
        let any_or = |filter: i8, any: i8, value: i8| filter == any || filter == value;
        let name_ok = match (self.pattern_type, &self.resource_name) {
            (_, None) => true,
            (pattern_type::MATCH, Some(name)) => match acl.pattern_type {
                pattern_type::LITERAL => {
                    acl.resource_name == *name || acl.resource_name == WILDCARD
                }
                _ => name.starts_with(&acl.resource_name),
            },
            (_, Some(name)) => acl.resource_name == *name,
        };
        let pattern_ok = matches!(self.pattern_type, pattern_type::ANY | pattern_type::MATCH)
            || self.pattern_type == acl.pattern_type;
        any_or(self.resource_type, resource_type::ANY, acl.resource_type)
            && name_ok
            && pattern_ok
            && self.principal.as_ref().is_none_or(|p| *p == acl.principal)
            && self.host.as_ref().is_none_or(|h| *h == acl.host)
            && any_or(self.operation, operation::ANY, acl.operation)
            && any_or(self.permission, permission::ANY, acl.permission)
    }
}

/// What decided an authorization (Kafka's `MatchingRule`), for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule<'a> {
    SuperUser,
    /// No ACL applies to the resource: `allow.everyone.if.no.acl.found`.
    Default(bool),
    /// ACLs apply to the resource, none to this client and operation.
    NoMatchingAcl,
    Acl(&'a AclBinding),
}

impl Rule<'_> {
    pub fn allowed(&self) -> bool {
        match self {
            Rule::SuperUser => true,
            Rule::Default(allowed) => *allowed,
            Rule::NoMatchingAcl => false,
            Rule::Acl(acl) => acl.permission == permission::ALLOW,
        }
    }
}

/// The cluster's ACLs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acls {
    bindings: BTreeSet<AclBinding>,
}

impl Acls {
    pub fn len(&self) -> usize {
        self.bindings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }

    pub fn contains(&self, acl: &AclBinding) -> bool {
        self.bindings.contains(acl)
    }

    pub fn iter(&self) -> impl Iterator<Item = &AclBinding> {
        self.bindings.iter()
    }

    pub fn matching<'a>(
        &'a self,
        filter: &'a AclBindingFilter,
    ) -> impl Iterator<Item = &'a AclBinding> + 'a {
        self.bindings.iter().filter(move |acl| filter.matches(acl))
    }

    pub(crate) fn insert(&mut self, acl: AclBinding) {
        debug_assert!(acl.validate().is_ok(), "stored ACLs are valid");
        self.bindings.insert(acl);
    }

    pub(crate) fn remove(&mut self, acl: &AclBinding) {
        self.bindings.remove(acl);
    }

    /// The ACLs of resource type `rt` whose resource name is exactly `name`.
    fn named(&self, rt: i8, name: &str) -> impl Iterator<Item = &AclBinding> {
        let name = name.to_string();
        let from = AclBinding {
            resource_type: rt,
            resource_name: name.clone(),
            pattern_type: i8::MIN,
            principal: String::new(),
            host: String::new(),
            operation: i8::MIN,
            permission: i8::MIN,
        };
        self.bindings
            .range(from..)
            .take_while(move |acl| acl.resource_type == rt && acl.resource_name == *name)
    }

    /// The rule that decides whether `principal` from `host` may perform
    /// `op` on resource `name` of type `rt` (Kafka's `findAclRule`).
    pub fn find_rule(
        &self,
        principal: &str,
        host: &str,
        op: i8,
        rt: i8,
        name: &str,
        allow_if_no_acl: bool,
    ) -> Rule<'_> {
        // Every prefix of the name (each a candidate PREFIXED ACL, the
        // whole name also LITERAL), then the wildcard. No stored ACL's name
        // is longer than MAX_ACL_FIELD, so neither is any prefix looked up:
        // a client's long name costs at most that many lookups.
        let prefixes = name
            .char_indices()
            .map(|(i, _)| &name[..i])
            .skip(1)
            .chain([name])
            .take_while(|p| p.len() <= MAX_ACL_FIELD);
        let candidates = prefixes.flat_map(|p| self.named(rt, p)).chain(
            if name == WILDCARD {
                None
            } else {
                Some(self.named(rt, WILDCARD))
            }
            .into_iter()
            .flatten(),
        );
        let mut has_resource_acls = false;
        let mut allow = None;
        for acl in candidates.filter(|acl| acl.applies_to(name)) {
            has_resource_acls = true;
            match acl.result_for(principal, host, op) {
                Some(false) => return Rule::Acl(acl),
                Some(true) => allow = Some(acl),
                None => {}
            }
        }
        match (allow, has_resource_acls) {
            (Some(acl), _) => Rule::Acl(acl),
            (None, true) => Rule::NoMatchingAcl,
            (None, false) => Rule::Default(allow_if_no_acl),
        }
    }

    /// Kafka's `authorizeByResourceType`: whether `principal` may perform
    /// `op` on at least one resource of type `rt` — some ALLOW ACL that no
    /// DENY of the same client and operation covers, or no ACL of that
    /// type at all and the default allows.
    pub fn allows_any(
        &self,
        principal: &str,
        host: &str,
        op: i8,
        rt: i8,
        allow_if_no_acl: bool,
    ) -> bool {
        let of_type = || {
            self.bindings
                .iter()
                .filter(move |acl| acl.resource_type == rt)
        };
        let denies: Vec<&AclBinding> = of_type()
            .filter(|acl| acl.result_for(principal, host, op) == Some(false))
            .collect();
        let denied = |name: &str| denies.iter().any(|d| d.applies_to(name));
        if denies
            .iter()
            .any(|d| d.pattern_type == pattern_type::LITERAL && d.resource_name == WILDCARD)
        {
            return false;
        }
        let allowed = of_type()
            .filter(|acl| acl.result_for(principal, host, op) == Some(true))
            .any(|acl| match acl.pattern_type {
                pattern_type::LITERAL => !denied(&acl.resource_name),
                // A PREFIXED allow is void only if a DENY covers its prefix.
                _ => !denies.iter().any(|d| {
                    d.pattern_type == pattern_type::PREFIXED
                        && acl.resource_name.starts_with(&d.resource_name)
                }),
            });
        allowed || (allow_if_no_acl && of_type().next().is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn acl(rt: i8, name: &str, pt: i8, principal: &str, op: i8, perm: i8) -> AclBinding {
        AclBinding {
            resource_type: rt,
            resource_name: name.into(),
            pattern_type: pt,
            principal: principal.into(),
            host: WILDCARD.into(),
            operation: op,
            permission: perm,
        }
    }

    fn acls(list: Vec<AclBinding>) -> Acls {
        let mut acls = Acls::default();
        for a in list {
            acls.insert(a);
        }
        acls
    }

    use operation::*;
    use pattern_type::{LITERAL, PREFIXED};
    use permission::{ALLOW, DENY};
    use resource_type::{GROUP, TOPIC};

    fn allowed(acls: &Acls, principal: &str, op: i8, rt: i8, name: &str) -> bool {
        acls.find_rule(principal, "10.0.0.1", op, rt, name, false)
            .allowed()
    }

    #[test]
    fn literal_prefixed_and_wildcard_acls_apply_as_kafkas() {
        let a = acls(vec![
            acl(TOPIC, "orders", LITERAL, "User:alice", WRITE, ALLOW),
            acl(TOPIC, "logs-", PREFIXED, "User:bob", READ, ALLOW),
            acl(TOPIC, "*", LITERAL, "User:carol", DESCRIBE, ALLOW),
        ]);
        assert!(allowed(&a, "User:alice", WRITE, TOPIC, "orders"));
        assert!(!allowed(&a, "User:alice", WRITE, TOPIC, "orders2"));
        assert!(!allowed(&a, "User:alice", READ, TOPIC, "orders"));
        assert!(allowed(&a, "User:bob", READ, TOPIC, "logs-app"));
        assert!(!allowed(&a, "User:bob", READ, TOPIC, "log"));
        assert!(allowed(&a, "User:carol", DESCRIBE, TOPIC, "anything"));
        assert!(!allowed(&a, "User:carol", DESCRIBE, GROUP, "anything"));
    }

    #[test]
    fn deny_wins_and_only_allow_implies_describe() {
        let a = acls(vec![
            acl(TOPIC, "*", LITERAL, "User:*", ALL, ALLOW),
            acl(TOPIC, "secret", PREFIXED, "User:eve", READ, DENY),
        ]);
        assert!(allowed(&a, "User:eve", READ, TOPIC, "public"));
        assert!(!allowed(&a, "User:eve", READ, TOPIC, "secret-1"));
        // A DENY of READ does not deny DESCRIBE.
        assert!(allowed(&a, "User:eve", DESCRIBE, TOPIC, "secret-1"));
        let b = acls(vec![acl(TOPIC, "t", LITERAL, "User:u", WRITE, ALLOW)]);
        assert!(allowed(&b, "User:u", DESCRIBE, TOPIC, "t"));
        assert!(!allowed(&b, "User:u", DESCRIBE_CONFIGS, TOPIC, "t"));
        let c = acls(vec![acl(
            TOPIC,
            "t",
            LITERAL,
            "User:u",
            ALTER_CONFIGS,
            ALLOW,
        )]);
        assert!(allowed(&c, "User:u", DESCRIBE_CONFIGS, TOPIC, "t"));
    }

    #[test]
    fn with_no_acl_on_a_resource_the_default_decides() {
        let a = acls(vec![acl(TOPIC, "t", LITERAL, "User:u", READ, ALLOW)]);
        let rule = |name| a.find_rule("User:v", "h", READ, TOPIC, name, true);
        assert_eq!(rule("other"), Rule::Default(true));
        // "t" has ACLs, none for User:v: denied even with the default on.
        assert_eq!(rule("t"), Rule::NoMatchingAcl);
        assert!(!rule("t").allowed());
    }

    #[test]
    fn a_long_name_is_looked_up_no_further_than_the_longest_acl_name() {
        let a = acls(vec![
            acl(TOPIC, "a", PREFIXED, "User:u", READ, ALLOW),
            acl(TOPIC, "*", LITERAL, "User:v", READ, ALLOW),
        ]);
        let long = "a".repeat(4 * MAX_ACL_FIELD);
        assert!(allowed(&a, "User:u", READ, TOPIC, &long));
        assert!(allowed(&a, "User:v", READ, TOPIC, &long));
        assert!(!allowed(&a, "User:w", READ, TOPIC, &long));
    }

    #[test]
    fn hosts_must_match_unless_the_acl_says_any() {
        let mut only = acl(TOPIC, "t", LITERAL, "User:u", READ, ALLOW);
        only.host = "10.0.0.2".into();
        let a = acls(vec![only]);
        assert!(!allowed(&a, "User:u", READ, TOPIC, "t"));
        assert!(a
            .find_rule("User:u", "10.0.0.2", READ, TOPIC, "t", false)
            .allowed());
    }

    #[test]
    fn allows_any_needs_an_allow_not_covered_by_a_deny() {
        let a = acls(vec![
            acl(TOPIC, "a", LITERAL, "User:u", WRITE, ALLOW),
            acl(TOPIC, "a", LITERAL, "User:u", WRITE, DENY),
        ]);
        assert!(!a.allows_any("User:u", "h", WRITE, TOPIC, false));
        let b = acls(vec![
            acl(TOPIC, "a", LITERAL, "User:u", WRITE, ALLOW),
            acl(TOPIC, "b", LITERAL, "User:u", WRITE, DENY),
        ]);
        assert!(b.allows_any("User:u", "h", WRITE, TOPIC, false));
        let c = acls(vec![
            acl(TOPIC, "ab", PREFIXED, "User:u", WRITE, ALLOW),
            acl(TOPIC, "a", PREFIXED, "User:u", WRITE, DENY),
        ]);
        assert!(!c.allows_any("User:u", "h", WRITE, TOPIC, false));
        assert!(Acls::default().allows_any("User:u", "h", WRITE, TOPIC, true));
        assert!(!Acls::default().allows_any("User:u", "h", WRITE, TOPIC, false));
    }

    #[test]
    fn filters_match_as_kafkas() {
        let lit = acl(TOPIC, "orders", LITERAL, "User:a", READ, ALLOW);
        let pre = acl(TOPIC, "ord", PREFIXED, "User:a", READ, ALLOW);
        let wild = acl(TOPIC, "*", LITERAL, "User:a", READ, ALLOW);
        let filter = |pt: i8, name: Option<&str>| AclBindingFilter {
            resource_type: resource_type::ANY,
            resource_name: name.map(Into::into),
            pattern_type: pt,
            principal: None,
            host: None,
            operation: operation::ANY,
            permission: permission::ANY,
        };
        let m = filter(pattern_type::MATCH, Some("orders"));
        assert!(m.matches(&lit) && m.matches(&pre) && m.matches(&wild));
        let l = filter(LITERAL, Some("orders"));
        assert!(l.matches(&lit) && !l.matches(&pre) && !l.matches(&wild));
        let any = filter(pattern_type::ANY, None);
        assert!(any.matches(&lit) && any.matches(&pre) && any.matches(&wild));
        let p = filter(PREFIXED, Some("ord"));
        assert!(!p.matches(&lit) && p.matches(&pre));
    }

    #[test]
    fn invalid_acls_are_refused_with_kafkas_messages() {
        let ok = acl(TOPIC, "t", LITERAL, "User:a", READ, ALLOW);
        assert!(ok.validate().is_ok());
        let mut bad = ok.clone();
        bad.pattern_type = pattern_type::MATCH;
        assert_eq!(bad.validate().unwrap_err(), "Invalid patternType 2");
        let mut bad = ok.clone();
        bad.resource_type = resource_type::CLUSTER;
        assert!(bad.validate().unwrap_err().contains("kafka-cluster"));
        let mut bad = ok.clone();
        bad.principal = "alice".into();
        assert!(bad
            .validate()
            .unwrap_err()
            .contains("Could not parse principal"));
        let mut bad = ok;
        bad.resource_name = "x".repeat(MAX_ACL_FIELD + 1);
        assert!(bad.validate().is_err());
    }

    fn arb_acl() -> impl Strategy<Value = AclBinding> {
        (
            prop_oneof![Just(TOPIC), Just(GROUP)],
            prop_oneof![Just("*".to_string()), "[ab]{1,3}".prop_map(String::from)],
            prop_oneof![Just(LITERAL), Just(PREFIXED)],
            prop_oneof![Just("User:u"), Just("User:*"), Just("User:v")],
            prop_oneof![Just(READ), Just(WRITE), Just(DESCRIBE), Just(ALL)],
            prop_oneof![Just(ALLOW), Just(DENY)],
        )
            .prop_map(|(rt, name, pt, p, op, perm)| acl(rt, &name, pt, p, op, perm))
    }

    /// The decision by brute force over every ACL, as the header states it.
    fn reference(acls: &[AclBinding], op: i8, rt: i8, name: &str, default: bool) -> bool {
        let applying: Vec<&AclBinding> = acls
            .iter()
            .filter(|a| a.resource_type == rt && a.applies_to(name))
            .collect();
        let results: Vec<bool> = applying
            .iter()
            .filter_map(|a| a.result_for("User:u", "h", op))
            .collect();
        if results.contains(&false) {
            false
        } else if results.contains(&true) {
            true
        } else {
            applying.is_empty() && default
        }
    }

    proptest! {
        #[test]
        fn the_indexed_decision_is_the_brute_force_one(
            list in proptest::collection::vec(arb_acl(), 0..12),
            name in "[ab]{1,4}",
            op in prop_oneof![Just(READ), Just(WRITE), Just(DESCRIBE)],
            default in any::<bool>(),
        ) {
            let set = acls(list.clone());
            let rule = set.find_rule("User:u", "h", op, TOPIC, &name, default);
            prop_assert_eq!(rule.allowed(), reference(&list, op, TOPIC, &name, default));
        }
    }
}
