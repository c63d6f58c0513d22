//! Consumer groups from the client side: the group coordinator, committed
//! offsets (OffsetFetch / OffsetCommit) and the membership of a KIP-848
//! consumer (ConsumerGroupHeartbeat), which runs as a task of its own so that
//! heartbeats keep their pace while the consumer fetches and prints.
//!
//! The heartbeat task and the consumer talk through two watch channels: the
//! task publishes a [`Membership`] (member id, epoch, the assignment the
//! broker gave), the consumer publishes a [`Report`] (the partitions it owns
//! now, having committed and dropped the revoked ones). A report that changes
//! what the consumer owns is sent to the broker at once: that is how the
//! broker learns that a revocation is done.
//!
//! This file holds the constants and the group [`Coordinator`] lookup;
//! `group/offsets.rs` OffsetFetch and OffsetCommit, `group/heartbeat.rs`
//! the heartbeat task and its channels.

mod heartbeat;
mod offsets;

pub use heartbeat::{Heartbeat, Membership};
pub use offsets::{commit_offsets, fetch_offsets, Committed, MemberRef};

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use protocol::messages::consumer_group_heartbeat_request::TopicPartitions;
use protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use protocol::messages::offset_fetch_request::{
    OffsetFetchRequestGroup, OffsetFetchRequestTopic, OffsetFetchRequestTopics,
};
use protocol::messages::{
    ApiKey, ConsumerGroupHeartbeatRequest, OffsetCommitRequest, OffsetFetchRequest, RequestBody,
    ResponseBody,
};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use uuid::Uuid;

use crate::client::{expect_body, Client, Error, Result};
use crate::errors;

/// Attempts of a request whose coordinator moved or is loading.
const COORDINATOR_ATTEMPTS: u32 = 5;
const COORDINATOR_BACKOFF: Duration = Duration::from_millis(300);
/// Kafka's `max.poll.interval.ms`, which its consumer sends as the rebalance
/// timeout: how long the broker waits for a revocation.
pub const REBALANCE_TIMEOUT_MS: i32 = 300_000;
/// Until the broker tells its heartbeat interval (Kafka's default).
const DEFAULT_HEARTBEAT_INTERVAL: Duration = Duration::from_secs(5);
/// Pause after a failed heartbeat before the next attempt.
const HEARTBEAT_RETRY_BACKOFF: Duration = Duration::from_secs(1);
/// How long a member that lost its partitions waits for the consumer to drop
/// them before it rejoins anyway.
const LOST_ACK_WAIT: Duration = Duration::from_secs(5);
/// How long leaving the group may take on exit.
pub const LEAVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Partitions by topic id, as ConsumerGroupHeartbeat names them.
pub type Assignment = BTreeMap<Uuid, BTreeSet<i32>>;

/// The coordinator of one group, looked up on first use and again after a
/// NOT_COORDINATOR-like error or a broken connection.
pub struct Coordinator {
    group: String,
    addr: Option<String>,
}

impl Coordinator {
    pub fn new(group: &str) -> Coordinator {
        Coordinator {
            group: group.to_string(),
            addr: None,
        }
    }

    pub fn group(&self) -> &str {
        &self.group
    }

    async fn addr(&mut self, client: &mut Client) -> Result<String> {
        if let Some(a) = &self.addr {
            return Ok(a.clone());
        }
        let a = client.find_coordinator(&self.group).await?;
        self.addr = Some(a.clone());
        Ok(a)
    }

    /// Forgets the coordinator: the next request looks it up again.
    pub fn reset(&mut self) {
        self.addr = None;
    }

    /// The version of `api` the coordinator and we agree on.
    pub async fn version(&mut self, client: &mut Client, api: ApiKey) -> Result<i16> {
        let addr = self.addr(client).await?;
        let result = client.addr_version(&addr, api).await;
        if matches!(result, Err(Error::Io { .. } | Error::Connect { .. })) {
            self.reset();
        }
        result
    }

    pub async fn send(&mut self, client: &mut Client, body: RequestBody) -> Result<ResponseBody> {
        let addr = self.addr(client).await?;
        let result = client.send_to_addr(&addr, body).await;
        if matches!(result, Err(Error::Io { .. } | Error::Connect { .. })) {
            self.reset();
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::heartbeat::{from_topic_partitions, to_topic_partitions};
    use super::*;

    #[test]
    fn assignments_convert_both_ways() {
        let t1 = Uuid::from_u128(1);
        let t2 = Uuid::from_u128(2);
        let a: Assignment = [(t1, [2, 0].into()), (t2, BTreeSet::new())].into();
        let list = to_topic_partitions(&a);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].topic_id, t1);
        assert_eq!(list[0].partitions, vec![0, 2]);
        let back = from_topic_partitions(vec![
            protocol::messages::consumer_group_heartbeat_response::TopicPartitions {
                topic_id: t1,
                partitions: vec![2, 0],
                ..Default::default()
            },
            protocol::messages::consumer_group_heartbeat_response::TopicPartitions {
                topic_id: t2,
                partitions: vec![],
                ..Default::default()
            },
        ]);
        assert_eq!(back, [(t1, [0, 2].into())].into());
    }

    #[test]
    fn member_ref_only_once_joined() {
        let mut m = Membership::default();
        assert!(m.member_ref().is_none());
        m.member_id = "m".into();
        m.member_epoch = 3;
        let r = m.member_ref().unwrap();
        assert_eq!((r.member_id.as_str(), r.epoch), ("m", 3));
    }
}
