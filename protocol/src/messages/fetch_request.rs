//! FetchRequest (generated from Kafka's message spec; do not edit).
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
pub struct FetchRequest {
    /// Versions: 12+; nullable: 12+; tag 0 in 12+; default: null
    pub cluster_id: Option<String>,
    /// Versions: 0-14; default: -1
    pub replica_id: i32,
    /// Versions: 15+; tag 1 in 15+
    pub replica_state: ReplicaState,
    /// Versions: 0+
    pub max_wait_ms: i32,
    /// Versions: 0+
    pub min_bytes: i32,
    /// Versions: 3+; default: 0x7fffffff
    pub max_bytes: i32,
    /// Versions: 4+; default: 0
    pub isolation_level: i8,
    /// Versions: 7+; default: 0
    pub session_id: i32,
    /// Versions: 7+; default: -1
    pub session_epoch: i32,
    /// Versions: 0+
    pub topics: Vec<FetchTopic>,
    /// Versions: 7+
    pub forgotten_topics_data: Vec<ForgottenTopic>,
    /// Versions: 11+; default:
    pub rack_id: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchRequest {
    fn default() -> Self {
        Self {
            cluster_id: None,
            replica_id: -1,
            replica_state: ReplicaState::default(),
            max_wait_ms: 0,
            min_bytes: 0,
            max_bytes: 0x7fffffff,
            isolation_level: 0,
            session_id: 0,
            session_epoch: -1,
            topics: Vec::<FetchTopic>::new(),
            forgotten_topics_data: Vec::<ForgottenTopic>::new(),
            rack_id: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "FetchRequest",
                version,
            });
        }
        let flexible = version >= 12;
        let mut this = Self::default();
        if version <= 14 {
            this.replica_id = read_i32(buf)?;
        }
        if true {
            this.max_wait_ms = read_i32(buf)?;
        }
        if true {
            this.min_bytes = read_i32(buf)?;
        }
        if version >= 3 {
            this.max_bytes = read_i32(buf)?;
        }
        if version >= 4 {
            this.isolation_level = read_i8(buf)?;
        }
        if version >= 7 {
            this.session_id = read_i32(buf)?;
        }
        if version >= 7 {
            this.session_epoch = read_i32(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                FetchTopic::decode(version, b)
            })?;
        }
        if version >= 7 {
            this.forgotten_topics_data =
                read_array(buf, flexible, 1, "ForgottenTopicsData", |b: &mut Bytes| {
                    ForgottenTopic::decode(version, b)
                })?;
        }
        if version >= 11 {
            this.rack_id = read_string(buf, flexible, "RackId")?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 12 => {
                        this.cluster_id =
                            read_nullable_string(&mut body, true, version >= 12, "ClusterId")?;
                    }
                    1 if version >= 15 => {
                        this.replica_state = ReplicaState::decode(version, &mut body)?;
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
                what: "FetchRequest",
                version,
            });
        }
        let flexible = version >= 12;
        if version <= 14 {
            write_i32(buf, self.replica_id);
        } else {
            if self.replica_id != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ReplicaId",
                    version,
                });
            }
        }
        write_i32(buf, self.max_wait_ms);
        write_i32(buf, self.min_bytes);
        if version >= 3 {
            write_i32(buf, self.max_bytes);
        } else {
        }
        if version >= 4 {
            write_i8(buf, self.isolation_level);
        } else {
        }
        if version >= 7 {
            write_i32(buf, self.session_id);
        } else {
        }
        if version >= 7 {
            write_i32(buf, self.session_epoch);
        } else {
        }
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        if version >= 7 {
            write_array_len(
                buf,
                flexible,
                false,
                "ForgottenTopicsData",
                Some(self.forgotten_topics_data.len()),
            )?;
            for e in self.forgotten_topics_data.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.forgotten_topics_data != Vec::<ForgottenTopic>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ForgottenTopicsData",
                    version,
                });
            }
        }
        if version >= 11 {
            write_string(buf, flexible, &self.rack_id)?;
        } else {
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 12 && self.cluster_id != None {
                count += 1;
            }
            if version >= 15 && self.replica_state != ReplicaState::default() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 12 && self.cluster_id != None {
                write_uvarint(buf, 0);
                write_uvarint(buf, (string_len(true, self.cluster_id.as_deref())) as u32);
                write_nullable_string(
                    buf,
                    true,
                    version >= 12,
                    "ClusterId",
                    self.cluster_id.as_deref(),
                )?;
            } else {
                if !(version >= 12) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..1);
            if version >= 15 && self.replica_state != ReplicaState::default() {
                write_uvarint(buf, 1);
                write_uvarint(buf, (self.replica_state.encoded_len(version)) as u32);
                self.replica_state.encode(version, buf)?;
            } else {
                if !(version >= 15) {
                    if self.replica_state != ReplicaState::default() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "ReplicaState",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 2..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 12;
        let mut len = 0usize;
        if version <= 14 {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if version >= 3 {
            len += 4;
        }
        if version >= 4 {
            len += 1;
        }
        if version >= 7 {
            len += 4;
        }
        if version >= 7 {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 7 {
            len += (array_len_len(flexible, Some(self.forgotten_topics_data.len()))
                + self
                    .forgotten_topics_data
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 11 {
            len += string_len(flexible, Some(&self.rack_id));
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 12 && self.cluster_id != None {
                count += 1;
                let n = string_len(true, self.cluster_id.as_deref());
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            if version >= 15 && self.replica_state != ReplicaState::default() {
                count += 1;
                let n = self.replica_state.encoded_len(version);
                len += uvarint_len(1) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for FetchRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if flexible && version >= 12 {
            this.cluster_id = if version >= 12 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version <= 14 {
            this.replica_id = g.i32();
        }
        if flexible && version >= 15 {
            this.replica_state = ReplicaState::sample(version, g);
        }
        if true {
            this.max_wait_ms = g.i32();
        }
        if true {
            this.min_bytes = g.i32();
        }
        if version >= 3 {
            this.max_bytes = g.i32();
        }
        if version >= 4 {
            this.isolation_level = g.i8();
        }
        if version >= 7 {
            this.session_id = g.i32();
        }
        if version >= 7 {
            this.session_epoch = g.i32();
        }
        if true {
            this.topics = g.vec(|g| FetchTopic::sample(version, g));
        }
        if version >= 7 {
            this.forgotten_topics_data = g.vec(|g| ForgottenTopic::sample(version, g));
        }
        if version >= 11 {
            this.rack_id = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for FetchRequest {
    const NAME: &'static str = "FetchRequest";
    const VERSIONS: VersionRange = VersionRange { min: 4, max: 18 };
    const FLEXIBLE_MIN: Option<i16> = Some(12);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaState {
    /// Versions: 15+; default: -1
    pub replica_id: i32,
    /// Versions: 15+; default: -1
    pub replica_epoch: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ReplicaState {
    fn default() -> Self {
        Self {
            replica_id: -1,
            replica_epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ReplicaState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 15 {
            this.replica_id = read_i32(buf)?;
        }
        if version >= 15 {
            this.replica_epoch = read_i64(buf)?;
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
        if version >= 15 {
            write_i32(buf, self.replica_id);
        } else {
            if self.replica_id != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ReplicaId",
                    version,
                });
            }
        }
        if version >= 15 {
            write_i64(buf, self.replica_epoch);
        } else {
            if self.replica_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ReplicaEpoch",
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
        if version >= 15 {
            len += 4;
        }
        if version >= 15 {
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
impl Sample for ReplicaState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if version >= 15 {
            this.replica_id = g.i32();
        }
        if version >= 15 {
            this.replica_epoch = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchTopic {
    /// Versions: 0-12
    pub topic: String,
    /// Versions: 13+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<FetchPartition>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchTopic {
    fn default() -> Self {
        Self {
            topic: String::new(),
            topic_id: Uuid::nil(),
            partitions: Vec::<FetchPartition>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchTopic {
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
                FetchPartition::decode(version, b)
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
impl Sample for FetchTopic {
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
            this.partitions = g.vec(|g| FetchPartition::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchPartition {
    /// Versions: 0+
    pub partition: i32,
    /// Versions: 9+; default: -1
    pub current_leader_epoch: i32,
    /// Versions: 0+
    pub fetch_offset: i64,
    /// Versions: 12+; default: -1
    pub last_fetched_epoch: i32,
    /// Versions: 5+; default: -1
    pub log_start_offset: i64,
    /// Versions: 0+
    pub partition_max_bytes: i32,
    /// Versions: 17+; tag 0 in 17+
    pub replica_directory_id: Uuid,
    /// Versions: 18+; tag 1 in 18+; default: 9223372036854775807
    pub high_watermark: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchPartition {
    fn default() -> Self {
        Self {
            partition: 0,
            current_leader_epoch: -1,
            fetch_offset: 0,
            last_fetched_epoch: -1,
            log_start_offset: -1,
            partition_max_bytes: 0,
            replica_directory_id: Uuid::nil(),
            high_watermark: 9223372036854775807,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchPartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if true {
            this.partition = read_i32(buf)?;
        }
        if version >= 9 {
            this.current_leader_epoch = read_i32(buf)?;
        }
        if true {
            this.fetch_offset = read_i64(buf)?;
        }
        if version >= 12 {
            this.last_fetched_epoch = read_i32(buf)?;
        }
        if version >= 5 {
            this.log_start_offset = read_i64(buf)?;
        }
        if true {
            this.partition_max_bytes = read_i32(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 17 => {
                        this.replica_directory_id = read_uuid(&mut body)?;
                    }
                    1 if version >= 18 => {
                        this.high_watermark = read_i64(&mut body)?;
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
        write_i32(buf, self.partition);
        if version >= 9 {
            write_i32(buf, self.current_leader_epoch);
        } else {
        }
        write_i64(buf, self.fetch_offset);
        if version >= 12 {
            write_i32(buf, self.last_fetched_epoch);
        } else {
            if self.last_fetched_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LastFetchedEpoch",
                    version,
                });
            }
        }
        if version >= 5 {
            write_i64(buf, self.log_start_offset);
        } else {
        }
        write_i32(buf, self.partition_max_bytes);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 17 && self.replica_directory_id != Uuid::nil() {
                count += 1;
            }
            if version >= 18 && self.high_watermark != 9223372036854775807 {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 17 && self.replica_directory_id != Uuid::nil() {
                write_uvarint(buf, 0);
                write_uvarint(buf, (16) as u32);
                write_uuid(buf, &self.replica_directory_id);
            } else {
                if !(version >= 17) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..1);
            if version >= 18 && self.high_watermark != 9223372036854775807 {
                write_uvarint(buf, 1);
                write_uvarint(buf, (8) as u32);
                write_i64(buf, self.high_watermark);
            } else {
                if !(version >= 18) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 2..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 12;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version >= 9 {
            len += 4;
        }
        if true {
            len += 8;
        }
        if version >= 12 {
            len += 4;
        }
        if version >= 5 {
            len += 8;
        }
        if true {
            len += 4;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 17 && self.replica_directory_id != Uuid::nil() {
                count += 1;
                let n = 16;
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            if version >= 18 && self.high_watermark != 9223372036854775807 {
                count += 1;
                let n = 8;
                len += uvarint_len(1) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for FetchPartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if true {
            this.partition = g.i32();
        }
        if version >= 9 {
            this.current_leader_epoch = g.i32();
        }
        if true {
            this.fetch_offset = g.i64();
        }
        if version >= 12 {
            this.last_fetched_epoch = g.i32();
        }
        if version >= 5 {
            this.log_start_offset = g.i64();
        }
        if true {
            this.partition_max_bytes = g.i32();
        }
        if flexible && version >= 17 {
            this.replica_directory_id = g.uuid();
        }
        if flexible && version >= 18 {
            this.high_watermark = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForgottenTopic {
    /// Versions: 7-12
    pub topic: String,
    /// Versions: 13+
    pub topic_id: Uuid,
    /// Versions: 7+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ForgottenTopic {
    fn default() -> Self {
        Self {
            topic: String::new(),
            topic_id: Uuid::nil(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ForgottenTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 12;
        let mut this = Self::default();
        if (version >= 7 && version <= 12) {
            this.topic = read_string(buf, flexible, "Topic")?;
        }
        if version >= 13 {
            this.topic_id = read_uuid(buf)?;
        }
        if version >= 7 {
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
        let flexible = version >= 12;
        if (version >= 7 && version <= 12) {
            write_string(buf, flexible, &self.topic)?;
        } else {
        }
        if version >= 13 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        if version >= 7 {
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
        } else {
            if self.partitions != Vec::<i32>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Partitions",
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
        if (version >= 7 && version <= 12) {
            len += string_len(flexible, Some(&self.topic));
        }
        if version >= 13 {
            len += 16;
        }
        if version >= 7 {
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
impl Sample for ForgottenTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 12;
        let mut this = Self::default();
        if (version >= 7 && version <= 12) {
            this.topic = g.string();
        }
        if version >= 13 {
            this.topic_id = g.uuid();
        }
        if version >= 7 {
            this.partitions = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
