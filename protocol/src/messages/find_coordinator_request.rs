//! FindCoordinatorRequest (generated from Kafka's message spec; do not edit).
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
pub struct FindCoordinatorRequest {
    /// Versions: 0-3
    pub key: String,
    /// Versions: 1+; default: 0
    pub key_type: i8,
    /// Versions: 4+
    pub coordinator_keys: Vec<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FindCoordinatorRequest {
    fn default() -> Self {
        Self {
            key: String::new(),
            key_type: 0,
            coordinator_keys: Vec::<String>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FindCoordinatorRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "FindCoordinatorRequest",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if version <= 3 {
            this.key = read_string(buf, flexible, "Key")?;
        }
        if version >= 1 {
            this.key_type = read_i8(buf)?;
        }
        if version >= 4 {
            this.coordinator_keys =
                read_array(buf, flexible, 1, "CoordinatorKeys", |b: &mut Bytes| {
                    read_string(b, flexible, "CoordinatorKeys")
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
                what: "FindCoordinatorRequest",
                version,
            });
        }
        let flexible = version >= 3;
        if version <= 3 {
            write_string(buf, flexible, &self.key)?;
        } else {
            if self.key != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Key",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i8(buf, self.key_type);
        } else {
            if self.key_type != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "KeyType",
                    version,
                });
            }
        }
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "CoordinatorKeys",
                Some(self.coordinator_keys.len()),
            )?;
            for e in self.coordinator_keys.iter() {
                write_string(buf, flexible, e)?;
            }
        } else {
            if self.coordinator_keys != Vec::<String>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CoordinatorKeys",
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
        if version <= 3 {
            len += string_len(flexible, Some(&self.key));
        }
        if version >= 1 {
            len += 1;
        }
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.coordinator_keys.len()))
                + self
                    .coordinator_keys
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
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
impl Sample for FindCoordinatorRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version <= 3 {
            this.key = g.string();
        }
        if version >= 1 {
            this.key_type = g.i8();
        }
        if version >= 4 {
            this.coordinator_keys = g.vec(|g| g.string());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for FindCoordinatorRequest {
    const NAME: &'static str = "FindCoordinatorRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}
