//! ApiVersions: the versions of every API this broker implements, and the
//! features it supports and has finalized (KIP-584), as Kafka's brokers
//! answer from v3 on: `transaction.version` at level 2 (Transactions V2,
//! KIP-890, the default since Kafka 4.0), which Kafka's clients read to bump
//! the producer epoch at every transaction's end and to let produce add
//! partitions to the transaction.

use protocol::messages::api_versions_response::{
    ApiVersion, FinalizedFeatureKey, SupportedFeatureKey,
};
use protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};

use super::SUPPORTED_APIS;
use crate::broker::TRANSACTION_VERSION_LEVEL;
use crate::error::code;

/// Kafka's feature name for the transaction protocol's version.
const TRANSACTION_VERSION: &str = "transaction.version";

/// The epoch of the finalized features: fixed, as they never change here
/// (a client keeps the features of the highest epoch it has seen; -1 is
/// "none").
const FINALIZED_FEATURES_EPOCH: i64 = 1;

fn api_list() -> Vec<ApiVersion> {
    SUPPORTED_APIS
        .iter()
        .map(|&(api, min, max)| ApiVersion {
            api_key: api as i16,
            min_version: min,
            max_version: max,
            ..Default::default()
        })
        .collect()
}

pub fn handle(_version: i16, request: ApiVersionsRequest) -> ApiVersionsResponse {
    tracing::debug!(
        client = request.client_software_name.as_str(),
        client_version = request.client_software_version.as_str(),
        "ApiVersions"
    );
    ApiVersionsResponse {
        error_code: code::NONE,
        api_keys: api_list(),
        supported_features: vec![SupportedFeatureKey {
            name: TRANSACTION_VERSION.to_string(),
            min_version: 0,
            max_version: TRANSACTION_VERSION_LEVEL,
            ..Default::default()
        }],
        finalized_features_epoch: FINALIZED_FEATURES_EPOCH,
        finalized_features: vec![FinalizedFeatureKey {
            name: TRANSACTION_VERSION.to_string(),
            max_version_level: TRANSACTION_VERSION_LEVEL,
            min_version_level: TRANSACTION_VERSION_LEVEL,
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// The v0 answer to a client that asked for an ApiVersions version we lack.
pub fn unsupported_version() -> ApiVersionsResponse {
    ApiVersionsResponse {
        error_code: code::UNSUPPORTED_VERSION,
        api_keys: api_list(),
        ..Default::default()
    }
}
