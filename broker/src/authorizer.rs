//! Authorization: whether a client may perform an operation on a resource
//! (Kafka's `Authorizer`), and the "authorized operations" bit sets of
//! KIP-430 that Metadata, DescribeCluster, DescribeGroups and
//! ConsumerGroupDescribe return.
//!
//! Without `authorizer.class.name` every client may perform every
//! operation, as in Kafka. With Kafka's StandardAuthorizer configured, the
//! cluster's ACLs decide (`metadata::acl::Acls::find_rule`): `super.users`
//! may do everything; a resource with no ACL is open only if
//! `allow.everyone.if.no.acl.found`. A denial a client asked for is written
//! to the audit log (target `kafka.authorizer.logger`, as Kafka names it)
//! with the principal, host, operation and resource, never a credential.
//! The audit log is bounded, since a client chooses how many denials a
//! request makes (a Metadata request may name 100,000 topics): at most
//! [`MAX_DENIALS_LOGGED_PER_SECOND`] lines a second, names cut at
//! [`MAX_LOGGED_NAME`] bytes, and one line counting the rest.
//!
//! Invariant: this is the one place that decides; handlers ask it, with the
//! operations Kafka's `KafkaApis` asks for each API.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use metadata::acl::{resource_type, supported_operations, Acls, CLUSTER_NAME, OPERATION_NAMES};

use crate::config::BrokerConfig;
use crate::request_context::RequestContext;

pub use metadata::acl::operation as op;

/// What a client may be authorized on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Topic,
    Group,
    Cluster,
    TransactionalId,
}

impl Resource {
    fn code(self) -> i8 {
        match self {
            Resource::Topic => resource_type::TOPIC,
            Resource::Group => resource_type::GROUP,
            Resource::Cluster => resource_type::CLUSTER,
            Resource::TransactionalId => resource_type::TRANSACTIONAL_ID,
        }
    }
}

/// The resource name of the cluster.
pub const CLUSTER: &str = CLUSTER_NAME;

/// Kafka's answer when the client did not ask for authorized operations.
pub const NOT_REQUESTED: i32 = i32::MIN;

/// The most denials the audit log writes in one second; the rest are counted.
pub const MAX_DENIALS_LOGGED_PER_SECOND: u32 = 100;
/// The most bytes of a resource name the audit log writes.
pub const MAX_LOGGED_NAME: usize = 256;

/// The broker's authorizer, from its static config.
#[derive(Debug, Clone, Default)]
pub struct Authorizer {
    enabled: bool,
    super_users: BTreeSet<String>,
    allow_if_no_acl: bool,
    audit: Arc<Mutex<AuditBudget>>,
}

/// The denials logged in the current second, and those left out.
#[derive(Debug, Default)]
struct AuditBudget {
    second: u64,
    logged: u32,
    suppressed: u64,
}

impl AuditBudget {
    /// Whether a denial at `now_s` may be logged, and how many were left
    /// out in the seconds before (to say so once).
    fn admit(&mut self, now_s: u64) -> (bool, u64) {
        let mut left_out = 0;
        if now_s != self.second {
            left_out = std::mem::take(&mut self.suppressed);
            self.second = now_s;
            self.logged = 0;
        }
        if self.logged < MAX_DENIALS_LOGGED_PER_SECOND {
            self.logged += 1;
            (true, left_out)
        } else {
            self.suppressed += 1;
            (false, left_out)
        }
    }
}

impl Authorizer {
    /// The authorizer `config` asks for (checked by `config::security`).
    pub fn new(config: &BrokerConfig) -> Authorizer {
        Authorizer {
            enabled: !config.authorizer_class_name.trim().is_empty(),
            super_users: config.super_users.iter().cloned().collect(),
            allow_if_no_acl: config.allow_everyone_if_no_acl_found,
            audit: Arc::default(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Whether the client of `ctx` may perform `op` on `resource` `name`,
    /// without writing to the audit log (authorized operations, filters).
    pub fn allows(
        &self,
        acls: &Acls,
        ctx: &RequestContext,
        op: i8,
        resource: Resource,
        name: &str,
    ) -> bool {
        if !self.enabled || self.super_users.contains(ctx.principal) {
            return true;
        }
        acls.find_rule(
            ctx.principal,
            &host(ctx),
            op,
            resource.code(),
            name,
            self.allow_if_no_acl,
        )
        .allowed()
    }

    /// [`Authorizer::allows`] for an operation the client asked for: a
    /// denial is written to the audit log.
    pub fn authorize(
        &self,
        acls: &Acls,
        ctx: &RequestContext,
        op: i8,
        resource: Resource,
        name: &str,
    ) -> bool {
        let allowed = self.allows(acls, ctx, op, resource, name);
        if allowed {
            return true;
        }
        let now_s = storage::log::now_ms() as u64 / 1000;
        let (log, left_out) = self.audit.lock().expect("audit lock").admit(now_s);
        if left_out > 0 {
            tracing::info!(
                target: "kafka.authorizer.logger",
                denials = left_out,
                "{left_out} more denials were not logged (at most {MAX_DENIALS_LOGGED_PER_SECOND} a second)"
            );
        }
        if log {
            let name = cut(name, MAX_LOGGED_NAME);
            tracing::info!(
                target: "kafka.authorizer.logger",
                principal = ctx.principal,
                host = %host(ctx),
                operation = operation_name(op),
                resource = ?resource,
                name,
                api = ctx.api.name(),
                "Principal = {} is Denied operation = {} from host = {} on resource = {:?}:{} for request = {}",
                ctx.principal,
                operation_name(op),
                host(ctx),
                resource,
                name,
                ctx.api.name()
            );
        }
        false
    }

    /// Kafka's `authorizeByResourceType`: whether the client may perform
    /// `op` on at least one resource of the kind.
    pub fn authorize_any(
        &self,
        acls: &Acls,
        ctx: &RequestContext,
        op: i8,
        resource: Resource,
    ) -> bool {
        if !self.enabled || self.super_users.contains(ctx.principal) {
            return true;
        }
        acls.allows_any(
            ctx.principal,
            &host(ctx),
            op,
            resource.code(),
            self.allow_if_no_acl,
        )
    }

    /// The bit set (bit n = operation code n) of the operations the client
    /// may perform on `resource` `name`: every supported one without an
    /// authorizer.
    pub fn authorized_operations(
        &self,
        acls: &Acls,
        ctx: &RequestContext,
        resource: Resource,
        name: &str,
    ) -> i32 {
        supported_operations(resource.code())
            .iter()
            .filter(|&&op| self.allows(acls, ctx, op, resource, name))
            .fold(0, |bits, &op| bits | (1 << op))
    }

    /// `authorized_operations` if the client asked for them, else Kafka's
    /// [`NOT_REQUESTED`].
    pub fn authorized_operations_if(
        &self,
        requested: bool,
        acls: &Acls,
        ctx: &RequestContext,
        resource: Resource,
        name: &str,
    ) -> i32 {
        if requested {
            self.authorized_operations(acls, ctx, resource, name)
        } else {
            NOT_REQUESTED
        }
    }
}

/// `s` cut to at most `max` bytes, at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let end = (0..=max.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    &s[..end]
}

/// The client's address as Kafka's ACLs name hosts (`getHostAddress`).
fn host(ctx: &RequestContext) -> String {
    ctx.peer.ip().to_canonical().to_string()
}

/// Kafka's name of an operation, for the audit log.
fn operation_name(op: i8) -> &'static str {
    OPERATION_NAMES
        .iter()
        .find(|(code, _)| *code == op)
        .map_or("UNKNOWN", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use metadata::acl::{pattern_type, permission, AclBinding};
    use metadata::{ClusterState, Command};
    use protocol::ApiKey;

    fn ctx(principal: &str) -> RequestContext<'_> {
        RequestContext {
            api: ApiKey::Metadata,
            version: 12,
            correlation_id: 1,
            client_id: "c",
            listener: "PLAINTEXT",
            peer: "10.0.0.7:5555".parse().unwrap(),
            principal,
            client_software: ("", ""),
        }
    }

    fn on(super_users: &[&str], allow_if_no_acl: bool) -> Authorizer {
        Authorizer {
            enabled: true,
            super_users: super_users.iter().map(|s| s.to_string()).collect(),
            allow_if_no_acl,
            audit: Arc::default(),
        }
    }

    #[test]
    fn bit_sets_are_kafkas_without_an_authorizer() {
        // What Apache Kafka 4.4 answers with no authorizer configured.
        let off = Authorizer::default();
        let acls = Acls::default();
        let c = ctx("User:ANONYMOUS");
        assert_eq!(
            off.authorized_operations(&acls, &c, Resource::Topic, "t"),
            3576
        );
        assert_eq!(
            off.authorized_operations(&acls, &c, Resource::Group, "g"),
            3400
        );
        assert_eq!(
            off.authorized_operations(&acls, &c, Resource::Cluster, CLUSTER),
            8096
        );
        assert_eq!(
            off.authorized_operations_if(false, &acls, &c, Resource::Topic, "t"),
            i32::MIN
        );
    }

    #[test]
    fn the_audit_log_writes_at_most_its_budget_a_second_and_counts_the_rest() {
        let mut b = AuditBudget::default();
        let first: Vec<bool> = (0..150).map(|_| b.admit(7).0).collect();
        assert_eq!(first.iter().filter(|&&l| l).count(), 100);
        assert!(first[..100].iter().all(|&l| l) && !first[100]);
        // The next second: logged again, and the 50 left out are told once.
        assert_eq!(b.admit(8), (true, 50));
        assert_eq!(b.admit(8), (true, 0));
        assert_eq!(cut("héllo", 2), "h");
        assert_eq!(cut("abc", 256), "abc");
    }

    #[test]
    fn super_users_may_do_anything_and_others_nothing_by_default() {
        let acls = Acls::default();
        let a = on(&["User:admin"], false);
        assert!(a.authorize(&acls, &ctx("User:admin"), op::WRITE, Resource::Topic, "t"));
        assert!(!a.authorize(&acls, &ctx("User:bob"), op::WRITE, Resource::Topic, "t"));
        let open = on(&[], true);
        assert!(open.authorize(&acls, &ctx("User:bob"), op::WRITE, Resource::Topic, "t"));
    }

    #[test]
    fn acls_decide_and_give_the_authorized_operations() {
        let mut state = ClusterState::default();
        let read = AclBinding {
            resource_type: resource_type::TOPIC,
            resource_name: "t".into(),
            pattern_type: pattern_type::LITERAL,
            principal: "User:bob".into(),
            host: "10.0.0.7".into(),
            operation: op::READ,
            permission: permission::ALLOW,
        };
        state
            .apply(Command::CreateAcls { acls: vec![read] })
            .unwrap();
        let a = on(&[], false);
        let bob = ctx("User:bob");
        assert!(a.authorize(&state.acls, &bob, op::READ, Resource::Topic, "t"));
        assert!(!a.authorize(&state.acls, &bob, op::WRITE, Resource::Topic, "t"));
        // READ implies DESCRIBE.
        let bits = a.authorized_operations(&state.acls, &bob, Resource::Topic, "t");
        assert_eq!(bits, (1 << op::READ) | (1 << op::DESCRIBE));
        assert!(a.authorize_any(&state.acls, &bob, op::READ, Resource::Topic));
        assert!(!a.authorize_any(&state.acls, &bob, op::WRITE, Resource::Topic));
    }
}
