//! DeleteTopicsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-6; flexible versions: 4+.
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
pub struct DeleteTopicsResponse {
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub responses: Vec<DeletableTopicResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DeleteTopicsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            responses: Vec::<DeletableTopicResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DeleteTopicsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DeleteTopicsResponse",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.responses = read_array(buf, flexible, 1, "Responses", |b: &mut Bytes| {
                DeletableTopicResult::decode(version, b)
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
                what: "DeleteTopicsResponse",
                version,
            });
        }
        let flexible = version >= 4;
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if version >= 1 {
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
impl Sample for DeleteTopicsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.responses = g.vec(|g| DeletableTopicResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DeleteTopicsResponse {
    const NAME: &'static str = "DeleteTopicsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeletableTopicResult {
    /// Versions: 0+; nullable: 6+
    pub name: Option<String>,
    /// Versions: 6+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 5+; nullable: 5+; default: null
    pub error_message: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DeletableTopicResult {
    fn default() -> Self {
        Self {
            name: Some(String::new()),
            topic_id: Uuid::nil(),
            error_code: 0,
            error_message: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DeletableTopicResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.name = read_nullable_string(buf, flexible, version >= 6, "Name")?;
        }
        if version >= 6 {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 5 {
            this.error_message = read_nullable_string(buf, flexible, version >= 5, "ErrorMessage")?;
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
        let flexible = version >= 4;
        write_nullable_string(buf, flexible, version >= 6, "Name", self.name.as_deref())?;
        if version >= 6 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        write_i16(buf, self.error_code);
        if version >= 5 {
            write_nullable_string(
                buf,
                flexible,
                version >= 5,
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, self.name.as_deref());
        }
        if version >= 6 {
            len += 16;
        }
        if true {
            len += 2;
        }
        if version >= 5 {
            len += string_len(flexible, self.error_message.as_deref());
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
impl Sample for DeletableTopicResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.name = if version >= 6 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 6 {
            this.topic_id = g.uuid();
        }
        if true {
            this.error_code = g.i16();
        }
        if version >= 5 {
            this.error_message = if version >= 5 && g.null() {
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
