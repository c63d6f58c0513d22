//! Client quotas as Kafka keeps them (`ClientQuotaRecord`, KIP-546): a
//! quota entity (a user, a client id, or both; each named or `<default>`)
//! and its values (`producer_byte_rate`, `consumer_byte_rate`, ...).
//!
//! Invariants: an entity has one or two parts, of distinct types among
//! `user` and `client-id`, names of at most [`MAX_QUOTA_NAME`] bytes; a
//! stored value is finite and positive; an entity without values is not
//! kept. Values are stored as the bits of their f64, so that the metadata
//! state stays `Eq` and replays bit for bit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The most quota entities the cluster keeps (Kafka sets no bound).
pub const MAX_QUOTA_ENTITIES: usize = 10_000;
/// The most bytes in a user or client id of a quota entity.
pub const MAX_QUOTA_NAME: usize = 1024;

pub const USER: &str = "user";
pub const CLIENT_ID: &str = "client-id";

/// How a DescribeClientQuotas component matches an entity's name (Kafka's
/// `ClientQuotaFilterComponent`): this name, the default, any named one.
pub const MATCH_EXACT: i8 = 0;
pub const MATCH_DEFAULT: i8 = 1;
pub const MATCH_SPECIFIED: i8 = 2;
/// One part of an entity: its type and its name (`None`: the default).
pub type EntityPart = (String, Option<String>);

/// A quota entity: its parts, sorted by type.
pub type Entity = Vec<EntityPart>;

/// A quota value (an f64, kept as its bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaValue(u64);

impl QuotaValue {
    pub fn new(value: f64) -> QuotaValue {
        QuotaValue(value.to_bits())
    }

    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

/// An entity as Kafka names its parts, sorted, or why it is not one.
pub fn entity(parts: Vec<EntityPart>) -> Result<Entity, String> {
    let mut parts = parts;
    parts.sort();
    if parts.is_empty() || parts.len() > 2 {
        return Err("Invalid empty client quota entity".into());
    }
    for (kind, name) in &parts {
        if kind != USER && kind != CLIENT_ID {
            return Err(format!("Unhandled client quota entity type: {kind}"));
        }
        if name.as_ref().is_some_and(|n| n.len() > MAX_QUOTA_NAME) {
            return Err(format!(
                "A quota entity's name has at most {MAX_QUOTA_NAME} bytes"
            ));
        }
    }
    if parts.len() == 2 && parts[0].0 == parts[1].0 {
        return Err(format!("Duplicate {} entity type", parts[0].0));
    }
    Ok(parts)
}

/// The cluster's client quotas: entity → key → value.
pub type ClientQuotas = BTreeMap<Entity, BTreeMap<String, QuotaValue>>;

/// One entity's changes: key → new value (`None`: removed).
pub type QuotaChanges = BTreeMap<String, Option<QuotaValue>>;

/// Applies `changes` to `quotas` (checked before: see `ClusterState::check`).
pub(crate) fn apply(quotas: &mut ClientQuotas, entity: Entity, changes: QuotaChanges) {
    let values = quotas.entry(entity.clone()).or_default();
    for (key, value) in changes {
        match value {
            Some(v) => values.insert(key, v),
            None => values.remove(&key),
        };
    }
    if values.is_empty() {
        quotas.remove(&entity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_sorted_and_checked() {
        let e = entity(vec![
            (CLIENT_ID.into(), Some("app".into())),
            (USER.into(), None),
        ])
        .unwrap();
        assert_eq!(e[0].0, CLIENT_ID);
        assert!(entity(vec![]).is_err());
        assert!(entity(vec![("ip".into(), None)]).is_err());
        assert!(entity(vec![(USER.into(), None), (USER.into(), Some("a".into()))]).is_err());
    }

    #[test]
    fn an_entity_without_values_is_dropped() {
        let mut q = ClientQuotas::new();
        let e = entity(vec![(USER.into(), Some("alice".into()))]).unwrap();
        let set = BTreeMap::from([("producer_byte_rate".to_string(), Some(QuotaValue::new(1e6)))]);
        apply(&mut q, e.clone(), set);
        assert_eq!(q[&e]["producer_byte_rate"].get(), 1e6);
        apply(
            &mut q,
            e.clone(),
            BTreeMap::from([("producer_byte_rate".to_string(), None)]),
        );
        assert!(q.is_empty());
    }
}
