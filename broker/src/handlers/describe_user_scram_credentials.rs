//! DescribeUserScramCredentials v0: each user's SCRAM mechanisms and
//! iterations (never a key or salt); every user when none is named.

use protocol::messages::{
    DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse,
};

use crate::broker::Broker;
use crate::sasl::scram_control;

pub fn handle(
    broker: &Broker,
    request: DescribeUserScramCredentialsRequest,
) -> DescribeUserScramCredentialsResponse {
    let users: Option<Vec<String>> = request
        .users
        .map(|users| users.into_iter().map(|u| u.name).collect());
    DescribeUserScramCredentialsResponse {
        results: scram_control::describe(users.as_deref(), &broker.state().scram_credentials),
        ..Default::default()
    }
}
