//! DescribeLogDirs (`kafka-log-dirs --describe`, `Admin.describeLogDirs`):
//! each log dir of this broker, with the size and offset lag of the
//! replicas in it and the space of its volume, as Kafka's
//! `ReplicaManager.describeLogDirs` answers it.
//!
//! Invariants: Describe on the cluster is required, else the top-level
//! error is CLUSTER_AUTHORIZATION_FAILED with no dir listed (v3+; older
//! versions carry it as an empty answer, as Kafka's). A null topic list
//! means every replica; a partition named twice is described once. The
//! offset lag of a current (non-future) log is `max(HW - LEO, 0)`, Kafka's
//! `getLogEndOffsetLag`. No future logs exist here (AlterReplicaLogDirs is
//! not served), so `IsFutureKey` is always false.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use protocol::messages::describe_log_dirs_response::{
    DescribeLogDirsPartition, DescribeLogDirsResult, DescribeLogDirsTopic,
};
use protocol::messages::{DescribeLogDirsRequest, DescribeLogDirsResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DescribeLogDirsRequest,
) -> DescribeLogDirsResponse {
    if !broker.authorize(ctx, op::DESCRIBE, Resource::Cluster, CLUSTER) {
        return DescribeLogDirsResponse {
            error_code: code::CLUSTER_AUTHORIZATION_FAILED,
            ..Default::default()
        };
    }
    // None: every partition.
    let wanted: Option<BTreeSet<(String, i32)>> = request.topics.map(|topics| {
        topics
            .into_iter()
            .flat_map(|t| t.partitions.into_iter().map(move |i| (t.topic.clone(), i)))
            .collect()
    });
    let partitions = broker.all_partitions();
    let results = broker
        .config
        .log_dirs
        .iter()
        .map(|dir| {
            // topic -> partition index -> (size, lag)
            let mut topics: BTreeMap<&str, BTreeMap<i32, (i64, i64)>> = BTreeMap::new();
            for p in partitions.iter().filter(|p| p.dir.starts_with(dir)) {
                let key = (p.topic.clone(), p.index);
                if wanted.as_ref().is_some_and(|w| !w.contains(&key)) {
                    continue;
                }
                let lag = (p.high_watermark() - p.log_end_offset()).max(0);
                topics
                    .entry(p.topic.as_str())
                    .or_default()
                    .insert(p.index, (p.size_in_bytes() as i64, lag));
            }
            let (total_bytes, usable_bytes) = volume_space(dir).unwrap_or((-1, -1));
            DescribeLogDirsResult {
                error_code: code::NONE,
                log_dir: absolute(dir),
                topics: topics
                    .into_iter()
                    .map(|(name, partitions)| DescribeLogDirsTopic {
                        name: name.to_string(),
                        partitions: partitions
                            .into_iter()
                            .map(|(partition_index, (partition_size, offset_lag))| {
                                DescribeLogDirsPartition {
                                    partition_index,
                                    partition_size,
                                    offset_lag,
                                    is_future_key: false,
                                    ..Default::default()
                                }
                            })
                            .collect(),
                        ..Default::default()
                    })
                    .collect(),
                total_bytes,
                usable_bytes,
                is_cordoned: false,
                ..Default::default()
            }
        })
        .collect();
    DescribeLogDirsResponse {
        results,
        ..Default::default()
    }
}

/// The log dir as Kafka names it: its absolute path.
fn absolute(dir: &Path) -> String {
    std::path::absolute(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string()
}

/// The size of the volume holding `dir` and the bytes a non-root user can
/// still write there (`statvfs`, as Java's `FileStore`).
fn volume_space(dir: &Path) -> Option<(i64, i64)> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the zeroed struct we pass, for a
    // NUL-terminated path that lives across the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(path.as_ptr(), &mut st) } != 0 {
        return None;
    }
    let block = st.f_frsize as i64;
    Some((st.f_blocks as i64 * block, st.f_bavail as i64 * block))
}
