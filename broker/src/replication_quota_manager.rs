//! Kafka's ReplicationQuotaManager: the byte rate of throttled replication
//! on one side of it, a leader's answers to throttled followers
//! (`leader.replication.throttled.rate`) or a follower's fetches of
//! throttled partitions (`follower.replication.throttled.rate`). Which
//! partitions are throttled is the topics' `*.replication.throttled.replicas`
//! (`config::topic_config::ThrottledReplicas`); as in Kafka, only replicas
//! outside the ISR are throttled, so a reassignment's new replicas catch up
//! at the rate while the in-sync ones are never held back.
//!
//! Invariants: the rate is measured over Kafka's quota windows
//! (`sampled_rate`, 11 windows of 1 s); without a limit (the keys unset,
//! Kafka's default Long.MAX_VALUE) nothing is measured and nothing is held
//! back; past the limit a throttled partition gets no bytes until the rate
//! falls back under it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::sampled_rate::SampledRate;

/// One side's throttle.
#[derive(Debug)]
pub struct ReplicationQuotaManager {
    /// Bytes per second; `u64::MAX`: no limit.
    limit: AtomicU64,
    rate: Mutex<SampledRate>,
    started: Instant,
}

impl Default for ReplicationQuotaManager {
    fn default() -> Self {
        ReplicationQuotaManager {
            limit: AtomicU64::new(u64::MAX),
            rate: Mutex::new(SampledRate::default()),
            started: Instant::now(),
        }
    }
}

impl ReplicationQuotaManager {
    /// Sets the limit from the key's value (`None`, unparsable or negative:
    /// no limit, Kafka's default).
    pub fn set_limit(&self, value: Option<&str>) {
        let limit = value
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|v| (0..i64::MAX).contains(v))
            .map_or(u64::MAX, |v| v as u64);
        self.limit.store(limit, Ordering::Relaxed);
    }

    /// A limit is set (only then are partitions checked at all).
    pub fn is_limited(&self) -> bool {
        self.limit.load(Ordering::Relaxed) != u64::MAX
    }

    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// The throttled bytes of the last windows went past the limit.
    pub fn is_quota_exceeded(&self) -> bool {
        let limit = self.limit.load(Ordering::Relaxed);
        limit != u64::MAX
            && self
                .rate
                .lock()
                .expect("rate lock")
                .per_second(self.now_ms())
                > limit as f64
    }

    /// Counts `bytes` of throttled replication.
    pub fn record(&self, bytes: usize) {
        if bytes > 0 {
            let now = self.now_ms();
            self.rate
                .lock()
                .expect("rate lock")
                .record(now, bytes as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_the_quota_is_exceeded_and_unset_means_unlimited() {
        let q = ReplicationQuotaManager::default();
        assert!(!q.is_limited());
        q.record(1 << 30);
        assert!(!q.is_quota_exceeded(), "no limit");
        q.set_limit(Some("1000"));
        assert!(q.is_limited());
        // 1 GiB over the 10 s a fresh rate spans: far past 1,000 B/s.
        assert!(q.is_quota_exceeded());
        q.set_limit(Some("9223372036854775807"));
        assert!(!q.is_limited() && !q.is_quota_exceeded());
        let q = ReplicationQuotaManager::default();
        q.set_limit(Some("1000"));
        q.record(5_000);
        assert!(!q.is_quota_exceeded(), "500 B/s over 10 s");
        q.record(6_000);
        assert!(q.is_quota_exceeded(), "1,100 B/s");
    }
}
