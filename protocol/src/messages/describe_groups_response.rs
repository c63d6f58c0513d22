//! DescribeGroupsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-6; flexible versions: 5+.
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
pub struct DescribeGroupsResponse {
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub groups: Vec<DescribedGroup>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeGroupsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            groups: Vec::<DescribedGroup>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeGroupsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeGroupsResponse",
                version,
            });
        }
        let flexible = version >= 5;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.groups = read_array(buf, flexible, 1, "Groups", |b: &mut Bytes| {
                DescribedGroup::decode(version, b)
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
                what: "DescribeGroupsResponse",
                version,
            });
        }
        let flexible = version >= 5;
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
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
        let flexible = version >= 5;
        let mut len = 0usize;
        if version >= 1 {
            len += 4;
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
impl Sample for DescribeGroupsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.groups = g.vec(|g| DescribedGroup::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeGroupsResponse {
    const NAME: &'static str = "DescribeGroupsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(5);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribedGroup {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 6+; nullable: 6+; default: null
    pub error_message: Option<String>,
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub group_state: String,
    /// Versions: 0+
    pub protocol_type: String,
    /// Versions: 0+
    pub protocol_data: String,
    /// Versions: 0+
    pub members: Vec<DescribedGroupMember>,
    /// Versions: 3+; default: -2147483648
    pub authorized_operations: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribedGroup {
    fn default() -> Self {
        Self {
            error_code: 0,
            error_message: None,
            group_id: String::new(),
            group_state: String::new(),
            protocol_type: String::new(),
            protocol_data: String::new(),
            members: Vec::<DescribedGroupMember>::new(),
            authorized_operations: -2147483648,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribedGroup {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 6 {
            this.error_message = read_nullable_string(buf, flexible, version >= 6, "ErrorMessage")?;
        }
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.group_state = read_string(buf, flexible, "GroupState")?;
        }
        if true {
            this.protocol_type = read_string(buf, flexible, "ProtocolType")?;
        }
        if true {
            this.protocol_data = read_string(buf, flexible, "ProtocolData")?;
        }
        if true {
            this.members = read_array(buf, flexible, 1, "Members", |b: &mut Bytes| {
                DescribedGroupMember::decode(version, b)
            })?;
        }
        if version >= 3 {
            this.authorized_operations = read_i32(buf)?;
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
        let flexible = version >= 5;
        write_i16(buf, self.error_code);
        if version >= 6 {
            write_nullable_string(
                buf,
                flexible,
                version >= 6,
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
            if self.error_message != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorMessage",
                    version,
                });
            }
        }
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.group_state)?;
        write_string(buf, flexible, &self.protocol_type)?;
        write_string(buf, flexible, &self.protocol_data)?;
        write_array_len(buf, flexible, false, "Members", Some(self.members.len()))?;
        for e in self.members.iter() {
            e.encode(version, buf)?;
        }
        if version >= 3 {
            write_i32(buf, self.authorized_operations);
        } else {
            if self.authorized_operations != -2147483648 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "AuthorizedOperations",
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
        let flexible = version >= 5;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if version >= 6 {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.group_id));
        }
        if true {
            len += string_len(flexible, Some(&self.group_state));
        }
        if true {
            len += string_len(flexible, Some(&self.protocol_type));
        }
        if true {
            len += string_len(flexible, Some(&self.protocol_data));
        }
        if true {
            len += (array_len_len(flexible, Some(self.members.len()))
                + self
                    .members
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 3 {
            len += 4;
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
impl Sample for DescribedGroup {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if version >= 6 {
            this.error_message = if version >= 6 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.group_id = g.string();
        }
        if true {
            this.group_state = g.string();
        }
        if true {
            this.protocol_type = g.string();
        }
        if true {
            this.protocol_data = g.string();
        }
        if true {
            this.members = g.vec(|g| DescribedGroupMember::sample(version, g));
        }
        if version >= 3 {
            this.authorized_operations = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribedGroupMember {
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 4+; nullable: 4+; default: null
    pub group_instance_id: Option<String>,
    /// Versions: 0+
    pub client_id: String,
    /// Versions: 0+
    pub client_host: String,
    /// Versions: 0+
    pub member_metadata: Bytes,
    /// Versions: 0+
    pub member_assignment: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribedGroupMember {
    fn default() -> Self {
        Self {
            member_id: String::new(),
            group_instance_id: None,
            client_id: String::new(),
            client_host: String::new(),
            member_metadata: Bytes::new(),
            member_assignment: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribedGroupMember {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 4 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 4, "GroupInstanceId")?;
        }
        if true {
            this.client_id = read_string(buf, flexible, "ClientId")?;
        }
        if true {
            this.client_host = read_string(buf, flexible, "ClientHost")?;
        }
        if true {
            this.member_metadata = read_bytes(buf, flexible, "MemberMetadata")?;
        }
        if true {
            this.member_assignment = read_bytes(buf, flexible, "MemberAssignment")?;
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
        let flexible = version >= 5;
        write_string(buf, flexible, &self.member_id)?;
        if version >= 4 {
            write_nullable_string(
                buf,
                flexible,
                version >= 4,
                "GroupInstanceId",
                self.group_instance_id.as_deref(),
            )?;
        } else {
        }
        write_string(buf, flexible, &self.client_id)?;
        write_string(buf, flexible, &self.client_host)?;
        write_bytes(buf, flexible, &self.member_metadata)?;
        write_bytes(buf, flexible, &self.member_assignment)?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 5;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 4 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.client_id));
        }
        if true {
            len += string_len(flexible, Some(&self.client_host));
        }
        if true {
            len += bytes_len(flexible, Some(&self.member_metadata));
        }
        if true {
            len += bytes_len(flexible, Some(&self.member_assignment));
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
impl Sample for DescribedGroupMember {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.member_id = g.string();
        }
        if version >= 4 {
            this.group_instance_id = if version >= 4 && g.null() {
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
        if true {
            this.member_metadata = g.bytes();
        }
        if true {
            this.member_assignment = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
