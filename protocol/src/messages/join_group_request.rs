//! JoinGroupRequest (generated from Kafka's message spec; do not edit).
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
pub struct JoinGroupRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub session_timeout_ms: i32,
    /// Versions: 1+; default: -1
    pub rebalance_timeout_ms: i32,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 5+; nullable: 5+; default: null
    pub group_instance_id: Option<String>,
    /// Versions: 0+
    pub protocol_type: String,
    /// Versions: 0+
    pub protocols: Vec<JoinGroupRequestProtocol>,
    /// Versions: 8+; nullable: 8+; default: null
    pub reason: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for JoinGroupRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            session_timeout_ms: 0,
            rebalance_timeout_ms: -1,
            member_id: String::new(),
            group_instance_id: None,
            protocol_type: String::new(),
            protocols: Vec::<JoinGroupRequestProtocol>::new(),
            reason: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for JoinGroupRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "JoinGroupRequest",
                version,
            });
        }
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.session_timeout_ms = read_i32(buf)?;
        }
        if version >= 1 {
            this.rebalance_timeout_ms = read_i32(buf)?;
        }
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 5 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 5, "GroupInstanceId")?;
        }
        if true {
            this.protocol_type = read_string(buf, flexible, "ProtocolType")?;
        }
        if true {
            this.protocols = read_array(buf, flexible, 1, "Protocols", |b: &mut Bytes| {
                JoinGroupRequestProtocol::decode(version, b)
            })?;
        }
        if version >= 8 {
            this.reason = read_nullable_string(buf, flexible, version >= 8, "Reason")?;
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
                what: "JoinGroupRequest",
                version,
            });
        }
        let flexible = version >= 6;
        write_string(buf, flexible, &self.group_id)?;
        write_i32(buf, self.session_timeout_ms);
        if version >= 1 {
            write_i32(buf, self.rebalance_timeout_ms);
        } else {
        }
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
            if self.group_instance_id != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GroupInstanceId",
                    version,
                });
            }
        }
        write_string(buf, flexible, &self.protocol_type)?;
        write_array_len(
            buf,
            flexible,
            false,
            "Protocols",
            Some(self.protocols.len()),
        )?;
        for e in self.protocols.iter() {
            e.encode(version, buf)?;
        }
        if version >= 8 {
            write_nullable_string(
                buf,
                flexible,
                version >= 8,
                "Reason",
                self.reason.as_deref(),
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.group_id));
        }
        if true {
            len += 4;
        }
        if version >= 1 {
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 5 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.protocol_type));
        }
        if true {
            len += (array_len_len(flexible, Some(self.protocols.len()))
                + self
                    .protocols
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 8 {
            len += string_len(flexible, self.reason.as_deref());
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
impl Sample for JoinGroupRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if true {
            this.session_timeout_ms = g.i32();
        }
        if version >= 1 {
            this.rebalance_timeout_ms = g.i32();
        }
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
            this.protocol_type = g.string();
        }
        if true {
            this.protocols = g.vec(|g| JoinGroupRequestProtocol::sample(version, g));
        }
        if version >= 8 {
            this.reason = if version >= 8 && g.null() {
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

impl Message for JoinGroupRequest {
    const NAME: &'static str = "JoinGroupRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 9 };
    const FLEXIBLE_MIN: Option<i16> = Some(6);
}

#[derive(Debug, Clone, PartialEq)]
pub struct JoinGroupRequestProtocol {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub metadata: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for JoinGroupRequestProtocol {
    fn default() -> Self {
        Self {
            name: String::new(),
            metadata: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for JoinGroupRequestProtocol {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
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
        write_string(buf, flexible, &self.name)?;
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
            len += string_len(flexible, Some(&self.name));
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
impl Sample for JoinGroupRequestProtocol {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.name = g.string();
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
