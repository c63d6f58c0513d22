//! A rate over sampled windows, as Kafka's `Rate` on a `SampledStat`
//! measures quotas: [`SAMPLES`] windows of [`WINDOW_MS`] (Kafka's
//! `quota.window.num` and `quota.window.size.seconds` defaults), and
//! Kafka's throttle time for a rate past its bound.
//!
//! Invariants: a pure structure (the caller gives `now_ms`); it holds at
//! most [`SAMPLES`] samples; the rate is taken over at least
//! `SAMPLES - 1` whole windows, so a fresh sensor allows a burst of that
//! many windows' worth before throttling (as Kafka's does).

use std::collections::VecDeque;

/// Kafka's `quota.window.size.seconds` (1) in ms, and `quota.window.num`.
pub const WINDOW_MS: u64 = 1_000;
pub const SAMPLES: usize = 11;
/// The longest throttle: the span of all samples.
pub const MAX_THROTTLE_MS: u64 = WINDOW_MS * SAMPLES as u64;

#[derive(Debug, Default)]
pub struct SampledRate {
    /// (window start, amount in it), oldest first.
    samples: VecDeque<(u64, f64)>,
}

impl SampledRate {
    fn purge(&mut self, now_ms: u64) {
        while self
            .samples
            .front()
            .is_some_and(|&(start, _)| start + MAX_THROTTLE_MS <= now_ms)
        {
            self.samples.pop_front();
        }
    }

    /// Adds `amount` (negative: takes back) at `now_ms`.
    pub fn record(&mut self, now_ms: u64, amount: f64) {
        self.purge(now_ms);
        match self.samples.back_mut() {
            Some((start, total)) if now_ms < *start + WINDOW_MS => *total += amount,
            _ => {
                self.samples.push_back((now_ms, amount));
                if self.samples.len() > SAMPLES {
                    self.samples.pop_front();
                }
            }
        }
        debug_assert!(self.samples.len() <= SAMPLES);
    }

    /// Kafka's `Rate.windowSize`: the time the samples cover, at least
    /// `SAMPLES - 1` whole windows.
    pub fn window_ms(&self, now_ms: u64) -> u64 {
        let oldest = self.samples.front().map_or(now_ms, |&(start, _)| start);
        let elapsed = now_ms.saturating_sub(oldest);
        let full = elapsed / WINDOW_MS;
        let min_full = SAMPLES as u64 - 1;
        if full < min_full {
            elapsed + (min_full - full) * WINDOW_MS
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
    /// (rate − bound) / bound × the window, at most [`MAX_THROTTLE_MS`];
    /// 0 within the bound.
    pub fn throttle_ms(&self, bound: f64, now_ms: u64) -> u64 {
        let observed = self.per_second(now_ms);
        if observed <= bound {
            return 0;
        }
        let window = self.window_ms(now_ms) as f64;
        let throttle = ((observed - bound) / bound * window).round() as u64;
        throttle.min(MAX_THROTTLE_MS)
    }

    /// Whether nothing was recorded for the whole span (the rate is 0).
    pub fn idle(&self, now_ms: u64) -> bool {
        self.samples
            .back()
            .is_none_or(|&(start, _)| start + MAX_THROTTLE_MS <= now_ms)
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
        assert_eq!(r.throttle_ms(1.0, 0), MAX_THROTTLE_MS);
        assert!(!r.idle(5_000));
        assert!(r.idle(20_000));
        r.record(60_000, 1.0);
        assert_eq!(r.samples.len(), 1);
    }
}
