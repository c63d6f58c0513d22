//! CreateDelegationTokenResponse (generated from Kafka's message spec; do not edit).
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
pub struct CreateDelegationTokenResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub principal_type: String,
    /// Versions: 0+
    pub principal_name: String,
    /// Versions: 3+
    pub token_requester_principal_type: String,
    /// Versions: 3+
    pub token_requester_principal_name: String,
    /// Versions: 0+
    pub issue_timestamp_ms: i64,
    /// Versions: 0+
    pub expiry_timestamp_ms: i64,
    /// Versions: 0+
    pub max_timestamp_ms: i64,
    /// Versions: 0+
    pub token_id: String,
    /// Versions: 0+
    pub hmac: Bytes,
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreateDelegationTokenResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            principal_type: String::new(),
            principal_name: String::new(),
            token_requester_principal_type: String::new(),
            token_requester_principal_name: String::new(),
            issue_timestamp_ms: 0,
            expiry_timestamp_ms: 0,
            max_timestamp_ms: 0,
            token_id: String::new(),
            hmac: Bytes::new(),
            throttle_time_ms: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreateDelegationTokenResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "CreateDelegationTokenResponse",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.principal_type = read_string(buf, flexible, "PrincipalType")?;
        }
        if true {
            this.principal_name = read_string(buf, flexible, "PrincipalName")?;
        }
        if version >= 3 {
            this.token_requester_principal_type =
                read_string(buf, flexible, "TokenRequesterPrincipalType")?;
        }
        if version >= 3 {
            this.token_requester_principal_name =
                read_string(buf, flexible, "TokenRequesterPrincipalName")?;
        }
        if true {
            this.issue_timestamp_ms = read_i64(buf)?;
        }
        if true {
            this.expiry_timestamp_ms = read_i64(buf)?;
        }
        if true {
            this.max_timestamp_ms = read_i64(buf)?;
        }
        if true {
            this.token_id = read_string(buf, flexible, "TokenId")?;
        }
        if true {
            this.hmac = read_bytes(buf, flexible, "Hmac")?;
        }
        if true {
            this.throttle_time_ms = read_i32(buf)?;
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
                what: "CreateDelegationTokenResponse",
                version,
            });
        }
        let flexible = version >= 2;
        write_i16(buf, self.error_code);
        write_string(buf, flexible, &self.principal_type)?;
        write_string(buf, flexible, &self.principal_name)?;
        if version >= 3 {
            write_string(buf, flexible, &self.token_requester_principal_type)?;
        } else {
            if self.token_requester_principal_type != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TokenRequesterPrincipalType",
                    version,
                });
            }
        }
        if version >= 3 {
            write_string(buf, flexible, &self.token_requester_principal_name)?;
        } else {
            if self.token_requester_principal_name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TokenRequesterPrincipalName",
                    version,
                });
            }
        }
        write_i64(buf, self.issue_timestamp_ms);
        write_i64(buf, self.expiry_timestamp_ms);
        write_i64(buf, self.max_timestamp_ms);
        write_string(buf, flexible, &self.token_id)?;
        write_bytes(buf, flexible, &self.hmac)?;
        write_i32(buf, self.throttle_time_ms);
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
            len += 2;
        }
        if true {
            len += string_len(flexible, Some(&self.principal_type));
        }
        if true {
            len += string_len(flexible, Some(&self.principal_name));
        }
        if version >= 3 {
            len += string_len(flexible, Some(&self.token_requester_principal_type));
        }
        if version >= 3 {
            len += string_len(flexible, Some(&self.token_requester_principal_name));
        }
        if true {
            len += 8;
        }
        if true {
            len += 8;
        }
        if true {
            len += 8;
        }
        if true {
            len += string_len(flexible, Some(&self.token_id));
        }
        if true {
            len += bytes_len(flexible, Some(&self.hmac));
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
impl Sample for CreateDelegationTokenResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.principal_type = g.string();
        }
        if true {
            this.principal_name = g.string();
        }
        if version >= 3 {
            this.token_requester_principal_type = g.string();
        }
        if version >= 3 {
            this.token_requester_principal_name = g.string();
        }
        if true {
            this.issue_timestamp_ms = g.i64();
        }
        if true {
            this.expiry_timestamp_ms = g.i64();
        }
        if true {
            this.max_timestamp_ms = g.i64();
        }
        if true {
            this.token_id = g.string();
        }
        if true {
            this.hmac = g.bytes();
        }
        if true {
            this.throttle_time_ms = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for CreateDelegationTokenResponse {
    const NAME: &'static str = "CreateDelegationTokenResponse";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}
