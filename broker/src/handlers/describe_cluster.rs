//! DescribeCluster: the brokers and the controller (KIP-700).

use protocol::messages::describe_cluster_response::DescribeClusterBroker;
use protocol::messages::{DescribeClusterRequest, DescribeClusterResponse};

use crate::authorizer::{Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

/// DescribeCluster v1: 1 = brokers, 2 = controllers.
const ENDPOINT_TYPE_BROKERS: i8 = 1;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeClusterRequest,
) -> DescribeClusterResponse {
    let version = ctx.version;
    let state = broker.state();
    let mut response = DescribeClusterResponse {
        cluster_id: broker.cluster_id.clone(),
        controller_id: broker.controller_id(),
        endpoint_type: if version >= 1 {
            request.endpoint_type
        } else {
            ENDPOINT_TYPE_BROKERS
        },
        brokers: state
            .live_brokers()
            .filter_map(|b| {
                let (host, port) = b.endpoint(ctx.listener)?;
                Some(DescribeClusterBroker {
                    broker_id: b.node_id,
                    host: host.to_string(),
                    port,
                    rack: b.rack.clone(),
                    ..Default::default()
                })
            })
            .collect(),
        cluster_authorized_operations: broker.authorizer.authorized_operations_if(
            request.include_cluster_authorized_operations,
            &state.acls,
            ctx,
            Resource::Cluster,
            CLUSTER,
        ),
        ..Default::default()
    };
    if version >= 1 && request.endpoint_type != ENDPOINT_TYPE_BROKERS {
        response.error_code = code::UNSUPPORTED_VERSION;
        response.error_message = Some("Only broker endpoints can be described.".into());
        response.brokers.clear();
    }
    response
}
