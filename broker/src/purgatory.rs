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
//! As Kafka's `WatcherList`, each key keeps a list of the operations
//! watching it; an operation is one waiter registered in the lists of all
//! its keys (a fetch of 100 partitions: 100 pushes, one waiter), and a
//! change wakes the waiters of that key's list.
//!
//! Invariants:
//! - An operation registers in its keys' lists *before* its first
//!   completion check, and a wake-up that finds it checking is kept (a
//!   stored permit), so a change between the check and the wait is never
//!   missed.
//! - A woken operation re-runs its completion check; a spurious wake costs a
//!   check, never a wrong answer.
//! - Every operation ends by its deadline: `delayed` returns `None` then.
//! - An ended operation's entries leave a list at the key's next change, or
//!   when the list grows to a power of two (at least 8): a list holds at most
//!   about twice its live operations, whether or not its key changes.

use std::sync::{Arc, Mutex, Weak};

use tokio::sync::Notify;
use tokio::time::Instant;

/// One delayed operation, as the keys it watches see it.
type Waiter = Notify;

/// The operations watching one key. Cheap when nobody watches: a change is
/// one uncontended lock of an empty list.
#[derive(Debug, Default)]
pub struct Watchers {
    waiters: Mutex<Vec<Weak<Waiter>>>,
}

impl Watchers {
    pub fn new() -> Watchers {
        Watchers::default()
    }

    /// Kafka's `checkAndComplete(key)`: the key changed, so every operation
    /// watching it checks whether it can complete now.
    pub fn check_and_complete(&self) {
        let mut waiters = self.waiters.lock().expect("watchers lock");
        if waiters.is_empty() {
            return;
        }
        waiters.retain(|w| match w.upgrade() {
            Some(waiter) => {
                waiter.notify_one();
                true
            }
            None => false,
        });
    }

    /// Registers `waiter` for this key's changes.
    fn watch(&self, waiter: &Arc<Waiter>) {
        let mut waiters = self.waiters.lock().expect("watchers lock");
        if waiters.len() >= 8 && waiters.len().is_power_of_two() {
            waiters.retain(|w| w.strong_count() > 0);
        }
        waiters.push(Arc::downgrade(waiter));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.waiters.lock().expect("watchers lock").len()
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
    let waiter = Arc::new(Waiter::new());
    for w in watchers {
        w.watch(&waiter);
    }
    loop {
        if let Some(done) = try_complete() {
            return Some(done);
        }
        if Instant::now() >= deadline {
            return None;
        }
        if tokio::time::timeout_at(deadline, waiter.notified())
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

    #[tokio::test(start_paused = true)]
    async fn ended_operations_leave_the_list_of_a_key_that_never_changes() {
        let w = Watchers::new();
        for _ in 0..1000 {
            let deadline = Instant::now() + Duration::from_millis(1);
            assert_eq!(delayed(&[&w], deadline, || None::<()>).await, None);
        }
        assert!(w.len() <= 16, "{} entries for no live operation", w.len());
        w.check_and_complete();
        assert_eq!(w.len(), 0, "a change sweeps them all");
    }
}
