//! ShareGroupDescribeRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-1; flexible versions: 0+.
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
pub struct ShareGroupDescribeRequest {
    /// Versions: 0+
    pub group_ids: Vec<String>,
    /// Versions: 0+
    pub include_authorized_operations: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ShareGroupDescribeRequest {
    fn default() -> Self {
        Self {
            group_ids: Vec::<String>::new(),
            include_authorized_operations: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ShareGroupDescribeRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ShareGroupDescribeRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_ids = read_array(buf, flexible, 1, "GroupIds", |b: &mut Bytes| {
                read_string(b, flexible, "GroupIds")
            })?;
        }
        if true {
            this.include_authorized_operations = read_bool(buf)?;
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
                what: "ShareGroupDescribeRequest",
                version,
            });
        }
        let flexible = true;
        write_array_len(buf, flexible, false, "GroupIds", Some(self.group_ids.len()))?;
        for e in self.group_ids.iter() {
            write_string(buf, flexible, e)?;
        }
        write_bool(buf, self.include_authorized_operations);
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
            len += (array_len_len(flexible, Some(self.group_ids.len()))
                + self
                    .group_ids
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
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
impl Sample for ShareGroupDescribeRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_ids = g.vec(|g| g.string());
        }
        if true {
            this.include_authorized_operations = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ShareGroupDescribeRequest {
    const NAME: &'static str = "ShareGroupDescribeRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
