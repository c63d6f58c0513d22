//! BrokerHeartbeatRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 0+.
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
pub struct BrokerHeartbeatRequest {
    /// Versions: 0+
    pub broker_id: i32,
    /// Versions: 0+; default: -1
    pub broker_epoch: i64,
    /// Versions: 0+
    pub current_metadata_offset: i64,
    /// Versions: 0+
    pub want_fence: bool,
    /// Versions: 0+
    pub want_shut_down: bool,
    /// Versions: 1+; tag 0 in 1+
    pub offline_log_dirs: Vec<Uuid>,
    /// Versions: 2+; nullable: 2+; tag 1 in 2+; default: null
    pub cordoned_log_dirs: Option<Vec<Uuid>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for BrokerHeartbeatRequest {
    fn default() -> Self {
        Self {
            broker_id: 0,
            broker_epoch: -1,
            current_metadata_offset: 0,
            want_fence: false,
            want_shut_down: false,
            offline_log_dirs: Vec::<Uuid>::new(),
            cordoned_log_dirs: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for BrokerHeartbeatRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "BrokerHeartbeatRequest",
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
            this.current_metadata_offset = read_i64(buf)?;
        }
        if true {
            this.want_fence = read_bool(buf)?;
        }
        if true {
            this.want_shut_down = read_bool(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 1 => {
                        this.offline_log_dirs =
                            read_array(&mut body, true, 16, "OfflineLogDirs", read_uuid)?;
                    }
                    1 if version >= 2 => {
                        this.cordoned_log_dirs = read_nullable_array(
                            &mut body,
                            true,
                            version >= 2,
                            16,
                            "CordonedLogDirs",
                            read_uuid,
                        )?;
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
                what: "BrokerHeartbeatRequest",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.broker_id);
        write_i64(buf, self.broker_epoch);
        write_i64(buf, self.current_metadata_offset);
        write_bool(buf, self.want_fence);
        write_bool(buf, self.want_shut_down);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 1 && self.offline_log_dirs != Vec::<Uuid>::new() {
                count += 1;
            }
            if version >= 2 && self.cordoned_log_dirs != None {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 1 && self.offline_log_dirs != Vec::<Uuid>::new() {
                write_uvarint(buf, 0);
                write_uvarint(
                    buf,
                    (array_len_len(true, Some(self.offline_log_dirs.len()))
                        + self.offline_log_dirs.len() * 16) as u32,
                );
                write_array_len(
                    buf,
                    true,
                    false,
                    "OfflineLogDirs",
                    Some(self.offline_log_dirs.len()),
                )?;
                for e in self.offline_log_dirs.iter() {
                    write_uuid(buf, e);
                }
            } else {
                if !(version >= 1) {
                    if self.offline_log_dirs != Vec::<Uuid>::new() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "OfflineLogDirs",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..1);
            if version >= 2 && self.cordoned_log_dirs != None {
                write_uvarint(buf, 1);
                write_uvarint(
                    buf,
                    (array_len_len(true, self.cordoned_log_dirs.as_ref().map(Vec::len))
                        + self.cordoned_log_dirs.as_ref().map_or(0, Vec::len) * 16)
                        as u32,
                );
                write_array_len(
                    buf,
                    true,
                    version >= 2,
                    "CordonedLogDirs",
                    self.cordoned_log_dirs.as_ref().map(Vec::len),
                )?;
                for e in self.cordoned_log_dirs.iter().flatten() {
                    write_uuid(buf, e);
                }
            } else {
                if !(version >= 2) {
                    if self.cordoned_log_dirs != None {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "CordonedLogDirs",
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 8;
        }
        if true {
            len += 8;
        }
        if true {
            len += 1;
        }
        if true {
            len += 1;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 1 && self.offline_log_dirs != Vec::<Uuid>::new() {
                count += 1;
                let n = (array_len_len(true, Some(self.offline_log_dirs.len()))
                    + self.offline_log_dirs.len() * 16);
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            if version >= 2 && self.cordoned_log_dirs != None {
                count += 1;
                let n = (array_len_len(true, self.cordoned_log_dirs.as_ref().map(Vec::len))
                    + self.cordoned_log_dirs.as_ref().map_or(0, Vec::len) * 16);
                len += uvarint_len(1) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for BrokerHeartbeatRequest {
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
            this.current_metadata_offset = g.i64();
        }
        if true {
            this.want_fence = g.bool();
        }
        if true {
            this.want_shut_down = g.bool();
        }
        if flexible && version >= 1 {
            this.offline_log_dirs = g.vec(|g| g.uuid());
        }
        if flexible && version >= 2 {
            this.cordoned_log_dirs = if version >= 2 && g.null() {
                None
            } else {
                Some(g.vec(|g| g.uuid()))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for BrokerHeartbeatRequest {
    const NAME: &'static str = "BrokerHeartbeatRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
