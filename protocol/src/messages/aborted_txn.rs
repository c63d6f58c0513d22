//! AbortedTxn (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-0; flexible versions: none.
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
pub struct AbortedTxn {
    /// Versions: 0+
    pub producer_id: i64,
    /// Versions: 0+
    pub first_offset: i64,
    /// Versions: 0+
    pub last_offset: i64,
    /// Versions: 0+
    pub last_stable_offset: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AbortedTxn {
    fn default() -> Self {
        Self {
            producer_id: 0,
            first_offset: 0,
            last_offset: 0,
            last_stable_offset: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AbortedTxn {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AbortedTxn",
                version,
            });
        }
        let flexible = false;
        let mut this = Self::default();
        if true {
            this.producer_id = read_i64(buf)?;
        }
        if true {
            this.first_offset = read_i64(buf)?;
        }
        if true {
            this.last_offset = read_i64(buf)?;
        }
        if true {
            this.last_stable_offset = read_i64(buf)?;
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
                what: "AbortedTxn",
                version,
            });
        }
        let flexible = false;
        write_i64(buf, self.producer_id);
        write_i64(buf, self.first_offset);
        write_i64(buf, self.last_offset);
        write_i64(buf, self.last_stable_offset);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = false;
        let mut len = 0usize;
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
impl Sample for AbortedTxn {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
        let mut this = Self::default();
        if true {
            this.producer_id = g.i64();
        }
        if true {
            this.first_offset = g.i64();
        }
        if true {
            this.last_offset = g.i64();
        }
        if true {
            this.last_stable_offset = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AbortedTxn {
    const NAME: &'static str = "AbortedTxn";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = None;
}
