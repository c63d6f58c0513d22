//! DescribeClientQuotasRequest (generated from Kafka's message spec; do not edit).
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
pub struct DescribeClientQuotasRequest {
    /// Versions: 0+
    pub components: Vec<ComponentData>,
    /// Versions: 0+
    pub strict: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeClientQuotasRequest {
    fn default() -> Self {
        Self {
            components: Vec::<ComponentData>::new(),
            strict: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeClientQuotasRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeClientQuotasRequest",
                version,
            });
        }
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.components = read_array(buf, flexible, 1, "Components", |b: &mut Bytes| {
                ComponentData::decode(version, b)
            })?;
        }
        if true {
            this.strict = read_bool(buf)?;
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
                what: "DescribeClientQuotasRequest",
                version,
            });
        }
        let flexible = version >= 1;
        write_array_len(
            buf,
            flexible,
            false,
            "Components",
            Some(self.components.len()),
        )?;
        for e in self.components.iter() {
            e.encode(version, buf)?;
        }
        write_bool(buf, self.strict);
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
            len += (array_len_len(flexible, Some(self.components.len()))
                + self
                    .components
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
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
impl Sample for DescribeClientQuotasRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.components = g.vec(|g| ComponentData::sample(version, g));
        }
        if true {
            this.strict = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeClientQuotasRequest {
    const NAME: &'static str = "DescribeClientQuotasRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(1);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComponentData {
    /// Versions: 0+
    pub entity_type: String,
    /// Versions: 0+
    pub match_type: i8,
    /// Versions: 0+; nullable: 0+
    pub r#match: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ComponentData {
    fn default() -> Self {
        Self {
            entity_type: String::new(),
            match_type: 0,
            r#match: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ComponentData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.entity_type = read_string(buf, flexible, "EntityType")?;
        }
        if true {
            this.match_type = read_i8(buf)?;
        }
        if true {
            this.r#match = read_nullable_string(buf, flexible, true, "Match")?;
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
        write_i8(buf, self.match_type);
        write_nullable_string(buf, flexible, true, "Match", self.r#match.as_deref())?;
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
            len += 1;
        }
        if true {
            len += string_len(flexible, self.r#match.as_deref());
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
impl Sample for ComponentData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.entity_type = g.string();
        }
        if true {
            this.match_type = g.i8();
        }
        if true {
            this.r#match = if true && g.null() {
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
