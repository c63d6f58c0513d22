//! UpdateFeatures (KIP-584, `kafka-features upgrade|downgrade|disable`):
//! finalized feature levels change through the metadata log, checked as
//! Kafka's controller checks them (see `crate::features`). Alter on the
//! cluster is required (else CLUSTER_AUTHORIZATION_FAILED).
//!
//! Invariants, as Kafka answers: the update is all or nothing, its error
//! (INVALID_UPDATE_VERSION with Kafka's message) at the top level; v0-1
//! list each feature with the outcome when it succeeded; `validate_only`
//! (v1+) checks without changing anything; v0's `allow_downgrade` is a safe
//! downgrade.

use std::collections::BTreeMap;

use metadata::Command;
use protocol::messages::update_features_response::UpdatableFeatureResult;
use protocol::messages::{UpdateFeaturesRequest, UpdateFeaturesResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::features::{self, SAFE_DOWNGRADE, UPGRADE};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: UpdateFeaturesRequest,
) -> UpdateFeaturesResponse {
    let updates: BTreeMap<String, (i16, i8)> = request
        .feature_updates
        .iter()
        .map(|u| {
            let upgrade_type = match ctx.version {
                0 if u.allow_downgrade => SAFE_DOWNGRADE,
                0 => UPGRADE,
                _ => u.upgrade_type,
            };
            (u.feature.clone(), (u.max_version_level, upgrade_type))
        })
        .collect();
    let result = update(broker, ctx, &updates, request.validate_only).await;
    let (error_code, error_message) = match &result {
        Ok(()) => (code::NONE, None),
        Err(e) => (e.code, Some(e.message.clone())),
    };
    let results = if result.is_ok() && ctx.version <= 1 {
        updates
            .keys()
            .map(|feature| UpdatableFeatureResult {
                feature: feature.clone(),
                ..Default::default()
            })
            .collect()
    } else {
        Vec::new()
    };
    UpdateFeaturesResponse {
        error_code,
        error_message,
        results,
        ..Default::default()
    }
}

async fn update(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    updates: &BTreeMap<String, (i16, i8)>,
    validate_only: bool,
) -> Result<(), ApiError> {
    if !broker.authorize(ctx, op::ALTER, Resource::Cluster, CLUSTER) {
        return Err(ApiError::of(code::CLUSTER_AUTHORIZATION_FAILED));
    }
    let state = broker.state();
    let levels = features::plan(&state.finalized_features, updates, broker.config.node_id)?;
    if validate_only || levels.is_empty() {
        return Ok(());
    }
    broker
        .metadata
        .submit(Command::UpdateFeatures {
            levels: levels.clone(),
        })
        .await
        .map_err(|e| ApiError::from(&e))?;
    tracing::info!(?levels, "finalized features updated");
    Ok(())
}
