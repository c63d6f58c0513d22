//! Per-partition log configuration (Kafka's topic-level `segment.*`,
//! `index.interval.bytes`, `flush.messages`, `retention.*`, `cleanup.policy`
//! and the compaction settings).

use crate::error::{Result, StorageError};
use crate::offset_index::OFFSET_ENTRY_SIZE;
use crate::time_index::TIME_ENTRY_SIZE;

/// Kafka's `segment.bytes` default: 1 GiB.
pub const DEFAULT_SEGMENT_BYTES: u32 = 1 << 30;
/// Kafka's `segment.ms` default: 7 days.
pub const DEFAULT_SEGMENT_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// Kafka's `index.interval.bytes` default.
pub const DEFAULT_INDEX_INTERVAL_BYTES: u32 = 4096;
/// Kafka's `segment.index.bytes` default: 10 MiB.
pub const DEFAULT_SEGMENT_INDEX_BYTES: u32 = 10 * 1024 * 1024;
/// Kafka's `retention.ms` default: 7 days.
pub const DEFAULT_RETENTION_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Kafka's `delete.retention.ms` default: 1 day.
pub const DEFAULT_DELETE_RETENTION_MS: i64 = 24 * 60 * 60 * 1000;
/// Kafka's `min.cleanable.dirty.ratio` default.
pub const DEFAULT_MIN_CLEANABLE_DIRTY_RATIO: f64 = 0.5;

/// Configuration of one partition log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogConfig {
    /// Roll a new segment when the active one would exceed this size (`segment.bytes`).
    pub segment_bytes: u32,
    /// Roll a new segment when the active one spans more than this many
    /// milliseconds of record time (`segment.ms`).
    pub segment_ms: i64,
    /// Add an index entry every this many bytes of log (`index.interval.bytes`).
    pub index_interval_bytes: u32,
    /// Maximum size of each index file; a full index forces a roll (`segment.index.bytes`).
    pub segment_index_bytes: u32,
    /// fsync after this many messages (`flush.messages`); `None` leaves it to
    /// the OS and to explicit [`crate::Log::flush`] calls.
    pub flush_messages: Option<u64>,
    /// Time retention (`retention.ms`), -1 = infinite.
    pub retention_ms: i64,
    /// Size retention (`retention.bytes`), -1 = infinite.
    pub retention_bytes: i64,
    /// `cleanup.policy` holds `delete`: retention deletes old segments.
    pub cleanup_delete: bool,
    /// `cleanup.policy` holds `compact`: the cleaner keeps the latest record
    /// per key.
    pub cleanup_compact: bool,
    /// How long a tombstone (a record with a null value) stays after its
    /// timestamp before the cleaner may remove it (`delete.retention.ms`).
    pub delete_retention_ms: i64,
    /// Records newer than this stay uncompacted (`min.compaction.lag.ms`).
    pub min_compaction_lag_ms: i64,
    /// A dirty record older than this gets its log cleaned whatever the
    /// dirty ratio (`max.compaction.lag.ms`).
    pub max_compaction_lag_ms: i64,
    /// Clean when dirty bytes / cleanable bytes reach this
    /// (`min.cleanable.dirty.ratio`).
    pub min_cleanable_dirty_ratio: f64,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            segment_bytes: DEFAULT_SEGMENT_BYTES,
            segment_ms: DEFAULT_SEGMENT_MS,
            index_interval_bytes: DEFAULT_INDEX_INTERVAL_BYTES,
            segment_index_bytes: DEFAULT_SEGMENT_INDEX_BYTES,
            flush_messages: None,
            retention_ms: DEFAULT_RETENTION_MS,
            retention_bytes: -1,
            cleanup_delete: true,
            cleanup_compact: false,
            delete_retention_ms: DEFAULT_DELETE_RETENTION_MS,
            min_compaction_lag_ms: 0,
            max_compaction_lag_ms: i64::MAX,
            min_cleanable_dirty_ratio: DEFAULT_MIN_CLEANABLE_DIRTY_RATIO,
        }
    }
}

impl LogConfig {
    /// Checks the ranges Kafka enforces (segment positions are 32-bit signed).
    pub fn validate(&self) -> Result<()> {
        let invalid = |msg: String| Err(StorageError::InvalidConfig(msg));
        if self.segment_bytes < 14 || self.segment_bytes > i32::MAX as u32 {
            return invalid(format!(
                "segment_bytes {} not in [14, {}]",
                self.segment_bytes,
                i32::MAX
            ));
        }
        if self.segment_ms < 1 {
            return invalid(format!("segment_ms {} must be >= 1", self.segment_ms));
        }
        if self.index_interval_bytes > i32::MAX as u32 {
            return invalid(format!(
                "index_interval_bytes {} exceeds {}",
                self.index_interval_bytes,
                i32::MAX
            ));
        }
        let min_index = OFFSET_ENTRY_SIZE.max(TIME_ENTRY_SIZE) as u32;
        if self.segment_index_bytes < min_index || self.segment_index_bytes > i32::MAX as u32 {
            return invalid(format!(
                "segment_index_bytes {} not in [{min_index}, {}]",
                self.segment_index_bytes,
                i32::MAX
            ));
        }
        if self.flush_messages == Some(0) {
            return invalid("flush_messages must be >= 1".to_string());
        }
        if self.retention_ms < -1 {
            return invalid(format!("retention_ms {} must be >= -1", self.retention_ms));
        }
        if self.retention_bytes < -1 {
            return invalid(format!(
                "retention_bytes {} must be >= -1",
                self.retention_bytes
            ));
        }
        if self.delete_retention_ms < 0
            || self.min_compaction_lag_ms < 0
            || self.max_compaction_lag_ms < 1
        {
            return invalid(format!(
                "delete_retention_ms {} and min_compaction_lag_ms {} must be >= 0, max_compaction_lag_ms {} >= 1",
                self.delete_retention_ms, self.min_compaction_lag_ms, self.max_compaction_lag_ms
            ));
        }
        if !(0.0..=1.0).contains(&self.min_cleanable_dirty_ratio) {
            return invalid(format!(
                "min_cleanable_dirty_ratio {} not in [0, 1]",
                self.min_cleanable_dirty_ratio
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_kafka_and_validate() {
        let c = LogConfig::default();
        assert_eq!(c.segment_bytes, 1_073_741_824);
        assert_eq!(c.segment_ms, 604_800_000);
        assert_eq!(c.index_interval_bytes, 4096);
        assert_eq!(c.segment_index_bytes, 10_485_760);
        assert_eq!(c.flush_messages, None);
        assert_eq!(c.retention_ms, 604_800_000);
        assert_eq!(c.retention_bytes, -1);
        c.validate().unwrap();
    }

    #[test]
    fn rejects_out_of_range_values() {
        let bad = [
            LogConfig {
                segment_bytes: u32::MAX,
                ..LogConfig::default()
            },
            LogConfig {
                segment_ms: 0,
                ..LogConfig::default()
            },
            LogConfig {
                segment_index_bytes: 4,
                ..LogConfig::default()
            },
            LogConfig {
                flush_messages: Some(0),
                ..LogConfig::default()
            },
            LogConfig {
                retention_bytes: -2,
                ..LogConfig::default()
            },
        ];
        for c in bad {
            assert!(
                matches!(c.validate(), Err(StorageError::InvalidConfig(_))),
                "{c:?}"
            );
        }
    }
}
