//! FindCoordinatorResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-6; flexible versions: 3+.
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
pub struct FindCoordinatorResponse {
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 0-3
    pub error_code: i16,
    /// Versions: 1-3; nullable: 1-3
    pub error_message: Option<String>,
    /// Versions: 0-3
    pub node_id: i32,
    /// Versions: 0-3
    pub host: String,
    /// Versions: 0-3
    pub port: i32,
    /// Versions: 4+
    pub coordinators: Vec<Coordinator>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FindCoordinatorResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            error_message: Some(String::new()),
            node_id: 0,
            host: String::new(),
            port: 0,
            coordinators: Vec::<Coordinator>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FindCoordinatorResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "FindCoordinatorResponse",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if version <= 3 {
            this.error_code = read_i16(buf)?;
        }
        if (version >= 1 && version <= 3) {
            this.error_message = read_nullable_string(
                buf,
                flexible,
                (version >= 1 && version <= 3),
                "ErrorMessage",
            )?;
        }
        if version <= 3 {
            this.node_id = read_i32(buf)?;
        }
        if version <= 3 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version <= 3 {
            this.port = read_i32(buf)?;
        }
        if version >= 4 {
            this.coordinators = read_array(buf, flexible, 1, "Coordinators", |b: &mut Bytes| {
                Coordinator::decode(version, b)
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
                what: "FindCoordinatorResponse",
                version,
            });
        }
        let flexible = version >= 3;
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        if version <= 3 {
            write_i16(buf, self.error_code);
        } else {
            if self.error_code != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorCode",
                    version,
                });
            }
        }
        if (version >= 1 && version <= 3) {
            write_nullable_string(
                buf,
                flexible,
                (version >= 1 && version <= 3),
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
        }
        if version <= 3 {
            write_i32(buf, self.node_id);
        } else {
            if self.node_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeId",
                    version,
                });
            }
        }
        if version <= 3 {
            write_string(buf, flexible, &self.host)?;
        } else {
            if self.host != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Host",
                    version,
                });
            }
        }
        if version <= 3 {
            write_i32(buf, self.port);
        } else {
            if self.port != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Port",
                    version,
                });
            }
        }
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "Coordinators",
                Some(self.coordinators.len()),
            )?;
            for e in self.coordinators.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.coordinators != Vec::<Coordinator>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Coordinators",
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 1 {
            len += 4;
        }
        if version <= 3 {
            len += 2;
        }
        if (version >= 1 && version <= 3) {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if version <= 3 {
            len += 4;
        }
        if version <= 3 {
            len += string_len(flexible, Some(&self.host));
        }
        if version <= 3 {
            len += 4;
        }
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.coordinators.len()))
                + self
                    .coordinators
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
impl Sample for FindCoordinatorResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if version <= 3 {
            this.error_code = g.i16();
        }
        if (version >= 1 && version <= 3) {
            this.error_message = if (version >= 1 && version <= 3) && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version <= 3 {
            this.node_id = g.i32();
        }
        if version <= 3 {
            this.host = g.string();
        }
        if version <= 3 {
            this.port = g.i32();
        }
        if version >= 4 {
            this.coordinators = g.vec(|g| Coordinator::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for FindCoordinatorResponse {
    const NAME: &'static str = "FindCoordinatorResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coordinator {
    /// Versions: 4+
    pub key: String,
    /// Versions: 4+
    pub node_id: i32,
    /// Versions: 4+
    pub host: String,
    /// Versions: 4+
    pub port: i32,
    /// Versions: 4+
    pub error_code: i16,
    /// Versions: 4+; nullable: 4+
    pub error_message: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Coordinator {
    fn default() -> Self {
        Self {
            key: String::new(),
            node_id: 0,
            host: String::new(),
            port: 0,
            error_code: 0,
            error_message: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Coordinator {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.key = read_string(buf, flexible, "Key")?;
        }
        if version >= 4 {
            this.node_id = read_i32(buf)?;
        }
        if version >= 4 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version >= 4 {
            this.port = read_i32(buf)?;
        }
        if version >= 4 {
            this.error_code = read_i16(buf)?;
        }
        if version >= 4 {
            this.error_message = read_nullable_string(buf, flexible, version >= 4, "ErrorMessage")?;
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
        let flexible = version >= 3;
        if version >= 4 {
            write_string(buf, flexible, &self.key)?;
        } else {
            if self.key != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Key",
                    version,
                });
            }
        }
        if version >= 4 {
            write_i32(buf, self.node_id);
        } else {
            if self.node_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeId",
                    version,
                });
            }
        }
        if version >= 4 {
            write_string(buf, flexible, &self.host)?;
        } else {
            if self.host != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Host",
                    version,
                });
            }
        }
        if version >= 4 {
            write_i32(buf, self.port);
        } else {
            if self.port != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Port",
                    version,
                });
            }
        }
        if version >= 4 {
            write_i16(buf, self.error_code);
        } else {
            if self.error_code != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorCode",
                    version,
                });
            }
        }
        if version >= 4 {
            write_nullable_string(
                buf,
                flexible,
                version >= 4,
                "ErrorMessage",
                self.error_message.as_deref(),
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 4 {
            len += string_len(flexible, Some(&self.key));
        }
        if version >= 4 {
            len += 4;
        }
        if version >= 4 {
            len += string_len(flexible, Some(&self.host));
        }
        if version >= 4 {
            len += 4;
        }
        if version >= 4 {
            len += 2;
        }
        if version >= 4 {
            len += string_len(flexible, self.error_message.as_deref());
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
impl Sample for Coordinator {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.key = g.string();
        }
        if version >= 4 {
            this.node_id = g.i32();
        }
        if version >= 4 {
            this.host = g.string();
        }
        if version >= 4 {
            this.port = g.i32();
        }
        if version >= 4 {
            this.error_code = g.i16();
        }
        if version >= 4 {
            this.error_message = if version >= 4 && g.null() {
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
