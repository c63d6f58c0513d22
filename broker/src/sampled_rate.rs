//! A rate over sampled windows, as Kafka's `Rate` on a `SampledStat`
//! measures quotas: [`QuotaWindows::samples`] windows of
//! [`QuotaWindows::window_ms`] (Kafka's `quota.window.num` and
//! `quota.window.size.seconds`, 11 of 1 s by default), and Kafka's throttle
//! time for a rate past its bound.
//!
//! Invariants: a pure structure (the caller gives `now_ms`); it holds at
//! most `samples` samples; the rate is taken over at least `samples - 1`
//! whole windows, so a fresh sensor allows a burst of that many windows'
//! worth before throttling (as Kafka's does).

use std::collections::VecDeque;

/// How a rate is sampled: `samples` windows of `window_ms` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaWindows {
    pub samples: usize,
    pub window_ms: u64,
}

impl QuotaWindows {
    /// Kafka's defaults: `quota.window.num` 11, `quota.window.size.seconds` 1.
    pub const DEFAULT: QuotaWindows = QuotaWindows {
        samples: 11,
        window_ms: 1_000,
    };

    /// From a `*.window.num` and a `*.window.size.seconds` (each at least 1).
    pub fn new(samples: i32, window_seconds: i32) -> QuotaWindows {
        assert!(
            samples >= 1 && window_seconds >= 1,
            "quota windows are checked at start"
        );
        QuotaWindows {
            samples: samples as usize,
            window_ms: window_seconds as u64 * 1_000,
        }
    }

    /// The span of all samples: the longest throttle.
    pub fn span_ms(&self) -> u64 {
        self.window_ms * self.samples as u64
    }
}

#[derive(Debug)]
pub struct SampledRate {
    windows: QuotaWindows,
    /// (window start, amount in it), oldest first.
    samples: VecDeque<(u64, f64)>,
}

impl Default for SampledRate {
    fn default() -> Self {
        SampledRate::new(QuotaWindows::DEFAULT)
    }
}

impl SampledRate {
    pub fn new(windows: QuotaWindows) -> SampledRate {
        SampledRate {
            windows,
            samples: VecDeque::new(),
        }
    }

    fn purge(&mut self, now_ms: u64) {
        let span = self.windows.span_ms();
        while self
            .samples
            .front()
            .is_some_and(|&(start, _)| start + span <= now_ms)
        {
            self.samples.pop_front();
        }
    }

    /// Adds `amount` (negative: takes back) at `now_ms`.
    pub fn record(&mut self, now_ms: u64, amount: f64) {
        self.purge(now_ms);
        match self.samples.back_mut() {
            Some((start, total)) if now_ms < *start + self.windows.window_ms => *total += amount,
            _ => {
                self.samples.push_back((now_ms, amount));
                if self.samples.len() > self.windows.samples {
                    self.samples.pop_front();
                }
            }
        }
        debug_assert!(self.samples.len() <= self.windows.samples);
    }

    /// Kafka's `Rate.windowSize`: the time the samples cover, at least
    /// `samples - 1` whole windows.
    pub fn window_ms(&self, now_ms: u64) -> u64 {
        let oldest = self.samples.front().map_or(now_ms, |&(start, _)| start);
        let elapsed = now_ms.saturating_sub(oldest);
        let window = self.windows.window_ms;
        let full = elapsed / window;
        let min_full = self.windows.samples as u64 - 1;
        if full < min_full {
            elapsed + (min_full - full) * window
        } else {
            elapsed
        }
    }

    /// The amount per second.
    pub fn per_second(&self, now_ms: u64) -> f64 {
        let total: f64 = self.samples.iter().map(|&(_, b)| b).sum();
        total * 1000.0 / self.window_ms(now_ms).max(1) as f64
    }

    /// Kafka's throttle time for a rate past `bound` per second:
    /// (rate − bound) / bound × the window, at most the span of the samples;
    /// 0 within the bound.
    pub fn throttle_ms(&self, bound: f64, now_ms: u64) -> u64 {
        let observed = self.per_second(now_ms);
        if observed <= bound {
            return 0;
        }
        let window = self.window_ms(now_ms) as f64;
        let throttle = ((observed - bound) / bound * window).round() as u64;
        throttle.min(self.windows.span_ms())
    }

    /// Whether nothing was recorded for the whole span (the rate is 0).
    pub fn idle(&self, now_ms: u64) -> bool {
        self.samples
            .back()
            .is_none_or(|&(start, _)| start + self.windows.span_ms() <= now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_rate_spans_ten_windows_and_throttles_as_kafka() {
        let mut r = SampledRate::default();
        r.record(0, 10_000.0);
        assert_eq!(r.window_ms(0), 10_000);
        assert_eq!(r.per_second(0), 1000.0);
        assert_eq!(r.throttle_ms(1000.0, 0), 0);
        r.record(0, 1_000.0);
        // 1,100/s against 1,000/s over 10 s: 1 s.
        assert_eq!(r.throttle_ms(1000.0, 0), 1_000);
        assert_eq!(r.throttle_ms(1.0, 0), 11_000);
        assert!(!r.idle(5_000));
        assert!(r.idle(20_000));
        r.record(60_000, 1.0);
        assert_eq!(r.samples.len(), 1);
    }

    #[test]
    fn fewer_shorter_windows_measure_a_shorter_span() {
        // quota.window.num=3, quota.window.size.seconds=2: at least 4 s.
        let mut r = SampledRate::new(QuotaWindows::new(3, 2));
        r.record(0, 4_000.0);
        assert_eq!(r.window_ms(0), 4_000);
        assert_eq!(r.per_second(0), 1000.0);
        r.record(1_000, 4_000.0);
        // 8,000 over 1 s plus two whole windows (5 s): 1,600/s against
        // 1,000/s gives 3 s; any throttle is at most the 6 s span.
        assert_eq!(r.throttle_ms(1000.0, 1_000), 3_000);
        assert_eq!(r.throttle_ms(1.0, 1_000), 6_000);
        r.record(2_500, 1.0);
        r.record(4_500, 1.0);
        r.record(6_500, 1.0);
        assert_eq!(r.samples.len(), 3, "the oldest sample left");
        assert!(r.idle(12_500));
    }
}
