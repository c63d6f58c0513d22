//! StreamsGroupTopologyDescriptionUpdateRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-0; flexible versions: 0+.
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
pub struct StreamsGroupTopologyDescriptionUpdateRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub topology_epoch: i32,
    /// Versions: 0+
    pub topology_description: TopologyDescription,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StreamsGroupTopologyDescriptionUpdateRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            member_id: String::new(),
            topology_epoch: 0,
            topology_description: TopologyDescription::default(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StreamsGroupTopologyDescriptionUpdateRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "StreamsGroupTopologyDescriptionUpdateRequest",
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
            this.topology_epoch = read_i32(buf)?;
        }
        if true {
            this.topology_description = TopologyDescription::decode(version, buf)?;
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
                what: "StreamsGroupTopologyDescriptionUpdateRequest",
                version,
            });
        }
        let flexible = true;
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.member_id)?;
        write_i32(buf, self.topology_epoch);
        self.topology_description.encode(version, buf)?;
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
            len += self.topology_description.encoded_len(version);
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
impl Sample for StreamsGroupTopologyDescriptionUpdateRequest {
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
            this.topology_epoch = g.i32();
        }
        if true {
            this.topology_description = TopologyDescription::sample(version, g);
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for StreamsGroupTopologyDescriptionUpdateRequest {
    const NAME: &'static str = "StreamsGroupTopologyDescriptionUpdateRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopologyDescription {
    /// Versions: 0+
    pub subtopologies: Vec<TopologyDescriptionSubtopology>,
    /// Versions: 0+
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
        if true {
            this.subtopologies = read_array(buf, flexible, 1, "Subtopologies", |b: &mut Bytes| {
                TopologyDescriptionSubtopology::decode(version, b)
            })?;
        }
        if true {
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
            len += (array_len_len(flexible, Some(self.subtopologies.len()))
                + self
                    .subtopologies
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
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
        if true {
            this.subtopologies = g.vec(|g| TopologyDescriptionSubtopology::sample(version, g));
        }
        if true {
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
    /// Versions: 0+
    pub subtopology_id: String,
    /// Versions: 0+
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
        if true {
            this.subtopology_id = read_string(buf, flexible, "SubtopologyId")?;
        }
        if true {
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
        write_string(buf, flexible, &self.subtopology_id)?;
        write_array_len(buf, flexible, false, "Nodes", Some(self.nodes.len()))?;
        for e in self.nodes.iter() {
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
        if true {
            this.subtopology_id = g.string();
        }
        if true {
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
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub node_type: i8,
    /// Versions: 0+
    pub source_topics: Vec<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub sink_topic: Option<String>,
    /// Versions: 0+
    pub stores: Vec<String>,
    /// Versions: 0+
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
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.node_type = read_i8(buf)?;
        }
        if true {
            this.source_topics = read_array(buf, flexible, 1, "SourceTopics", |b: &mut Bytes| {
                read_string(b, flexible, "SourceTopics")
            })?;
        }
        if true {
            this.sink_topic = read_nullable_string(buf, flexible, true, "SinkTopic")?;
        }
        if true {
            this.stores = read_array(buf, flexible, 1, "Stores", |b: &mut Bytes| {
                read_string(b, flexible, "Stores")
            })?;
        }
        if true {
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
        write_string(buf, flexible, &self.name)?;
        write_i8(buf, self.node_type);
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
        write_nullable_string(buf, flexible, true, "SinkTopic", self.sink_topic.as_deref())?;
        write_array_len(buf, flexible, false, "Stores", Some(self.stores.len()))?;
        for e in self.stores.iter() {
            write_string(buf, flexible, e)?;
        }
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
            len += 1;
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
            len += string_len(flexible, self.sink_topic.as_deref());
        }
        if true {
            len += (array_len_len(flexible, Some(self.stores.len()))
                + self
                    .stores
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if true {
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
        if true {
            this.name = g.string();
        }
        if true {
            this.node_type = g.i8();
        }
        if true {
            this.source_topics = g.vec(|g| g.string());
        }
        if true {
            this.sink_topic = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.stores = g.vec(|g| g.string());
        }
        if true {
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
    /// Versions: 0+
    pub source: TopologyDescriptionNode,
    /// Versions: 0+
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
        if true {
            this.source = TopologyDescriptionNode::decode(version, buf)?;
        }
        if true {
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
        self.source.encode(version, buf)?;
        self.processor.encode(version, buf)?;
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
            len += self.source.encoded_len(version);
        }
        if true {
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
        if true {
            this.source = TopologyDescriptionNode::sample(version, g);
        }
        if true {
            this.processor = TopologyDescriptionNode::sample(version, g);
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
