//! Kafka's DelayedOperationPurgatory: requests that wait for partitions to
//! change (acks=all produce, long-polling fetch, DeleteRecords) park here
//! until they can complete or their deadline passes.
//!
//! Each key (a partition) owns its [`Watchers`]. The partition itself calls
//! [`Watchers::check_and_complete`] whenever its log end offset, high
//! watermark, log start offset, followers' progress or role changes; no
//! request handler wakes anything by hand. An operation watches exactly the
//! keys it depends on, so an append wakes only the operations that read or
//! wait on that partition, never the whole broker.
//!
//! Invariants:
//! - An operation subscribes to its keys *before* its first completion check,
//!   so a change between the check and the wait is never missed.
//! - A woken operation re-runs its completion check; a spurious wake costs a
//!   check, never a wrong answer.
//! - Every operation ends by its deadline: `delayed` returns `None` then.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::watch;
use tokio::time::Instant;

/// The operations watching one key. Cheap when nobody watches: a change is
/// one atomic increment and an empty wake-up list.
#[derive(Debug)]
pub struct Watchers {
    changes: watch::Sender<u64>,
}

impl Default for Watchers {
    fn default() -> Self {
        Watchers::new()
    }
}

impl Watchers {
    pub fn new() -> Watchers {
        Watchers {
            changes: watch::channel(0).0,
        }
    }

    /// Kafka's `checkAndComplete(key)`: the key changed, so every operation
    /// watching it checks whether it can complete now.
    pub fn check_and_complete(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A subscription that sees the changes made after this call.
    pub fn watch(&self) -> Watch {
        let mut rx = self.changes.subscribe();
        rx.mark_unchanged();
        Watch { rx }
    }
}

/// One operation's subscription to one key.
#[derive(Debug)]
pub struct Watch {
    rx: watch::Receiver<u64>,
}

impl Watch {
    /// Resolves at the key's next change (at once if it changed since the
    /// last call).
    pub async fn changed(&mut self) {
        // The sender lives as long as the partition, which the operation holds.
        if self.rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

type Changed<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

/// Resolves when any of the watches sees a change. Its futures are made
/// once per wait and kept, so every key holds its waker until then.
struct AnyChanged<'a> {
    pending: Vec<Option<Changed<'a>>>,
}

impl<'a> AnyChanged<'a> {
    fn new(watches: &'a mut [Watch]) -> Self {
        let pending = watches
            .iter_mut()
            .map(|w| Some(Box::pin(async move { w.rx.changed().await.is_ok() }) as Changed<'a>))
            .collect();
        AnyChanged { pending }
    }
}

impl Future for AnyChanged<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut any = false;
        for slot in self.get_mut().pending.iter_mut() {
            let Some(fut) = slot.as_mut() else { continue };
            if let Poll::Ready(changed) = fut.as_mut().poll(cx) {
                // A key whose partition is gone never changes again.
                *slot = None;
                any |= changed;
            }
        }
        if any {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

/// Runs a delayed operation: `try_complete` (Kafka's `tryComplete`) is
/// called now and after every change of a watched key, until it answers or
/// `deadline` passes (then `None`: Kafka's `onExpiration`).
pub async fn delayed<T>(
    watchers: &[&Watchers],
    deadline: Instant,
    mut try_complete: impl FnMut() -> Option<T>,
) -> Option<T> {
    let mut watches: Vec<Watch> = watchers.iter().map(|w| w.watch()).collect();
    loop {
        if let Some(done) = try_complete() {
            return Some(done);
        }
        if Instant::now() >= deadline {
            return None;
        }
        if tokio::time::timeout_at(deadline, AnyChanged::new(&mut watches))
            .await
            .is_err()
        {
            return try_complete();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn an_operation_completes_when_a_watched_key_changes_and_not_before() {
        let a = Arc::new(Watchers::new());
        let b = Arc::new(Watchers::new());
        let value = Arc::new(AtomicI64::new(0));
        let deadline = Instant::now() + Duration::from_secs(30);
        let op = {
            let (a, b, value) = (a.clone(), b.clone(), value.clone());
            tokio::spawn(async move {
                delayed(&[&a, &b], deadline, || {
                    (value.load(Ordering::SeqCst) >= 2).then_some(Instant::now())
                })
                .await
            })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        // A change that does not satisfy it: checked, still waiting.
        value.store(1, Ordering::SeqCst);
        b.check_and_complete();
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!op.is_finished());
        // Satisfied but nobody said so: still waiting (no polling).
        value.store(2, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!op.is_finished());
        let at = Instant::now();
        a.check_and_complete();
        let done = op.await.unwrap().expect("completed");
        assert!(done - at < Duration::from_millis(1));
    }

    #[tokio::test(start_paused = true)]
    async fn an_unwatched_key_does_not_wake_it_and_the_deadline_ends_it() {
        let watched = Watchers::new();
        let other = Arc::new(Watchers::new());
        let checks = AtomicI64::new(0);
        let deadline = Instant::now() + Duration::from_millis(500);
        let noise = {
            let other = other.clone();
            tokio::spawn(async move {
                for _ in 0..100 {
                    other.check_and_complete();
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            })
        };
        let r: Option<()> = delayed(&[&watched], deadline, || {
            checks.fetch_add(1, Ordering::SeqCst);
            None
        })
        .await;
        noise.await.unwrap();
        assert_eq!(r, None);
        assert!(Instant::now() >= deadline);
        // Once at the start and once at expiry: the other key's 100 changes woke nothing.
        assert_eq!(checks.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_change_between_the_check_and_the_wait_is_not_missed() {
        let w = Watchers::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut first = true;
        let r = delayed(&[&w], deadline, || {
            if first {
                first = false;
                // The key changes while the operation checks.
                w.check_and_complete();
                None
            } else {
                Some(())
            }
        })
        .await;
        assert_eq!(r, Some(()));
        assert!(Instant::now() < deadline);
    }
}
