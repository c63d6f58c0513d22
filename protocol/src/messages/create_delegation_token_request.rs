//! CreateDelegationTokenRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-3; flexible versions: 2+.
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
pub struct CreateDelegationTokenRequest {
    /// Versions: 3+; nullable: 3+
    pub owner_principal_type: Option<String>,
    /// Versions: 3+; nullable: 3+
    pub owner_principal_name: Option<String>,
    /// Versions: 0+
    pub renewers: Vec<CreatableRenewers>,
    /// Versions: 0+
    pub max_lifetime_ms: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreateDelegationTokenRequest {
    fn default() -> Self {
        Self {
            owner_principal_type: Some(String::new()),
            owner_principal_name: Some(String::new()),
            renewers: Vec::<CreatableRenewers>::new(),
            max_lifetime_ms: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreateDelegationTokenRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "CreateDelegationTokenRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 3 {
            this.owner_principal_type =
                read_nullable_string(buf, flexible, version >= 3, "OwnerPrincipalType")?;
        }
        if version >= 3 {
            this.owner_principal_name =
                read_nullable_string(buf, flexible, version >= 3, "OwnerPrincipalName")?;
        }
        if true {
            this.renewers = read_array(buf, flexible, 1, "Renewers", |b: &mut Bytes| {
                CreatableRenewers::decode(version, b)
            })?;
        }
        if true {
            this.max_lifetime_ms = read_i64(buf)?;
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
                what: "CreateDelegationTokenRequest",
                version,
            });
        }
        let flexible = version >= 2;
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                version >= 3,
                "OwnerPrincipalType",
                self.owner_principal_type.as_deref(),
            )?;
        } else {
            if self.owner_principal_type != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "OwnerPrincipalType",
                    version,
                });
            }
        }
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                version >= 3,
                "OwnerPrincipalName",
                self.owner_principal_name.as_deref(),
            )?;
        } else {
            if self.owner_principal_name != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "OwnerPrincipalName",
                    version,
                });
            }
        }
        write_array_len(buf, flexible, false, "Renewers", Some(self.renewers.len()))?;
        for e in self.renewers.iter() {
            e.encode(version, buf)?;
        }
        write_i64(buf, self.max_lifetime_ms);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 2;
        let mut len = 0usize;
        if version >= 3 {
            len += string_len(flexible, self.owner_principal_type.as_deref());
        }
        if version >= 3 {
            len += string_len(flexible, self.owner_principal_name.as_deref());
        }
        if true {
            len += (array_len_len(flexible, Some(self.renewers.len()))
                + self
                    .renewers
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += 8;
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
impl Sample for CreateDelegationTokenRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 3 {
            this.owner_principal_type = if version >= 3 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 3 {
            this.owner_principal_name = if version >= 3 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.renewers = g.vec(|g| CreatableRenewers::sample(version, g));
        }
        if true {
            this.max_lifetime_ms = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for CreateDelegationTokenRequest {
    const NAME: &'static str = "CreateDelegationTokenRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatableRenewers {
    /// Versions: 0+
    pub principal_type: String,
    /// Versions: 0+
    pub principal_name: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatableRenewers {
    fn default() -> Self {
        Self {
            principal_type: String::new(),
            principal_name: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatableRenewers {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.principal_type = read_string(buf, flexible, "PrincipalType")?;
        }
        if true {
            this.principal_name = read_string(buf, flexible, "PrincipalName")?;
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
        let flexible = version >= 2;
        write_string(buf, flexible, &self.principal_type)?;
        write_string(buf, flexible, &self.principal_name)?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.principal_type));
        }
        if true {
            len += string_len(flexible, Some(&self.principal_name));
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
impl Sample for CreatableRenewers {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.principal_type = g.string();
        }
        if true {
            this.principal_name = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
