//! DescribeUserScramCredentials v0: each user's SCRAM mechanisms and
//! iterations (never a key or salt); every user when none is named. A
//! client needs Describe on the cluster (else CLUSTER_AUTHORIZATION_FAILED).

use protocol::messages::{
    DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse,
};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;
use crate::sasl::scram_control;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeUserScramCredentialsRequest,
) -> DescribeUserScramCredentialsResponse {
    if !broker.authorize(ctx, op::DESCRIBE, Resource::Cluster, CLUSTER) {
        return DescribeUserScramCredentialsResponse {
            error_code: code::CLUSTER_AUTHORIZATION_FAILED,
            error_message: Some("Cluster authorization failed.".into()),
            ..Default::default()
        };
    }
    let users: Option<Vec<String>> = request
        .users
        .map(|users| users.into_iter().map(|u| u.name).collect());
    DescribeUserScramCredentialsResponse {
        results: scram_control::describe(users.as_deref(), &broker.state().scram_credentials),
        ..Default::default()
    }
}
