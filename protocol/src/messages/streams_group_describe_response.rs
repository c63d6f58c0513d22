//! StreamsGroupDescribeResponse (generated from Kafka's message spec; do not edit).
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
pub struct StreamsGroupDescribeResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub groups: Vec<DescribedGroup>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StreamsGroupDescribeResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            groups: Vec::<DescribedGroup>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StreamsGroupDescribeResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "StreamsGroupDescribeResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.groups = read_array(buf, flexible, 1, "Groups", |b: &mut Bytes| {
                DescribedGroup::decode(version, b)
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
                what: "StreamsGroupDescribeResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_array_len(buf, flexible, false, "Groups", Some(self.groups.len()))?;
        for e in self.groups.iter() {
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
            len += (array_len_len(flexible, Some(self.groups.len()))
                + self
                    .groups
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
impl Sample for StreamsGroupDescribeResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.groups = g.vec(|g| DescribedGroup::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for StreamsGroupDescribeResponse {
    const NAME: &'static str = "StreamsGroupDescribeResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribedGroup {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+; default: null
    pub error_message: Option<String>,
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub group_state: String,
    /// Versions: 0+
    pub group_epoch: i32,
    /// Versions: 0+
    pub assignment_epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub topology: Option<Topology>,
    /// Versions: 0+
    pub members: Vec<Member>,
    /// Versions: 0+; default: -2147483648
    pub authorized_operations: i32,
    /// Versions: 1+; nullable: 1+; default: null
    pub topology_description: Option<TopologyDescription>,
    /// Versions: 1+; default: 0
    pub topology_description_status: i8,
    /// Versions: 1+; nullable: 1+; default: null
    pub assignor_name: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribedGroup {
    fn default() -> Self {
        Self {
            error_code: 0,
            error_message: None,
            group_id: String::new(),
            group_state: String::new(),
            group_epoch: 0,
            assignment_epoch: 0,
            topology: None,
            members: Vec::<Member>::new(),
            authorized_operations: -2147483648,
            topology_description: None,
            topology_description_status: 0,
            assignor_name: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribedGroup {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.group_state = read_string(buf, flexible, "GroupState")?;
        }
        if true {
            this.group_epoch = read_i32(buf)?;
        }
        if true {
            this.assignment_epoch = read_i32(buf)?;
        }
        if true {
            this.topology = if !(true) || read_struct_marker(buf)? {
                Some(Topology::decode(version, buf)?)
            } else {
                None
            };
        }
        if true {
            this.members = read_array(buf, flexible, 1, "Members", |b: &mut Bytes| {
                Member::decode(version, b)
            })?;
        }
        if true {
            this.authorized_operations = read_i32(buf)?;
        }
        if version >= 1 {
            this.topology_description = if !(version >= 1) || read_struct_marker(buf)? {
                Some(TopologyDescription::decode(version, buf)?)
            } else {
                None
            };
        }
        if version >= 1 {
            this.topology_description_status = read_i8(buf)?;
        }
        if version >= 1 {
            this.assignor_name = read_nullable_string(buf, flexible, version >= 1, "AssignorName")?;
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
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.group_state)?;
        write_i32(buf, self.group_epoch);
        write_i32(buf, self.assignment_epoch);
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
        write_array_len(buf, flexible, false, "Members", Some(self.members.len()))?;
        for e in self.members.iter() {
            e.encode(version, buf)?;
        }
        write_i32(buf, self.authorized_operations);
        if version >= 1 {
            match &self.topology_description {
                None if !(version >= 1) => {
                    return Err(EncodeError::NullNotAllowed("TopologyDescription"))
                }
                None => write_i8(buf, -1),
                Some(s) => {
                    if version >= 1 {
                        write_i8(buf, 1);
                    }
                    s.encode(version, buf)?;
                }
            }
        } else {
            if self.topology_description != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopologyDescription",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i8(buf, self.topology_description_status);
        } else {
            if self.topology_description_status != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopologyDescriptionStatus",
                    version,
                });
            }
        }
        if version >= 1 {
            write_nullable_string(
                buf,
                flexible,
                version >= 1,
                "AssignorName",
                self.assignor_name.as_deref(),
            )?;
        } else {
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
            len += 2;
        }
        if true {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += string_len(flexible, Some(&self.group_id));
        }
        if true {
            len += string_len(flexible, Some(&self.group_state));
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += (if true { 1 } else { 0 }
                + self.topology.as_ref().map_or(0, |s| s.encoded_len(version)));
        }
        if true {
            len += (array_len_len(flexible, Some(self.members.len()))
                + self
                    .members
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += 4;
        }
        if version >= 1 {
            len += (if version >= 1 { 1 } else { 0 }
                + self
                    .topology_description
                    .as_ref()
                    .map_or(0, |s| s.encoded_len(version)));
        }
        if version >= 1 {
            len += 1;
        }
        if version >= 1 {
            len += string_len(flexible, self.assignor_name.as_deref());
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
impl Sample for DescribedGroup {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
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
            this.group_id = g.string();
        }
        if true {
            this.group_state = g.string();
        }
        if true {
            this.group_epoch = g.i32();
        }
        if true {
            this.assignment_epoch = g.i32();
        }
        if true {
            this.topology = if true && g.null() {
                None
            } else {
                Some(Topology::sample(version, g))
            };
        }
        if true {
            this.members = g.vec(|g| Member::sample(version, g));
        }
        if true {
            this.authorized_operations = g.i32();
        }
        if version >= 1 {
            this.topology_description = if version >= 1 && g.null() {
                None
            } else {
                Some(TopologyDescription::sample(version, g))
            };
        }
        if version >= 1 {
            this.topology_description_status = g.i8();
        }
        if version >= 1 {
            this.assignor_name = if version >= 1 && g.null() {
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

#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Versions: 0+
    pub epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub subtopologies: Option<Vec<Subtopology>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Topology {
    fn default() -> Self {
        Self {
            epoch: 0,
            subtopologies: None,
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
            this.subtopologies =
                read_nullable_array(buf, flexible, true, 1, "Subtopologies", |b: &mut Bytes| {
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
            true,
            "Subtopologies",
            self.subtopologies.as_ref().map(Vec::len),
        )?;
        for e in self.subtopologies.iter().flatten() {
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
            len += (array_len_len(flexible, self.subtopologies.as_ref().map(Vec::len))
                + self
                    .subtopologies
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
impl Sample for Topology {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.epoch = g.i32();
        }
        if true {
            this.subtopologies = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| Subtopology::sample(version, g)))
            };
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
    pub repartition_sink_topics: Vec<String>,
    /// Versions: 0+
    pub state_changelog_topics: Vec<TopicInfo>,
    /// Versions: 0+
    pub repartition_source_topics: Vec<TopicInfo>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Subtopology {
    fn default() -> Self {
        Self {
            subtopology_id: String::new(),
            source_topics: Vec::<String>::new(),
            repartition_sink_topics: Vec::<String>::new(),
            state_changelog_topics: Vec::<TopicInfo>::new(),
            repartition_source_topics: Vec::<TopicInfo>::new(),
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
            this.repartition_sink_topics = read_array(
                buf,
                flexible,
                1,
                "RepartitionSinkTopics",
                |b: &mut Bytes| read_string(b, flexible, "RepartitionSinkTopics"),
            )?;
        }
        if true {
            this.state_changelog_topics =
                read_array(buf, flexible, 1, "StateChangelogTopics", |b: &mut Bytes| {
                    TopicInfo::decode(version, b)
                })?;
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
            "RepartitionSourceTopics",
            Some(self.repartition_source_topics.len()),
        )?;
        for e in self.repartition_source_topics.iter() {
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
            len += (array_len_len(flexible, Some(self.repartition_sink_topics.len()))
                + self
                    .repartition_sink_topics
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
            len += (array_len_len(flexible, Some(self.repartition_source_topics.len()))
                + self
                    .repartition_source_topics
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
            this.repartition_sink_topics = g.vec(|g| g.string());
        }
        if true {
            this.state_changelog_topics = g.vec(|g| TopicInfo::sample(version, g));
        }
        if true {
            this.repartition_source_topics = g.vec(|g| TopicInfo::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub member_epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub instance_id: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub rack_id: Option<String>,
    /// Versions: 0+
    pub client_id: String,
    /// Versions: 0+
    pub client_host: String,
    /// Versions: 0+
    pub topology_epoch: i32,
    /// Versions: 0+
    pub process_id: String,
    /// Versions: 0+; nullable: 0+; default: null
    pub user_endpoint: Option<Endpoint>,
    /// Versions: 0+
    pub client_tags: Vec<KeyValue>,
    /// Versions: 0+
    pub task_offsets: Vec<TaskOffset>,
    /// Versions: 0+
    pub task_end_offsets: Vec<TaskOffset>,
    /// Versions: 0+
    pub assignment: Assignment,
    /// Versions: 0+
    pub target_assignment: Assignment,
    /// Versions: 0+
    pub is_classic: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Member {
    fn default() -> Self {
        Self {
            member_id: String::new(),
            member_epoch: 0,
            instance_id: None,
            rack_id: None,
            client_id: String::new(),
            client_host: String::new(),
            topology_epoch: 0,
            process_id: String::new(),
            user_endpoint: None,
            client_tags: Vec::<KeyValue>::new(),
            task_offsets: Vec::<TaskOffset>::new(),
            task_end_offsets: Vec::<TaskOffset>::new(),
            assignment: Assignment::default(),
            target_assignment: Assignment::default(),
            is_classic: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Member {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if true {
            this.member_epoch = read_i32(buf)?;
        }
        if true {
            this.instance_id = read_nullable_string(buf, flexible, true, "InstanceId")?;
        }
        if true {
            this.rack_id = read_nullable_string(buf, flexible, true, "RackId")?;
        }
        if true {
            this.client_id = read_string(buf, flexible, "ClientId")?;
        }
        if true {
            this.client_host = read_string(buf, flexible, "ClientHost")?;
        }
        if true {
            this.topology_epoch = read_i32(buf)?;
        }
        if true {
            this.process_id = read_string(buf, flexible, "ProcessId")?;
        }
        if true {
            this.user_endpoint = if !(true) || read_struct_marker(buf)? {
                Some(Endpoint::decode(version, buf)?)
            } else {
                None
            };
        }
        if true {
            this.client_tags = read_array(buf, flexible, 1, "ClientTags", |b: &mut Bytes| {
                KeyValue::decode(version, b)
            })?;
        }
        if true {
            this.task_offsets = read_array(buf, flexible, 1, "TaskOffsets", |b: &mut Bytes| {
                TaskOffset::decode(version, b)
            })?;
        }
        if true {
            this.task_end_offsets =
                read_array(buf, flexible, 1, "TaskEndOffsets", |b: &mut Bytes| {
                    TaskOffset::decode(version, b)
                })?;
        }
        if true {
            this.assignment = Assignment::decode(version, buf)?;
        }
        if true {
            this.target_assignment = Assignment::decode(version, buf)?;
        }
        if true {
            this.is_classic = read_bool(buf)?;
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
        write_string(buf, flexible, &self.member_id)?;
        write_i32(buf, self.member_epoch);
        write_nullable_string(
            buf,
            flexible,
            true,
            "InstanceId",
            self.instance_id.as_deref(),
        )?;
        write_nullable_string(buf, flexible, true, "RackId", self.rack_id.as_deref())?;
        write_string(buf, flexible, &self.client_id)?;
        write_string(buf, flexible, &self.client_host)?;
        write_i32(buf, self.topology_epoch);
        write_string(buf, flexible, &self.process_id)?;
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
            false,
            "ClientTags",
            Some(self.client_tags.len()),
        )?;
        for e in self.client_tags.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "TaskOffsets",
            Some(self.task_offsets.len()),
        )?;
        for e in self.task_offsets.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "TaskEndOffsets",
            Some(self.task_end_offsets.len()),
        )?;
        for e in self.task_end_offsets.iter() {
            e.encode(version, buf)?;
        }
        self.assignment.encode(version, buf)?;
        self.target_assignment.encode(version, buf)?;
        write_bool(buf, self.is_classic);
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
            len += string_len(flexible, Some(&self.member_id));
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
            len += string_len(flexible, Some(&self.client_id));
        }
        if true {
            len += string_len(flexible, Some(&self.client_host));
        }
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.process_id));
        }
        if true {
            len += (if true { 1 } else { 0 }
                + self
                    .user_endpoint
                    .as_ref()
                    .map_or(0, |s| s.encoded_len(version)));
        }
        if true {
            len += (array_len_len(flexible, Some(self.client_tags.len()))
                + self
                    .client_tags
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.task_offsets.len()))
                + self
                    .task_offsets
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.task_end_offsets.len()))
                + self
                    .task_end_offsets
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += self.assignment.encoded_len(version);
        }
        if true {
            len += self.target_assignment.encoded_len(version);
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
impl Sample for Member {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.member_id = g.string();
        }
        if true {
            this.member_epoch = g.i32();
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
            this.client_id = g.string();
        }
        if true {
            this.client_host = g.string();
        }
        if true {
            this.topology_epoch = g.i32();
        }
        if true {
            this.process_id = g.string();
        }
        if true {
            this.user_endpoint = if true && g.null() {
                None
            } else {
                Some(Endpoint::sample(version, g))
            };
        }
        if true {
            this.client_tags = g.vec(|g| KeyValue::sample(version, g));
        }
        if true {
            this.task_offsets = g.vec(|g| TaskOffset::sample(version, g));
        }
        if true {
            this.task_end_offsets = g.vec(|g| TaskOffset::sample(version, g));
        }
        if true {
            this.assignment = Assignment::sample(version, g);
        }
        if true {
            this.target_assignment = Assignment::sample(version, g);
        }
        if true {
            this.is_classic = g.bool();
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
pub struct Assignment {
    /// Versions: 0+
    pub active_tasks: Vec<TaskIds>,
    /// Versions: 0+
    pub standby_tasks: Vec<TaskIds>,
    /// Versions: 0+
    pub warmup_tasks: Vec<TaskIds>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Assignment {
    fn default() -> Self {
        Self {
            active_tasks: Vec::<TaskIds>::new(),
            standby_tasks: Vec::<TaskIds>::new(),
            warmup_tasks: Vec::<TaskIds>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Assignment {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.active_tasks = read_array(buf, flexible, 1, "ActiveTasks", |b: &mut Bytes| {
                TaskIds::decode(version, b)
            })?;
        }
        if true {
            this.standby_tasks = read_array(buf, flexible, 1, "StandbyTasks", |b: &mut Bytes| {
                TaskIds::decode(version, b)
            })?;
        }
        if true {
            this.warmup_tasks = read_array(buf, flexible, 1, "WarmupTasks", |b: &mut Bytes| {
                TaskIds::decode(version, b)
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
        write_array_len(
            buf,
            flexible,
            false,
            "ActiveTasks",
            Some(self.active_tasks.len()),
        )?;
        for e in self.active_tasks.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "StandbyTasks",
            Some(self.standby_tasks.len()),
        )?;
        for e in self.standby_tasks.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "WarmupTasks",
            Some(self.warmup_tasks.len()),
        )?;
        for e in self.warmup_tasks.iter() {
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
            len += (array_len_len(flexible, Some(self.active_tasks.len()))
                + self
                    .active_tasks
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.standby_tasks.len()))
                + self
                    .standby_tasks
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.warmup_tasks.len()))
                + self
                    .warmup_tasks
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
impl Sample for Assignment {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.active_tasks = g.vec(|g| TaskIds::sample(version, g));
        }
        if true {
            this.standby_tasks = g.vec(|g| TaskIds::sample(version, g));
        }
        if true {
            this.warmup_tasks = g.vec(|g| TaskIds::sample(version, g));
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
pub struct TopologyDescription {
    /// Versions: 1+
    pub subtopologies: Vec<TopologyDescriptionSubtopology>,
    /// Versions: 1+
    pub global_stores: Vec<TopologyDescriptionGlobalStore>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopologyDescription {
    fn default() -> Self {
        Self {
            subtopologies: Vec::<TopologyDescriptionSubtopology>::new(),
            global_stores: Vec::<TopologyDescriptionGlobalStore>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopologyDescription {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.subtopologies = read_array(buf, flexible, 1, "Subtopologies", |b: &mut Bytes| {
                TopologyDescriptionSubtopology::decode(version, b)
            })?;
        }
        if version >= 1 {
            this.global_stores = read_array(buf, flexible, 1, "GlobalStores", |b: &mut Bytes| {
                TopologyDescriptionGlobalStore::decode(version, b)
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
        if version >= 1 {
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
        } else {
            if self.subtopologies != Vec::<TopologyDescriptionSubtopology>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Subtopologies",
                    version,
                });
            }
        }
        if version >= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "GlobalStores",
                Some(self.global_stores.len()),
            )?;
            for e in self.global_stores.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.global_stores != Vec::<TopologyDescriptionGlobalStore>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GlobalStores",
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
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.subtopologies.len()))
                + self
                    .subtopologies
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.global_stores.len()))
                + self
                    .global_stores
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
impl Sample for TopologyDescription {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.subtopologies = g.vec(|g| TopologyDescriptionSubtopology::sample(version, g));
        }
        if version >= 1 {
            this.global_stores = g.vec(|g| TopologyDescriptionGlobalStore::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopologyDescriptionSubtopology {
    /// Versions: 1+
    pub subtopology_id: String,
    /// Versions: 1+
    pub nodes: Vec<TopologyDescriptionNode>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopologyDescriptionSubtopology {
    fn default() -> Self {
        Self {
            subtopology_id: String::new(),
            nodes: Vec::<TopologyDescriptionNode>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopologyDescriptionSubtopology {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.subtopology_id = read_string(buf, flexible, "SubtopologyId")?;
        }
        if version >= 1 {
            this.nodes = read_array(buf, flexible, 1, "Nodes", |b: &mut Bytes| {
                TopologyDescriptionNode::decode(version, b)
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
        if version >= 1 {
            write_string(buf, flexible, &self.subtopology_id)?;
        } else {
            if self.subtopology_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SubtopologyId",
                    version,
                });
            }
        }
        if version >= 1 {
            write_array_len(buf, flexible, false, "Nodes", Some(self.nodes.len()))?;
            for e in self.nodes.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.nodes != Vec::<TopologyDescriptionNode>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Nodes",
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
        if version >= 1 {
            len += string_len(flexible, Some(&self.subtopology_id));
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.nodes.len()))
                + self
                    .nodes
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
impl Sample for TopologyDescriptionSubtopology {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.subtopology_id = g.string();
        }
        if version >= 1 {
            this.nodes = g.vec(|g| TopologyDescriptionNode::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopologyDescriptionNode {
    /// Versions: 1+
    pub name: String,
    /// Versions: 1+
    pub node_type: i8,
    /// Versions: 1+
    pub source_topics: Vec<String>,
    /// Versions: 1+; nullable: 1+; default: null
    pub sink_topic: Option<String>,
    /// Versions: 1+
    pub stores: Vec<String>,
    /// Versions: 1+
    pub successors: Vec<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopologyDescriptionNode {
    fn default() -> Self {
        Self {
            name: String::new(),
            node_type: 0,
            source_topics: Vec::<String>::new(),
            sink_topic: None,
            stores: Vec::<String>::new(),
            successors: Vec::<String>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopologyDescriptionNode {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 1 {
            this.node_type = read_i8(buf)?;
        }
        if version >= 1 {
            this.source_topics = read_array(buf, flexible, 1, "SourceTopics", |b: &mut Bytes| {
                read_string(b, flexible, "SourceTopics")
            })?;
        }
        if version >= 1 {
            this.sink_topic = read_nullable_string(buf, flexible, version >= 1, "SinkTopic")?;
        }
        if version >= 1 {
            this.stores = read_array(buf, flexible, 1, "Stores", |b: &mut Bytes| {
                read_string(b, flexible, "Stores")
            })?;
        }
        if version >= 1 {
            this.successors = read_array(buf, flexible, 1, "Successors", |b: &mut Bytes| {
                read_string(b, flexible, "Successors")
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
        if version >= 1 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i8(buf, self.node_type);
        } else {
            if self.node_type != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeType",
                    version,
                });
            }
        }
        if version >= 1 {
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
        } else {
            if self.source_topics != Vec::<String>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SourceTopics",
                    version,
                });
            }
        }
        if version >= 1 {
            write_nullable_string(
                buf,
                flexible,
                version >= 1,
                "SinkTopic",
                self.sink_topic.as_deref(),
            )?;
        } else {
            if self.sink_topic != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SinkTopic",
                    version,
                });
            }
        }
        if version >= 1 {
            write_array_len(buf, flexible, false, "Stores", Some(self.stores.len()))?;
            for e in self.stores.iter() {
                write_string(buf, flexible, e)?;
            }
        } else {
            if self.stores != Vec::<String>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Stores",
                    version,
                });
            }
        }
        if version >= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "Successors",
                Some(self.successors.len()),
            )?;
            for e in self.successors.iter() {
                write_string(buf, flexible, e)?;
            }
        } else {
            if self.successors != Vec::<String>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Successors",
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
        if version >= 1 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 1 {
            len += 1;
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.source_topics.len()))
                + self
                    .source_topics
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += string_len(flexible, self.sink_topic.as_deref());
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.stores.len()))
                + self
                    .stores
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.successors.len()))
                + self
                    .successors
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
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
impl Sample for TopologyDescriptionNode {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.name = g.string();
        }
        if version >= 1 {
            this.node_type = g.i8();
        }
        if version >= 1 {
            this.source_topics = g.vec(|g| g.string());
        }
        if version >= 1 {
            this.sink_topic = if version >= 1 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 1 {
            this.stores = g.vec(|g| g.string());
        }
        if version >= 1 {
            this.successors = g.vec(|g| g.string());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopologyDescriptionGlobalStore {
    /// Versions: 1+
    pub source: TopologyDescriptionNode,
    /// Versions: 1+
    pub processor: TopologyDescriptionNode,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopologyDescriptionGlobalStore {
    fn default() -> Self {
        Self {
            source: TopologyDescriptionNode::default(),
            processor: TopologyDescriptionNode::default(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopologyDescriptionGlobalStore {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.source = TopologyDescriptionNode::decode(version, buf)?;
        }
        if version >= 1 {
            this.processor = TopologyDescriptionNode::decode(version, buf)?;
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
        if version >= 1 {
            self.source.encode(version, buf)?;
        } else {
            if self.source != TopologyDescriptionNode::default() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Source",
                    version,
                });
            }
        }
        if version >= 1 {
            self.processor.encode(version, buf)?;
        } else {
            if self.processor != TopologyDescriptionNode::default() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Processor",
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
        if version >= 1 {
            len += self.source.encoded_len(version);
        }
        if version >= 1 {
            len += self.processor.encoded_len(version);
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
impl Sample for TopologyDescriptionGlobalStore {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.source = TopologyDescriptionNode::sample(version, g);
        }
        if version >= 1 {
            this.processor = TopologyDescriptionNode::sample(version, g);
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
