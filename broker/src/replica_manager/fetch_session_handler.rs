//! The follower's side of a fetch session (KIP-227), as Kafka's client
//! `FetchSessionHandler`: a replica fetcher sends its partitions once (a
//! full fetch, epoch 0, which opens a session on the leader), then only
//! those whose fetch state changed, and the ones it no longer fetches as
//! forgotten (incremental fetches at the next epoch). The leader answers
//! only partitions with something new, so an idle follower of many
//! partitions sends and receives almost nothing.
//!
//! Invariants:
//! - the session the handler holds is the one the leader cached after the
//!   last answered request: `sent` is exactly what was sent to it, and the
//!   epoch is the one the leader expects next;
//! - any error (a session error from the leader, a failed or abandoned
//!   call) resets to a full fetch, which names the old session so that the
//!   leader closes it rather than keep it until eviction;
//! - epochs run 1..=i32::MAX and wrap to 1 (0 opens a session, -1 is
//!   sessionless).
//!
//! Pure: the fetcher builds requests from [`FetchSessionHandler::build`]
//! and reports each outcome.

use std::collections::BTreeMap;

use crate::error::code;

/// The session id of "no session".
const NO_SESSION: i32 = 0;
/// The epoch of a full fetch (which opens a session).
const INITIAL_EPOCH: i32 = 0;

/// (topic, partition).
pub type Key = (String, i32);

/// What a fetch says about one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartitionState {
    pub leader_epoch: i32,
    pub fetch_offset: i64,
    pub log_start_offset: i64,
    pub max_bytes: i32,
}

/// One request's session fields and partitions.
#[derive(Debug, PartialEq, Eq)]
pub struct FetchPlan {
    pub session_id: i32,
    pub epoch: i32,
    /// The partitions to send (all of them in a full fetch).
    pub send: Vec<(Key, PartitionState)>,
    /// The session's partitions no longer fetched.
    pub forget: Vec<Key>,
}

impl FetchPlan {
    pub fn is_full(&self) -> bool {
        self.epoch == INITIAL_EPOCH
    }
}

#[derive(Debug, Default)]
pub struct FetchSessionHandler {
    session_id: i32,
    /// The epoch of the next incremental fetch; `INITIAL_EPOCH`: the next
    /// fetch is a full one.
    next_epoch: i32,
    /// The partitions the leader's session holds, as last sent.
    sent: BTreeMap<Key, PartitionState>,
}

impl FetchSessionHandler {
    /// The request for fetching `wanted` now.
    pub fn build(&self, wanted: &BTreeMap<Key, PartitionState>) -> FetchPlan {
        if self.session_id == NO_SESSION || self.next_epoch == INITIAL_EPOCH {
            return FetchPlan {
                session_id: self.session_id,
                epoch: INITIAL_EPOCH,
                send: wanted.iter().map(|(k, s)| (k.clone(), *s)).collect(),
                forget: Vec::new(),
            };
        }
        FetchPlan {
            session_id: self.session_id,
            epoch: self.next_epoch,
            send: wanted
                .iter()
                .filter(|(k, s)| self.sent.get(*k) != Some(*s))
                .map(|(k, s)| (k.clone(), *s))
                .collect(),
            forget: self
                .sent
                .keys()
                .filter(|k| !wanted.contains_key(*k))
                .cloned()
                .collect(),
        }
    }

    /// The leader answered `plan` (built for `wanted`) with `error` at the
    /// top level and `session_id`.
    pub fn answered(
        &mut self,
        plan: &FetchPlan,
        wanted: &BTreeMap<Key, PartitionState>,
        error: i16,
        session_id: i32,
    ) {
        if error != code::NONE {
            self.reset(error != code::FETCH_SESSION_ID_NOT_FOUND);
            return;
        }
        if plan.is_full() {
            // The leader may have opened no session (its cache is full).
            self.session_id = session_id;
            self.next_epoch = if session_id == NO_SESSION {
                INITIAL_EPOCH
            } else {
                1
            };
        } else if session_id != self.session_id {
            // A leader that answers in another session is not followed.
            self.reset(false);
            return;
        } else {
            self.next_epoch = self.next_epoch.checked_add(1).unwrap_or(1);
        }
        self.sent = if self.session_id == NO_SESSION {
            BTreeMap::new()
        } else {
            wanted.clone()
        };
    }

    /// The next fetch is a full one; it names the old session (so that the
    /// leader closes it) when `keep_id`.
    pub fn reset(&mut self, keep_id: bool) {
        if !keep_id {
            self.session_id = NO_SESSION;
        }
        self.next_epoch = INITIAL_EPOCH;
        self.sent.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(offset: i64) -> PartitionState {
        PartitionState {
            leader_epoch: 3,
            fetch_offset: offset,
            log_start_offset: 0,
            max_bytes: 1 << 20,
        }
    }

    fn key(p: i32) -> Key {
        ("t".to_string(), p)
    }

    fn wanted(states: &[(i32, i64)]) -> BTreeMap<Key, PartitionState> {
        states.iter().map(|&(p, o)| (key(p), state(o))).collect()
    }

    #[test]
    fn a_session_sends_only_what_changed_and_forgets_what_left() {
        let mut h = FetchSessionHandler::default();
        let all = wanted(&[(0, 10), (1, 20), (2, 30)]);
        let full = h.build(&all);
        assert_eq!((full.session_id, full.epoch, full.send.len()), (0, 0, 3));
        h.answered(&full, &all, code::NONE, 77);
        // Nothing moved: an empty incremental fetch.
        let idle = h.build(&all);
        assert_eq!((idle.session_id, idle.epoch), (77, 1));
        assert!(idle.send.is_empty() && idle.forget.is_empty());
        h.answered(&idle, &all, code::NONE, 77);
        // Partition 1 moved, 2 left, 3 came.
        let next = wanted(&[(0, 10), (1, 25), (3, 0)]);
        let inc = h.build(&next);
        assert_eq!(inc.epoch, 2);
        assert_eq!(inc.send, vec![(key(1), state(25)), (key(3), state(0))]);
        assert_eq!(inc.forget, vec![key(2)]);
        h.answered(&inc, &next, code::NONE, 77);
        assert!(h.sent.contains_key(&key(3)) && !h.sent.contains_key(&key(2)));
        assert_eq!(h.build(&next).epoch, 3);
    }

    #[test]
    fn errors_fall_back_to_a_full_fetch() {
        let mut h = FetchSessionHandler::default();
        let all = wanted(&[(0, 10)]);
        let full = h.build(&all);
        h.answered(&full, &all, code::NONE, 5);
        let inc = h.build(&all);
        h.answered(&inc, &all, code::INVALID_FETCH_SESSION_EPOCH, 0);
        let again = h.build(&all);
        assert_eq!(
            (again.session_id, again.epoch, again.send.len()),
            (5, 0, 1),
            "names the old session to close it"
        );
        h.answered(&again, &all, code::FETCH_SESSION_ID_NOT_FOUND, 0);
        assert_eq!(
            h.build(&all).session_id,
            0,
            "a session the leader lost is not named"
        );
        // A leader with no room opens no session: full fetches go on.
        let full = h.build(&all);
        h.answered(&full, &all, code::NONE, 0);
        assert!(h.build(&all).is_full());
        // A failed call resets too.
        let full = h.build(&all);
        h.answered(&full, &all, code::NONE, 9);
        h.reset(true);
        assert_eq!((h.build(&all).session_id, h.build(&all).epoch), (9, 0));
    }

    #[test]
    fn epochs_wrap_to_one() {
        let mut h = FetchSessionHandler {
            session_id: 1,
            next_epoch: i32::MAX,
            sent: BTreeMap::new(),
        };
        let none = BTreeMap::new();
        let plan = h.build(&none);
        h.answered(&plan, &none, code::NONE, 1);
        assert_eq!(h.build(&none).epoch, 1);
    }
}
