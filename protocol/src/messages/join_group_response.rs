//! JoinGroupResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-9; flexible versions: 6+.
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
pub struct JoinGroupResponse {
    /// Versions: 2+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; default: -1
    pub generation_id: i32,
    /// Versions: 7+; nullable: 7+; default: null
    pub protocol_type: Option<String>,
    /// Versions: 0+; nullable: 7+
    pub protocol_name: Option<String>,
    /// Versions: 0+
    pub leader: String,
    /// Versions: 9+; default: false
    pub skip_assignment: bool,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub members: Vec<JoinGroupResponseMember>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for JoinGroupResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            generation_id: -1,
            protocol_type: None,
            protocol_name: Some(String::new()),
            leader: String::new(),
            skip_assignment: false,
            member_id: String::new(),
            members: Vec::<JoinGroupResponseMember>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for JoinGroupResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "JoinGroupResponse",
                version,
            });
        }
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 2 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.generation_id = read_i32(buf)?;
        }
        if version >= 7 {
            this.protocol_type = read_nullable_string(buf, flexible, version >= 7, "ProtocolType")?;
        }
        if true {
            this.protocol_name = read_nullable_string(buf, flexible, version >= 7, "ProtocolName")?;
        }
        if true {
            this.leader = read_string(buf, flexible, "Leader")?;
        }
        if version >= 9 {
            this.skip_assignment = read_bool(buf)?;
        }
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if true {
            this.members = read_array(buf, flexible, 1, "Members", |b: &mut Bytes| {
                JoinGroupResponseMember::decode(version, b)
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
                what: "JoinGroupResponse",
                version,
            });
        }
        let flexible = version >= 6;
        if version >= 2 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        write_i16(buf, self.error_code);
        write_i32(buf, self.generation_id);
        if version >= 7 {
            write_nullable_string(
                buf,
                flexible,
                version >= 7,
                "ProtocolType",
                self.protocol_type.as_deref(),
            )?;
        } else {
        }
        write_nullable_string(
            buf,
            flexible,
            version >= 7,
            "ProtocolName",
            self.protocol_name.as_deref(),
        )?;
        write_string(buf, flexible, &self.leader)?;
        if version >= 9 {
            write_bool(buf, self.skip_assignment);
        } else {
            if self.skip_assignment != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SkipAssignment",
                    version,
                });
            }
        }
        write_string(buf, flexible, &self.member_id)?;
        write_array_len(buf, flexible, false, "Members", Some(self.members.len()))?;
        for e in self.members.iter() {
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if version >= 2 {
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += 4;
        }
        if version >= 7 {
            len += string_len(flexible, self.protocol_type.as_deref());
        }
        if true {
            len += string_len(flexible, self.protocol_name.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.leader));
        }
        if version >= 9 {
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if true {
            len += (array_len_len(flexible, Some(self.members.len()))
                + self
                    .members
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
impl Sample for JoinGroupResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 2 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.generation_id = g.i32();
        }
        if version >= 7 {
            this.protocol_type = if version >= 7 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.protocol_name = if version >= 7 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.leader = g.string();
        }
        if version >= 9 {
            this.skip_assignment = g.bool();
        }
        if true {
            this.member_id = g.string();
        }
        if true {
            this.members = g.vec(|g| JoinGroupResponseMember::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for JoinGroupResponse {
    const NAME: &'static str = "JoinGroupResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 9 };
    const FLEXIBLE_MIN: Option<i16> = Some(6);
}

#[derive(Debug, Clone, PartialEq)]
pub struct JoinGroupResponseMember {
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 5+; nullable: 5+; default: null
    pub group_instance_id: Option<String>,
    /// Versions: 0+
    pub metadata: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for JoinGroupResponseMember {
    fn default() -> Self {
        Self {
            member_id: String::new(),
            group_instance_id: None,
            metadata: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for JoinGroupResponseMember {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 5 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 5, "GroupInstanceId")?;
        }
        if true {
            this.metadata = read_bytes(buf, flexible, "Metadata")?;
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
        let flexible = version >= 6;
        write_string(buf, flexible, &self.member_id)?;
        if version >= 5 {
            write_nullable_string(
                buf,
                flexible,
                version >= 5,
                "GroupInstanceId",
                self.group_instance_id.as_deref(),
            )?;
        } else {
        }
        write_bytes(buf, flexible, &self.metadata)?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 6;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 5 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if true {
            len += bytes_len(flexible, Some(&self.metadata));
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
impl Sample for JoinGroupResponseMember {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.member_id = g.string();
        }
        if version >= 5 {
            this.group_instance_id = if version >= 5 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.metadata = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
