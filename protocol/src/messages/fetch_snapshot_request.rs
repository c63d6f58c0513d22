//! FetchSnapshotRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-1; flexible versions: 0+.
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
pub struct FetchSnapshotRequest {
    /// Versions: 0+; nullable: 0+; tag 0 in 0+; default: null
    pub cluster_id: Option<String>,
    /// Versions: 0+; default: -1
    pub replica_id: i32,
    /// Versions: 0+; default: 0x7fffffff
    pub max_bytes: i32,
    /// Versions: 0+
    pub topics: Vec<TopicSnapshot>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchSnapshotRequest {
    fn default() -> Self {
        Self {
            cluster_id: None,
            replica_id: -1,
            max_bytes: 0x7fffffff,
            topics: Vec::<TopicSnapshot>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchSnapshotRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "FetchSnapshotRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.replica_id = read_i32(buf)?;
        }
        if true {
            this.max_bytes = read_i32(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                TopicSnapshot::decode(version, b)
            })?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if true => {
                        this.cluster_id = read_nullable_string(&mut body, true, true, "ClusterId")?;
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
                what: "FetchSnapshotRequest",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.replica_id);
        write_i32(buf, self.max_bytes);
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if true && self.cluster_id != None {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if true && self.cluster_id != None {
                write_uvarint(buf, 0);
                write_uvarint(buf, (string_len(true, self.cluster_id.as_deref())) as u32);
                write_nullable_string(buf, true, true, "ClusterId", self.cluster_id.as_deref())?;
            } else {
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..u32::MAX);
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
            if true && self.cluster_id != None {
                count += 1;
                let n = string_len(true, self.cluster_id.as_deref());
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for FetchSnapshotRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if flexible && true {
            this.cluster_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.replica_id = g.i32();
        }
        if true {
            this.max_bytes = g.i32();
        }
        if true {
            this.topics = g.vec(|g| TopicSnapshot::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for FetchSnapshotRequest {
    const NAME: &'static str = "FetchSnapshotRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicSnapshot {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub partitions: Vec<PartitionSnapshot>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicSnapshot {
    fn default() -> Self {
        Self {
            name: String::new(),
            partitions: Vec::<PartitionSnapshot>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicSnapshot {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                PartitionSnapshot::decode(version, b)
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
        write_string(buf, flexible, &self.name)?;
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
        if true {
            len += string_len(flexible, Some(&self.name));
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
impl Sample for TopicSnapshot {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.partitions = g.vec(|g| PartitionSnapshot::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionSnapshot {
    /// Versions: 0+
    pub partition: i32,
    /// Versions: 0+
    pub current_leader_epoch: i32,
    /// Versions: 0+
    pub snapshot_id: SnapshotId,
    /// Versions: 0+
    pub position: i64,
    /// Versions: 1+; tag 0 in 1+
    pub replica_directory_id: Uuid,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionSnapshot {
    fn default() -> Self {
        Self {
            partition: 0,
            current_leader_epoch: 0,
            snapshot_id: SnapshotId::default(),
            position: 0,
            replica_directory_id: Uuid::nil(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionSnapshot {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition = read_i32(buf)?;
        }
        if true {
            this.current_leader_epoch = read_i32(buf)?;
        }
        if true {
            this.snapshot_id = SnapshotId::decode(version, buf)?;
        }
        if true {
            this.position = read_i64(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 1 => {
                        this.replica_directory_id = read_uuid(&mut body)?;
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
        let flexible = true;
        write_i32(buf, self.partition);
        write_i32(buf, self.current_leader_epoch);
        self.snapshot_id.encode(version, buf)?;
        write_i64(buf, self.position);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 1 && self.replica_directory_id != Uuid::nil() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 1 && self.replica_directory_id != Uuid::nil() {
                write_uvarint(buf, 0);
                write_uvarint(buf, (16) as u32);
                write_uuid(buf, &self.replica_directory_id);
            } else {
                if !(version >= 1) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..u32::MAX);
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
        if true {
            len += self.snapshot_id.encoded_len(version);
        }
        if true {
            len += 8;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 1 && self.replica_directory_id != Uuid::nil() {
                count += 1;
                let n = 16;
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for PartitionSnapshot {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition = g.i32();
        }
        if true {
            this.current_leader_epoch = g.i32();
        }
        if true {
            this.snapshot_id = SnapshotId::sample(version, g);
        }
        if true {
            this.position = g.i64();
        }
        if flexible && version >= 1 {
            this.replica_directory_id = g.uuid();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotId {
    /// Versions: 0+
    pub end_offset: i64,
    /// Versions: 0+
    pub epoch: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for SnapshotId {
    fn default() -> Self {
        Self {
            end_offset: 0,
            epoch: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for SnapshotId {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
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
        let flexible = true;
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
        let flexible = true;
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
        let flexible = true;
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
