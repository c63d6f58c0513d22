//! GroupMetadataValue (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-4; flexible versions: 4+.
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
pub struct GroupMetadataValue {
    /// Versions: 0+
    pub protocol_type: String,
    /// Versions: 0+
    pub generation: i32,
    /// Versions: 0+; nullable: 0+
    pub protocol: Option<String>,
    /// Versions: 0+; nullable: 0+
    pub leader: Option<String>,
    /// Versions: 2+; default: -1
    pub current_state_timestamp: i64,
    /// Versions: 0+
    pub members: Vec<MemberMetadata>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for GroupMetadataValue {
    fn default() -> Self {
        Self {
            protocol_type: String::new(),
            generation: 0,
            protocol: Some(String::new()),
            leader: Some(String::new()),
            current_state_timestamp: -1,
            members: Vec::<MemberMetadata>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for GroupMetadataValue {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "GroupMetadataValue",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.protocol_type = read_string(buf, flexible, "protocolType")?;
        }
        if true {
            this.generation = read_i32(buf)?;
        }
        if true {
            this.protocol = read_nullable_string(buf, flexible, true, "protocol")?;
        }
        if true {
            this.leader = read_nullable_string(buf, flexible, true, "leader")?;
        }
        if version >= 2 {
            this.current_state_timestamp = read_i64(buf)?;
        }
        if true {
            this.members = read_array(buf, flexible, 1, "members", |b: &mut Bytes| {
                MemberMetadata::decode(version, b)
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
                what: "GroupMetadataValue",
                version,
            });
        }
        let flexible = version >= 4;
        write_string(buf, flexible, &self.protocol_type)?;
        write_i32(buf, self.generation);
        write_nullable_string(buf, flexible, true, "protocol", self.protocol.as_deref())?;
        write_nullable_string(buf, flexible, true, "leader", self.leader.as_deref())?;
        if version >= 2 {
            write_i64(buf, self.current_state_timestamp);
        } else {
        }
        write_array_len(buf, flexible, false, "members", Some(self.members.len()))?;
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.protocol_type));
        }
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, self.protocol.as_deref());
        }
        if true {
            len += string_len(flexible, self.leader.as_deref());
        }
        if version >= 2 {
            len += 8;
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
impl Sample for GroupMetadataValue {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.protocol_type = g.string();
        }
        if true {
            this.generation = g.i32();
        }
        if true {
            this.protocol = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.leader = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 2 {
            this.current_state_timestamp = g.i64();
        }
        if true {
            this.members = g.vec(|g| MemberMetadata::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for GroupMetadataValue {
    const NAME: &'static str = "GroupMetadataValue";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 4 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberMetadata {
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 3+; nullable: 3+; default: null
    pub group_instance_id: Option<String>,
    /// Versions: 0+
    pub client_id: String,
    /// Versions: 0+
    pub client_host: String,
    /// Versions: 1+; default: -1
    pub rebalance_timeout: i32,
    /// Versions: 0+
    pub session_timeout: i32,
    /// Versions: 0+
    pub subscription: Bytes,
    /// Versions: 0+
    pub assignment: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MemberMetadata {
    fn default() -> Self {
        Self {
            member_id: String::new(),
            group_instance_id: None,
            client_id: String::new(),
            client_host: String::new(),
            rebalance_timeout: -1,
            session_timeout: 0,
            subscription: Bytes::new(),
            assignment: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MemberMetadata {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.member_id = read_string(buf, flexible, "memberId")?;
        }
        if version >= 3 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 3, "groupInstanceId")?;
        }
        if true {
            this.client_id = read_string(buf, flexible, "clientId")?;
        }
        if true {
            this.client_host = read_string(buf, flexible, "clientHost")?;
        }
        if version >= 1 {
            this.rebalance_timeout = read_i32(buf)?;
        }
        if true {
            this.session_timeout = read_i32(buf)?;
        }
        if true {
            this.subscription = read_bytes(buf, flexible, "subscription")?;
        }
        if true {
            this.assignment = read_bytes(buf, flexible, "assignment")?;
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
        write_string(buf, flexible, &self.member_id)?;
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                version >= 3,
                "groupInstanceId",
                self.group_instance_id.as_deref(),
            )?;
        } else {
        }
        write_string(buf, flexible, &self.client_id)?;
        write_string(buf, flexible, &self.client_host)?;
        if version >= 1 {
            write_i32(buf, self.rebalance_timeout);
        } else {
        }
        write_i32(buf, self.session_timeout);
        write_bytes(buf, flexible, &self.subscription)?;
        write_bytes(buf, flexible, &self.assignment)?;
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
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 3 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.client_id));
        }
        if true {
            len += string_len(flexible, Some(&self.client_host));
        }
        if version >= 1 {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += bytes_len(flexible, Some(&self.subscription));
        }
        if true {
            len += bytes_len(flexible, Some(&self.assignment));
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
impl Sample for MemberMetadata {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.member_id = g.string();
        }
        if version >= 3 {
            this.group_instance_id = if version >= 3 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.client_id = g.string();
        }
        if true {
            this.client_host = g.string();
        }
        if version >= 1 {
            this.rebalance_timeout = g.i32();
        }
        if true {
            this.session_timeout = g.i32();
        }
        if true {
            this.subscription = g.bytes();
        }
        if true {
            this.assignment = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
