//! UpdateRaftVoterResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-0; flexible versions: 0+.
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
pub struct UpdateRaftVoterResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; tag 0 in 0+
    pub current_leader: CurrentLeader,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateRaftVoterResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            current_leader: CurrentLeader::default(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateRaftVoterResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "UpdateRaftVoterResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if true => {
                        this.current_leader = CurrentLeader::decode(version, &mut body)?;
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
                what: "UpdateRaftVoterResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_i16(buf, self.error_code);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if true && self.current_leader != CurrentLeader::default() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if true && self.current_leader != CurrentLeader::default() {
                write_uvarint(buf, 0);
                write_uvarint(buf, (self.current_leader.encoded_len(version)) as u32);
                self.current_leader.encode(version, buf)?;
            } else {
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if true && self.current_leader != CurrentLeader::default() {
                count += 1;
                let n = self.current_leader.encoded_len(version);
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for UpdateRaftVoterResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if flexible && true {
            this.current_leader = CurrentLeader::sample(version, g);
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for UpdateRaftVoterResponse {
    const NAME: &'static str = "UpdateRaftVoterResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentLeader {
    /// Versions: 0+; default: -1
    pub leader_id: i32,
    /// Versions: 0+; default: -1
    pub leader_epoch: i32,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CurrentLeader {
    fn default() -> Self {
        Self {
            leader_id: -1,
            leader_epoch: -1,
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CurrentLeader {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.leader_id = read_i32(buf)?;
        }
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.port = read_i32(buf)?;
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
        let flexible = true;
        write_i32(buf, self.leader_id);
        write_i32(buf, self.leader_epoch);
        write_string(buf, flexible, &self.host)?;
        write_i32(buf, self.port);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.host));
        }
        if true {
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
impl Sample for CurrentLeader {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.leader_id = g.i32();
        }
        if true {
            this.leader_epoch = g.i32();
        }
        if true {
            this.host = g.string();
        }
        if true {
            this.port = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
