//! The per-partition checks OffsetCommit and TxnOffsetCommit share, as
//! Kafka's: the group's error for every partition when there is one, else
//! Read on the topic (TOPIC_AUTHORIZATION_FAILED), an existing partition
//! when asked (UNKNOWN_TOPIC_OR_PARTITION), and the entry's own limits
//! (`Broker::check_commit_entry`). Collects each partition's code, in
//! request order, and the offsets to write.
//!
//! Invariant: an offset is written only for a partition whose code is NONE.

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::offsets::OffsetAndMetadata;
use crate::request_context::RequestContext;

/// One partition of a commit: (partition, offset, leader epoch, metadata).
pub type CommitPartition<'a> = (i32, i64, i32, Option<&'a str>);

pub struct CommitChecks<'a> {
    broker: &'a Broker,
    ctx: &'a RequestContext<'a>,
    group_error: i16,
    /// Whether a partition the metadata does not know is refused.
    known_only: bool,
    /// The commit timestamp (the broker's clock: v2+ carries none).
    now: i64,
    /// Per topic, per partition, in request order.
    pub codes: Vec<Vec<i16>>,
    pub entries: Vec<(String, i32, Option<OffsetAndMetadata>)>,
}

impl<'a> CommitChecks<'a> {
    pub fn new(
        broker: &'a Broker,
        ctx: &'a RequestContext<'a>,
        group_error: i16,
        known_only: bool,
        now: i64,
    ) -> Self {
        CommitChecks {
            broker,
            ctx,
            group_error,
            known_only,
            now,
            codes: Vec::new(),
            entries: Vec::new(),
        }
    }

    /// Checks the partitions of one topic of the request.
    pub fn topic<'p>(&mut self, name: &str, partitions: impl Iterator<Item = CommitPartition<'p>>) {
        let broker = self.broker;
        let state = broker.state();
        let may_read = self.group_error != code::NONE
            || broker.authorize(self.ctx, op::READ, Resource::Topic, name);
        let mut codes = Vec::new();
        for (partition, offset, leader_epoch, metadata) in partitions {
            let metadata = metadata.unwrap_or_default().to_string();
            let c = if self.group_error != code::NONE {
                self.group_error
            } else if !may_read {
                code::TOPIC_AUTHORIZATION_FAILED
            } else if self.known_only && state.partition(name, partition).is_none() {
                code::UNKNOWN_TOPIC_OR_PARTITION
            } else {
                broker.check_commit_entry(name, partition, &metadata)
            };
            if c == code::NONE {
                self.entries.push((
                    name.to_string(),
                    partition,
                    Some(OffsetAndMetadata {
                        offset,
                        leader_epoch,
                        metadata,
                        commit_timestamp: self.now,
                    }),
                ));
            }
            codes.push(c);
        }
        self.codes.push(codes);
    }
}
