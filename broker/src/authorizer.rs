//! Authorization: the operations a client may perform on a resource (Kafka's
//! `Authorizer`), and the "authorized operations" bit sets of KIP-430 that
//! Metadata, DescribeCluster, DescribeGroups and ConsumerGroupDescribe return.
//!
//! Invariant: this is the one place that decides. Until principals and ACLs
//! come (the security issue), there is no authorizer, and every client may
//! perform every operation Kafka supports on a resource, as Kafka does
//! without `authorizer.class.name`. The supported operations are Kafka 4.4's
//! (`AclEntry.supportedOperations`).

/// Kafka's `AclOperation` codes.
mod operation {
    pub const READ: u8 = 3;
    pub const WRITE: u8 = 4;
    pub const CREATE: u8 = 5;
    pub const DELETE: u8 = 6;
    pub const ALTER: u8 = 7;
    pub const DESCRIBE: u8 = 8;
    pub const CLUSTER_ACTION: u8 = 9;
    pub const DESCRIBE_CONFIGS: u8 = 10;
    pub const ALTER_CONFIGS: u8 = 11;
    pub const IDEMPOTENT_WRITE: u8 = 12;
}

/// What a client may be authorized on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Topic,
    Group,
    Cluster,
}

/// Kafka's answer when the client did not ask for authorized operations.
pub const NOT_REQUESTED: i32 = i32::MIN;

/// The operations Kafka supports on each kind of resource.
fn supported_operations(resource: Resource) -> &'static [u8] {
    use operation::*;
    match resource {
        Resource::Topic => &[
            READ,
            WRITE,
            CREATE,
            DESCRIBE,
            DELETE,
            ALTER,
            DESCRIBE_CONFIGS,
            ALTER_CONFIGS,
        ],
        Resource::Group => &[READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS],
        Resource::Cluster => &[
            CREATE,
            CLUSTER_ACTION,
            DESCRIBE_CONFIGS,
            ALTER_CONFIGS,
            IDEMPOTENT_WRITE,
            ALTER,
            DESCRIBE,
        ],
    }
}

/// The bit set (bit n = operation code n) of the operations the client may
/// perform on `resource`: every supported one, there being no authorizer.
pub fn authorized_operations(resource: Resource) -> i32 {
    supported_operations(resource)
        .iter()
        .fold(0, |bits, &op| bits | (1 << op))
}

/// `authorized_operations` if the client asked for them, else Kafka's
/// [`NOT_REQUESTED`].
pub fn authorized_operations_if(requested: bool, resource: Resource) -> i32 {
    if requested {
        authorized_operations(resource)
    } else {
        NOT_REQUESTED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_sets_are_kafkas_without_an_authorizer() {
        // What Apache Kafka 4.4 answers with no authorizer configured.
        assert_eq!(authorized_operations(Resource::Topic), 3576);
        assert_eq!(authorized_operations(Resource::Group), 3400);
        assert_eq!(authorized_operations(Resource::Cluster), 8096);
        assert_eq!(authorized_operations_if(false, Resource::Topic), i32::MIN);
    }
}
