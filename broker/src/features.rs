//! The cluster's features (KIP-584): the levels this broker supports, the
//! levels finalized for the cluster (the defaults below, overridden by
//! UpdateFeatures through the metadata log), and Kafka's checks on an
//! update (`FeatureControlManager.updateFeatures`).
//!
//! - `metadata.version` 4.0-IV3 (25), the Kafka 4.0 behaviour this broker
//!   follows. It cannot be moved: 25 is the highest supported, and Kafka
//!   refuses a downgrade that might delete metadata (every one from 25).
//! - `kraft.version` 0: a static quorum (no KIP-853 voter changes yet).
//! - `group.version` 1: the KIP-848 consumer group protocol. At 0,
//!   ConsumerGroupHeartbeat and ConsumerGroupDescribe answer
//!   UNSUPPORTED_VERSION, as Kafka's.
//! - `transaction.version` 2 (KIP-890): clients read it to choose their
//!   transaction protocol (epoch bump at each end, produce adding
//!   partitions); at 0 or 1 they use the older one, which the broker serves
//!   too.
//!
//! Invariants: a finalized level is within the supported range; an update
//! is all or nothing (the first bad feature fails every one, with Kafka's
//! message); a lower level needs a downgrade type, a higher one an upgrade.

use std::collections::BTreeMap;

use crate::broker::TRANSACTION_VERSION_LEVEL;
use crate::error::{code, ApiError};

pub const METADATA_VERSION: &str = "metadata.version";
pub const GROUP_VERSION: &str = "group.version";

/// Every feature: (name, lowest supported level, highest supported level,
/// default finalized level).
pub const FEATURES: &[(&str, i16, i16, i16)] = &[
    // 3.3-IV3 (7), the oldest Kafka 4 reads, to 4.0-IV3 (25).
    (METADATA_VERSION, 7, 25, 25),
    ("kraft.version", 0, 0, 0),
    (GROUP_VERSION, 0, 1, 1),
    (
        "transaction.version",
        0,
        TRANSACTION_VERSION_LEVEL,
        TRANSACTION_VERSION_LEVEL,
    ),
];

/// UpdateFeatures' upgrade types.
pub const UPGRADE: i8 = 1;
pub const SAFE_DOWNGRADE: i8 = 2;
pub const UNSAFE_DOWNGRADE: i8 = 3;

/// The finalized level of every feature: the default unless an update set
/// it (`overrides`, from the metadata).
pub fn finalized(overrides: &BTreeMap<String, i16>) -> Vec<(&'static str, i16)> {
    FEATURES
        .iter()
        .map(|&(name, _, _, level)| (name, overrides.get(name).copied().unwrap_or(level)))
        .collect()
}

/// The finalized level of one feature.
pub fn level(overrides: &BTreeMap<String, i16>, feature: &str) -> i16 {
    finalized(overrides)
        .into_iter()
        .find(|(name, _)| *name == feature)
        .map_or(0, |(_, l)| l)
}

/// Whether the KIP-848 consumer protocol is on (`group.version` >= 1).
pub fn consumer_protocol_enabled(overrides: &BTreeMap<String, i16>) -> bool {
    level(overrides, GROUP_VERSION) >= 1
}

fn invalid(feature: &str, level: i16, why: &str) -> ApiError {
    ApiError::new(
        code::INVALID_UPDATE_VERSION,
        format!("Invalid update version {level} for feature {feature}. {why}"),
    )
}

/// Checks one update against the current levels as Kafka's controller
/// does (`node_id`: the broker answering, named in the messages).
fn check(
    overrides: &BTreeMap<String, i16>,
    feature: &str,
    new: i16,
    upgrade_type: i8,
    node_id: i32,
) -> Result<(), ApiError> {
    if ![UPGRADE, SAFE_DOWNGRADE, UNSAFE_DOWNGRADE].contains(&upgrade_type) {
        return Err(invalid(
            feature,
            new,
            "The controller does not support the given upgrade type.",
        ));
    }
    if new < 0 {
        return Err(invalid(
            feature,
            new,
            "A feature version cannot be less than 0.",
        ));
    }
    let (min, max) = FEATURES
        .iter()
        .find(|f| f.0 == feature)
        .map_or((0, 0), |&(_, min, max, _)| (min, max));
    let what = format!("Local controller {node_id}");
    if !(min..=max).contains(&new) {
        let why = if max == 0 && new != 0 {
            format!("{what} does not support this feature.")
        } else if min == max {
            format!("{what} only supports versions {min}")
        } else {
            format!("{what} only supports versions {min}-{max}")
        };
        return Err(invalid(feature, new, &why));
    }
    let current = level(overrides, feature);
    if new < current && upgrade_type == UPGRADE {
        return Err(invalid(
            feature,
            new,
            "Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade.",
        ));
    }
    if new > current && upgrade_type != UPGRADE {
        return Err(invalid(feature, new, "Can't downgrade to a newer version."));
    }
    if feature == METADATA_VERSION && new < current {
        let why = if upgrade_type == UNSAFE_DOWNGRADE {
            "Unsafe metadata downgrade is not supported in this version."
        } else {
            "Refusing to perform the requested downgrade because it might delete metadata information."
        };
        return Err(ApiError::new(
            code::INVALID_UPDATE_VERSION,
            format!("Invalid metadata.version {new}. {why}"),
        ));
    }
    Ok(())
}

/// The levels an update sets, all checked (`updates`: feature → (level,
/// upgrade type)), or the first error, as Kafka words it for the whole
/// request.
pub fn plan(
    overrides: &BTreeMap<String, i16>,
    updates: &BTreeMap<String, (i16, i8)>,
    node_id: i32,
) -> Result<BTreeMap<String, i16>, ApiError> {
    for (feature, &(new, upgrade_type)) in updates {
        check(overrides, feature, new, upgrade_type, node_id).map_err(|e| {
            ApiError::new(
                e.code,
                format!(
                    "The update failed for all features since the following feature had an error: {}",
                    e.message
                ),
            )
        })?;
    }
    // An unknown feature can only be "set" to 0: nothing to store.
    Ok(updates
        .iter()
        .filter(|(feature, _)| FEATURES.iter().any(|f| f.0 == feature.as_str()))
        .map(|(feature, &(new, _))| (feature.clone(), new))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(feature: &str, level: i16, t: i8) -> BTreeMap<String, (i16, i8)> {
        [(feature.to_string(), (level, t))].into()
    }

    #[test]
    fn defaults_are_finalized_until_an_update() {
        let none = BTreeMap::new();
        assert_eq!(level(&none, GROUP_VERSION), 1);
        assert_eq!(level(&none, METADATA_VERSION), 25);
        let set: BTreeMap<String, i16> = [(GROUP_VERSION.to_string(), 0)].into();
        assert_eq!(level(&set, GROUP_VERSION), 0);
        assert_eq!(level(&set, "no.such.feature"), 0);
    }

    #[test]
    fn updates_are_checked_as_kafkas_controller_checks_them() {
        let none = BTreeMap::new();
        let err = |f, l, t| plan(&none, &one(f, l, t), 1).unwrap_err().message;
        assert_eq!(
            plan(&none, &one(GROUP_VERSION, 0, SAFE_DOWNGRADE), 1).unwrap(),
            [(GROUP_VERSION.to_string(), 0)].into()
        );
        assert!(err(GROUP_VERSION, 0, UPGRADE).ends_with(
            "Invalid update version 0 for feature group.version. Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade."
        ));
        assert!(err(GROUP_VERSION, 2, UPGRADE).ends_with(
            "Invalid update version 2 for feature group.version. Local controller 1 only supports versions 0-1"
        ));
        assert!(err("kraft.version", 1, UPGRADE).ends_with(
            "Invalid update version 1 for feature kraft.version. Local controller 1 does not support this feature."
        ));
        assert!(err("no.such.feature", 1, UPGRADE).ends_with("does not support this feature."));
        assert!(err(GROUP_VERSION, -1, SAFE_DOWNGRADE)
            .ends_with("A feature version cannot be less than 0."));
        assert!(err(GROUP_VERSION, 1, 9)
            .ends_with("The controller does not support the given upgrade type."));
        assert!(err(METADATA_VERSION, 24, SAFE_DOWNGRADE).ends_with(
            "Invalid metadata.version 24. Refusing to perform the requested downgrade because it might delete metadata information."
        ));
        assert!(err(METADATA_VERSION, 24, UNSAFE_DOWNGRADE)
            .ends_with("Unsafe metadata downgrade is not supported in this version."));
        // Back up again, once down.
        let down: BTreeMap<String, i16> = [(GROUP_VERSION.to_string(), 0)].into();
        assert!(plan(&down, &one(GROUP_VERSION, 1, SAFE_DOWNGRADE), 1)
            .unwrap_err()
            .message
            .ends_with("Can't downgrade to a newer version."));
        plan(&down, &one(GROUP_VERSION, 1, UPGRADE), 1).unwrap();
        // One bad feature fails them all.
        let mut both = one(GROUP_VERSION, 0, SAFE_DOWNGRADE);
        both.insert("kraft.version".into(), (1, UPGRADE));
        let e = plan(&none, &both, 1).unwrap_err();
        assert_eq!(e.code, code::INVALID_UPDATE_VERSION);
        assert!(e.message.starts_with(
            "The update failed for all features since the following feature had an error: "
        ));
    }
}
