//! InitProducerIdRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-6; flexible versions: 2+.
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
pub struct InitProducerIdRequest {
    /// Versions: 0+; nullable: 0+
    pub transactional_id: Option<String>,
    /// Versions: 0+
    pub transaction_timeout_ms: i32,
    /// Versions: 3+; default: -1
    pub producer_id: i64,
    /// Versions: 3+; default: -1
    pub producer_epoch: i16,
    /// Versions: 6+; default: false
    pub enable2_pc: bool,
    /// Versions: 6+; default: false
    pub keep_prepared_txn: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for InitProducerIdRequest {
    fn default() -> Self {
        Self {
            transactional_id: Some(String::new()),
            transaction_timeout_ms: 0,
            producer_id: -1,
            producer_epoch: -1,
            enable2_pc: false,
            keep_prepared_txn: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for InitProducerIdRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "InitProducerIdRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.transactional_id = read_nullable_string(buf, flexible, true, "TransactionalId")?;
        }
        if true {
            this.transaction_timeout_ms = read_i32(buf)?;
        }
        if version >= 3 {
            this.producer_id = read_i64(buf)?;
        }
        if version >= 3 {
            this.producer_epoch = read_i16(buf)?;
        }
        if version >= 6 {
            this.enable2_pc = read_bool(buf)?;
        }
        if version >= 6 {
            this.keep_prepared_txn = read_bool(buf)?;
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
                what: "InitProducerIdRequest",
                version,
            });
        }
        let flexible = version >= 2;
        write_nullable_string(
            buf,
            flexible,
            true,
            "TransactionalId",
            self.transactional_id.as_deref(),
        )?;
        write_i32(buf, self.transaction_timeout_ms);
        if version >= 3 {
            write_i64(buf, self.producer_id);
        } else {
            if self.producer_id != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ProducerId",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i16(buf, self.producer_epoch);
        } else {
            if self.producer_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ProducerEpoch",
                    version,
                });
            }
        }
        if version >= 6 {
            write_bool(buf, self.enable2_pc);
        } else {
            if self.enable2_pc != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Enable2Pc",
                    version,
                });
            }
        }
        if version >= 6 {
            write_bool(buf, self.keep_prepared_txn);
        } else {
            if self.keep_prepared_txn != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "KeepPreparedTxn",
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, self.transactional_id.as_deref());
        }
        if true {
            len += 4;
        }
        if version >= 3 {
            len += 8;
        }
        if version >= 3 {
            len += 2;
        }
        if version >= 6 {
            len += 1;
        }
        if version >= 6 {
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
impl Sample for InitProducerIdRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.transactional_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.transaction_timeout_ms = g.i32();
        }
        if version >= 3 {
            this.producer_id = g.i64();
        }
        if version >= 3 {
            this.producer_epoch = g.i16();
        }
        if version >= 6 {
            this.enable2_pc = g.bool();
        }
        if version >= 6 {
            this.keep_prepared_txn = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for InitProducerIdRequest {
    const NAME: &'static str = "InitProducerIdRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}
