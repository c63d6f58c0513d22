//! Partition reassignment, as Kafka's controller does it
//! (`PartitionReassignmentReplicas`, `PartitionReassignmentRevert` and
//! `PartitionChangeBuilder`'s completion):
//!
//! 1. **start** with target replicas `T`: the replicas the partition had
//!    before any reassignment in progress (`original`, the replicas less
//!    those being added) give `adding = T - original` and
//!    `removing = replicas - T`; the replicas become `T ++ removing`. The
//!    ISR and leader do not change. Nothing to add or remove: the replicas
//!    just take `T`'s order;
//! 2. the leader adds each new replica to the ISR once it has caught up
//!    (AlterPartition, as for any follower);
//! 3. **complete**, checked after each of those: once every adding replica
//!    is in the ISR and the ISR keeps a member outside `removing`, the
//!    replicas become `T`, the ISR loses the removed replicas, and a leader
//!    being removed hands over to the first target replica in the ISR that
//!    is not fenced (leader epoch bumped). Brokers then drop the replicas
//!    no longer listed;
//! 4. **cancel**: back to `original` (ISR less the adding replicas; a
//!    leader among them hands over the same way).
//!
//! Invariants (after every function here): the ISR is a non-empty subset of
//! the replicas, the leader is in the ISR or -1, `adding` and `removing`
//! are disjoint subsets of the replicas, and a partition not reassigning
//! has both empty. Every change bumps the partition epoch.

use crate::partition_state::PartitionState;

/// Kafka's checks of a target replica list (its INVALID_REPLICA_ASSIGNMENT
/// messages); `registered` says whether a broker id is registered.
pub fn validate_target(target: &[i32], registered: impl Fn(i32) -> bool) -> Result<(), String> {
    if target.is_empty() {
        return Err("The manual partition assignment includes an empty replica list.".into());
    }
    for (i, r) in target.iter().enumerate() {
        if target[..i].contains(r) {
            return Err(format!(
                "The manual partition assignment includes the broker {r} more than once."
            ));
        }
        if !registered(*r) {
            return Err(format!(
                "The manual partition assignment includes broker {r}, but no such broker is registered."
            ));
        }
    }
    Ok(())
}

fn without(list: &[i32], gone: &[i32]) -> Vec<i32> {
    list.iter().copied().filter(|r| !gone.contains(r)).collect()
}

/// Starts moving `p` to `target` (checked by [`check`]).
pub(crate) fn start(p: &mut PartitionState, target: Vec<i32>, fenced: &[i32]) {
    let original = without(&p.replicas, &p.adding_replicas);
    p.adding_replicas = without(&target, &original);
    p.removing_replicas = without(&p.replicas, &target);
    let mut replicas = target;
    replicas.extend_from_slice(&p.removing_replicas);
    p.replicas = replicas;
    p.partition_epoch += 1;
    maybe_complete(p, fenced);
    check_invariants(p);
}

/// Completes the reassignment of `p` if its new replicas are in sync.
pub(crate) fn maybe_complete(p: &mut PartitionState, fenced: &[i32]) {
    if !p.is_reassigning() || !p.adding_replicas.iter().all(|r| p.isr.contains(r)) {
        return;
    }
    let isr = without(&p.isr, &p.removing_replicas);
    if isr.is_empty() {
        return;
    }
    p.replicas = without(&p.replicas, &p.removing_replicas);
    p.isr = isr;
    p.adding_replicas.clear();
    p.removing_replicas.clear();
    hand_over_leadership(p, fenced);
    check_invariants(p);
}

/// Cancels the reassignment of `p` (checked by [`check`]): back to the
/// replicas it had before.
pub(crate) fn cancel(p: &mut PartitionState, fenced: &[i32]) {
    let original = without(&p.replicas, &p.adding_replicas);
    let mut isr = without(&p.isr, &p.adding_replicas);
    if isr.is_empty() {
        // Every in-sync replica was a new one: the first original replica
        // is taken back (an unclean choice, as Kafka's revert makes).
        isr = original[..1].to_vec();
    }
    p.replicas = original;
    p.isr = isr;
    p.adding_replicas.clear();
    p.removing_replicas.clear();
    p.partition_epoch += 1;
    hand_over_leadership(p, fenced);
    check_invariants(p);
}

/// A leader no longer in the ISR hands over to the first replica in the
/// ISR that is not fenced (none: -1); the leader epoch is bumped.
fn hand_over_leadership(p: &mut PartitionState, fenced: &[i32]) {
    if p.leader == -1 || p.isr.contains(&p.leader) {
        return;
    }
    p.leader = p
        .replicas
        .iter()
        .copied()
        .find(|r| p.isr.contains(r) && !fenced.contains(r))
        .unwrap_or(-1);
    p.leader_epoch += 1;
}

fn check_invariants(p: &PartitionState) {
    assert!(!p.isr.is_empty(), "empty ISR: {p:?}");
    assert!(
        p.isr.iter().all(|r| p.replicas.contains(r)),
        "ISR outside the replicas: {p:?}"
    );
    assert!(
        p.leader == -1 || p.isr.contains(&p.leader),
        "leader outside the ISR: {p:?}"
    );
    assert!(
        p.adding_replicas
            .iter()
            .all(|r| p.replicas.contains(r) && !p.removing_replicas.contains(r))
            && p.removing_replicas.iter().all(|r| p.replicas.contains(r)),
        "adding/removing not disjoint subsets of the replicas: {p:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partition(replicas: &[i32], isr: &[i32], leader: i32) -> PartitionState {
        PartitionState {
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
            leader,
            leader_epoch: 0,
            partition_epoch: 0,
            adding_replicas: vec![],
            removing_replicas: vec![],
        }
    }

    /// (replicas, isr, leader, adding, removing)
    fn shape(p: &PartitionState) -> (Vec<i32>, Vec<i32>, i32, Vec<i32>, Vec<i32>) {
        (
            p.replicas.clone(),
            p.isr.clone(),
            p.leader,
            p.adding_replicas.clone(),
            p.removing_replicas.clone(),
        )
    }

    /// The leader's AlterPartition adding `r` to the ISR.
    fn joins(p: &mut PartitionState, r: i32, fenced: &[i32]) {
        p.isr.push(r);
        p.partition_epoch += 1;
        maybe_complete(p, fenced);
    }

    #[test]
    fn a_move_to_other_brokers_adds_then_completes_and_hands_over() {
        let mut p = partition(&[1, 2, 3], &[1, 2, 3], 1);
        start(&mut p, vec![4, 5, 6], &[]);
        assert_eq!(
            shape(&p),
            (
                vec![4, 5, 6, 1, 2, 3],
                vec![1, 2, 3],
                1,
                vec![4, 5, 6],
                vec![1, 2, 3]
            )
        );
        assert_eq!((p.leader_epoch, p.partition_epoch), (0, 1));
        joins(&mut p, 4, &[]);
        joins(&mut p, 5, &[]);
        assert!(p.is_reassigning(), "6 is not in sync yet");
        // 4 is fenced: the leadership goes to 5.
        joins(&mut p, 6, &[4]);
        assert_eq!(shape(&p), (vec![4, 5, 6], vec![4, 5, 6], 5, vec![], vec![]));
        assert_eq!((p.leader_epoch, p.partition_epoch), (1, 4));
    }

    #[test]
    fn shrinking_completes_at_once_and_a_reorder_is_no_reassignment() {
        let mut p = partition(&[1, 2, 3], &[1, 2, 3], 1);
        start(&mut p, vec![2, 3], &[]);
        assert_eq!(shape(&p), (vec![2, 3], vec![2, 3], 2, vec![], vec![]));
        assert_eq!(p.leader_epoch, 1);
        start(&mut p, vec![3, 2], &[]);
        assert_eq!(shape(&p), (vec![3, 2], vec![2, 3], 2, vec![], vec![]));
        assert_eq!((p.leader_epoch, p.partition_epoch), (1, 2));
    }

    #[test]
    fn cancel_goes_back_to_the_original_replicas() {
        let mut p = partition(&[1, 2], &[1, 2], 2);
        start(&mut p, vec![3, 4], &[]);
        joins(&mut p, 3, &[]);
        cancel(&mut p, &[]);
        assert_eq!(shape(&p), (vec![1, 2], vec![1, 2], 2, vec![], vec![]));
        // A new target while one is in progress counts from the original
        // replicas: 3, still catching up, is added again, not kept as if
        // in sync; 4, dropped from the target, is removed.
        start(&mut p, vec![3, 4], &[]);
        start(&mut p, vec![1, 3], &[]);
        assert_eq!(
            shape(&p),
            (vec![1, 3, 4, 2], vec![1, 2], 2, vec![3], vec![4, 2])
        );
        joins(&mut p, 3, &[]);
        assert_eq!(shape(&p), (vec![1, 3], vec![1, 3], 1, vec![], vec![]));
    }

    #[test]
    fn cancel_of_a_leader_among_the_new_replicas_hands_back() {
        // The ISR holds only new replicas (the old ones fell out).
        let mut p = partition(&[1], &[1], 1);
        start(&mut p, vec![1, 2], &[]);
        joins(&mut p, 2, &[]);
        assert!(!p.is_reassigning());
        let mut p = partition(&[1, 2], &[1, 2], 1);
        start(&mut p, vec![3], &[]);
        p.isr = vec![3, 1];
        p.leader = 3;
        cancel(&mut p, &[]);
        assert_eq!(shape(&p), (vec![1, 2], vec![1], 1, vec![], vec![]));
    }
}
