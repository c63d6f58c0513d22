//! FetchResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 4-18; flexible versions: 12+.
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
pub struct FetchResponse {
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 7+
    pub error_code: i16,
    /// Versions: 7+; default: 0
    pub session_id: i32,
    /// Versions: 0+
    pub responses: Vec<FetchableTopicResponse>,
    /// Versions: 16+; tag 0 in 16+
    pub node_endpoints: Vec<NodeEndpoint>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            session_id: 0,
            responses: Vec::<FetchableTopicResponse>::new(),
            node_endpoints: Vec::<NodeEndpoint>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "FetchResponse",
                version,
            });
        }
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if version >= 7 {
            this.error_code = read_i16(buf)?;
        }
        if version >= 7 {
            this.session_id = read_i32(buf)?;
        }
        if true {
            this.responses = read_array(buf, flexible, 1, "Responses", |b: &mut Bytes| {
                FetchableTopicResponse::decode(version, b)
            })?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 16 => {
                        this.node_endpoints =
                            read_array(&mut body, true, 1, "NodeEndpoints", |b: &mut Bytes| {
                                NodeEndpoint::decode(version, b)
                            })?;
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
                what: "FetchResponse",
                version,
            });
        }
        let flexible = version >= 12;
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        if version >= 7 {
            write_i16(buf, self.error_code);
        } else {
        }
        if version >= 7 {
            write_i32(buf, self.session_id);
        } else {
            if self.session_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SessionId",
                    version,
                });
            }
        }
        write_array_len(
            buf,
            flexible,
            false,
            "Responses",
            Some(self.responses.len()),
        )?;
        for e in self.responses.iter() {
            e.encode(version, buf)?;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 16 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 16 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                write_uvarint(buf, 0);
                write_uvarint(
                    buf,
                    (array_len_len(true, Some(self.node_endpoints.len()))
                        + self
                            .node_endpoints
                            .iter()
                            .map(|e| e.encoded_len(version))
                            .sum::<usize>()) as u32,
                );
                write_array_len(
                    buf,
                    true,
                    false,
                    "NodeEndpoints",
                    Some(self.node_endpoints.len()),
                )?;
                for e in self.node_endpoints.iter() {
                    e.encode(version, buf)?;
                }
            } else {
                if !(version >= 16) {
                    if self.node_endpoints != Vec::<NodeEndpoint>::new() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "NodeEndpoints",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 12;
        let mut len = 0usize;
        if version >= 1 {
            len += 4;
        }
        if version >= 7 {
            len += 2;
        }
        if version >= 7 {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.responses.len()))
                + self
                    .responses
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 16 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                count += 1;
                let n = (array_len_len(true, Some(self.node_endpoints.len()))
                    + self
                        .node_endpoints
                        .iter()
                        .map(|e| e.encoded_len(version))
                        .sum::<usize>());
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for FetchResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if version >= 7 {
            this.error_code = g.i16();
        }
        if version >= 7 {
            this.session_id = g.i32();
        }
        if true {
            this.responses = g.vec(|g| FetchableTopicResponse::sample(version, g));
        }
        if flexible && version >= 16 {
            this.node_endpoints = g.vec(|g| NodeEndpoint::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for FetchResponse {
    const NAME: &'static str = "FetchResponse";
    const VERSIONS: VersionRange = VersionRange { min: 4, max: 18 };
    const FLEXIBLE_MIN: Option<i16> = Some(12);
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchableTopicResponse {
    /// Versions: 0-12
    pub topic: String,
    /// Versions: 13+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<PartitionData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchableTopicResponse {
    fn default() -> Self {
        Self {
            topic: String::new(),
            topic_id: Uuid::nil(),
            partitions: Vec::<PartitionData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchableTopicResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version <= 12 {
            this.topic = read_string(buf, flexible, "Topic")?;
        }
        if version >= 13 {
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
        let flexible = version >= 12;
        if version <= 12 {
            write_string(buf, flexible, &self.topic)?;
        } else {
        }
        if version >= 13 {
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
        let flexible = version >= 12;
        let mut len = 0usize;
        if version <= 12 {
            len += string_len(flexible, Some(&self.topic));
        }
        if version >= 13 {
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
impl Sample for FetchableTopicResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version <= 12 {
            this.topic = g.string();
        }
        if version >= 13 {
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
    pub error_code: i16,
    /// Versions: 0+
    pub high_watermark: i64,
    /// Versions: 4+; default: -1
    pub last_stable_offset: i64,
    /// Versions: 5+; default: -1
    pub log_start_offset: i64,
    /// Versions: 12+; tag 0 in 12+
    pub diverging_epoch: EpochEndOffset,
    /// Versions: 12+; tag 1 in 12+
    pub current_leader: LeaderIdAndEpoch,
    /// Versions: 12+; tag 2 in 12+
    pub snapshot_id: SnapshotId,
    /// Versions: 4+; nullable: 4+
    pub aborted_transactions: Option<Vec<AbortedTransaction>>,
    /// Versions: 11+; default: -1
    pub preferred_read_replica: i32,
    /// Versions: 0+; nullable: 0+
    pub records: Option<Bytes>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionData {
    fn default() -> Self {
        Self {
            partition_index: 0,
            error_code: 0,
            high_watermark: 0,
            last_stable_offset: -1,
            log_start_offset: -1,
            diverging_epoch: EpochEndOffset::default(),
            current_leader: LeaderIdAndEpoch::default(),
            snapshot_id: SnapshotId::default(),
            aborted_transactions: Some(Vec::<AbortedTransaction>::new()),
            preferred_read_replica: -1,
            records: Some(Bytes::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.high_watermark = read_i64(buf)?;
        }
        if version >= 4 {
            this.last_stable_offset = read_i64(buf)?;
        }
        if version >= 5 {
            this.log_start_offset = read_i64(buf)?;
        }
        if version >= 4 {
            this.aborted_transactions = read_nullable_array(
                buf,
                flexible,
                version >= 4,
                1,
                "AbortedTransactions",
                |b: &mut Bytes| AbortedTransaction::decode(version, b),
            )?;
        }
        if version >= 11 {
            this.preferred_read_replica = read_i32(buf)?;
        }
        if true {
            this.records = read_nullable_bytes(buf, flexible, true, "Records")?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 12 => {
                        this.diverging_epoch = EpochEndOffset::decode(version, &mut body)?;
                    }
                    1 if version >= 12 => {
                        this.current_leader = LeaderIdAndEpoch::decode(version, &mut body)?;
                    }
                    2 if version >= 12 => {
                        this.snapshot_id = SnapshotId::decode(version, &mut body)?;
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
        let flexible = version >= 12;
        write_i32(buf, self.partition_index);
        write_i16(buf, self.error_code);
        write_i64(buf, self.high_watermark);
        if version >= 4 {
            write_i64(buf, self.last_stable_offset);
        } else {
        }
        if version >= 5 {
            write_i64(buf, self.log_start_offset);
        } else {
        }
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                version >= 4,
                "AbortedTransactions",
                self.aborted_transactions.as_ref().map(Vec::len),
            )?;
            for e in self.aborted_transactions.iter().flatten() {
                e.encode(version, buf)?;
            }
        } else {
        }
        if version >= 11 {
            write_i32(buf, self.preferred_read_replica);
        } else {
            if self.preferred_read_replica != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PreferredReadReplica",
                    version,
                });
            }
        }
        write_nullable_bytes(buf, flexible, true, "Records", self.records.as_deref())?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 12 && self.diverging_epoch != EpochEndOffset::default() {
                count += 1;
            }
            if version >= 12 && self.current_leader != LeaderIdAndEpoch::default() {
                count += 1;
            }
            if version >= 12 && self.snapshot_id != SnapshotId::default() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 12 && self.diverging_epoch != EpochEndOffset::default() {
                write_uvarint(buf, 0);
                write_uvarint(buf, (self.diverging_epoch.encoded_len(version)) as u32);
                self.diverging_epoch.encode(version, buf)?;
            } else {
                if !(version >= 12) {
                    if self.diverging_epoch != EpochEndOffset::default() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "DivergingEpoch",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..1);
            if version >= 12 && self.current_leader != LeaderIdAndEpoch::default() {
                write_uvarint(buf, 1);
                write_uvarint(buf, (self.current_leader.encoded_len(version)) as u32);
                self.current_leader.encode(version, buf)?;
            } else {
                if !(version >= 12) {
                    if self.current_leader != LeaderIdAndEpoch::default() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "CurrentLeader",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 2..2);
            if version >= 12 && self.snapshot_id != SnapshotId::default() {
                write_uvarint(buf, 2);
                write_uvarint(buf, (self.snapshot_id.encoded_len(version)) as u32);
                self.snapshot_id.encode(version, buf)?;
            } else {
                if !(version >= 12) {
                    if self.snapshot_id != SnapshotId::default() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "SnapshotId",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 3..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 12;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += 8;
        }
        if version >= 4 {
            len += 8;
        }
        if version >= 5 {
            len += 8;
        }
        if version >= 4 {
            len += (array_len_len(flexible, self.aborted_transactions.as_ref().map(Vec::len))
                + self
                    .aborted_transactions
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 11 {
            len += 4;
        }
        if true {
            len += bytes_len(flexible, self.records.as_deref());
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 12 && self.diverging_epoch != EpochEndOffset::default() {
                count += 1;
                let n = self.diverging_epoch.encoded_len(version);
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            if version >= 12 && self.current_leader != LeaderIdAndEpoch::default() {
                count += 1;
                let n = self.current_leader.encoded_len(version);
                len += uvarint_len(1) + uvarint_len(n as u32) + n;
            }
            if version >= 12 && self.snapshot_id != SnapshotId::default() {
                count += 1;
                let n = self.snapshot_id.encoded_len(version);
                len += uvarint_len(2) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for PartitionData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.high_watermark = g.i64();
        }
        if version >= 4 {
            this.last_stable_offset = g.i64();
        }
        if version >= 5 {
            this.log_start_offset = g.i64();
        }
        if flexible && version >= 12 {
            this.diverging_epoch = EpochEndOffset::sample(version, g);
        }
        if flexible && version >= 12 {
            this.current_leader = LeaderIdAndEpoch::sample(version, g);
        }
        if flexible && version >= 12 {
            this.snapshot_id = SnapshotId::sample(version, g);
        }
        if version >= 4 {
            this.aborted_transactions = if version >= 4 && g.null() {
                None
            } else {
                Some(g.vec(|g| AbortedTransaction::sample(version, g)))
            };
        }
        if version >= 11 {
            this.preferred_read_replica = g.i32();
        }
        if true {
            this.records = if true && g.null() {
                None
            } else {
                Some(g.bytes())
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EpochEndOffset {
    /// Versions: 12+; default: -1
    pub epoch: i32,
    /// Versions: 12+; default: -1
    pub end_offset: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for EpochEndOffset {
    fn default() -> Self {
        Self {
            epoch: -1,
            end_offset: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for EpochEndOffset {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 12 {
            this.epoch = read_i32(buf)?;
        }
        if version >= 12 {
            this.end_offset = read_i64(buf)?;
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
        let flexible = version >= 12;
        if version >= 12 {
            write_i32(buf, self.epoch);
        } else {
            if self.epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Epoch",
                    version,
                });
            }
        }
        if version >= 12 {
            write_i64(buf, self.end_offset);
        } else {
            if self.end_offset != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "EndOffset",
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
        let flexible = version >= 12;
        let mut len = 0usize;
        if version >= 12 {
            len += 4;
        }
        if version >= 12 {
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
impl Sample for EpochEndOffset {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 12 {
            this.epoch = g.i32();
        }
        if version >= 12 {
            this.end_offset = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderIdAndEpoch {
    /// Versions: 12+; default: -1
    pub leader_id: i32,
    /// Versions: 12+; default: -1
    pub leader_epoch: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderIdAndEpoch {
    fn default() -> Self {
        Self {
            leader_id: -1,
            leader_epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderIdAndEpoch {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 12 {
            this.leader_id = read_i32(buf)?;
        }
        if version >= 12 {
            this.leader_epoch = read_i32(buf)?;
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
        let flexible = version >= 12;
        if version >= 12 {
            write_i32(buf, self.leader_id);
        } else {
            if self.leader_id != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderId",
                    version,
                });
            }
        }
        if version >= 12 {
            write_i32(buf, self.leader_epoch);
        } else {
            if self.leader_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderEpoch",
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
        let flexible = version >= 12;
        let mut len = 0usize;
        if version >= 12 {
            len += 4;
        }
        if version >= 12 {
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
impl Sample for LeaderIdAndEpoch {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 12 {
            this.leader_id = g.i32();
        }
        if version >= 12 {
            this.leader_epoch = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotId {
    /// Versions: 0+; default: -1
    pub end_offset: i64,
    /// Versions: 0+; default: -1
    pub epoch: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for SnapshotId {
    fn default() -> Self {
        Self {
            end_offset: -1,
            epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for SnapshotId {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if true {
            this.end_offset = read_i64(buf)?;
        }
        if true {
            this.epoch = read_i32(buf)?;
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
        let flexible = version >= 12;
        write_i64(buf, self.end_offset);
        write_i32(buf, self.epoch);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 12;
        let mut len = 0usize;
        if true {
            len += 8;
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
impl Sample for SnapshotId {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if true {
            this.end_offset = g.i64();
        }
        if true {
            this.epoch = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AbortedTransaction {
    /// Versions: 4+
    pub producer_id: i64,
    /// Versions: 4+
    pub first_offset: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AbortedTransaction {
    fn default() -> Self {
        Self {
            producer_id: 0,
            first_offset: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AbortedTransaction {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 4 {
            this.producer_id = read_i64(buf)?;
        }
        if version >= 4 {
            this.first_offset = read_i64(buf)?;
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
        let flexible = version >= 12;
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
            write_i64(buf, self.first_offset);
        } else {
            if self.first_offset != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "FirstOffset",
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
        let flexible = version >= 12;
        let mut len = 0usize;
        if version >= 4 {
            len += 8;
        }
        if version >= 4 {
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
impl Sample for AbortedTransaction {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 4 {
            this.producer_id = g.i64();
        }
        if version >= 4 {
            this.first_offset = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeEndpoint {
    /// Versions: 16+
    pub node_id: i32,
    /// Versions: 16+
    pub host: String,
    /// Versions: 16+
    pub port: i32,
    /// Versions: 16+; nullable: 16+; default: null
    pub rack: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for NodeEndpoint {
    fn default() -> Self {
        Self {
            node_id: 0,
            host: String::new(),
            port: 0,
            rack: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for NodeEndpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 16 {
            this.node_id = read_i32(buf)?;
        }
        if version >= 16 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version >= 16 {
            this.port = read_i32(buf)?;
        }
        if version >= 16 {
            this.rack = read_nullable_string(buf, flexible, version >= 16, "Rack")?;
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
        let flexible = version >= 12;
        if version >= 16 {
            write_i32(buf, self.node_id);
        } else {
            if self.node_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeId",
                    version,
                });
            }
        }
        if version >= 16 {
            write_string(buf, flexible, &self.host)?;
        } else {
            if self.host != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Host",
                    version,
                });
            }
        }
        if version >= 16 {
            write_i32(buf, self.port);
        } else {
            if self.port != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Port",
                    version,
                });
            }
        }
        if version >= 16 {
            write_nullable_string(buf, flexible, version >= 16, "Rack", self.rack.as_deref())?;
        } else {
            if self.rack != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Rack",
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
        let flexible = version >= 12;
        let mut len = 0usize;
        if version >= 16 {
            len += 4;
        }
        if version >= 16 {
            len += string_len(flexible, Some(&self.host));
        }
        if version >= 16 {
            len += 4;
        }
        if version >= 16 {
            len += string_len(flexible, self.rack.as_deref());
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
impl Sample for NodeEndpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 16 {
            this.node_id = g.i32();
        }
        if version >= 16 {
            this.host = g.string();
        }
        if version >= 16 {
            this.port = g.i32();
        }
        if version >= 16 {
            this.rack = if version >= 16 && g.null() {
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
