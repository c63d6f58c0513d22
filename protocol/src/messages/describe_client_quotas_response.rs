//! DescribeClientQuotasResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-1; flexible versions: 1+.
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
pub struct DescribeClientQuotasResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+
    pub error_message: Option<String>,
    /// Versions: 0+; nullable: 0+
    pub entries: Option<Vec<EntryData>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeClientQuotasResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            error_message: Some(String::new()),
            entries: Some(Vec::<EntryData>::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeClientQuotasResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeClientQuotasResponse",
                version,
            });
        }
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.entries =
                read_nullable_array(buf, flexible, true, 1, "Entries", |b: &mut Bytes| {
                    EntryData::decode(version, b)
                })?;
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
                what: "DescribeClientQuotasResponse",
                version,
            });
        }
        let flexible = version >= 1;
        write_i32(buf, self.throttle_time_ms);
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        write_array_len(
            buf,
            flexible,
            true,
            "Entries",
            self.entries.as_ref().map(Vec::len),
        )?;
        for e in self.entries.iter().flatten() {
            e.encode(version, buf)?;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += (array_len_len(flexible, self.entries.as_ref().map(Vec::len))
                + self
                    .entries
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
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
impl Sample for DescribeClientQuotasResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.error_message = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.entries = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| EntryData::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeClientQuotasResponse {
    const NAME: &'static str = "DescribeClientQuotasResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(1);
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntryData {
    /// Versions: 0+
    pub entity: Vec<EntityData>,
    /// Versions: 0+
    pub values: Vec<ValueData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for EntryData {
    fn default() -> Self {
        Self {
            entity: Vec::<EntityData>::new(),
            values: Vec::<ValueData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for EntryData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.entity = read_array(buf, flexible, 1, "Entity", |b: &mut Bytes| {
                EntityData::decode(version, b)
            })?;
        }
        if true {
            this.values = read_array(buf, flexible, 1, "Values", |b: &mut Bytes| {
                ValueData::decode(version, b)
            })?;
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
        let flexible = version >= 1;
        write_array_len(buf, flexible, false, "Entity", Some(self.entity.len()))?;
        for e in self.entity.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(buf, flexible, false, "Values", Some(self.values.len()))?;
        for e in self.values.iter() {
            e.encode(version, buf)?;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, Some(self.entity.len()))
                + self
                    .entity
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.values.len()))
                + self
                    .values
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
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
impl Sample for EntryData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.entity = g.vec(|g| EntityData::sample(version, g));
        }
        if true {
            this.values = g.vec(|g| ValueData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityData {
    /// Versions: 0+
    pub entity_type: String,
    /// Versions: 0+; nullable: 0+
    pub entity_name: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for EntityData {
    fn default() -> Self {
        Self {
            entity_type: String::new(),
            entity_name: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for EntityData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.entity_type = read_string(buf, flexible, "EntityType")?;
        }
        if true {
            this.entity_name = read_nullable_string(buf, flexible, true, "EntityName")?;
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
        let flexible = version >= 1;
        write_string(buf, flexible, &self.entity_type)?;
        write_nullable_string(
            buf,
            flexible,
            true,
            "EntityName",
            self.entity_name.as_deref(),
        )?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.entity_type));
        }
        if true {
            len += string_len(flexible, self.entity_name.as_deref());
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
impl Sample for EntityData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.entity_type = g.string();
        }
        if true {
            this.entity_name = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValueData {
    /// Versions: 0+
    pub key: String,
    /// Versions: 0+
    pub value: f64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ValueData {
    fn default() -> Self {
        Self {
            key: String::new(),
            value: 0.0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ValueData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.key = read_string(buf, flexible, "Key")?;
        }
        if true {
            this.value = read_f64(buf)?;
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
        let flexible = version >= 1;
        write_string(buf, flexible, &self.key)?;
        write_f64(buf, self.value);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.key));
        }
        if true {
            len += 8;
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
impl Sample for ValueData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.key = g.string();
        }
        if true {
            this.value = g.f64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
