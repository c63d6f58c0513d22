//! ListTransactionsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 0+.
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
pub struct ListTransactionsRequest {
    /// Versions: 0+
    pub state_filters: Vec<String>,
    /// Versions: 0+
    pub producer_id_filters: Vec<i64>,
    /// Versions: 1+; default: -1
    pub duration_filter: i64,
    /// Versions: 2+; nullable: 2+; default: null
    pub transactional_id_pattern: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListTransactionsRequest {
    fn default() -> Self {
        Self {
            state_filters: Vec::<String>::new(),
            producer_id_filters: Vec::<i64>::new(),
            duration_filter: -1,
            transactional_id_pattern: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListTransactionsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ListTransactionsRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.state_filters = read_array(buf, flexible, 1, "StateFilters", |b: &mut Bytes| {
                read_string(b, flexible, "StateFilters")
            })?;
        }
        if true {
            this.producer_id_filters = read_array(buf, flexible, 8, "ProducerIdFilters", read_i64)?;
        }
        if version >= 1 {
            this.duration_filter = read_i64(buf)?;
        }
        if version >= 2 {
            this.transactional_id_pattern =
                read_nullable_string(buf, flexible, version >= 2, "TransactionalIdPattern")?;
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
                what: "ListTransactionsRequest",
                version,
            });
        }
        let flexible = true;
        write_array_len(
            buf,
            flexible,
            false,
            "StateFilters",
            Some(self.state_filters.len()),
        )?;
        for e in self.state_filters.iter() {
            write_string(buf, flexible, e)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "ProducerIdFilters",
            Some(self.producer_id_filters.len()),
        )?;
        for e in self.producer_id_filters.iter() {
            write_i64(buf, *e);
        }
        if version >= 1 {
            write_i64(buf, self.duration_filter);
        } else {
            if self.duration_filter != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "DurationFilter",
                    version,
                });
            }
        }
        if version >= 2 {
            write_nullable_string(
                buf,
                flexible,
                version >= 2,
                "TransactionalIdPattern",
                self.transactional_id_pattern.as_deref(),
            )?;
        } else {
            if self.transactional_id_pattern != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TransactionalIdPattern",
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
            len += (array_len_len(flexible, Some(self.state_filters.len()))
                + self
                    .state_filters
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.producer_id_filters.len()))
                + self.producer_id_filters.len() * 8);
        }
        if version >= 1 {
            len += 8;
        }
        if version >= 2 {
            len += string_len(flexible, self.transactional_id_pattern.as_deref());
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
impl Sample for ListTransactionsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.state_filters = g.vec(|g| g.string());
        }
        if true {
            this.producer_id_filters = g.vec(|g| g.i64());
        }
        if version >= 1 {
            this.duration_filter = g.i64();
        }
        if version >= 2 {
            this.transactional_id_pattern = if version >= 2 && g.null() {
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

impl Message for ListTransactionsRequest {
    const NAME: &'static str = "ListTransactionsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
