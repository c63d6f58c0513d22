//! ApiVersions: the versions of every API this broker implements.

use protocol::messages::api_versions_response::ApiVersion;
use protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};

use super::SUPPORTED_APIS;
use crate::error::code;

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
