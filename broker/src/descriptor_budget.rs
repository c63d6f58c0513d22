//! The partitions the process's descriptor limit (`RLIMIT_NOFILE`) leaves room
//! for. Before, nothing bounded them: a client creating partitions (or
//! segments) until the limit was reached left the broker answering
//! KAFKA_STORAGE_ERROR, refusing connections, and unable to restart.
//!
//! Invariants: at start-up the soft limit is raised to the hard one
//! ([`raise_nofile_limit`]). The logs hold [`storage::descriptors::held`]
//! descriptors; [`reserved`] of the limit stay for everything else
//! (connections, listeners, the runtime, files opened for one operation); a
//! new partition needs [`storage::descriptors::PER_NEW_PARTITION`], and room
//! is kept for the indexes busy logs may hold
//! ([`storage::descriptors::index_pair_reserve`]). Creating
//! partitions that do not fit is refused with POLICY_VIOLATION (Kafka has no
//! code for this; it is what a CreateTopicPolicy refusal returns) and a
//! message naming the limit.

use std::collections::HashMap;

use metadata::PartitionAssignment;

use crate::error::code;
use crate::error::ApiError;

/// The least number of descriptors kept for connections and the rest: a
/// quarter of the limit, and never fewer than this.
pub const MIN_RESERVED_DESCRIPTORS: u64 = 64;

/// Descriptors kept out of the logs' reach for `limit`: a quarter of it, at
/// least [`MIN_RESERVED_DESCRIPTORS`].
pub fn reserved(limit: u64) -> u64 {
    (limit / 4).max(MIN_RESERVED_DESCRIPTORS)
}

/// The soft `RLIMIT_NOFILE` in force (`u64::MAX` when unlimited or unknown).
pub fn nofile_limit() -> u64 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) } != 0
        || rl.rlim_cur == libc::RLIM_INFINITY
    {
        return u64::MAX;
    }
    rl.rlim_cur
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit (as a JVM does at
/// start); returns the soft limit now in force.
pub fn raise_nofile_limit() -> u64 {
    let mut rl = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the struct we pass.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) == 0 && rl.rlim_cur < rl.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: rl.rlim_max,
                rlim_max: rl.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) != 0 {
                tracing::warn!(
                    soft = rl.rlim_cur,
                    hard = rl.rlim_max,
                    "could not raise the open files limit to the hard limit"
                );
            }
        }
    }
    nofile_limit()
}

/// How many more partitions fit under `limit` while the logs hold `held`
/// descriptors and busy logs' indexes may take `index_reserve` more
/// ([`storage::descriptors::index_pair_reserve`]).
pub fn partitions_that_fit(limit: u64, held: u64, index_reserve: u64) -> u64 {
    limit
        .saturating_sub(reserved(limit))
        .saturating_sub(index_reserve)
        .saturating_sub(held)
        / storage::descriptors::PER_NEW_PARTITION as u64
}

/// Refuses new partitions placed as `assignments` if the broker getting the
/// most of them has no room for them by this broker's count (the brokers of
/// a cluster are taken to run with alike limits).
pub fn check_new_partitions(assignments: &[PartitionAssignment]) -> Result<(), ApiError> {
    let mut per_broker: HashMap<i32, usize> = HashMap::new();
    for replica in assignments.iter().flat_map(|a| &a.replicas) {
        *per_broker.entry(*replica).or_default() += 1;
    }
    check_partition_budget(per_broker.values().copied().max().unwrap_or(0))
}

/// Refuses `new` partition replicas on this broker if they do not fit.
pub fn check_partition_budget(new: usize) -> Result<(), ApiError> {
    let limit = nofile_limit();
    let held = storage::descriptors::held() as u64;
    let fit = partitions_that_fit(
        limit,
        held,
        storage::descriptors::index_pair_reserve() as u64,
    );
    if new as u64 <= fit {
        return Ok(());
    }
    Err(ApiError::new(code::POLICY_VIOLATION,
        format!(
            "Cannot create {new} partitions: the open files limit (RLIMIT_NOFILE {limit}, {} kept for connections) leaves room for {fit} more; the logs hold {held} open files (one per segment, two more per busy partition). Raise the limit (ulimit -n) or delete topics.",
            reserved(limit),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_of_the_limit_is_kept_for_connections() {
        assert_eq!(reserved(1024), 256);
        assert_eq!(reserved(100), MIN_RESERVED_DESCRIPTORS);
        assert_eq!(partitions_that_fit(1024, 0, 0), 768);
        assert_eq!(partitions_that_fit(1024, 300, 64), 404);
        assert_eq!(partitions_that_fit(1024, 1000, 0), 0);
        assert_eq!(partitions_that_fit(50, 0, 0), 0);
    }

    #[test]
    fn the_raised_limit_is_the_hard_one() {
        let soft = raise_nofile_limit();
        let mut rl = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) }, 0);
        assert_eq!(rl.rlim_cur, rl.rlim_max);
        assert!(soft == rl.rlim_cur || rl.rlim_cur == libc::RLIM_INFINITY);
        assert!(check_partition_budget(1).is_ok());
        let refused = check_partition_budget(usize::MAX).unwrap_err();
        assert_eq!(refused.code, code::POLICY_VIOLATION);
        assert!(
            refused.message.contains("RLIMIT_NOFILE"),
            "{}",
            refused.message
        );
    }
}
