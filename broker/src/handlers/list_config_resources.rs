//! ListConfigResources (KIP-1142; v0 was KIP-714's ListClientMetricsResources,
//! `kafka-client-metrics --list`): the config resources a client may
//! describe. v0 lists the client metrics subscriptions; v1 the resources of
//! the types asked for, or of every type this broker describes (topics,
//! brokers, client metrics subscriptions) when none is named.
//!
//! Invariants, as Kafka answers: DescribeConfigs on the cluster is required
//! (else CLUSTER_AUTHORIZATION_FAILED, nothing listed); a type this broker
//! does not describe fails the request with UNSUPPORTED_VERSION; each
//! resource appears once.

use protocol::messages::list_config_resources_response::ConfigResource;
use protocol::messages::{ListConfigResourcesRequest, ListConfigResourcesResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::handlers::describe_configs::{RESOURCE_BROKER, RESOURCE_CLIENT_METRICS, RESOURCE_TOPIC};
use crate::request_context::RequestContext;

/// The types listed, in this order, when the request names none.
const LISTED_TYPES: [i8; 3] = [RESOURCE_TOPIC, RESOURCE_BROKER, RESOURCE_CLIENT_METRICS];

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: ListConfigResourcesRequest,
) -> ListConfigResourcesResponse {
    let error = |error_code| ListConfigResourcesResponse {
        error_code,
        ..Default::default()
    };
    if !broker.authorize(ctx, op::DESCRIBE_CONFIGS, Resource::Cluster, CLUSTER) {
        return error(code::CLUSTER_AUTHORIZATION_FAILED);
    }
    let mut types: Vec<i8> = if ctx.version == 0 {
        vec![RESOURCE_CLIENT_METRICS]
    } else if request.resource_types.is_empty() {
        LISTED_TYPES.to_vec()
    } else {
        request.resource_types
    };
    if types.iter().any(|t| !LISTED_TYPES.contains(t)) {
        return error(code::UNSUPPORTED_VERSION);
    }
    types.sort_by_key(|t| LISTED_TYPES.iter().position(|l| l == t));
    types.dedup();
    let state = broker.state();
    let mut config_resources = Vec::new();
    for t in types {
        let names: Vec<String> = match t {
            RESOURCE_TOPIC => state.topics.keys().cloned().collect(),
            RESOURCE_BROKER => state.brokers.keys().map(i32::to_string).collect(),
            _ => state.client_metrics.keys().cloned().collect(),
        };
        config_resources.extend(names.into_iter().map(|resource_name| ConfigResource {
            resource_name,
            resource_type: t,
            ..Default::default()
        }));
    }
    ListConfigResourcesResponse {
        config_resources,
        ..Default::default()
    }
}
