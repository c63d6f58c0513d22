//! ApiVersionsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-5; flexible versions: 3+.
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
pub struct ApiVersionsResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub api_keys: Vec<ApiVersion>,
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 3+; tag 0 in 3+
    pub supported_features: Vec<SupportedFeatureKey>,
    /// Versions: 3+; tag 1 in 3+; default: -1
    pub finalized_features_epoch: i64,
    /// Versions: 3+; tag 2 in 3+
    pub finalized_features: Vec<FinalizedFeatureKey>,
    /// Versions: 3+; tag 3 in 3+; default: false
    pub zk_migration_ready: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ApiVersionsResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            api_keys: Vec::<ApiVersion>::new(),
            throttle_time_ms: 0,
            supported_features: Vec::<SupportedFeatureKey>::new(),
            finalized_features_epoch: -1,
            finalized_features: Vec::<FinalizedFeatureKey>::new(),
            zk_migration_ready: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ApiVersionsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ApiVersionsResponse",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.api_keys = read_array(buf, flexible, 1, "ApiKeys", |b: &mut Bytes| {
                ApiVersion::decode(version, b)
            })?;
        }
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 3 => {
                        this.supported_features = read_array(
                            &mut body,
                            true,
                            1,
                            "SupportedFeatures",
                            |b: &mut Bytes| SupportedFeatureKey::decode(version, b),
                        )?;
                    }
                    1 if version >= 3 => {
                        this.finalized_features_epoch = read_i64(&mut body)?;
                    }
                    2 if version >= 3 => {
                        this.finalized_features = read_array(
                            &mut body,
                            true,
                            1,
                            "FinalizedFeatures",
                            |b: &mut Bytes| FinalizedFeatureKey::decode(version, b),
                        )?;
                    }
                    3 if version >= 3 => {
                        this.zk_migration_ready = read_bool(&mut body)?;
                    }
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
                what: "ApiVersionsResponse",
                version,
            });
        }
        let flexible = version >= 3;
        write_i16(buf, self.error_code);
        write_array_len(buf, flexible, false, "ApiKeys", Some(self.api_keys.len()))?;
        for e in self.api_keys.iter() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 3 && self.supported_features != Vec::<SupportedFeatureKey>::new() {
                count += 1;
            }
            if version >= 3 && self.finalized_features_epoch != -1 {
                count += 1;
            }
            if version >= 3 && self.finalized_features != Vec::<FinalizedFeatureKey>::new() {
                count += 1;
            }
            if version >= 3 && self.zk_migration_ready != false {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 3 && self.supported_features != Vec::<SupportedFeatureKey>::new() {
                write_uvarint(buf, 0);
                write_uvarint(
                    buf,
                    (array_len_len(true, Some(self.supported_features.len()))
                        + self
                            .supported_features
                            .iter()
                            .map(|e| e.encoded_len(version))
                            .sum::<usize>()) as u32,
                );
                write_array_len(
                    buf,
                    true,
                    false,
                    "SupportedFeatures",
                    Some(self.supported_features.len()),
                )?;
                for e in self.supported_features.iter() {
                    e.encode(version, buf)?;
                }
            } else {
                if !(version >= 3) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..1);
            if version >= 3 && self.finalized_features_epoch != -1 {
                write_uvarint(buf, 1);
                write_uvarint(buf, (8) as u32);
                write_i64(buf, self.finalized_features_epoch);
            } else {
                if !(version >= 3) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 2..2);
            if version >= 3 && self.finalized_features != Vec::<FinalizedFeatureKey>::new() {
                write_uvarint(buf, 2);
                write_uvarint(
                    buf,
                    (array_len_len(true, Some(self.finalized_features.len()))
                        + self
                            .finalized_features
                            .iter()
                            .map(|e| e.encoded_len(version))
                            .sum::<usize>()) as u32,
                );
                write_array_len(
                    buf,
                    true,
                    false,
                    "FinalizedFeatures",
                    Some(self.finalized_features.len()),
                )?;
                for e in self.finalized_features.iter() {
                    e.encode(version, buf)?;
                }
            } else {
                if !(version >= 3) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 3..3);
            if version >= 3 && self.zk_migration_ready != false {
                write_uvarint(buf, 3);
                write_uvarint(buf, (1) as u32);
                write_bool(buf, self.zk_migration_ready);
            } else {
                if !(version >= 3) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 4..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += (array_len_len(flexible, Some(self.api_keys.len()))
                + self
                    .api_keys
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 4;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 3 && self.supported_features != Vec::<SupportedFeatureKey>::new() {
                count += 1;
                let n = (array_len_len(true, Some(self.supported_features.len()))
                    + self
                        .supported_features
                        .iter()
                        .map(|e| e.encoded_len(version))
                        .sum::<usize>());
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            if version >= 3 && self.finalized_features_epoch != -1 {
                count += 1;
                let n = 8;
                len += uvarint_len(1) + uvarint_len(n as u32) + n;
            }
            if version >= 3 && self.finalized_features != Vec::<FinalizedFeatureKey>::new() {
                count += 1;
                let n = (array_len_len(true, Some(self.finalized_features.len()))
                    + self
                        .finalized_features
                        .iter()
                        .map(|e| e.encoded_len(version))
                        .sum::<usize>());
                len += uvarint_len(2) + uvarint_len(n as u32) + n;
            }
            if version >= 3 && self.zk_migration_ready != false {
                count += 1;
                let n = 1;
                len += uvarint_len(3) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for ApiVersionsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.api_keys = g.vec(|g| ApiVersion::sample(version, g));
        }
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if flexible && version >= 3 {
            this.supported_features = g.vec(|g| SupportedFeatureKey::sample(version, g));
        }
        if flexible && version >= 3 {
            this.finalized_features_epoch = g.i64();
        }
        if flexible && version >= 3 {
            this.finalized_features = g.vec(|g| FinalizedFeatureKey::sample(version, g));
        }
        if flexible && version >= 3 {
            this.zk_migration_ready = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ApiVersionsResponse {
    const NAME: &'static str = "ApiVersionsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiVersion {
    /// Versions: 0+
    pub api_key: i16,
    /// Versions: 0+
    pub min_version: i16,
    /// Versions: 0+
    pub max_version: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ApiVersion {
    fn default() -> Self {
        Self {
            api_key: 0,
            min_version: 0,
            max_version: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ApiVersion {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.api_key = read_i16(buf)?;
        }
        if true {
            this.min_version = read_i16(buf)?;
        }
        if true {
            this.max_version = read_i16(buf)?;
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
        let flexible = version >= 3;
        write_i16(buf, self.api_key);
        write_i16(buf, self.min_version);
        write_i16(buf, self.max_version);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += 2;
        }
        if true {
            len += 2;
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
impl Sample for ApiVersion {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.api_key = g.i16();
        }
        if true {
            this.min_version = g.i16();
        }
        if true {
            this.max_version = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SupportedFeatureKey {
    /// Versions: 3+
    pub name: String,
    /// Versions: 3+
    pub min_version: i16,
    /// Versions: 3+
    pub max_version: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for SupportedFeatureKey {
    fn default() -> Self {
        Self {
            name: String::new(),
            min_version: 0,
            max_version: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for SupportedFeatureKey {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 3 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 3 {
            this.min_version = read_i16(buf)?;
        }
        if version >= 3 {
            this.max_version = read_i16(buf)?;
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
        let flexible = version >= 3;
        if version >= 3 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i16(buf, self.min_version);
        } else {
            if self.min_version != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MinVersion",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i16(buf, self.max_version);
        } else {
            if self.max_version != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MaxVersion",
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 3 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 3 {
            len += 2;
        }
        if version >= 3 {
            len += 2;
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
impl Sample for SupportedFeatureKey {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 3 {
            this.name = g.string();
        }
        if version >= 3 {
            this.min_version = g.i16();
        }
        if version >= 3 {
            this.max_version = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FinalizedFeatureKey {
    /// Versions: 3+
    pub name: String,
    /// Versions: 3+
    pub max_version_level: i16,
    /// Versions: 3+
    pub min_version_level: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FinalizedFeatureKey {
    fn default() -> Self {
        Self {
            name: String::new(),
            max_version_level: 0,
            min_version_level: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FinalizedFeatureKey {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 3 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 3 {
            this.max_version_level = read_i16(buf)?;
        }
        if version >= 3 {
            this.min_version_level = read_i16(buf)?;
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
        let flexible = version >= 3;
        if version >= 3 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i16(buf, self.max_version_level);
        } else {
            if self.max_version_level != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MaxVersionLevel",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i16(buf, self.min_version_level);
        } else {
            if self.min_version_level != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MinVersionLevel",
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 3 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 3 {
            len += 2;
        }
        if version >= 3 {
            len += 2;
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
impl Sample for FinalizedFeatureKey {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 3 {
            this.name = g.string();
        }
        if version >= 3 {
            this.max_version_level = g.i16();
        }
        if version >= 3 {
            this.min_version_level = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
