//! The leader's view of its followers and the ISR changes it asks the
//! controller for (Kafka's `Partition.updateFollowerFetchState`,
//! `maybeExpandIsr` and `maybeShrinkIsr`, sent as AlterPartition), and the
//! low watermark DeleteRecords waits on.
//!
//! Invariants: only the leader tracks followers and proposes ISR changes; a
//! follower joins the ISR only once it has reached both the high watermark
//! and the log end offset its leader epoch began at; the leader never drops
//! itself from the ISR; a change is proposed only when none was sent within
//! `ISR_CHANGE_RETRY`.

use super::*;

/// An ISR change the leader wants the controller to commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsrChange {
    pub leader_epoch: i32,
    pub partition_epoch: i32,
    pub isr: Vec<i32>,
}

/// How long an ISR change may stay unanswered before it is sent again.
const ISR_CHANGE_RETRY: Duration = Duration::from_secs(5);

impl Partition {
    /// Whether `replica_id` is one of this partition's followers (a replica
    /// other than this node).
    pub fn has_follower(&self, replica_id: i32) -> bool {
        let r = self.replication.lock().expect("replication lock");
        r.followers.contains_key(&replica_id)
    }

    /// As leader, after a follower's fetch from `fetch_offset`: it holds
    /// everything below, and its log starts at `log_start_offset`. Returns
    /// an ISR expansion to send when it has caught up and is not in the ISR.
    pub fn update_follower(
        &self,
        replica_id: i32,
        fetch_offset: i64,
        log_start_offset: i64,
        now: Instant,
    ) -> Option<IsrChange> {
        let mut r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id {
            return None;
        }
        let leo = self.log_end_offset();
        if fetch_offset > leo {
            // Kafka answers OFFSET_OUT_OF_RANGE and records nothing: a
            // replica ahead of the leader holds records the leader lacks,
            // so it counts neither for the high watermark nor for the ISR
            // until it has truncated.
            return None;
        }
        let progress = r.followers.get_mut(&replica_id)?;
        progress.log_end_offset = fetch_offset;
        // DeleteRecords waits for the followers to move theirs.
        let start_moved = progress.log_start_offset != log_start_offset;
        progress.log_start_offset = log_start_offset;
        if fetch_offset >= leo {
            progress.last_caught_up = now;
        }
        // DeleteRecords waits on the log start, acks=all on the watermark.
        if self.advance_high_watermark(&r) || start_moved {
            self.wake();
        }
        let hw = self.high_watermark();
        let joins = !r.role.isr.contains(&replica_id)
            && fetch_offset >= hw
            && fetch_offset >= r.epoch_start_offset;
        if !joins
            || r.isr_change_sent
                .is_some_and(|t| now.saturating_duration_since(t) < ISR_CHANGE_RETRY)
        {
            return None;
        }
        r.isr_change_sent = Some(now);
        let mut isr = r.role.isr.clone();
        isr.push(replica_id);
        Some(IsrChange {
            leader_epoch: r.role.leader_epoch,
            partition_epoch: r.role.partition_epoch,
            isr,
        })
    }

    /// As leader, Kafka's low watermark: the smallest log start offset of
    /// this replica and the followers in the ISR (-1 for one not yet known);
    /// `None` when not the leader.
    pub fn low_watermark(&self) -> Option<i64> {
        let r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id {
            return None;
        }
        let followers = r
            .role
            .isr
            .iter()
            .filter(|&&id| id != self.node_id)
            .map(|id| r.followers.get(id).map_or(-1, |f| f.log_start_offset));
        Some(followers.fold(self.log_start_offset(), i64::min))
    }

    /// As leader: the ISR without the followers that have not caught up
    /// within `max_lag` (replica.lag.time.max.ms), if any.
    pub fn isr_shrink(&self, max_lag: Duration, now: Instant) -> Option<IsrChange> {
        let mut r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id
            || r.isr_change_sent
                .is_some_and(|t| now.saturating_duration_since(t) < ISR_CHANGE_RETRY)
        {
            return None;
        }
        let leo = self.log_end_offset();
        let lagging: Vec<i32> = r
            .role
            .isr
            .iter()
            .copied()
            .filter(|b| *b != self.node_id)
            .filter(|b| {
                r.followers.get(b).is_some_and(|f| {
                    f.log_end_offset < leo
                        && now.saturating_duration_since(f.last_caught_up) > max_lag
                })
            })
            .collect();
        if lagging.is_empty() {
            return None;
        }
        tracing::info!(topic = %self.topic, partition = self.index, ?lagging, "followers fell behind; shrinking the ISR");
        r.isr_change_sent = Some(now);
        Some(IsrChange {
            leader_epoch: r.role.leader_epoch,
            partition_epoch: r.role.partition_epoch,
            isr: r
                .role
                .isr
                .iter()
                .copied()
                .filter(|b| !lagging.contains(b))
                .collect(),
        })
    }

    /// An ISR change was refused or failed: it may be sent again.
    pub fn isr_change_failed(&self) {
        self.replication
            .lock()
            .expect("replication lock")
            .isr_change_sent = None;
    }
}
