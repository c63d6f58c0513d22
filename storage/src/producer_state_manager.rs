//! Idempotent producers: per partition, the epoch and the last five batches
//! of each producer id, to drop retried duplicates and refuse gaps, as Kafka's
//! `ProducerStateManager` does.

use std::collections::{HashMap, VecDeque};

use crate::error::code;

/// Kafka keeps the metadata of the last 5 batches per producer (the Java
/// client's `max.in.flight.requests.per.connection` limit with idempotence).
pub const BATCHES_PER_PRODUCER: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchMetadata {
    pub first_seq: i32,
    pub last_seq: i32,
    pub base_offset: i64,
    pub last_offset: i64,
    pub timestamp: i64,
}

#[derive(Debug, Clone, Default)]
struct ProducerEntry {
    epoch: i16,
    batches: VecDeque<BatchMetadata>,
}

/// What to do with an incoming batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceCheck {
    Append,
    /// A retry of a batch already in the log: answer with its original offsets.
    Duplicate(BatchMetadata),
    /// Refuse with this Kafka error code.
    Reject(i16),
}

#[derive(Debug, Default)]
pub struct ProducerStateTable {
    producers: HashMap<i64, ProducerEntry>,
}

/// The sequence after `seq`; sequences wrap from i32::MAX to 0.
fn next_seq(seq: i32) -> i32 {
    if seq == i32::MAX {
        0
    } else {
        seq + 1
    }
}

impl ProducerStateTable {
    pub fn check(
        &self,
        producer_id: i64,
        epoch: i16,
        first_seq: i32,
        last_seq: i32,
    ) -> SequenceCheck {
        let Some(entry) = self.producers.get(&producer_id) else {
            // No state for this producer: a new one, or one whose batches
            // retention or the log cleaner removed (or that only older
            // segments than the rebuild reads held). Kafka accepts it at any
            // sequence (KIP-360) rather than fail a live producer.
            return SequenceCheck::Append;
        };
        if epoch < entry.epoch {
            return SequenceCheck::Reject(code::INVALID_PRODUCER_EPOCH);
        }
        if epoch > entry.epoch {
            // A bumped epoch starts its sequences over.
            return if first_seq == 0 {
                SequenceCheck::Append
            } else {
                SequenceCheck::Reject(code::OUT_OF_ORDER_SEQUENCE_NUMBER)
            };
        }
        if let Some(dup) = entry
            .batches
            .iter()
            .find(|b| b.first_seq == first_seq && b.last_seq == last_seq)
        {
            return SequenceCheck::Duplicate(*dup);
        }
        match entry.batches.back() {
            Some(last) if first_seq != next_seq(last.last_seq) => {
                SequenceCheck::Reject(code::OUT_OF_ORDER_SEQUENCE_NUMBER)
            }
            _ => SequenceCheck::Append,
        }
    }

    /// Records an appended batch (after [`ProducerStateTable::check`] said Append,
    /// or while rebuilding from the log).
    pub fn update(&mut self, producer_id: i64, epoch: i16, batch: BatchMetadata) {
        let entry = self.producers.entry(producer_id).or_default();
        if epoch != entry.epoch {
            entry.epoch = epoch;
            entry.batches.clear();
        }
        entry.batches.push_back(batch);
        while entry.batches.len() > BATCHES_PER_PRODUCER {
            entry.batches.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(first_seq: i32, last_seq: i32, base_offset: i64) -> BatchMetadata {
        BatchMetadata {
            first_seq,
            last_seq,
            base_offset,
            last_offset: base_offset + (last_seq - first_seq) as i64,
            timestamp: 0,
        }
    }

    #[test]
    fn sequences_duplicates_and_gaps() {
        let mut t = ProducerStateTable::default();
        // Unknown producers start anywhere (their state may have gone with
        // retention or compaction).
        assert_eq!(t.check(7, 0, 3, 4), SequenceCheck::Append);
        assert_eq!(t.check(7, 0, 0, 4), SequenceCheck::Append);
        t.update(7, 0, meta(0, 4, 100));
        assert_eq!(t.check(7, 0, 5, 9), SequenceCheck::Append);
        t.update(7, 0, meta(5, 9, 105));
        assert_eq!(
            t.check(7, 0, 0, 4),
            SequenceCheck::Duplicate(meta(0, 4, 100))
        );
        assert_eq!(
            t.check(7, 0, 11, 12),
            SequenceCheck::Reject(code::OUT_OF_ORDER_SEQUENCE_NUMBER)
        );
        assert_eq!(t.check(7, 0, 10, 12), SequenceCheck::Append);
    }

    #[test]
    fn epochs_fence_and_reset() {
        let mut t = ProducerStateTable::default();
        t.update(1, 3, meta(0, 0, 0));
        assert_eq!(
            t.check(1, 2, 1, 1),
            SequenceCheck::Reject(code::INVALID_PRODUCER_EPOCH)
        );
        assert_eq!(
            t.check(1, 4, 5, 5),
            SequenceCheck::Reject(code::OUT_OF_ORDER_SEQUENCE_NUMBER)
        );
        assert_eq!(t.check(1, 4, 0, 0), SequenceCheck::Append);
        t.update(1, 4, meta(0, 0, 1));
        assert_eq!(t.check(1, 4, 1, 1), SequenceCheck::Append);
    }

    #[test]
    fn only_the_last_five_batches_are_remembered() {
        let mut t = ProducerStateTable::default();
        for i in 0..7 {
            t.update(1, 0, meta(i, i, i as i64));
        }
        assert_eq!(
            t.check(1, 0, 1, 1),
            SequenceCheck::Reject(code::OUT_OF_ORDER_SEQUENCE_NUMBER)
        );
        assert_eq!(t.check(1, 0, 2, 2), SequenceCheck::Duplicate(meta(2, 2, 2)));
        assert_eq!(
            t.check(1, 0, i32::MAX, i32::MAX),
            SequenceCheck::Reject(code::OUT_OF_ORDER_SEQUENCE_NUMBER)
        );
    }
}
