//! ApiVersions: the versions of every API this broker implements, and the
//! features it supports and has finalized (KIP-584), as Kafka's brokers
//! answer from v3 on (`kafka-features describe` prints them):
//! - `metadata.version` 4.0-IV3 (25), the Kafka 4.0 behaviour this broker
//!   follows;
//! - `kraft.version` 0: a static quorum (`controller.quorum.voters`; no
//!   KIP-853 voter changes yet);
//! - `group.version` 1: the KIP-848 consumer group protocol;
//! - `transaction.version` 2 (Transactions V2, KIP-890), which Kafka's
//!   clients read to bump the producer epoch at every transaction's end and
//!   to let produce add partitions to the transaction.
//!
//! A feature at level 0 is supported but not finalized (Kafka lists only
//! finalized levels above 0).

use protocol::messages::api_versions_response::{
    ApiVersion, FinalizedFeatureKey, SupportedFeatureKey,
};
use protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};

use super::SUPPORTED_APIS;
use crate::broker::TRANSACTION_VERSION_LEVEL;
use crate::error::code;

/// Every feature: (name, lowest supported level, highest supported level,
/// finalized level).
const FEATURES: &[(&str, i16, i16, i16)] = &[
    // 3.3-IV3 (7), the oldest Kafka 4 reads, to 4.0-IV3 (25).
    ("metadata.version", 7, 25, 25),
    ("kraft.version", 0, 0, 0),
    ("group.version", 0, 1, 1),
    (
        "transaction.version",
        0,
        TRANSACTION_VERSION_LEVEL,
        TRANSACTION_VERSION_LEVEL,
    ),
];

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
        supported_features: FEATURES
            .iter()
            .map(|&(name, min, max, _)| SupportedFeatureKey {
                name: name.to_string(),
                min_version: min,
                max_version: max,
                ..Default::default()
            })
            .collect(),
        finalized_features_epoch: FINALIZED_FEATURES_EPOCH,
        finalized_features: FEATURES
            .iter()
            .filter(|&&(_, _, _, level)| level > 0)
            .map(|&(name, _, _, level)| FinalizedFeatureKey {
                name: name.to_string(),
                max_version_level: level,
                min_version_level: level,
                ..Default::default()
            })
            .collect(),
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
