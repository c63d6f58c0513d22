//! ListGroupsResponse (generated from Kafka's message spec; do not edit).
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
pub struct ListGroupsResponse {
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub groups: Vec<ListedGroup>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListGroupsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            groups: Vec::<ListedGroup>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListGroupsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ListGroupsResponse",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.groups = read_array(buf, flexible, 1, "Groups", |b: &mut Bytes| {
                ListedGroup::decode(version, b)
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
                what: "ListGroupsResponse",
                version,
            });
        }
        let flexible = version >= 3;
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        write_i16(buf, self.error_code);
        write_array_len(buf, flexible, false, "Groups", Some(self.groups.len()))?;
        for e in self.groups.iter() {
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 1 {
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += (array_len_len(flexible, Some(self.groups.len()))
                + self
                    .groups
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
impl Sample for ListGroupsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.groups = g.vec(|g| ListedGroup::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ListGroupsResponse {
    const NAME: &'static str = "ListGroupsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListedGroup {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub protocol_type: String,
    /// Versions: 4+
    pub group_state: String,
    /// Versions: 5+
    pub group_type: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListedGroup {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            protocol_type: String::new(),
            group_state: String::new(),
            group_type: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListedGroup {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.protocol_type = read_string(buf, flexible, "ProtocolType")?;
        }
        if version >= 4 {
            this.group_state = read_string(buf, flexible, "GroupState")?;
        }
        if version >= 5 {
            this.group_type = read_string(buf, flexible, "GroupType")?;
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
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.protocol_type)?;
        if version >= 4 {
            write_string(buf, flexible, &self.group_state)?;
        } else {
        }
        if version >= 5 {
            write_string(buf, flexible, &self.group_type)?;
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.group_id));
        }
        if true {
            len += string_len(flexible, Some(&self.protocol_type));
        }
        if version >= 4 {
            len += string_len(flexible, Some(&self.group_state));
        }
        if version >= 5 {
            len += string_len(flexible, Some(&self.group_type));
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
impl Sample for ListedGroup {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if true {
            this.protocol_type = g.string();
        }
        if version >= 4 {
            this.group_state = g.string();
        }
        if version >= 5 {
            this.group_type = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
