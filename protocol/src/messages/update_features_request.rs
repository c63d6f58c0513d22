//! UpdateFeaturesRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 0+.
#![allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unused_imports,
    unused_parens
)]

#[cfg(feature = "sample")]
use crate::sample::{Gen, Sample};
use crate::wire::*;
use bytes::{Bytes, BytesMut};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateFeaturesRequest {
    /// Versions: 0+; default: 60000
    pub timeout_ms: i32,
    /// Versions: 0+
    pub feature_updates: Vec<FeatureUpdateKey>,
    /// Versions: 1+; default: false
    pub validate_only: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateFeaturesRequest {
    fn default() -> Self {
        Self {
            timeout_ms: 60000,
            feature_updates: Vec::<FeatureUpdateKey>::new(),
            validate_only: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateFeaturesRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "UpdateFeaturesRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.timeout_ms = read_i32(buf)?;
        }
        if true {
            this.feature_updates =
                read_array(buf, flexible, 1, "FeatureUpdates", |b: &mut Bytes| {
                    FeatureUpdateKey::decode(version, b)
                })?;
        }
        if version >= 1 {
            this.validate_only = read_bool(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    _ => this
                        .unknown_tagged_fields
                        .push(RawTaggedField { tag, data: body }),
                }
            }
        }
        Ok(this)
    }

    fn encode(&self, version: i16, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(EncodeError::UnsupportedVersion {
                what: "UpdateFeaturesRequest",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.timeout_ms);
        write_array_len(
            buf,
            flexible,
            false,
            "FeatureUpdates",
            Some(self.feature_updates.len()),
        )?;
        for e in self.feature_updates.iter() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_bool(buf, self.validate_only);
        } else {
            if self.validate_only != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ValidateOnly",
                    version,
                });
            }
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.feature_updates.len()))
                + self
                    .feature_updates
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 1;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for UpdateFeaturesRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.timeout_ms = g.i32();
        }
        if true {
            this.feature_updates = g.vec(|g| FeatureUpdateKey::sample(version, g));
        }
        if version >= 1 {
            this.validate_only = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for UpdateFeaturesRequest {
    const NAME: &'static str = "UpdateFeaturesRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeatureUpdateKey {
    /// Versions: 0+
    pub feature: String,
    /// Versions: 0+
    pub max_version_level: i16,
    /// Versions: 0-0
    pub allow_downgrade: bool,
    /// Versions: 1+; default: 1
    pub upgrade_type: i8,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FeatureUpdateKey {
    fn default() -> Self {
        Self {
            feature: String::new(),
            max_version_level: 0,
            allow_downgrade: false,
            upgrade_type: 1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FeatureUpdateKey {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.feature = read_string(buf, flexible, "Feature")?;
        }
        if true {
            this.max_version_level = read_i16(buf)?;
        }
        if version == 0 {
            this.allow_downgrade = read_bool(buf)?;
        }
        if version >= 1 {
            this.upgrade_type = read_i8(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    _ => this
                        .unknown_tagged_fields
                        .push(RawTaggedField { tag, data: body }),
                }
            }
        }
        Ok(this)
    }

    fn encode(&self, version: i16, buf: &mut BytesMut) -> Result<(), EncodeError> {
        let flexible = true;
        write_string(buf, flexible, &self.feature)?;
        write_i16(buf, self.max_version_level);
        if version == 0 {
            write_bool(buf, self.allow_downgrade);
        } else {
            if self.allow_downgrade != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "AllowDowngrade",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i8(buf, self.upgrade_type);
        } else {
            if self.upgrade_type != 1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "UpgradeType",
                    version,
                });
            }
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.feature));
        }
        if true {
            len += 2;
        }
        if version == 0 {
            len += 1;
        }
        if version >= 1 {
            len += 1;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for FeatureUpdateKey {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.feature = g.string();
        }
        if true {
            this.max_version_level = g.i16();
        }
        if version == 0 {
            this.allow_downgrade = g.bool();
        }
        if version >= 1 {
            this.upgrade_type = g.i8();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
