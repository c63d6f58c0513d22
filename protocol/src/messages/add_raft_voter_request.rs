//! AddRaftVoterRequest (generated from Kafka's message spec; do not edit).
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
pub struct AddRaftVoterRequest {
    /// Versions: 0+; nullable: 0+
    pub cluster_id: Option<String>,
    /// Versions: 0+
    pub timeout_ms: i32,
    /// Versions: 0+
    pub voter_id: i32,
    /// Versions: 0+
    pub voter_directory_id: Uuid,
    /// Versions: 0+
    pub listeners: Vec<Listener>,
    /// Versions: 1+; default: true
    pub ack_when_committed: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddRaftVoterRequest {
    fn default() -> Self {
        Self {
            cluster_id: Some(String::new()),
            timeout_ms: 0,
            voter_id: 0,
            voter_directory_id: Uuid::nil(),
            listeners: Vec::<Listener>::new(),
            ack_when_committed: true,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddRaftVoterRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AddRaftVoterRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.cluster_id = read_nullable_string(buf, flexible, true, "ClusterId")?;
        }
        if true {
            this.timeout_ms = read_i32(buf)?;
        }
        if true {
            this.voter_id = read_i32(buf)?;
        }
        if true {
            this.voter_directory_id = read_uuid(buf)?;
        }
        if true {
            this.listeners = read_array(buf, flexible, 1, "Listeners", |b: &mut Bytes| {
                Listener::decode(version, b)
            })?;
        }
        if version >= 1 {
            this.ack_when_committed = read_bool(buf)?;
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
                what: "AddRaftVoterRequest",
                version,
            });
        }
        let flexible = true;
        write_nullable_string(buf, flexible, true, "ClusterId", self.cluster_id.as_deref())?;
        write_i32(buf, self.timeout_ms);
        write_i32(buf, self.voter_id);
        write_uuid(buf, &self.voter_directory_id);
        write_array_len(
            buf,
            flexible,
            false,
            "Listeners",
            Some(self.listeners.len()),
        )?;
        for e in self.listeners.iter() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_bool(buf, self.ack_when_committed);
        } else {
            if self.ack_when_committed != true {
                return Err(EncodeError::FieldNotInVersion {
                    field: "AckWhenCommitted",
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
            len += string_len(flexible, self.cluster_id.as_deref());
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 16;
        }
        if true {
            len += (array_len_len(flexible, Some(self.listeners.len()))
                + self
                    .listeners
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 1;
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
impl Sample for AddRaftVoterRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.cluster_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.timeout_ms = g.i32();
        }
        if true {
            this.voter_id = g.i32();
        }
        if true {
            this.voter_directory_id = g.uuid();
        }
        if true {
            this.listeners = g.vec(|g| Listener::sample(version, g));
        }
        if version >= 1 {
            this.ack_when_committed = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AddRaftVoterRequest {
    const NAME: &'static str = "AddRaftVoterRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: u16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Listener {
    fn default() -> Self {
        Self {
            name: String::new(),
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Listener {
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
impl Sample for Listener {
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
