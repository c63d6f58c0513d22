//! DescribeGroupsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-6; flexible versions: 5+.
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
pub struct DescribeGroupsRequest {
    /// Versions: 0+
    pub groups: Vec<String>,
    /// Versions: 3+
    pub include_authorized_operations: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeGroupsRequest {
    fn default() -> Self {
        Self {
            groups: Vec::<String>::new(),
            include_authorized_operations: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeGroupsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeGroupsRequest",
                version,
            });
        }
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.groups = read_array(buf, flexible, 1, "Groups", |b: &mut Bytes| {
                read_string(b, flexible, "Groups")
            })?;
        }
        if version >= 3 {
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
                what: "DescribeGroupsRequest",
                version,
            });
        }
        let flexible = version >= 5;
        write_array_len(buf, flexible, false, "Groups", Some(self.groups.len()))?;
        for e in self.groups.iter() {
            write_string(buf, flexible, e)?;
        }
        if version >= 3 {
            write_bool(buf, self.include_authorized_operations);
        } else {
            if self.include_authorized_operations != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IncludeAuthorizedOperations",
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
        let flexible = version >= 5;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, Some(self.groups.len()))
                + self
                    .groups
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if version >= 3 {
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
impl Sample for DescribeGroupsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.groups = g.vec(|g| g.string());
        }
        if version >= 3 {
            this.include_authorized_operations = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeGroupsRequest {
    const NAME: &'static str = "DescribeGroupsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(5);
}
