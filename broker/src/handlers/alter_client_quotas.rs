//! AlterClientQuotas v0–1 (KIP-546): sets and removes quota values of
//! users, client ids or both (`kafka-configs --alter --entity-type users
//! --add-config producer_byte_rate=...`). The valid entries of a request
//! are written as one metadata command (unless validate_only); each entry
//! is answered with its own error. A client needs AlterConfigs on the
//! cluster (else CLUSTER_AUTHORIZATION_FAILED).
//!
//! Served keys: `producer_byte_rate`, `consumer_byte_rate` and
//! `controller_mutation_rate`, enforced by `crate::client_quota_manager`.
//! `request_percentage` is refused (INVALID_REQUEST): a quota the broker
//! would store but not enforce is refused, not pretended.

use std::collections::BTreeMap;

use metadata::client_quota::{self, Entity, QuotaChanges, QuotaValue};
use metadata::Command;
use protocol::messages::alter_client_quotas_request::EntryData as RequestEntry;
use protocol::messages::alter_client_quotas_response::{EntityData, EntryData};
use protocol::messages::{AlterClientQuotasRequest, AlterClientQuotasResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::client_quota_manager::{
    CONSUMER_BYTE_RATE, CONTROLLER_MUTATION_RATE, PRODUCER_BYTE_RATE,
};
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

/// Kafka's quota keys Tributary does not enforce yet.
const NOT_ENFORCED: [&str; 1] = ["request_percentage"];

/// The keys served.
const SERVED: [&str; 3] = [
    PRODUCER_BYTE_RATE,
    CONSUMER_BYTE_RATE,
    CONTROLLER_MUTATION_RATE,
];

/// One entry's entity and changes, or why it is refused.
fn changes_of(entry: &RequestEntry) -> Result<(Entity, QuotaChanges), ApiError> {
    let invalid = |m: String| ApiError::new(code::INVALID_REQUEST, m);
    let parts = entry
        .entity
        .iter()
        .map(|e| (e.entity_type.clone(), e.entity_name.clone()))
        .collect();
    let entity = client_quota::entity(parts).map_err(invalid)?;
    let mut changes = BTreeMap::new();
    for op in &entry.ops {
        let key = op.key.as_str();
        if NOT_ENFORCED.contains(&key) {
            return Err(invalid(format!(
                "{key} is not enforced by Tributary yet; only {} are",
                SERVED.join(", ")
            )));
        }
        if !SERVED.contains(&key) {
            return Err(invalid(format!("Invalid configuration key {key}")));
        }
        let value = if op.remove {
            None
        } else if op.value.is_finite()
            && op.value > 0.0
            && (key == CONTROLLER_MUTATION_RATE || op.value.fract() == 0.0)
        {
            Some(QuotaValue::new(op.value))
        } else {
            return Err(invalid(format!(
                "Invalid value {} for {key}: a positive number (of bytes per second: whole)",
                op.value
            )));
        };
        changes.insert(key.to_string(), value);
    }
    Ok((entity, changes))
}

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: AlterClientQuotasRequest,
) -> AlterClientQuotasResponse {
    let allowed = broker.authorize(ctx, op::ALTER_CONFIGS, Resource::Cluster, CLUSTER);
    let results: Vec<Result<(Entity, QuotaChanges), ApiError>> = request
        .entries
        .iter()
        .map(|entry| match allowed {
            false => Err(ApiError::new(
                code::CLUSTER_AUTHORIZATION_FAILED,
                "Cluster authorization failed.",
            )),
            true => changes_of(entry),
        })
        .collect();
    let valid: Vec<(Entity, QuotaChanges)> = results.iter().flatten().cloned().collect();
    let written = if valid.is_empty() || request.validate_only {
        Ok(())
    } else {
        let count = valid.len();
        let result = broker
            .metadata
            .submit(Command::AlterClientQuotas { changes: valid })
            .await;
        if result.is_ok() {
            tracing::info!(
                principal = ctx.principal,
                entities = count,
                "client quotas altered"
            );
        }
        result.map(|_| ()).map_err(|e| ApiError::from(&e))
    };
    let entries = request
        .entries
        .into_iter()
        .zip(results)
        .map(|(entry, result)| {
            let error = match (result, &written) {
                (Err(e), _) => Some(e),
                (Ok(_), Err(e)) => Some(e.clone()),
                (Ok(_), Ok(())) => None,
            };
            EntryData {
                error_code: error.as_ref().map_or(code::NONE, |e| e.code),
                error_message: error.map(|e| e.message),
                entity: entry
                    .entity
                    .into_iter()
                    .map(|e| EntityData {
                        entity_type: e.entity_type,
                        entity_name: e.entity_name,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    AlterClientQuotasResponse {
        entries,
        ..Default::default()
    }
}
