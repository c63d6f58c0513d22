//! The time a request's handler spends working on it, as Kafka's
//! `RequestChannel.Request.requestThreadTimeNanos` measures the time a
//! request handler thread spends on a request (KIP-124's request quota).
//! Tributary's handlers are async tasks: their work is done inside `poll`
//! of the handler future, so [`ThreadTimed`] sums the time spent in each
//! of its polls. A handler that waits (a fetch in purgatory, a produce
//! waiting for its acks, a JoinGroup waiting for the rebalance) is not
//! polled meanwhile and is not charged for it.
//!
//! Invariants: only time inside the inner future's `poll` is counted, never
//! the wall time between polls; the wrapper allocates nothing (it takes the
//! future pinned by the caller, `std::pin::pin!`). Work a handler hands to
//! the blocking pool (`spawn_blocking`: an fsync, a large compressed batch
//! validated off the async workers) runs outside its polls and is not
//! counted.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

/// A future and the nanoseconds spent in its polls so far; its output is
/// the inner output and that sum.
#[derive(Debug)]
pub struct ThreadTimed<F> {
    inner: F,
    nanos: u64,
}

impl<F: Future + Unpin> ThreadTimed<F> {
    pub fn new(inner: F) -> ThreadTimed<F> {
        ThreadTimed { inner, nanos: 0 }
    }
}

impl<F: Future + Unpin> Future for ThreadTimed<F> {
    type Output = (F::Output, u64);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let start = Instant::now();
        let polled = Pin::new(&mut self.inner).poll(cx);
        let spent = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos = self.nanos.saturating_add(spent);
        polled.map(|output| (output, self.nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn spin(d: Duration) {
        let start = Instant::now();
        while start.elapsed() < d {
            std::hint::spin_loop();
        }
    }

    #[tokio::test]
    async fn only_the_time_inside_poll_counts_not_the_waiting() {
        let work = async {
            spin(Duration::from_millis(40));
            tokio::time::sleep(Duration::from_millis(300)).await;
            spin(Duration::from_millis(20));
            7
        };
        let start = Instant::now();
        let (out, nanos) = ThreadTimed::new(std::pin::pin!(work)).await;
        let wall = start.elapsed();
        assert_eq!(out, 7);
        assert!(wall >= Duration::from_millis(360), "{wall:?}");
        let busy = Duration::from_nanos(nanos);
        // Both spins, not the sleep (a loaded machine may add a little).
        assert!(busy >= Duration::from_millis(60), "{busy:?}");
        assert!(busy < Duration::from_millis(200), "{busy:?} of {wall:?}");
    }

    #[tokio::test]
    async fn a_ready_future_costs_its_one_poll() {
        let (out, nanos) = ThreadTimed::new(std::pin::pin!(async { "done" })).await;
        assert_eq!(out, "done");
        assert!(nanos < 50_000_000, "{nanos} ns for nothing");
    }
}
