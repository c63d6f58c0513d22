//! DescribeClientQuotas v0–1: the client quotas matching a filter. No
//! quotas can be set yet (AlterClientQuotas is not served), so every filter
//! matches none: an empty answer, as Kafka gives when no quota is set. This
//! lets `kafka-configs --describe --entity-type users` (which asks for the
//! quotas beside the SCRAM credentials) work. A client needs
//! DescribeConfigs on the cluster (else CLUSTER_AUTHORIZATION_FAILED).

use protocol::messages::{DescribeClientQuotasRequest, DescribeClientQuotasResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    _request: DescribeClientQuotasRequest,
) -> DescribeClientQuotasResponse {
    if !broker.authorize(ctx, op::DESCRIBE_CONFIGS, Resource::Cluster, CLUSTER) {
        return DescribeClientQuotasResponse {
            error_code: code::CLUSTER_AUTHORIZATION_FAILED,
            error_message: Some("Cluster authorization failed.".into()),
            ..Default::default()
        };
    }
    DescribeClientQuotasResponse {
        entries: Some(Vec::new()),
        ..Default::default()
    }
}
