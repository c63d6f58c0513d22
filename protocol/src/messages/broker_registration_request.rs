//! BrokerRegistrationRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-4; flexible versions: 0+.
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
pub struct BrokerRegistrationRequest {
    /// Versions: 0+
    pub broker_id: i32,
    /// Versions: 0+
    pub cluster_id: String,
    /// Versions: 0+
    pub incarnation_id: Uuid,
    /// Versions: 0+
    pub listeners: Vec<Listener>,
    /// Versions: 0+
    pub features: Vec<Feature>,
    /// Versions: 0+; nullable: 0+
    pub rack: Option<String>,
    /// Versions: 1+; default: false
    pub is_migrating_zk_broker: bool,
    /// Versions: 2+
    pub log_dirs: Vec<Uuid>,
    /// Versions: 3+; default: -1
    pub previous_broker_epoch: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for BrokerRegistrationRequest {
    fn default() -> Self {
        Self {
            broker_id: 0,
            cluster_id: String::new(),
            incarnation_id: Uuid::nil(),
            listeners: Vec::<Listener>::new(),
            features: Vec::<Feature>::new(),
            rack: Some(String::new()),
            is_migrating_zk_broker: false,
            log_dirs: Vec::<Uuid>::new(),
            previous_broker_epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for BrokerRegistrationRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "BrokerRegistrationRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.broker_id = read_i32(buf)?;
        }
        if true {
            this.cluster_id = read_string(buf, flexible, "ClusterId")?;
        }
        if true {
            this.incarnation_id = read_uuid(buf)?;
        }
        if true {
            this.listeners = read_array(buf, flexible, 1, "Listeners", |b: &mut Bytes| {
                Listener::decode(version, b)
            })?;
        }
        if true {
            this.features = read_array(buf, flexible, 1, "Features", |b: &mut Bytes| {
                Feature::decode(version, b)
            })?;
        }
        if true {
            this.rack = read_nullable_string(buf, flexible, true, "Rack")?;
        }
        if version >= 1 {
            this.is_migrating_zk_broker = read_bool(buf)?;
        }
        if version >= 2 {
            this.log_dirs = read_array(buf, flexible, 16, "LogDirs", read_uuid)?;
        }
        if version >= 3 {
            this.previous_broker_epoch = read_i64(buf)?;
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
                what: "BrokerRegistrationRequest",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.broker_id);
        write_string(buf, flexible, &self.cluster_id)?;
        write_uuid(buf, &self.incarnation_id);
        write_array_len(
            buf,
            flexible,
            false,
            "Listeners",
            Some(self.listeners.len()),
        )?;
        for e in self.listeners.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(buf, flexible, false, "Features", Some(self.features.len()))?;
        for e in self.features.iter() {
            e.encode(version, buf)?;
        }
        write_nullable_string(buf, flexible, true, "Rack", self.rack.as_deref())?;
        if version >= 1 {
            write_bool(buf, self.is_migrating_zk_broker);
        } else {
            if self.is_migrating_zk_broker != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IsMigratingZkBroker",
                    version,
                });
            }
        }
        if version >= 2 {
            write_array_len(buf, flexible, false, "LogDirs", Some(self.log_dirs.len()))?;
            for e in self.log_dirs.iter() {
                write_uuid(buf, e);
            }
        } else {
        }
        if version >= 3 {
            write_i64(buf, self.previous_broker_epoch);
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
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.cluster_id));
        }
        if true {
            len += 16;
        }
        if true {
            len += (array_len_len(flexible, Some(self.listeners.len()))
                + self
                    .listeners
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.features.len()))
                + self
                    .features
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += string_len(flexible, self.rack.as_deref());
        }
        if version >= 1 {
            len += 1;
        }
        if version >= 2 {
            len += (array_len_len(flexible, Some(self.log_dirs.len())) + self.log_dirs.len() * 16);
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
impl Sample for BrokerRegistrationRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.broker_id = g.i32();
        }
        if true {
            this.cluster_id = g.string();
        }
        if true {
            this.incarnation_id = g.uuid();
        }
        if true {
            this.listeners = g.vec(|g| Listener::sample(version, g));
        }
        if true {
            this.features = g.vec(|g| Feature::sample(version, g));
        }
        if true {
            this.rack = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 1 {
            this.is_migrating_zk_broker = g.bool();
        }
        if version >= 2 {
            this.log_dirs = g.vec(|g| g.uuid());
        }
        if version >= 3 {
            this.previous_broker_epoch = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for BrokerRegistrationRequest {
    const NAME: &'static str = "BrokerRegistrationRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 4 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: u16,
    /// Versions: 0+
    pub security_protocol: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Listener {
    fn default() -> Self {
        Self {
            name: String::new(),
            host: String::new(),
            port: 0,
            security_protocol: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Listener {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.port = read_u16(buf)?;
        }
        if true {
            this.security_protocol = read_i16(buf)?;
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
        write_string(buf, flexible, &self.host)?;
        write_u16(buf, self.port);
        write_i16(buf, self.security_protocol);
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
            len += string_len(flexible, Some(&self.host));
        }
        if true {
            len += 2;
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
impl Sample for Listener {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.host = g.string();
        }
        if true {
            this.port = g.u16();
        }
        if true {
            this.security_protocol = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub min_supported_version: i16,
    /// Versions: 0+
    pub max_supported_version: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Feature {
    fn default() -> Self {
        Self {
            name: String::new(),
            min_supported_version: 0,
            max_supported_version: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Feature {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.min_supported_version = read_i16(buf)?;
        }
        if true {
            this.max_supported_version = read_i16(buf)?;
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
        write_i16(buf, self.min_supported_version);
        write_i16(buf, self.max_supported_version);
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
            len += 2;
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
impl Sample for Feature {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.min_supported_version = g.i16();
        }
        if true {
            this.max_supported_version = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
