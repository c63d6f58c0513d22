//! Where a topic's partitions and their replicas go: Kafka's replica
//! assignment (`AdminUtils.assignReplicasToBrokers`), rack-aware when brokers
//! carry a rack.
//!
//! - The first replica (the preferred leader) of successive partitions walks
//!   round-robin over the brokers from a start index, so leaders are balanced:
//!   no broker leads more than one partition more than another.
//! - The other replicas follow the first at a shift that grows by one each
//!   time the partitions have gone once round the brokers, so that followers
//!   spread too.
//! - With racks, the brokers are first listed alternating between racks, and a
//!   follower goes on a rack without a replica of the partition while there
//!   is one. A broker without a rack counts as a rack of its own, as KRaft's
//!   placer treats it.
//!
//! Pure and deterministic for a given start: the controller picks the start
//! (Kafka picks it at random) and commits the result in the metadata log.

use std::collections::{BTreeMap, BTreeSet};

use crate::command::PartitionAssignment;

/// A broker that can hold replicas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub node_id: i32,
    pub rack: Option<String>,
}

/// Why no assignment can be made (Kafka's INVALID_REPLICATION_FACTOR).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error("Replication factor must be larger than 0.")]
    NotPositive,
    /// Kafka's StripedReplicaPlacer wording.
    #[error("The target replication factor of {replication_factor} cannot be reached because only {brokers} broker(s) are registered.")]
    TooFewBrokers {
        replication_factor: i16,
        brokers: usize,
    },
}

/// The replicas of `partitions` new partitions numbered from
/// `first_partition` (non-zero when CreatePartitions adds to a topic),
/// `replication_factor` each, over `brokers`. `start` stands for Kafka's
/// random start index and replica shift.
pub fn assign_replicas(
    brokers: &[Candidate],
    partitions: u32,
    replication_factor: i16,
    first_partition: u32,
    start: u32,
) -> Result<Vec<PartitionAssignment>, PlacementError> {
    if replication_factor < 1 {
        return Err(PlacementError::NotPositive);
    }
    let rf = replication_factor as usize;
    if rf > brokers.len() {
        return Err(PlacementError::TooFewBrokers {
            replication_factor,
            brokers: brokers.len(),
        });
    }
    let arranged = rack_alternated(brokers);
    let n = arranged.len();
    let racks: BTreeSet<&Option<String>> = arranged.iter().map(|b| &b.rack).collect();
    let rack_aware = brokers.iter().any(|b| b.rack.is_some()) && racks.len() > 1;
    let num_racks = if rack_aware { racks.len() } else { 1 };

    let start_index = start as usize % n;
    let mut shift = start as usize % n;
    let mut out = Vec::with_capacity(partitions as usize);
    for p in first_partition as usize..first_partition as usize + partitions as usize {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start_index) % n;
        let leader = &arranged[first];
        let mut replicas = vec![leader.node_id];
        let mut racks_used: BTreeSet<&Option<String>> = BTreeSet::from([&leader.rack]);
        let mut k = 0usize;
        while replicas.len() < rf {
            // Bounded: within n consecutive k the index visits every broker
            // but the first, and one of them is acceptable while fewer than
            // rf <= n brokers hold replicas.
            assert!(k < 2 * n * n, "no broker found for a replica");
            let b = &arranged[replica_index(first, shift * num_racks, k, n)];
            k += 1;
            let new_rack = !racks_used.contains(&b.rack) || racks_used.len() == num_racks;
            if replicas.contains(&b.node_id) || (rack_aware && !new_rack) {
                continue;
            }
            replicas.push(b.node_id);
            racks_used.insert(&b.rack);
        }
        out.push(PartitionAssignment { replicas });
    }
    Ok(out)
}

/// Kafka's `replicaIndex`: the k-th follower candidate after `first`.
fn replica_index(first: usize, shift: usize, k: usize, n: usize) -> usize {
    if n == 1 {
        return first;
    }
    let s = 1 + (shift + k) % (n - 1);
    (first + s) % n
}

/// The brokers sorted by id within each rack, then taken one rack at a time
/// in rack order: racks a: 1 2, b: 3, c: 4 5 give 1 3 4 2 5.
fn rack_alternated(brokers: &[Candidate]) -> Vec<Candidate> {
    let mut by_rack: BTreeMap<&Option<String>, Vec<&Candidate>> = BTreeMap::new();
    for b in brokers {
        by_rack.entry(&b.rack).or_default().push(b);
    }
    for list in by_rack.values_mut() {
        list.sort_by_key(|b| b.node_id);
        list.reverse(); // popped from the end: lowest id first
    }
    let mut out = Vec::with_capacity(brokers.len());
    while out.len() < brokers.len() {
        for list in by_rack.values_mut() {
            if let Some(b) = list.pop() {
                out.push(b.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;

    fn brokers(ids: &[i32], racks: &[Option<&str>]) -> Vec<Candidate> {
        ids.iter()
            .zip(racks.iter().cycle())
            .map(|(&node_id, r)| Candidate {
                node_id,
                rack: r.map(str::to_string),
            })
            .collect()
    }

    #[test]
    fn matches_kafkas_assignment_without_racks() {
        // Kafka's AdminUtils with fixed start index 0 and shift 0 over
        // brokers 0..5, 10 partitions, 3 replicas (its unit test's example).
        let b = brokers(&[0, 1, 2, 3, 4], &[None]);
        let got: Vec<Vec<i32>> = assign_replicas(&b, 10, 3, 0, 0)
            .unwrap()
            .into_iter()
            .map(|a| a.replicas)
            .collect();
        let want = vec![
            vec![0, 1, 2],
            vec![1, 2, 3],
            vec![2, 3, 4],
            vec![3, 4, 0],
            vec![4, 0, 1],
            vec![0, 2, 3],
            vec![1, 3, 4],
            vec![2, 4, 0],
            vec![3, 0, 1],
            vec![4, 1, 2],
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn racks_alternate() {
        let b = brokers(
            &[1, 2, 3, 4, 5],
            &[Some("a"), Some("a"), Some("b"), Some("c"), Some("c")],
        );
        let ids: Vec<i32> = rack_alternated(&b).iter().map(|c| c.node_id).collect();
        assert_eq!(ids, vec![1, 3, 4, 2, 5]);
    }

    #[test]
    fn too_few_brokers_or_no_replicas_is_an_error() {
        let b = brokers(&[1, 2], &[None]);
        assert_eq!(
            assign_replicas(&b, 3, 3, 0, 0),
            Err(PlacementError::TooFewBrokers {
                replication_factor: 3,
                brokers: 2
            })
        );
        assert_eq!(
            assign_replicas(&b, 3, 0, 0, 0),
            Err(PlacementError::NotPositive)
        );
        assert!(assign_replicas(&[], 1, 1, 0, 0).is_err());
    }

    proptest! {
        #[test]
        fn assignments_are_valid_and_balanced(
            n in 1usize..10,
            rack_count in 0usize..4,
            partitions in 1u32..60,
            rf_seed in 0usize..10,
            first_partition in 0u32..20,
            start in 0u32..100,
        ) {
            let rf = 1 + rf_seed % n;
            let racks: Vec<Option<String>> = (0..n)
                .map(|i| (rack_count > 0).then(|| format!("r{}", i % rack_count)))
                .collect();
            let b: Vec<Candidate> = (0..n)
                .map(|i| Candidate { node_id: 100 + i as i32, rack: racks[i].clone() })
                .collect();
            let got = assign_replicas(&b, partitions, rf as i16, first_partition, start).unwrap();
            prop_assert_eq!(got.len(), partitions as usize);
            let rack_of: HashMap<i32, Option<String>> =
                b.iter().map(|c| (c.node_id, c.rack.clone())).collect();
            let distinct_racks = rack_of.values().collect::<BTreeSet<_>>().len();
            let mut leaders: HashMap<i32, usize> = HashMap::new();
            for a in &got {
                prop_assert_eq!(a.replicas.len(), rf);
                let set: BTreeSet<i32> = a.replicas.iter().copied().collect();
                prop_assert_eq!(set.len(), rf, "distinct replicas");
                prop_assert!(a.replicas.iter().all(|r| rack_of.contains_key(r)));
                *leaders.entry(a.replicas[0]).or_default() += 1;
                if rack_count > 1 {
                    // As many racks as possible hold a replica.
                    let used: BTreeSet<_> = a.replicas.iter().map(|r| &rack_of[r]).collect();
                    prop_assert_eq!(used.len(), rf.min(distinct_racks));
                }
            }
            // Leaders balanced: counts differ by at most one.
            let counts: Vec<usize> = b
                .iter()
                .map(|c| leaders.get(&c.node_id).copied().unwrap_or(0))
                .collect();
            let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            prop_assert!(hi - lo <= 1, "leader counts {:?}", counts);
        }
    }
}
