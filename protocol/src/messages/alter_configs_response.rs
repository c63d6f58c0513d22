//! AlterConfigsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 2+.
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
pub struct AlterConfigsResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub responses: Vec<AlterConfigsResourceResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AlterConfigsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            responses: Vec::<AlterConfigsResourceResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AlterConfigsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AlterConfigsResponse",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.responses = read_array(buf, flexible, 1, "Responses", |b: &mut Bytes| {
                AlterConfigsResourceResponse::decode(version, b)
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
                what: "AlterConfigsResponse",
                version,
            });
        }
        let flexible = version >= 2;
        write_i32(buf, self.throttle_time_ms);
        write_array_len(
            buf,
            flexible,
            false,
            "Responses",
            Some(self.responses.len()),
        )?;
        for e in self.responses.iter() {
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.responses.len()))
                + self
                    .responses
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
impl Sample for AlterConfigsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.responses = g.vec(|g| AlterConfigsResourceResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AlterConfigsResponse {
    const NAME: &'static str = "AlterConfigsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlterConfigsResourceResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+
    pub error_message: Option<String>,
    /// Versions: 0+
    pub resource_type: i8,
    /// Versions: 0+
    pub resource_name: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AlterConfigsResourceResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            error_message: Some(String::new()),
            resource_type: 0,
            resource_name: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AlterConfigsResourceResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.resource_type = read_i8(buf)?;
        }
        if true {
            this.resource_name = read_string(buf, flexible, "ResourceName")?;
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
        let flexible = version >= 2;
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        write_i8(buf, self.resource_type);
        write_string(buf, flexible, &self.resource_name)?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.resource_name));
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
impl Sample for AlterConfigsResourceResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
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
            this.resource_type = g.i8();
        }
        if true {
            this.resource_name = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
