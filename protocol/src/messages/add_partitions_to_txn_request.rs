//! AddPartitionsToTxnRequest (generated from Kafka's message spec; do not edit).
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
pub struct AddPartitionsToTxnRequest {
    /// Versions: 4+
    pub transactions: Vec<AddPartitionsToTxnTransaction>,
    /// Versions: 0-3
    pub v3_and_below_transactional_id: String,
    /// Versions: 0-3
    pub v3_and_below_producer_id: i64,
    /// Versions: 0-3
    pub v3_and_below_producer_epoch: i16,
    /// Versions: 0-3
    pub v3_and_below_topics: Vec<AddPartitionsToTxnTopic>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnRequest {
    fn default() -> Self {
        Self {
            transactions: Vec::<AddPartitionsToTxnTransaction>::new(),
            v3_and_below_transactional_id: String::new(),
            v3_and_below_producer_id: 0,
            v3_and_below_producer_epoch: 0,
            v3_and_below_topics: Vec::<AddPartitionsToTxnTopic>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AddPartitionsToTxnRequest",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.transactions = read_array(buf, flexible, 1, "Transactions", |b: &mut Bytes| {
                AddPartitionsToTxnTransaction::decode(version, b)
            })?;
        }
        if version <= 3 {
            this.v3_and_below_transactional_id =
                read_string(buf, flexible, "V3AndBelowTransactionalId")?;
        }
        if version <= 3 {
            this.v3_and_below_producer_id = read_i64(buf)?;
        }
        if version <= 3 {
            this.v3_and_below_producer_epoch = read_i16(buf)?;
        }
        if version <= 3 {
            this.v3_and_below_topics =
                read_array(buf, flexible, 1, "V3AndBelowTopics", |b: &mut Bytes| {
                    AddPartitionsToTxnTopic::decode(version, b)
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
                what: "AddPartitionsToTxnRequest",
                version,
            });
        }
        let flexible = version >= 3;
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "Transactions",
                Some(self.transactions.len()),
            )?;
            for e in self.transactions.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.transactions != Vec::<AddPartitionsToTxnTransaction>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Transactions",
                    version,
                });
            }
        }
        if version <= 3 {
            write_string(buf, flexible, &self.v3_and_below_transactional_id)?;
        } else {
            if self.v3_and_below_transactional_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "V3AndBelowTransactionalId",
                    version,
                });
            }
        }
        if version <= 3 {
            write_i64(buf, self.v3_and_below_producer_id);
        } else {
            if self.v3_and_below_producer_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "V3AndBelowProducerId",
                    version,
                });
            }
        }
        if version <= 3 {
            write_i16(buf, self.v3_and_below_producer_epoch);
        } else {
            if self.v3_and_below_producer_epoch != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "V3AndBelowProducerEpoch",
                    version,
                });
            }
        }
        if version <= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "V3AndBelowTopics",
                Some(self.v3_and_below_topics.len()),
            )?;
            for e in self.v3_and_below_topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.v3_and_below_topics != Vec::<AddPartitionsToTxnTopic>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "V3AndBelowTopics",
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
            len += (array_len_len(flexible, Some(self.transactions.len()))
                + self
                    .transactions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version <= 3 {
            len += string_len(flexible, Some(&self.v3_and_below_transactional_id));
        }
        if version <= 3 {
            len += 8;
        }
        if version <= 3 {
            len += 2;
        }
        if version <= 3 {
            len += (array_len_len(flexible, Some(self.v3_and_below_topics.len()))
                + self
                    .v3_and_below_topics
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
impl Sample for AddPartitionsToTxnRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.transactions = g.vec(|g| AddPartitionsToTxnTransaction::sample(version, g));
        }
        if version <= 3 {
            this.v3_and_below_transactional_id = g.string();
        }
        if version <= 3 {
            this.v3_and_below_producer_id = g.i64();
        }
        if version <= 3 {
            this.v3_and_below_producer_epoch = g.i16();
        }
        if version <= 3 {
            this.v3_and_below_topics = g.vec(|g| AddPartitionsToTxnTopic::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AddPartitionsToTxnRequest {
    const NAME: &'static str = "AddPartitionsToTxnRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddPartitionsToTxnTransaction {
    /// Versions: 4+
    pub transactional_id: String,
    /// Versions: 4+
    pub producer_id: i64,
    /// Versions: 4+
    pub producer_epoch: i16,
    /// Versions: 4+; default: false
    pub verify_only: bool,
    /// Versions: 4+
    pub topics: Vec<AddPartitionsToTxnTopic>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnTransaction {
    fn default() -> Self {
        Self {
            transactional_id: String::new(),
            producer_id: 0,
            producer_epoch: 0,
            verify_only: false,
            topics: Vec::<AddPartitionsToTxnTopic>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnTransaction {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.transactional_id = read_string(buf, flexible, "TransactionalId")?;
        }
        if version >= 4 {
            this.producer_id = read_i64(buf)?;
        }
        if version >= 4 {
            this.producer_epoch = read_i16(buf)?;
        }
        if version >= 4 {
            this.verify_only = read_bool(buf)?;
        }
        if version >= 4 {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                AddPartitionsToTxnTopic::decode(version, b)
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
        let flexible = version >= 3;
        if version >= 4 {
            write_string(buf, flexible, &self.transactional_id)?;
        } else {
            if self.transactional_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TransactionalId",
                    version,
                });
            }
        }
        if version >= 4 {
            write_i64(buf, self.producer_id);
        } else {
            if self.producer_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ProducerId",
                    version,
                });
            }
        }
        if version >= 4 {
            write_i16(buf, self.producer_epoch);
        } else {
            if self.producer_epoch != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ProducerEpoch",
                    version,
                });
            }
        }
        if version >= 4 {
            write_bool(buf, self.verify_only);
        } else {
            if self.verify_only != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "VerifyOnly",
                    version,
                });
            }
        }
        if version >= 4 {
            write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
            for e in self.topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Vec::<AddPartitionsToTxnTopic>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
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
            len += string_len(flexible, Some(&self.transactional_id));
        }
        if version >= 4 {
            len += 8;
        }
        if version >= 4 {
            len += 2;
        }
        if version >= 4 {
            len += 1;
        }
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
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
impl Sample for AddPartitionsToTxnTransaction {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.transactional_id = g.string();
        }
        if version >= 4 {
            this.producer_id = g.i64();
        }
        if version >= 4 {
            this.producer_epoch = g.i16();
        }
        if version >= 4 {
            this.verify_only = g.bool();
        }
        if version >= 4 {
            this.topics = g.vec(|g| AddPartitionsToTxnTopic::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddPartitionsToTxnTopic {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnTopic {
    fn default() -> Self {
        Self {
            name: String::new(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 4, "Partitions", read_i32)?;
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
        write_string(buf, flexible, &self.name)?;
        write_array_len(
            buf,
            flexible,
            false,
            "Partitions",
            Some(self.partitions.len()),
        )?;
        for e in self.partitions.iter() {
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len +=
                (array_len_len(flexible, Some(self.partitions.len())) + self.partitions.len() * 4);
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
impl Sample for AddPartitionsToTxnTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.partitions = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
