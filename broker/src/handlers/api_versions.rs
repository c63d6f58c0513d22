//! ApiVersions: the versions of every API this broker implements, and the
//! features it supports and the cluster has finalized (KIP-584), as Kafka's
//! brokers answer from v3 on (`kafka-features describe` prints them; see
//! `crate::features`). The finalized features epoch is 1 plus the number of
//! UpdateFeatures applied (a client keeps the features of the highest epoch
//! it has seen; -1 is "none").
//!
//! A feature at level 0 is supported but not finalized (Kafka lists only
//! finalized levels above 0).

use protocol::messages::api_versions_response::{
    ApiVersion, FinalizedFeatureKey, SupportedFeatureKey,
};
use protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};

use super::SUPPORTED_APIS;
use crate::broker::Broker;
use crate::error::code;
use crate::features::{self, FEATURES};

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

pub fn handle(broker: &Broker, request: ApiVersionsRequest) -> ApiVersionsResponse {
    let state = broker.state();
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
        finalized_features_epoch: 1 + state.features_epoch,
        finalized_features: features::finalized(&state.finalized_features)
            .into_iter()
            .filter(|&(_, level)| level > 0)
            .map(|(name, level)| FinalizedFeatureKey {
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
