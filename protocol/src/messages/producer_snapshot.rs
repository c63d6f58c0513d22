//! ProducerSnapshot (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-1; flexible versions: none.
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
pub struct ProducerSnapshot {
    /// Versions: 1-1
    pub crc: u32,
    /// Versions: 1-1
    pub producer_entries: Vec<ProducerEntry>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ProducerSnapshot {
    fn default() -> Self {
        Self {
            crc: 0,
            producer_entries: Vec::<ProducerEntry>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ProducerSnapshot {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ProducerSnapshot",
                version,
            });
        }
        let flexible = false;
        let mut this = Self::default();
        if version == 1 {
            this.crc = read_u32(buf)?;
        }
        if version == 1 {
            this.producer_entries =
                read_array(buf, flexible, 1, "ProducerEntries", |b: &mut Bytes| {
                    ProducerEntry::decode(version, b)
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
                what: "ProducerSnapshot",
                version,
            });
        }
        let flexible = false;
        if version == 1 {
            write_u32(buf, self.crc);
        } else {
            if self.crc != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Crc",
                    version,
                });
            }
        }
        if version == 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "ProducerEntries",
                Some(self.producer_entries.len()),
            )?;
            for e in self.producer_entries.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.producer_entries != Vec::<ProducerEntry>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ProducerEntries",
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
        let flexible = false;
        let mut len = 0usize;
        if version == 1 {
            len += 4;
        }
        if version == 1 {
            len += (array_len_len(flexible, Some(self.producer_entries.len()))
                + self
                    .producer_entries
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
impl Sample for ProducerSnapshot {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
        let mut this = Self::default();
        if version == 1 {
            this.crc = g.u32();
        }
        if version == 1 {
            this.producer_entries = g.vec(|g| ProducerEntry::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ProducerSnapshot {
    const NAME: &'static str = "ProducerSnapshot";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = None;
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProducerEntry {
    /// Versions: 1-1
    pub producer_id: i64,
    /// Versions: 1-1
    pub epoch: i16,
    /// Versions: 1-1
    pub last_sequence: i32,
    /// Versions: 1-1
    pub last_offset: i64,
    /// Versions: 1-1
    pub offset_delta: i32,
    /// Versions: 1-1
    pub timestamp: i64,
    /// Versions: 1-1
    pub coordinator_epoch: i32,
    /// Versions: 1-1
    pub current_txn_first_offset: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ProducerEntry {
    fn default() -> Self {
        Self {
            producer_id: 0,
            epoch: 0,
            last_sequence: 0,
            last_offset: 0,
            offset_delta: 0,
            timestamp: 0,
            coordinator_epoch: 0,
            current_txn_first_offset: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ProducerEntry {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = false;
        let mut this = Self::default();
        if version == 1 {
            this.producer_id = read_i64(buf)?;
        }
        if version == 1 {
            this.epoch = read_i16(buf)?;
        }
        if version == 1 {
            this.last_sequence = read_i32(buf)?;
        }
        if version == 1 {
            this.last_offset = read_i64(buf)?;
        }
        if version == 1 {
            this.offset_delta = read_i32(buf)?;
        }
        if version == 1 {
            this.timestamp = read_i64(buf)?;
        }
        if version == 1 {
            this.coordinator_epoch = read_i32(buf)?;
        }
        if version == 1 {
            this.current_txn_first_offset = read_i64(buf)?;
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
        let flexible = false;
        if version == 1 {
            write_i64(buf, self.producer_id);
        } else {
            if self.producer_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ProducerId",
                    version,
                });
            }
        }
        if version == 1 {
            write_i16(buf, self.epoch);
        } else {
            if self.epoch != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Epoch",
                    version,
                });
            }
        }
        if version == 1 {
            write_i32(buf, self.last_sequence);
        } else {
            if self.last_sequence != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LastSequence",
                    version,
                });
            }
        }
        if version == 1 {
            write_i64(buf, self.last_offset);
        } else {
            if self.last_offset != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LastOffset",
                    version,
                });
            }
        }
        if version == 1 {
            write_i32(buf, self.offset_delta);
        } else {
            if self.offset_delta != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "OffsetDelta",
                    version,
                });
            }
        }
        if version == 1 {
            write_i64(buf, self.timestamp);
        } else {
            if self.timestamp != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Timestamp",
                    version,
                });
            }
        }
        if version == 1 {
            write_i32(buf, self.coordinator_epoch);
        } else {
            if self.coordinator_epoch != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CoordinatorEpoch",
                    version,
                });
            }
        }
        if version == 1 {
            write_i64(buf, self.current_txn_first_offset);
        } else {
            if self.current_txn_first_offset != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CurrentTxnFirstOffset",
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
        let flexible = false;
        let mut len = 0usize;
        if version == 1 {
            len += 8;
        }
        if version == 1 {
            len += 2;
        }
        if version == 1 {
            len += 4;
        }
        if version == 1 {
            len += 8;
        }
        if version == 1 {
            len += 4;
        }
        if version == 1 {
            len += 8;
        }
        if version == 1 {
            len += 4;
        }
        if version == 1 {
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
impl Sample for ProducerEntry {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
        let mut this = Self::default();
        if version == 1 {
            this.producer_id = g.i64();
        }
        if version == 1 {
            this.epoch = g.i16();
        }
        if version == 1 {
            this.last_sequence = g.i32();
        }
        if version == 1 {
            this.last_offset = g.i64();
        }
        if version == 1 {
            this.offset_delta = g.i32();
        }
        if version == 1 {
            this.timestamp = g.i64();
        }
        if version == 1 {
            this.coordinator_epoch = g.i32();
        }
        if version == 1 {
            this.current_txn_first_offset = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
