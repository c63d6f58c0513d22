//! StreamsGroupHeartbeatRequest (generated from Kafka's message spec; do not edit).
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
pub struct StreamsGroupHeartbeatRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub member_epoch: i32,
    /// Versions: 0+
    pub endpoint_information_epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub instance_id: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub rack_id: Option<String>,
    /// Versions: 0+; default: -1
    pub rebalance_timeout_ms: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub topology: Option<Topology>,
    /// Versions: 0+; nullable: 0+; default: null
    pub active_tasks: Option<Vec<TaskIds>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub standby_tasks: Option<Vec<TaskIds>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub warmup_tasks: Option<Vec<TaskIds>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub process_id: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub user_endpoint: Option<Endpoint>,
    /// Versions: 0+; nullable: 0+; default: null
    pub client_tags: Option<Vec<KeyValue>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub task_offsets: Option<Vec<TaskOffset>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub task_end_offsets: Option<Vec<TaskOffset>>,
    /// Versions: 0+; default: false
    pub shutdown_application: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StreamsGroupHeartbeatRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            member_id: String::new(),
            member_epoch: 0,
            endpoint_information_epoch: 0,
            instance_id: None,
            rack_id: None,
            rebalance_timeout_ms: -1,
            topology: None,
            active_tasks: None,
            standby_tasks: None,
            warmup_tasks: None,
            process_id: None,
            user_endpoint: None,
            client_tags: None,
            task_offsets: None,
            task_end_offsets: None,
            shutdown_application: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StreamsGroupHeartbeatRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "StreamsGroupHeartbeatRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if true {
            this.member_epoch = read_i32(buf)?;
        }
        if true {
            this.endpoint_information_epoch = read_i32(buf)?;
        }
        if true {
            this.instance_id = read_nullable_string(buf, flexible, true, "InstanceId")?;
        }
        if true {
            this.rack_id = read_nullable_string(buf, flexible, true, "RackId")?;
        }
        if true {
            this.rebalance_timeout_ms = read_i32(buf)?;
        }
        if true {
            this.topology = if !(true) || read_struct_marker(buf)? {
                Some(Topology::decode(version, buf)?)
            } else {
                None
            };
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
        if true {
            this.process_id = read_nullable_string(buf, flexible, true, "ProcessId")?;
        }
        if true {
            this.user_endpoint = if !(true) || read_struct_marker(buf)? {
                Some(Endpoint::decode(version, buf)?)
            } else {
                None
            };
        }
        if true {
            this.client_tags =
                read_nullable_array(buf, flexible, true, 1, "ClientTags", |b: &mut Bytes| {
                    KeyValue::decode(version, b)
                })?;
        }
        if true {
            this.task_offsets =
                read_nullable_array(buf, flexible, true, 1, "TaskOffsets", |b: &mut Bytes| {
                    TaskOffset::decode(version, b)
                })?;
        }
        if true {
            this.task_end_offsets =
                read_nullable_array(buf, flexible, true, 1, "TaskEndOffsets", |b: &mut Bytes| {
                    TaskOffset::decode(version, b)
                })?;
        }
        if true {
            this.shutdown_application = read_bool(buf)?;
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
                what: "StreamsGroupHeartbeatRequest",
                version,
            });
        }
        let flexible = true;
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.member_id)?;
        write_i32(buf, self.member_epoch);
        write_i32(buf, self.endpoint_information_epoch);
        write_nullable_string(
            buf,
            flexible,
            true,
            "InstanceId",
            self.instance_id.as_deref(),
        )?;
        write_nullable_string(buf, flexible, true, "RackId", self.rack_id.as_deref())?;
        write_i32(buf, self.rebalance_timeout_ms);
        match &self.topology {
            None if !(true) => return Err(EncodeError::NullNotAllowed("Topology")),
            None => write_i8(buf, -1),
            Some(s) => {
                if true {
                    write_i8(buf, 1);
                }
                s.encode(version, buf)?;
            }
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
        write_nullable_string(buf, flexible, true, "ProcessId", self.process_id.as_deref())?;
        match &self.user_endpoint {
            None if !(true) => return Err(EncodeError::NullNotAllowed("UserEndpoint")),
            None => write_i8(buf, -1),
            Some(s) => {
                if true {
                    write_i8(buf, 1);
                }
                s.encode(version, buf)?;
            }
        }
        write_array_len(
            buf,
            flexible,
            true,
            "ClientTags",
            self.client_tags.as_ref().map(Vec::len),
        )?;
        for e in self.client_tags.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            true,
            "TaskOffsets",
            self.task_offsets.as_ref().map(Vec::len),
        )?;
        for e in self.task_offsets.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            true,
            "TaskEndOffsets",
            self.task_end_offsets.as_ref().map(Vec::len),
        )?;
        for e in self.task_end_offsets.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_bool(buf, self.shutdown_application);
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
            len += string_len(flexible, Some(&self.group_id));
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
        if true {
            len += string_len(flexible, self.instance_id.as_deref());
        }
        if true {
            len += string_len(flexible, self.rack_id.as_deref());
        }
        if true {
            len += 4;
        }
        if true {
            len += (if true { 1 } else { 0 }
                + self.topology.as_ref().map_or(0, |s| s.encoded_len(version)));
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
        if true {
            len += string_len(flexible, self.process_id.as_deref());
        }
        if true {
            len += (if true { 1 } else { 0 }
                + self
                    .user_endpoint
                    .as_ref()
                    .map_or(0, |s| s.encoded_len(version)));
        }
        if true {
            len += (array_len_len(flexible, self.client_tags.as_ref().map(Vec::len))
                + self
                    .client_tags
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, self.task_offsets.as_ref().map(Vec::len))
                + self
                    .task_offsets
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, self.task_end_offsets.as_ref().map(Vec::len))
                + self
                    .task_end_offsets
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
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
impl Sample for StreamsGroupHeartbeatRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if true {
            this.member_id = g.string();
        }
        if true {
            this.member_epoch = g.i32();
        }
        if true {
            this.endpoint_information_epoch = g.i32();
        }
        if true {
            this.instance_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.rack_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.rebalance_timeout_ms = g.i32();
        }
        if true {
            this.topology = if true && g.null() {
                None
            } else {
                Some(Topology::sample(version, g))
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
        if true {
            this.process_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.user_endpoint = if true && g.null() {
                None
            } else {
                Some(Endpoint::sample(version, g))
            };
        }
        if true {
            this.client_tags = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| KeyValue::sample(version, g)))
            };
        }
        if true {
            this.task_offsets = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TaskOffset::sample(version, g)))
            };
        }
        if true {
            this.task_end_offsets = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TaskOffset::sample(version, g)))
            };
        }
        if true {
            this.shutdown_application = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for StreamsGroupHeartbeatRequest {
    const NAME: &'static str = "StreamsGroupHeartbeatRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Versions: 0+
    pub epoch: i32,
    /// Versions: 0+
    pub subtopologies: Vec<Subtopology>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Topology {
    fn default() -> Self {
        Self {
            epoch: 0,
            subtopologies: Vec::<Subtopology>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Topology {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.epoch = read_i32(buf)?;
        }
        if true {
            this.subtopologies = read_array(buf, flexible, 1, "Subtopologies", |b: &mut Bytes| {
                Subtopology::decode(version, b)
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
        write_i32(buf, self.epoch);
        write_array_len(
            buf,
            flexible,
            false,
            "Subtopologies",
            Some(self.subtopologies.len()),
        )?;
        for e in self.subtopologies.iter() {
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
            len += (array_len_len(flexible, Some(self.subtopologies.len()))
                + self
                    .subtopologies
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
impl Sample for Topology {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.epoch = g.i32();
        }
        if true {
            this.subtopologies = g.vec(|g| Subtopology::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Subtopology {
    /// Versions: 0+
    pub subtopology_id: String,
    /// Versions: 0+
    pub source_topics: Vec<String>,
    /// Versions: 0+
    pub source_topic_regex: Vec<String>,
    /// Versions: 0+
    pub state_changelog_topics: Vec<TopicInfo>,
    /// Versions: 0+
    pub repartition_sink_topics: Vec<String>,
    /// Versions: 0+
    pub repartition_source_topics: Vec<TopicInfo>,
    /// Versions: 0+
    pub copartition_groups: Vec<CopartitionGroup>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Subtopology {
    fn default() -> Self {
        Self {
            subtopology_id: String::new(),
            source_topics: Vec::<String>::new(),
            source_topic_regex: Vec::<String>::new(),
            state_changelog_topics: Vec::<TopicInfo>::new(),
            repartition_sink_topics: Vec::<String>::new(),
            repartition_source_topics: Vec::<TopicInfo>::new(),
            copartition_groups: Vec::<CopartitionGroup>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Subtopology {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.subtopology_id = read_string(buf, flexible, "SubtopologyId")?;
        }
        if true {
            this.source_topics = read_array(buf, flexible, 1, "SourceTopics", |b: &mut Bytes| {
                read_string(b, flexible, "SourceTopics")
            })?;
        }
        if true {
            this.source_topic_regex =
                read_array(buf, flexible, 1, "SourceTopicRegex", |b: &mut Bytes| {
                    read_string(b, flexible, "SourceTopicRegex")
                })?;
        }
        if true {
            this.state_changelog_topics =
                read_array(buf, flexible, 1, "StateChangelogTopics", |b: &mut Bytes| {
                    TopicInfo::decode(version, b)
                })?;
        }
        if true {
            this.repartition_sink_topics = read_array(
                buf,
                flexible,
                1,
                "RepartitionSinkTopics",
                |b: &mut Bytes| read_string(b, flexible, "RepartitionSinkTopics"),
            )?;
        }
        if true {
            this.repartition_source_topics = read_array(
                buf,
                flexible,
                1,
                "RepartitionSourceTopics",
                |b: &mut Bytes| TopicInfo::decode(version, b),
            )?;
        }
        if true {
            this.copartition_groups =
                read_array(buf, flexible, 1, "CopartitionGroups", |b: &mut Bytes| {
                    CopartitionGroup::decode(version, b)
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
        write_string(buf, flexible, &self.subtopology_id)?;
        write_array_len(
            buf,
            flexible,
            false,
            "SourceTopics",
            Some(self.source_topics.len()),
        )?;
        for e in self.source_topics.iter() {
            write_string(buf, flexible, e)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "SourceTopicRegex",
            Some(self.source_topic_regex.len()),
        )?;
        for e in self.source_topic_regex.iter() {
            write_string(buf, flexible, e)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "StateChangelogTopics",
            Some(self.state_changelog_topics.len()),
        )?;
        for e in self.state_changelog_topics.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "RepartitionSinkTopics",
            Some(self.repartition_sink_topics.len()),
        )?;
        for e in self.repartition_sink_topics.iter() {
            write_string(buf, flexible, e)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "RepartitionSourceTopics",
            Some(self.repartition_source_topics.len()),
        )?;
        for e in self.repartition_source_topics.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "CopartitionGroups",
            Some(self.copartition_groups.len()),
        )?;
        for e in self.copartition_groups.iter() {
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
            len += string_len(flexible, Some(&self.subtopology_id));
        }
        if true {
            len += (array_len_len(flexible, Some(self.source_topics.len()))
                + self
                    .source_topics
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.source_topic_regex.len()))
                + self
                    .source_topic_regex
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.state_changelog_topics.len()))
                + self
                    .state_changelog_topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.repartition_sink_topics.len()))
                + self
                    .repartition_sink_topics
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.repartition_source_topics.len()))
                + self
                    .repartition_source_topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.copartition_groups.len()))
                + self
                    .copartition_groups
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
impl Sample for Subtopology {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.subtopology_id = g.string();
        }
        if true {
            this.source_topics = g.vec(|g| g.string());
        }
        if true {
            this.source_topic_regex = g.vec(|g| g.string());
        }
        if true {
            this.state_changelog_topics = g.vec(|g| TopicInfo::sample(version, g));
        }
        if true {
            this.repartition_sink_topics = g.vec(|g| g.string());
        }
        if true {
            this.repartition_source_topics = g.vec(|g| TopicInfo::sample(version, g));
        }
        if true {
            this.copartition_groups = g.vec(|g| CopartitionGroup::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CopartitionGroup {
    /// Versions: 0+
    pub source_topics: Vec<i16>,
    /// Versions: 0+
    pub source_topic_regex: Vec<i16>,
    /// Versions: 0+
    pub repartition_source_topics: Vec<i16>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CopartitionGroup {
    fn default() -> Self {
        Self {
            source_topics: Vec::<i16>::new(),
            source_topic_regex: Vec::<i16>::new(),
            repartition_source_topics: Vec::<i16>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CopartitionGroup {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.source_topics = read_array(buf, flexible, 2, "SourceTopics", read_i16)?;
        }
        if true {
            this.source_topic_regex = read_array(buf, flexible, 2, "SourceTopicRegex", read_i16)?;
        }
        if true {
            this.repartition_source_topics =
                read_array(buf, flexible, 2, "RepartitionSourceTopics", read_i16)?;
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
        write_array_len(
            buf,
            flexible,
            false,
            "SourceTopics",
            Some(self.source_topics.len()),
        )?;
        for e in self.source_topics.iter() {
            write_i16(buf, *e);
        }
        write_array_len(
            buf,
            flexible,
            false,
            "SourceTopicRegex",
            Some(self.source_topic_regex.len()),
        )?;
        for e in self.source_topic_regex.iter() {
            write_i16(buf, *e);
        }
        write_array_len(
            buf,
            flexible,
            false,
            "RepartitionSourceTopics",
            Some(self.repartition_source_topics.len()),
        )?;
        for e in self.repartition_source_topics.iter() {
            write_i16(buf, *e);
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
            len += (array_len_len(flexible, Some(self.source_topics.len()))
                + self.source_topics.len() * 2);
        }
        if true {
            len += (array_len_len(flexible, Some(self.source_topic_regex.len()))
                + self.source_topic_regex.len() * 2);
        }
        if true {
            len += (array_len_len(flexible, Some(self.repartition_source_topics.len()))
                + self.repartition_source_topics.len() * 2);
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
impl Sample for CopartitionGroup {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.source_topics = g.vec(|g| g.i16());
        }
        if true {
            this.source_topic_regex = g.vec(|g| g.i16());
        }
        if true {
            this.repartition_source_topics = g.vec(|g| g.i16());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyValue {
    /// Versions: 0+
    pub key: String,
    /// Versions: 0+
    pub value: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for KeyValue {
    fn default() -> Self {
        Self {
            key: String::new(),
            value: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for KeyValue {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.key = read_string(buf, flexible, "Key")?;
        }
        if true {
            this.value = read_string(buf, flexible, "Value")?;
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
        write_string(buf, flexible, &self.key)?;
        write_string(buf, flexible, &self.value)?;
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
            len += string_len(flexible, Some(&self.key));
        }
        if true {
            len += string_len(flexible, Some(&self.value));
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
impl Sample for KeyValue {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.key = g.string();
        }
        if true {
            this.value = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicInfo {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub partitions: i32,
    /// Versions: 0+
    pub replication_factor: i16,
    /// Versions: 0+
    pub topic_configs: Vec<KeyValue>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicInfo {
    fn default() -> Self {
        Self {
            name: String::new(),
            partitions: 0,
            replication_factor: 0,
            topic_configs: Vec::<KeyValue>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicInfo {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.partitions = read_i32(buf)?;
        }
        if true {
            this.replication_factor = read_i16(buf)?;
        }
        if true {
            this.topic_configs = read_array(buf, flexible, 1, "TopicConfigs", |b: &mut Bytes| {
                KeyValue::decode(version, b)
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
        write_i32(buf, self.partitions);
        write_i16(buf, self.replication_factor);
        write_array_len(
            buf,
            flexible,
            false,
            "TopicConfigs",
            Some(self.topic_configs.len()),
        )?;
        for e in self.topic_configs.iter() {
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
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += (array_len_len(flexible, Some(self.topic_configs.len()))
                + self
                    .topic_configs
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
impl Sample for TopicInfo {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.partitions = g.i32();
        }
        if true {
            this.replication_factor = g.i16();
        }
        if true {
            this.topic_configs = g.vec(|g| KeyValue::sample(version, g));
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

#[derive(Debug, Clone, PartialEq)]
pub struct TaskOffset {
    /// Versions: 0+
    pub subtopology_id: String,
    /// Versions: 0+
    pub partition: i32,
    /// Versions: 0+
    pub offset: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TaskOffset {
    fn default() -> Self {
        Self {
            subtopology_id: String::new(),
            partition: 0,
            offset: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TaskOffset {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.subtopology_id = read_string(buf, flexible, "SubtopologyId")?;
        }
        if true {
            this.partition = read_i32(buf)?;
        }
        if true {
            this.offset = read_i64(buf)?;
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
        write_i32(buf, self.partition);
        write_i64(buf, self.offset);
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
            len += 4;
        }
        if true {
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
impl Sample for TaskOffset {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.subtopology_id = g.string();
        }
        if true {
            this.partition = g.i32();
        }
        if true {
            this.offset = g.i64();
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
