//! TransactionLogValue (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-1; flexible versions: 1+.
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
pub struct TransactionLogValue {
    /// Versions: 0+
    pub producer_id: i64,
    /// Versions: 1+; tag 0 in 1+; default: -1
    pub previous_producer_id: i64,
    /// Versions: 1+; tag 1 in 1+; default: -1
    pub next_producer_id: i64,
    /// Versions: 0+
    pub producer_epoch: i16,
    /// Versions: 1+; tag 3 in 1+; default: -1
    pub next_producer_epoch: i16,
    /// Versions: 0+
    pub transaction_timeout_ms: i32,
    /// Versions: 0+
    pub transaction_status: i8,
    /// Versions: 0+; nullable: 0+
    pub transaction_partitions: Option<Vec<PartitionsSchema>>,
    /// Versions: 0+
    pub transaction_last_update_timestamp_ms: i64,
    /// Versions: 0+
    pub transaction_start_timestamp_ms: i64,
    /// Versions: 1+; tag 2 in 1+; default: 0
    pub client_transaction_version: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TransactionLogValue {
    fn default() -> Self {
        Self {
            producer_id: 0,
            previous_producer_id: -1,
            next_producer_id: -1,
            producer_epoch: 0,
            next_producer_epoch: -1,
            transaction_timeout_ms: 0,
            transaction_status: 0,
            transaction_partitions: Some(Vec::<PartitionsSchema>::new()),
            transaction_last_update_timestamp_ms: 0,
            transaction_start_timestamp_ms: 0,
            client_transaction_version: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TransactionLogValue {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "TransactionLogValue",
                version,
            });
        }
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.producer_id = read_i64(buf)?;
        }
        if true {
            this.producer_epoch = read_i16(buf)?;
        }
        if true {
            this.transaction_timeout_ms = read_i32(buf)?;
        }
        if true {
            this.transaction_status = read_i8(buf)?;
        }
        if true {
            this.transaction_partitions = read_nullable_array(
                buf,
                flexible,
                true,
                1,
                "TransactionPartitions",
                |b: &mut Bytes| PartitionsSchema::decode(version, b),
            )?;
        }
        if true {
            this.transaction_last_update_timestamp_ms = read_i64(buf)?;
        }
        if true {
            this.transaction_start_timestamp_ms = read_i64(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 1 => {
                        this.previous_producer_id = read_i64(&mut body)?;
                    }
                    1 if version >= 1 => {
                        this.next_producer_id = read_i64(&mut body)?;
                    }
                    2 if version >= 1 => {
                        this.client_transaction_version = read_i16(&mut body)?;
                    }
                    3 if version >= 1 => {
                        this.next_producer_epoch = read_i16(&mut body)?;
                    }
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
                what: "TransactionLogValue",
                version,
            });
        }
        let flexible = version >= 1;
        write_i64(buf, self.producer_id);
        write_i16(buf, self.producer_epoch);
        write_i32(buf, self.transaction_timeout_ms);
        write_i8(buf, self.transaction_status);
        write_array_len(
            buf,
            flexible,
            true,
            "TransactionPartitions",
            self.transaction_partitions.as_ref().map(Vec::len),
        )?;
        for e in self.transaction_partitions.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_i64(buf, self.transaction_last_update_timestamp_ms);
        write_i64(buf, self.transaction_start_timestamp_ms);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 1 && self.previous_producer_id != -1 {
                count += 1;
            }
            if version >= 1 && self.next_producer_id != -1 {
                count += 1;
            }
            if version >= 1 && self.client_transaction_version != 0 {
                count += 1;
            }
            if version >= 1 && self.next_producer_epoch != -1 {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 1 && self.previous_producer_id != -1 {
                write_uvarint(buf, 0);
                write_uvarint(buf, (8) as u32);
                write_i64(buf, self.previous_producer_id);
            } else {
                if !(version >= 1) {
                    if self.previous_producer_id != -1 {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "PreviousProducerId",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..1);
            if version >= 1 && self.next_producer_id != -1 {
                write_uvarint(buf, 1);
                write_uvarint(buf, (8) as u32);
                write_i64(buf, self.next_producer_id);
            } else {
                if !(version >= 1) {
                    if self.next_producer_id != -1 {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "NextProducerId",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 2..2);
            if version >= 1 && self.client_transaction_version != 0 {
                write_uvarint(buf, 2);
                write_uvarint(buf, (2) as u32);
                write_i16(buf, self.client_transaction_version);
            } else {
                if !(version >= 1) {
                    if self.client_transaction_version != 0 {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "ClientTransactionVersion",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 3..3);
            if version >= 1 && self.next_producer_epoch != -1 {
                write_uvarint(buf, 3);
                write_uvarint(buf, (2) as u32);
                write_i16(buf, self.next_producer_epoch);
            } else {
                if !(version >= 1) {
                    if self.next_producer_epoch != -1 {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "NextProducerEpoch",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 4..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += 8;
        }
        if true {
            len += 2;
        }
        if true {
            len += 4;
        }
        if true {
            len += 1;
        }
        if true {
            len += (array_len_len(flexible, self.transaction_partitions.as_ref().map(Vec::len))
                + self
                    .transaction_partitions
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
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
            if version >= 1 && self.previous_producer_id != -1 {
                count += 1;
                let n = 8;
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            if version >= 1 && self.next_producer_id != -1 {
                count += 1;
                let n = 8;
                len += uvarint_len(1) + uvarint_len(n as u32) + n;
            }
            if version >= 1 && self.client_transaction_version != 0 {
                count += 1;
                let n = 2;
                len += uvarint_len(2) + uvarint_len(n as u32) + n;
            }
            if version >= 1 && self.next_producer_epoch != -1 {
                count += 1;
                let n = 2;
                len += uvarint_len(3) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for TransactionLogValue {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.producer_id = g.i64();
        }
        if flexible && version >= 1 {
            this.previous_producer_id = g.i64();
        }
        if flexible && version >= 1 {
            this.next_producer_id = g.i64();
        }
        if true {
            this.producer_epoch = g.i16();
        }
        if flexible && version >= 1 {
            this.next_producer_epoch = g.i16();
        }
        if true {
            this.transaction_timeout_ms = g.i32();
        }
        if true {
            this.transaction_status = g.i8();
        }
        if true {
            this.transaction_partitions = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| PartitionsSchema::sample(version, g)))
            };
        }
        if true {
            this.transaction_last_update_timestamp_ms = g.i64();
        }
        if true {
            this.transaction_start_timestamp_ms = g.i64();
        }
        if flexible && version >= 1 {
            this.client_transaction_version = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for TransactionLogValue {
    const NAME: &'static str = "TransactionLogValue";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(1);
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionsSchema {
    /// Versions: 0+
    pub topic: String,
    /// Versions: 0+
    pub partition_ids: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionsSchema {
    fn default() -> Self {
        Self {
            topic: String::new(),
            partition_ids: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionsSchema {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.topic = read_string(buf, flexible, "Topic")?;
        }
        if true {
            this.partition_ids = read_array(buf, flexible, 4, "PartitionIds", read_i32)?;
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
        let flexible = version >= 1;
        write_string(buf, flexible, &self.topic)?;
        write_array_len(
            buf,
            flexible,
            false,
            "PartitionIds",
            Some(self.partition_ids.len()),
        )?;
        for e in self.partition_ids.iter() {
            write_i32(buf, *e);
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.topic));
        }
        if true {
            len += (array_len_len(flexible, Some(self.partition_ids.len()))
                + self.partition_ids.len() * 4);
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
impl Sample for PartitionsSchema {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.topic = g.string();
        }
        if true {
            this.partition_ids = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
