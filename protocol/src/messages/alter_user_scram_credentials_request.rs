//! AlterUserScramCredentialsRequest (generated from Kafka's message spec; do not edit).
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
pub struct AlterUserScramCredentialsRequest {
    /// Versions: 0+
    pub deletions: Vec<ScramCredentialDeletion>,
    /// Versions: 0+
    pub upsertions: Vec<ScramCredentialUpsertion>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AlterUserScramCredentialsRequest {
    fn default() -> Self {
        Self {
            deletions: Vec::<ScramCredentialDeletion>::new(),
            upsertions: Vec::<ScramCredentialUpsertion>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AlterUserScramCredentialsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AlterUserScramCredentialsRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.deletions = read_array(buf, flexible, 1, "Deletions", |b: &mut Bytes| {
                ScramCredentialDeletion::decode(version, b)
            })?;
        }
        if true {
            this.upsertions = read_array(buf, flexible, 1, "Upsertions", |b: &mut Bytes| {
                ScramCredentialUpsertion::decode(version, b)
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
                what: "AlterUserScramCredentialsRequest",
                version,
            });
        }
        let flexible = true;
        write_array_len(
            buf,
            flexible,
            false,
            "Deletions",
            Some(self.deletions.len()),
        )?;
        for e in self.deletions.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "Upsertions",
            Some(self.upsertions.len()),
        )?;
        for e in self.upsertions.iter() {
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
            len += (array_len_len(flexible, Some(self.deletions.len()))
                + self
                    .deletions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.upsertions.len()))
                + self
                    .upsertions
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
impl Sample for AlterUserScramCredentialsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.deletions = g.vec(|g| ScramCredentialDeletion::sample(version, g));
        }
        if true {
            this.upsertions = g.vec(|g| ScramCredentialUpsertion::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AlterUserScramCredentialsRequest {
    const NAME: &'static str = "AlterUserScramCredentialsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScramCredentialDeletion {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub mechanism: i8,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ScramCredentialDeletion {
    fn default() -> Self {
        Self {
            name: String::new(),
            mechanism: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ScramCredentialDeletion {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.mechanism = read_i8(buf)?;
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
        write_i8(buf, self.mechanism);
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
impl Sample for ScramCredentialDeletion {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.mechanism = g.i8();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScramCredentialUpsertion {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub mechanism: i8,
    /// Versions: 0+
    pub iterations: i32,
    /// Versions: 0+
    pub salt: Bytes,
    /// Versions: 0+
    pub salted_password: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ScramCredentialUpsertion {
    fn default() -> Self {
        Self {
            name: String::new(),
            mechanism: 0,
            iterations: 0,
            salt: Bytes::new(),
            salted_password: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ScramCredentialUpsertion {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.mechanism = read_i8(buf)?;
        }
        if true {
            this.iterations = read_i32(buf)?;
        }
        if true {
            this.salt = read_bytes(buf, flexible, "Salt")?;
        }
        if true {
            this.salted_password = read_bytes(buf, flexible, "SaltedPassword")?;
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
        write_i8(buf, self.mechanism);
        write_i32(buf, self.iterations);
        write_bytes(buf, flexible, &self.salt)?;
        write_bytes(buf, flexible, &self.salted_password)?;
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
            len += 1;
        }
        if true {
            len += 4;
        }
        if true {
            len += bytes_len(flexible, Some(&self.salt));
        }
        if true {
            len += bytes_len(flexible, Some(&self.salted_password));
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
impl Sample for ScramCredentialUpsertion {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.mechanism = g.i8();
        }
        if true {
            this.iterations = g.i32();
        }
        if true {
            this.salt = g.bytes();
        }
        if true {
            this.salted_password = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
