//! VotersRecord (generated from Kafka's message spec; do not edit).
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
pub struct VotersRecord {
    /// Versions: 0+
    pub version: i16,
    /// Versions: 0+
    pub voters: Vec<Voter>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for VotersRecord {
    fn default() -> Self {
        Self {
            version: 0,
            voters: Vec::<Voter>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for VotersRecord {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "VotersRecord",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.version = read_i16(buf)?;
        }
        if true {
            this.voters = read_array(buf, flexible, 1, "Voters", |b: &mut Bytes| {
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
                what: "VotersRecord",
                version,
            });
        }
        let flexible = true;
        write_i16(buf, self.version);
        write_array_len(buf, flexible, false, "Voters", Some(self.voters.len()))?;
        for e in self.voters.iter() {
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
            len += (array_len_len(flexible, Some(self.voters.len()))
                + self
                    .voters
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
impl Sample for VotersRecord {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.version = g.i16();
        }
        if true {
            this.voters = g.vec(|g| Voter::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for VotersRecord {
    const NAME: &'static str = "VotersRecord";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Voter {
    /// Versions: 0+
    pub voter_id: i32,
    /// Versions: 0+
    pub voter_directory_id: Uuid,
    /// Versions: 0+
    pub endpoints: Vec<Endpoint>,
    /// Versions: 0+
    pub k_raft_version_feature: KRaftVersionFeature,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Voter {
    fn default() -> Self {
        Self {
            voter_id: 0,
            voter_directory_id: Uuid::nil(),
            endpoints: Vec::<Endpoint>::new(),
            k_raft_version_feature: KRaftVersionFeature::default(),
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
        if true {
            this.voter_directory_id = read_uuid(buf)?;
        }
        if true {
            this.endpoints = read_array(buf, flexible, 1, "Endpoints", |b: &mut Bytes| {
                Endpoint::decode(version, b)
            })?;
        }
        if true {
            this.k_raft_version_feature = KRaftVersionFeature::decode(version, buf)?;
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
        write_uuid(buf, &self.voter_directory_id);
        write_array_len(
            buf,
            flexible,
            false,
            "Endpoints",
            Some(self.endpoints.len()),
        )?;
        for e in self.endpoints.iter() {
            e.encode(version, buf)?;
        }
        self.k_raft_version_feature.encode(version, buf)?;
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
            len += 16;
        }
        if true {
            len += (array_len_len(flexible, Some(self.endpoints.len()))
                + self
                    .endpoints
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += self.k_raft_version_feature.encoded_len(version);
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
        if true {
            this.voter_directory_id = g.uuid();
        }
        if true {
            this.endpoints = g.vec(|g| Endpoint::sample(version, g));
        }
        if true {
            this.k_raft_version_feature = KRaftVersionFeature::sample(version, g);
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: u16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Endpoint {
    fn default() -> Self {
        Self {
            name: String::new(),
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Endpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.port = read_u16(buf)?;
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
        write_string(buf, flexible, &self.name)?;
        write_string(buf, flexible, &self.host)?;
        write_u16(buf, self.port);
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
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += string_len(flexible, Some(&self.host));
        }
        if true {
            len += 2;
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
impl Sample for Endpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.host = g.string();
        }
        if true {
            this.port = g.u16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KRaftVersionFeature {
    /// Versions: 0+
    pub min_supported_version: i16,
    /// Versions: 0+
    pub max_supported_version: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for KRaftVersionFeature {
    fn default() -> Self {
        Self {
            min_supported_version: 0,
            max_supported_version: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for KRaftVersionFeature {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.min_supported_version = read_i16(buf)?;
        }
        if true {
            this.max_supported_version = read_i16(buf)?;
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
        write_i16(buf, self.min_supported_version);
        write_i16(buf, self.max_supported_version);
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
            len += 2;
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
impl Sample for KRaftVersionFeature {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.min_supported_version = g.i16();
        }
        if true {
            this.max_supported_version = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
