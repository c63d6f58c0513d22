//! ListOffsets: the earliest, latest, max-timestamp or by-timestamp offset.
//! A client needs Describe on the topic (else TOPIC_AUTHORIZATION_FAILED).
//! With `isolation_level` READ_COMMITTED (v2+) the latest offset is the LSO
//! and a timestamp's offset must be below it, as Kafka answers.
//! A client's request (replica id -1) to a leader whose high watermark has
//! not yet reached the start of its epoch (KIP-207) gets OFFSET_NOT_AVAILABLE
//! (LEADER_NOT_AVAILABLE before v5) for "latest", and for a max-timestamp or
//! timestamp lookup that would land at or past the watermark: answering with
//! the lagging watermark would move "latest" back.

use protocol::messages::list_offsets_response::{
    ListOffsetsPartitionResponse, ListOffsetsTopicResponse,
};
use protocol::messages::{ListOffsetsRequest, ListOffsetsResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub const LATEST_TIMESTAMP: i64 = -1;
pub const EARLIEST_TIMESTAMP: i64 = -2;
pub const MAX_TIMESTAMP: i64 = -3;
pub const EARLIEST_LOCAL_TIMESTAMP: i64 = -4;
pub const LATEST_TIERED_TIMESTAMP: i64 = -5;
/// The replica id of a client's (not a replica's) request.
const CONSUMER_REPLICA_ID: i32 = -1;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: ListOffsetsRequest,
) -> ListOffsetsResponse {
    let version = ctx.version;
    let read_committed = version >= 2 && request.isolation_level == 1;
    let state = broker.state();
    let topics = request
        .topics
        .into_iter()
        .map(|t| {
            let may_describe = broker.authorizer.authorize(
                &state.acls,
                ctx,
                op::DESCRIBE,
                Resource::Topic,
                &t.name,
            );
            let partitions = t
                .partitions
                .iter()
                .map(|p| {
                    if !may_describe {
                        return ListOffsetsPartitionResponse {
                            partition_index: p.partition_index,
                            error_code: code::TOPIC_AUTHORIZATION_FAILED,
                            timestamp: -1,
                            offset: -1,
                            leader_epoch: -1,
                            ..Default::default()
                        };
                    }
                    let mut r = ListOffsetsPartitionResponse {
                        partition_index: p.partition_index,
                        timestamp: -1,
                        offset: -1,
                        // LeaderEpoch exists from v4 on (and may not be set before).
                        leader_epoch: if version >= 4 {
                            state
                                .partition(&t.name, p.partition_index)
                                .map_or(-1, |s| s.leader_epoch)
                        } else {
                            -1
                        },
                        ..Default::default()
                    };
                    let partition = broker.partition(&t.name, p.partition_index);
                    let Some(partition) = partition.filter(|p| p.is_leader()) else {
                        r.error_code = if state.partition(&t.name, p.partition_index).is_some() {
                            code::NOT_LEADER_OR_FOLLOWER
                        } else {
                            code::UNKNOWN_TOPIC_OR_PARTITION
                        };
                        return r;
                    };
                    if version >= 4 {
                        let c = crate::handlers::fetch::check_leader_epoch(
                            r.leader_epoch,
                            p.current_leader_epoch,
                        );
                        if c != code::NONE {
                            r.error_code = c;
                            return r;
                        }
                    }
                    // Kafka's last fetchable offset: the LSO for read_committed.
                    let fetchable = if read_committed {
                        partition.last_stable_offset()
                    } else {
                        partition.high_watermark()
                    };
                    let lagging = (request.replica_id == CONSUMER_REPLICA_ID)
                        .then(|| partition.lagging_high_watermark())
                        .flatten()
                        .map(|_| {
                            if version >= 5 {
                                code::OFFSET_NOT_AVAILABLE
                            } else {
                                code::LEADER_NOT_AVAILABLE
                            }
                        });
                    match p.timestamp {
                        LATEST_TIMESTAMP => match lagging {
                            Some(c) => r.error_code = c,
                            None => r.offset = fetchable,
                        },
                        EARLIEST_TIMESTAMP | EARLIEST_LOCAL_TIMESTAMP => {
                            r.offset = partition.log_start_offset()
                        }
                        LATEST_TIERED_TIMESTAMP => r.offset = -1,
                        MAX_TIMESTAMP => {
                            if let Some((ts, offset)) = partition.max_timestamp() {
                                found(&mut r, (offset, ts), fetchable, lagging);
                            }
                        }
                        ts if ts < 0 => r.error_code = code::INVALID_REQUEST,
                        ts => match partition.offset_for_timestamp(ts) {
                            Ok(Some((offset, at))) => {
                                found(&mut r, (offset, at), fetchable, lagging)
                            }
                            Ok(None) => {}
                            Err(c) => r.error_code = c,
                        },
                    }
                    r
                })
                .collect();
            ListOffsetsTopicResponse {
                name: t.name,
                partitions,
                ..Default::default()
            }
        })
        .collect();
    ListOffsetsResponse {
        topics,
        ..Default::default()
    }
}

/// A looked-up `(offset, timestamp)` goes into the answer only below the
/// last fetchable offset; past it, Kafka answers nothing, or the lag's error
/// while the high watermark lags.
fn found(
    r: &mut ListOffsetsPartitionResponse,
    (offset, timestamp): (i64, i64),
    fetchable: i64,
    lagging: Option<i16>,
) {
    if offset < fetchable {
        r.offset = offset;
        r.timestamp = timestamp;
    } else if let Some(c) = lagging {
        r.error_code = c;
    }
}
