//! Latency and throughput statistics of the perf tools (Kafka's
//! `ProducerPerformance.Stats`): a log-linear latency histogram, the window
//! of the last progress line, and the producer's running totals.
//!
//! Invariants: the histogram's memory is fixed (`SUB_BITS` sub-buckets per
//! power of two, up to `HIST_MAX` microseconds), exact for small values and
//! within one sub-bucket above.

use super::*;

/// A log-linear histogram of microseconds, like HdrHistogram with three
/// significant digits: exact below 2048, then 1024 buckets per power of two
/// (under 0.1% error). Values above an hour are counted as an hour.
#[derive(Clone)]
pub(super) struct Histogram {
    counts: Vec<u64>,
    pub(super) total: u64,
    sum: u64,
    pub(super) max: u64,
}

pub(super) const SUB_BITS: u32 = 10;

pub(super) const HIST_MAX: u64 = 3_600_000_000;

impl Histogram {
    pub(super) fn new() -> Self {
        Histogram {
            counts: vec![0; Self::index(HIST_MAX) + 1],
            total: 0,
            sum: 0,
            max: 0,
        }
    }

    pub(super) fn index(v: u64) -> usize {
        let v = v.min(HIST_MAX);
        if v < 1 << (SUB_BITS + 1) {
            return v as usize;
        }
        let shift = 63 - v.leading_zeros() - SUB_BITS;
        ((shift as usize) << SUB_BITS) + (v >> shift) as usize
    }

    /// The largest value that falls in bucket `i`.
    pub(super) fn highest_in(i: usize) -> u64 {
        if i < 1 << (SUB_BITS + 1) {
            return i as u64;
        }
        let shift = (i >> SUB_BITS) as u32 - 1;
        let sub = (i as u64 & ((1 << SUB_BITS) - 1)) | (1 << SUB_BITS);
        ((sub + 1) << shift) - 1
    }

    pub(super) fn record(&mut self, v: u64) {
        self.counts[Self::index(v)] += 1;
        self.total += 1;
        self.sum = self.sum.saturating_add(v);
        self.max = self.max.max(v);
    }

    pub(super) fn mean(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.sum as f64 / self.total as f64
        }
    }

    /// The value below or at which `pct` percent of the values are.
    pub(super) fn percentile(&self, pct: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        // Less a hair, so that 99.9% of 1000 is rank 999 despite rounding.
        let rank = ((pct / 100.0 * self.total as f64 - 1e-9).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Self::highest_in(i).min(HIST_MAX);
            }
        }
        HIST_MAX
    }
}

/// Records acknowledged, for one reporting window or the whole run.
#[derive(Clone, Copy, Default)]
pub(super) struct Window {
    pub(super) records: u64,
    pub(super) bytes: u64,
    latency_sum_us: u64,
    pub(super) latency_max_us: u64,
}

impl Window {
    fn add(&mut self, bytes: u64, latency_us: u64) {
        self.records += 1;
        self.bytes += bytes;
        self.latency_sum_us += latency_us;
        self.latency_max_us = self.latency_max_us.max(latency_us);
    }

    pub(super) fn avg_ms(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.latency_sum_us as f64 / self.records as f64 / 1000.0
        }
    }
}

pub(super) struct Stats {
    window: Window,
    window_start: Instant,
    pub(super) total: Window,
    pub(super) histogram: Histogram,
    pub(super) failed: u64,
    pub(super) last_error: Option<String>,
}

impl Stats {
    pub(super) fn new(start: Instant) -> Self {
        Stats {
            window: Window::default(),
            window_start: start,
            total: Window::default(),
            histogram: Histogram::new(),
            failed: 0,
            last_error: None,
        }
    }

    pub(super) fn acked(&mut self, at: Instant, enqueued: &[Instant], record_bytes: u64) {
        for &t in enqueued {
            let us = at.saturating_duration_since(t).as_micros() as u64;
            self.window.add(record_bytes, us);
            self.total.add(record_bytes, us);
            self.histogram.record(us);
        }
    }

    pub(super) fn failed(&mut self, count: usize, error: String) {
        self.failed += count as u64;
        self.last_error = Some(error);
    }

    /// Kafka's progress line for the window ending `now`, which starts the next.
    pub(super) fn progress_line(&mut self, now: Instant) -> String {
        let secs = now
            .duration_since(self.window_start)
            .as_secs_f64()
            .max(1e-9);
        let w = std::mem::take(&mut self.window);
        self.window_start = now;
        format!(
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            w.records,
            w.records as f64 / secs,
            w.bytes as f64 / MB / secs,
            w.avg_ms(),
            w.latency_max_us as f64 / 1000.0
        )
    }
}
