//! Kafka's `ThroughputThrottler` for `perf produce`: how long to wait so the
//! average rate since the start stays at the target.
//!
//! Invariants: the rate is averaged from the start, so a late record is sent
//! at once (catching up) rather than the schedule sliding; a target that is
//! not positive never waits.

use super::*;

/// Kafka's ThroughputThrottler: after `sent` records, wait until the average
/// rate since the start is down to the target.
#[derive(Debug, Clone, Copy)]
pub(super) struct Throttler {
    /// Records per second; not positive = unlimited.
    per_sec: f64,
    start: Instant,
}

impl Throttler {
    pub(super) fn new(per_sec: f64, start: Instant) -> Self {
        Throttler { per_sec, start }
    }

    /// How long to wait before sending record number `sent + 1`.
    pub(super) fn delay(&self, sent: u64, now: Instant) -> Option<Duration> {
        if self.per_sec <= 0.0 || sent == 0 {
            return None;
        }
        let due = self.due(sent);
        (due > now).then(|| due - now)
    }

    /// When record number `sent + 1` is due on the schedule: what end-to-end
    /// latency is measured from, so that a stalled sender cannot hide the
    /// stall by sending late (coordinated omission).
    pub(super) fn due(&self, sent: u64) -> Instant {
        if self.per_sec <= 0.0 {
            return self.start;
        }
        self.start + Duration::from_secs_f64(sent as f64 / self.per_sec)
    }
}
