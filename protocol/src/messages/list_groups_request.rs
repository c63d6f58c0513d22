//! ListGroupsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-5; flexible versions: 3+.
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
pub struct ListGroupsRequest {
    /// Versions: 4+
    pub states_filter: Vec<String>,
    /// Versions: 5+
    pub types_filter: Vec<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListGroupsRequest {
    fn default() -> Self {
        Self {
            states_filter: Vec::<String>::new(),
            types_filter: Vec::<String>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListGroupsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ListGroupsRequest",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.states_filter = read_array(buf, flexible, 1, "StatesFilter", |b: &mut Bytes| {
                read_string(b, flexible, "StatesFilter")
            })?;
        }
        if version >= 5 {
            this.types_filter = read_array(buf, flexible, 1, "TypesFilter", |b: &mut Bytes| {
                read_string(b, flexible, "TypesFilter")
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
                what: "ListGroupsRequest",
                version,
            });
        }
        let flexible = version >= 3;
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "StatesFilter",
                Some(self.states_filter.len()),
            )?;
            for e in self.states_filter.iter() {
                write_string(buf, flexible, e)?;
            }
        } else {
            if self.states_filter != Vec::<String>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "StatesFilter",
                    version,
                });
            }
        }
        if version >= 5 {
            write_array_len(
                buf,
                flexible,
                false,
                "TypesFilter",
                Some(self.types_filter.len()),
            )?;
            for e in self.types_filter.iter() {
                write_string(buf, flexible, e)?;
            }
        } else {
            if self.types_filter != Vec::<String>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TypesFilter",
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
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.states_filter.len()))
                + self
                    .states_filter
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if version >= 5 {
            len += (array_len_len(flexible, Some(self.types_filter.len()))
                + self
                    .types_filter
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
impl Sample for ListGroupsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.states_filter = g.vec(|g| g.string());
        }
        if version >= 5 {
            this.types_filter = g.vec(|g| g.string());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ListGroupsRequest {
    const NAME: &'static str = "ListGroupsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}
