//! AlterPartitionRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 2-3; flexible versions: 0+.
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
pub struct AlterPartitionRequest {
    /// Versions: 0+
    pub broker_id: i32,
    /// Versions: 0+; default: -1
    pub broker_epoch: i64,
    /// Versions: 0+
    pub topics: Vec<TopicData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AlterPartitionRequest {
    fn default() -> Self {
        Self {
            broker_id: 0,
            broker_epoch: -1,
            topics: Vec::<TopicData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AlterPartitionRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AlterPartitionRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.broker_id = read_i32(buf)?;
        }
        if true {
            this.broker_epoch = read_i64(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                TopicData::decode(version, b)
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
                what: "AlterPartitionRequest",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.broker_id);
        write_i64(buf, self.broker_epoch);
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
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
            len += 4;
        }
        if true {
            len += 8;
        }
        if true {
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
impl Sample for AlterPartitionRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.broker_id = g.i32();
        }
        if true {
            this.broker_epoch = g.i64();
        }
        if true {
            this.topics = g.vec(|g| TopicData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AlterPartitionRequest {
    const NAME: &'static str = "AlterPartitionRequest";
    const VERSIONS: VersionRange = VersionRange { min: 2, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicData {
    /// Versions: 2+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<PartitionData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicData {
    fn default() -> Self {
        Self {
            topic_id: Uuid::nil(),
            partitions: Vec::<PartitionData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 2 {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                PartitionData::decode(version, b)
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
        let flexible = true;
        if version >= 2 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        write_array_len(
            buf,
            flexible,
            false,
            "Partitions",
            Some(self.partitions.len()),
        )?;
        for e in self.partitions.iter() {
            e.encode(version, buf)?;
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
        if version >= 2 {
            len += 16;
        }
        if true {
            len += (array_len_len(flexible, Some(self.partitions.len()))
                + self
                    .partitions
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
impl Sample for TopicData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 2 {
            this.topic_id = g.uuid();
        }
        if true {
            this.partitions = g.vec(|g| PartitionData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionData {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub leader_epoch: i32,
    /// Versions: 0-2
    pub new_isr: Vec<i32>,
    /// Versions: 3+
    pub new_isr_with_epochs: Vec<BrokerState>,
    /// Versions: 1+; default: 0
    pub leader_recovery_state: i8,
    /// Versions: 0+
    pub partition_epoch: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionData {
    fn default() -> Self {
        Self {
            partition_index: 0,
            leader_epoch: 0,
            new_isr: Vec::<i32>::new(),
            new_isr_with_epochs: Vec::<BrokerState>::new(),
            leader_recovery_state: 0,
            partition_epoch: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if version <= 2 {
            this.new_isr = read_array(buf, flexible, 4, "NewIsr", read_i32)?;
        }
        if version >= 3 {
            this.new_isr_with_epochs =
                read_array(buf, flexible, 1, "NewIsrWithEpochs", |b: &mut Bytes| {
                    BrokerState::decode(version, b)
                })?;
        }
        if version >= 1 {
            this.leader_recovery_state = read_i8(buf)?;
        }
        if true {
            this.partition_epoch = read_i32(buf)?;
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
        let flexible = true;
        write_i32(buf, self.partition_index);
        write_i32(buf, self.leader_epoch);
        if version <= 2 {
            write_array_len(buf, flexible, false, "NewIsr", Some(self.new_isr.len()))?;
            for e in self.new_isr.iter() {
                write_i32(buf, *e);
            }
        } else {
            if self.new_isr != Vec::<i32>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NewIsr",
                    version,
                });
            }
        }
        if version >= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "NewIsrWithEpochs",
                Some(self.new_isr_with_epochs.len()),
            )?;
            for e in self.new_isr_with_epochs.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.new_isr_with_epochs != Vec::<BrokerState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NewIsrWithEpochs",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i8(buf, self.leader_recovery_state);
        } else {
            if self.leader_recovery_state != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderRecoveryState",
                    version,
                });
            }
        }
        write_i32(buf, self.partition_epoch);
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
            len += 4;
        }
        if true {
            len += 4;
        }
        if version <= 2 {
            len += (array_len_len(flexible, Some(self.new_isr.len())) + self.new_isr.len() * 4);
        }
        if version >= 3 {
            len += (array_len_len(flexible, Some(self.new_isr_with_epochs.len()))
                + self
                    .new_isr_with_epochs
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += 4;
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
impl Sample for PartitionData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.leader_epoch = g.i32();
        }
        if version <= 2 {
            this.new_isr = g.vec(|g| g.i32());
        }
        if version >= 3 {
            this.new_isr_with_epochs = g.vec(|g| BrokerState::sample(version, g));
        }
        if version >= 1 {
            this.leader_recovery_state = g.i8();
        }
        if true {
            this.partition_epoch = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BrokerState {
    /// Versions: 3+
    pub broker_id: i32,
    /// Versions: 3+; default: -1
    pub broker_epoch: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for BrokerState {
    fn default() -> Self {
        Self {
            broker_id: 0,
            broker_epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for BrokerState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 3 {
            this.broker_id = read_i32(buf)?;
        }
        if version >= 3 {
            this.broker_epoch = read_i64(buf)?;
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
        let flexible = true;
        if version >= 3 {
            write_i32(buf, self.broker_id);
        } else {
            if self.broker_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "BrokerId",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i64(buf, self.broker_epoch);
        } else {
            if self.broker_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "BrokerEpoch",
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
        if version >= 3 {
            len += 4;
        }
        if version >= 3 {
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
impl Sample for BrokerState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 3 {
            this.broker_id = g.i32();
        }
        if version >= 3 {
            this.broker_epoch = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
