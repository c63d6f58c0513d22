//! LeaderChangeMessage (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-1; flexible versions: 0+.
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
pub struct LeaderChangeMessage {
    /// Versions: 0+
    pub version: i16,
    /// Versions: 0+
    pub leader_id: i32,
    /// Versions: 0+
    pub voters: Vec<Voter>,
    /// Versions: 0+
    pub granting_voters: Vec<Voter>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderChangeMessage {
    fn default() -> Self {
        Self {
            version: 0,
            leader_id: 0,
            voters: Vec::<Voter>::new(),
            granting_voters: Vec::<Voter>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderChangeMessage {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "LeaderChangeMessage",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.version = read_i16(buf)?;
        }
        if true {
            this.leader_id = read_i32(buf)?;
        }
        if true {
            this.voters = read_array(buf, flexible, 1, "Voters", |b: &mut Bytes| {
                Voter::decode(version, b)
            })?;
        }
        if true {
            this.granting_voters =
                read_array(buf, flexible, 1, "GrantingVoters", |b: &mut Bytes| {
                    Voter::decode(version, b)
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
                what: "LeaderChangeMessage",
                version,
            });
        }
        let flexible = true;
        write_i16(buf, self.version);
        write_i32(buf, self.leader_id);
        write_array_len(buf, flexible, false, "Voters", Some(self.voters.len()))?;
        for e in self.voters.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "GrantingVoters",
            Some(self.granting_voters.len()),
        )?;
        for e in self.granting_voters.iter() {
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.voters.len()))
                + self
                    .voters
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.granting_voters.len()))
                + self
                    .granting_voters
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
impl Sample for LeaderChangeMessage {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.version = g.i16();
        }
        if true {
            this.leader_id = g.i32();
        }
        if true {
            this.voters = g.vec(|g| Voter::sample(version, g));
        }
        if true {
            this.granting_voters = g.vec(|g| Voter::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for LeaderChangeMessage {
    const NAME: &'static str = "LeaderChangeMessage";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Voter {
    /// Versions: 0+
    pub voter_id: i32,
    /// Versions: 1+
    pub voter_directory_id: Uuid,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Voter {
    fn default() -> Self {
        Self {
            voter_id: 0,
            voter_directory_id: Uuid::nil(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Voter {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.voter_id = read_i32(buf)?;
        }
        if version >= 1 {
            this.voter_directory_id = read_uuid(buf)?;
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
        write_i32(buf, self.voter_id);
        if version >= 1 {
            write_uuid(buf, &self.voter_directory_id);
        } else {
            if self.voter_directory_id != Uuid::nil() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "VoterDirectoryId",
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version >= 1 {
            len += 16;
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
impl Sample for Voter {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.voter_id = g.i32();
        }
        if version >= 1 {
            this.voter_directory_id = g.uuid();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
