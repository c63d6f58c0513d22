//! The client's side of a fetch session (KIP-227), as the Java client's
//! `FetchSessionHandler`: the first fetch to a broker lists every partition
//! with session epoch 0; once the broker answers with a session id, each
//! fetch carries that id and the next epoch, and lists only the partitions
//! whose position changed since it was last sent. A broker without sessions
//! (session id 0 in the answer) gets full fetches; a session error starts
//! over with a full fetch.
//!
//! Invariant: `sent` is what the broker's session holds for each partition
//! (the positions of the last fetch that listed it), as long as `epoch` > 0.

use std::collections::HashMap;

use crate::errors;

/// What the next fetch carries.
#[derive(Debug, PartialEq, Eq)]
pub struct FetchPlan {
    pub session_id: i32,
    pub epoch: i32,
    /// The partitions to list, with their positions.
    pub partitions: Vec<(i32, i64)>,
}

#[derive(Debug, Default)]
pub struct FetchSessionHandler {
    session_id: i32,
    /// The epoch of the next fetch: 0 until a session is open.
    epoch: i32,
    /// The positions the session holds, per partition.
    sent: HashMap<i32, i64>,
}

impl FetchSessionHandler {
    /// The next fetch of `positions` (every partition this fetcher reads,
    /// in a stable order).
    pub fn build(&mut self, positions: &[(i32, i64)]) -> FetchPlan {
        let full = self.epoch == 0;
        let partitions: Vec<(i32, i64)> = positions
            .iter()
            .copied()
            .filter(|(p, offset)| full || self.sent.get(p) != Some(offset))
            .collect();
        if full {
            self.sent.clear();
        }
        self.sent.extend(partitions.iter().copied());
        FetchPlan {
            session_id: self.session_id,
            epoch: self.epoch,
            partitions,
        }
    }

    /// Takes the answer's session id and error. Returns false when the
    /// answer is a session error: its partitions are none, and the next
    /// fetch is a full one.
    pub fn handle_response(&mut self, error_code: i16, session_id: i32) -> bool {
        match error_code {
            errors::FETCH_SESSION_ID_NOT_FOUND
            | errors::INVALID_FETCH_SESSION_EPOCH
            | errors::FETCH_SESSION_TOPIC_ID_ERROR => {
                *self = FetchSessionHandler::default();
                return false;
            }
            _ => {}
        }
        if session_id == 0 {
            // No session: full fetches from now on (each tries to open one).
            *self = FetchSessionHandler::default();
        } else if self.epoch == 0 {
            self.session_id = session_id;
            self.epoch = 1;
        } else {
            self.epoch = if self.epoch == i32::MAX {
                1
            } else {
                self.epoch + 1
            };
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_partition_first_then_only_the_moved_ones() {
        let mut h = FetchSessionHandler::default();
        let full = h.build(&[(0, 5), (1, 7)]);
        assert_eq!(
            (full.session_id, full.epoch, full.partitions.len()),
            (0, 0, 2)
        );
        assert!(h.handle_response(errors::NONE, 42));
        let next = h.build(&[(0, 5), (1, 9)]);
        assert_eq!(
            next,
            FetchPlan {
                session_id: 42,
                epoch: 1,
                partitions: vec![(1, 9)]
            }
        );
        assert!(h.handle_response(errors::NONE, 42));
        let idle = h.build(&[(0, 5), (1, 9)]);
        assert_eq!((idle.epoch, idle.partitions.len()), (2, 0));
    }

    #[test]
    fn a_session_error_or_no_session_starts_over_with_a_full_fetch() {
        let mut h = FetchSessionHandler::default();
        h.build(&[(0, 5)]);
        h.handle_response(errors::NONE, 42);
        h.build(&[(0, 6)]);
        assert!(!h.handle_response(errors::INVALID_FETCH_SESSION_EPOCH, 0));
        assert_eq!(
            h.build(&[(0, 6)]),
            FetchPlan {
                session_id: 0,
                epoch: 0,
                partitions: vec![(0, 6)]
            }
        );
        // A broker without sessions: full fetches.
        assert!(h.handle_response(errors::NONE, 0));
        assert_eq!(h.build(&[(0, 6)]).partitions, [(0, 6)]);
    }
}
