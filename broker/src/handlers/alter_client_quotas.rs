//! AlterClientQuotas v0–1 (KIP-546): sets and removes quota values of
//! users, client ids or both (`kafka-configs --alter --entity-type users
//! --add-config producer_byte_rate=...`). The valid entries of a request
//! are written as one metadata command (unless validate_only); each entry
//! is answered with its own error. A client needs AlterConfigs on the
//! cluster (else CLUSTER_AUTHORIZATION_FAILED).
//!
//! Served keys: `producer_byte_rate`, `consumer_byte_rate`,
//! `controller_mutation_rate` and `request_percentage`, all enforced by
//! `crate::client_quota_manager`; any other key is refused
//! (INVALID_REQUEST). Values are checked as Kafka's
//! `ClientQuotaControlManager` checks them: greater than 0, and whole for
//! the byte rates (Kafka's LONG keys; the other two are DOUBLE).

use std::collections::BTreeMap;

use metadata::client_quota::{self, Entity, QuotaChanges, QuotaValue};
use metadata::Command;
use protocol::messages::alter_client_quotas_request::EntryData as RequestEntry;
use protocol::messages::alter_client_quotas_response::{EntityData, EntryData};
use protocol::messages::{AlterClientQuotasRequest, AlterClientQuotasResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::client_quota_manager::{
    CONSUMER_BYTE_RATE, CONTROLLER_MUTATION_RATE, PRODUCER_BYTE_RATE, REQUEST_PERCENTAGE,
};
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

/// The keys served.
const SERVED: [&str; 4] = [
    PRODUCER_BYTE_RATE,
    CONSUMER_BYTE_RATE,
    CONTROLLER_MUTATION_RATE,
    REQUEST_PERCENTAGE,
];

/// The keys Kafka's `QuotaConfig` types DOUBLE (the others are LONG: whole).
const FRACTIONAL: [&str; 2] = [CONTROLLER_MUTATION_RATE, REQUEST_PERCENTAGE];

/// Whether `value` is one `key` may have.
fn valid_value(key: &str, value: f64) -> bool {
    value.is_finite() && value > 0.0 && (FRACTIONAL.contains(&key) || value.fract() == 0.0)
}

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
        if !SERVED.contains(&key) {
            return Err(invalid(format!("Invalid configuration key {key}")));
        }
        let value = if op.remove {
            None
        } else if valid_value(key, op.value) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_as_kafkas_quota_config_types_them() {
        assert!(valid_value(REQUEST_PERCENTAGE, 0.01));
        assert!(valid_value(REQUEST_PERCENTAGE, 250.0));
        assert!(valid_value(CONTROLLER_MUTATION_RATE, 0.5));
        assert!(valid_value(PRODUCER_BYTE_RATE, 1024.0));
        assert!(!valid_value(PRODUCER_BYTE_RATE, 0.5));
        for key in SERVED {
            assert!(!valid_value(key, 0.0), "{key}");
            assert!(!valid_value(key, -1.0), "{key}");
            assert!(!valid_value(key, f64::NAN), "{key}");
            assert!(!valid_value(key, f64::INFINITY), "{key}");
        }
    }
}
