//! StreamsGroupHeartbeatResponse (generated from Kafka's message spec; do not edit).
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
pub struct StreamsGroupHeartbeatResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+; default: null
    pub error_message: Option<String>,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub member_epoch: i32,
    /// Versions: 0+
    pub heartbeat_interval_ms: i32,
    /// Versions: 0-0
    pub acceptable_recovery_lag_legacy: i32,
    /// Versions: 0+
    pub task_offset_interval_ms: i32,
    /// Versions: 1+; default: -1
    pub acceptable_recovery_lag: i64,
    /// Versions: 0+; nullable: 0+
    pub status: Option<Vec<Status>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub active_tasks: Option<Vec<TaskIds>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub standby_tasks: Option<Vec<TaskIds>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub warmup_tasks: Option<Vec<TaskIds>>,
    /// Versions: 1+; default: false
    pub topology_description_required: bool,
    /// Versions: 0+
    pub endpoint_information_epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub partitions_by_user_endpoint: Option<Vec<EndpointToPartitions>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StreamsGroupHeartbeatResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            error_message: None,
            member_id: String::new(),
            member_epoch: 0,
            heartbeat_interval_ms: 0,
            acceptable_recovery_lag_legacy: 0,
            task_offset_interval_ms: 0,
            acceptable_recovery_lag: -1,
            status: Some(Vec::<Status>::new()),
            active_tasks: None,
            standby_tasks: None,
            warmup_tasks: None,
            topology_description_required: false,
            endpoint_information_epoch: 0,
            partitions_by_user_endpoint: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StreamsGroupHeartbeatResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "StreamsGroupHeartbeatResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if true {
            this.member_epoch = read_i32(buf)?;
        }
        if true {
            this.heartbeat_interval_ms = read_i32(buf)?;
        }
        if version == 0 {
            this.acceptable_recovery_lag_legacy = read_i32(buf)?;
        }
        if true {
            this.task_offset_interval_ms = read_i32(buf)?;
        }
        if version >= 1 {
            this.acceptable_recovery_lag = read_i64(buf)?;
        }
        if true {
            this.status =
                read_nullable_array(buf, flexible, true, 1, "Status", |b: &mut Bytes| {
                    Status::decode(version, b)
                })?;
        }
        if true {
            this.active_tasks =
                read_nullable_array(buf, flexible, true, 1, "ActiveTasks", |b: &mut Bytes| {
                    TaskIds::decode(version, b)
                })?;
        }
        if true {
            this.standby_tasks =
                read_nullable_array(buf, flexible, true, 1, "StandbyTasks", |b: &mut Bytes| {
                    TaskIds::decode(version, b)
                })?;
        }
        if true {
            this.warmup_tasks =
                read_nullable_array(buf, flexible, true, 1, "WarmupTasks", |b: &mut Bytes| {
                    TaskIds::decode(version, b)
                })?;
        }
        if version >= 1 {
            this.topology_description_required = read_bool(buf)?;
        }
        if true {
            this.endpoint_information_epoch = read_i32(buf)?;
        }
        if true {
            this.partitions_by_user_endpoint = read_nullable_array(
                buf,
                flexible,
                true,
                1,
                "PartitionsByUserEndpoint",
                |b: &mut Bytes| EndpointToPartitions::decode(version, b),
            )?;
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
                what: "StreamsGroupHeartbeatResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        write_string(buf, flexible, &self.member_id)?;
        write_i32(buf, self.member_epoch);
        write_i32(buf, self.heartbeat_interval_ms);
        if version == 0 {
            write_i32(buf, self.acceptable_recovery_lag_legacy);
        } else {
            if self.acceptable_recovery_lag_legacy != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "AcceptableRecoveryLagLegacy",
                    version,
                });
            }
        }
        write_i32(buf, self.task_offset_interval_ms);
        if version >= 1 {
            write_i64(buf, self.acceptable_recovery_lag);
        } else {
        }
        write_array_len(
            buf,
            flexible,
            true,
            "Status",
            self.status.as_ref().map(Vec::len),
        )?;
        for e in self.status.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            true,
            "ActiveTasks",
            self.active_tasks.as_ref().map(Vec::len),
        )?;
        for e in self.active_tasks.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            true,
            "StandbyTasks",
            self.standby_tasks.as_ref().map(Vec::len),
        )?;
        for e in self.standby_tasks.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            true,
            "WarmupTasks",
            self.warmup_tasks.as_ref().map(Vec::len),
        )?;
        for e in self.warmup_tasks.iter().flatten() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_bool(buf, self.topology_description_required);
        } else {
            if self.topology_description_required != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopologyDescriptionRequired",
                    version,
                });
            }
        }
        write_i32(buf, self.endpoint_information_epoch);
        write_array_len(
            buf,
            flexible,
            true,
            "PartitionsByUserEndpoint",
            self.partitions_by_user_endpoint.as_ref().map(Vec::len),
        )?;
        for e in self.partitions_by_user_endpoint.iter().flatten() {
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
            len += 2;
        }
        if true {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if version == 0 {
            len += 4;
        }
        if true {
            len += 4;
        }
        if version >= 1 {
            len += 8;
        }
        if true {
            len += (array_len_len(flexible, self.status.as_ref().map(Vec::len))
                + self
                    .status
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, self.active_tasks.as_ref().map(Vec::len))
                + self
                    .active_tasks
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, self.standby_tasks.as_ref().map(Vec::len))
                + self
                    .standby_tasks
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, self.warmup_tasks.as_ref().map(Vec::len))
                + self
                    .warmup_tasks
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(
                flexible,
                self.partitions_by_user_endpoint.as_ref().map(Vec::len),
            ) + self
                .partitions_by_user_endpoint
                .iter()
                .flatten()
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
impl Sample for StreamsGroupHeartbeatResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.error_message = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.member_id = g.string();
        }
        if true {
            this.member_epoch = g.i32();
        }
        if true {
            this.heartbeat_interval_ms = g.i32();
        }
        if version == 0 {
            this.acceptable_recovery_lag_legacy = g.i32();
        }
        if true {
            this.task_offset_interval_ms = g.i32();
        }
        if version >= 1 {
            this.acceptable_recovery_lag = g.i64();
        }
        if true {
            this.status = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| Status::sample(version, g)))
            };
        }
        if true {
            this.active_tasks = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TaskIds::sample(version, g)))
            };
        }
        if true {
            this.standby_tasks = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TaskIds::sample(version, g)))
            };
        }
        if true {
            this.warmup_tasks = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TaskIds::sample(version, g)))
            };
        }
        if version >= 1 {
            this.topology_description_required = g.bool();
        }
        if true {
            this.endpoint_information_epoch = g.i32();
        }
        if true {
            this.partitions_by_user_endpoint = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| EndpointToPartitions::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for StreamsGroupHeartbeatResponse {
    const NAME: &'static str = "StreamsGroupHeartbeatResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointToPartitions {
    /// Versions: 0+
    pub user_endpoint: Endpoint,
    /// Versions: 0+
    pub active_partitions: Vec<TopicPartition>,
    /// Versions: 0+
    pub standby_partitions: Vec<TopicPartition>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for EndpointToPartitions {
    fn default() -> Self {
        Self {
            user_endpoint: Endpoint::default(),
            active_partitions: Vec::<TopicPartition>::new(),
            standby_partitions: Vec::<TopicPartition>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for EndpointToPartitions {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.user_endpoint = Endpoint::decode(version, buf)?;
        }
        if true {
            this.active_partitions =
                read_array(buf, flexible, 1, "ActivePartitions", |b: &mut Bytes| {
                    TopicPartition::decode(version, b)
                })?;
        }
        if true {
            this.standby_partitions =
                read_array(buf, flexible, 1, "StandbyPartitions", |b: &mut Bytes| {
                    TopicPartition::decode(version, b)
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
        self.user_endpoint.encode(version, buf)?;
        write_array_len(
            buf,
            flexible,
            false,
            "ActivePartitions",
            Some(self.active_partitions.len()),
        )?;
        for e in self.active_partitions.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "StandbyPartitions",
            Some(self.standby_partitions.len()),
        )?;
        for e in self.standby_partitions.iter() {
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
            len += self.user_endpoint.encoded_len(version);
        }
        if true {
            len += (array_len_len(flexible, Some(self.active_partitions.len()))
                + self
                    .active_partitions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.standby_partitions.len()))
                + self
                    .standby_partitions
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
impl Sample for EndpointToPartitions {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.user_endpoint = Endpoint::sample(version, g);
        }
        if true {
            this.active_partitions = g.vec(|g| TopicPartition::sample(version, g));
        }
        if true {
            this.standby_partitions = g.vec(|g| TopicPartition::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Versions: 0+
    pub status_code: i8,
    /// Versions: 0+
    pub status_detail: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Status {
    fn default() -> Self {
        Self {
            status_code: 0,
            status_detail: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Status {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.status_code = read_i8(buf)?;
        }
        if true {
            this.status_detail = read_string(buf, flexible, "StatusDetail")?;
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
        write_i8(buf, self.status_code);
        write_string(buf, flexible, &self.status_detail)?;
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
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.status_detail));
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
impl Sample for Status {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.status_code = g.i8();
        }
        if true {
            this.status_detail = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicPartition {
    /// Versions: 0+
    pub topic: String,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicPartition {
    fn default() -> Self {
        Self {
            topic: String::new(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicPartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic = read_string(buf, flexible, "Topic")?;
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
        let flexible = true;
        write_string(buf, flexible, &self.topic)?;
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.topic));
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
impl Sample for TopicPartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic = g.string();
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

#[derive(Debug, Clone, PartialEq)]
pub struct TaskIds {
    /// Versions: 0+
    pub subtopology_id: String,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TaskIds {
    fn default() -> Self {
        Self {
            subtopology_id: String::new(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TaskIds {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.subtopology_id = read_string(buf, flexible, "SubtopologyId")?;
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
        let flexible = true;
        write_string(buf, flexible, &self.subtopology_id)?;
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.subtopology_id));
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
impl Sample for TaskIds {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.subtopology_id = g.string();
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

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: u16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Endpoint {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Endpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.port = read_u16(buf)?;
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
        write_string(buf, flexible, &self.host)?;
        write_u16(buf, self.port);
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
            len += string_len(flexible, Some(&self.host));
        }
        if true {
            len += 2;
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
impl Sample for Endpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.host = g.string();
        }
        if true {
            this.port = g.u16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
