//! The cleaner's map from key to last offset (Kafka's `SkimpyOffsetMap`).
//!
//! Invariants: its memory is fixed at creation, whatever the number of keys;
//! keys are told apart by a 128-bit hash only; it holds at most
//! `capacity()` keys (`MAP_LOAD_FACTOR` of its slots, so linear probing
//! always finds a free slot) and callers check before `put`.

use super::*;

/// Bytes of one [`OffsetMap`] entry: a 128-bit key hash and an offset (as
/// Kafka's `SkimpyOffsetMap` with MD5).
pub const OFFSET_MAP_ENTRY_SIZE: usize = 24;

/// The map counts as full at this load (Kafka's
/// `log.cleaner.io.buffer.load.factor`).
pub(super) const MAP_LOAD_FACTOR: f64 = 0.9;

/// The last offset of each key, by a 128-bit hash of the key, in a table of
/// fixed size: memory does not grow with the number of keys. Two keys with
/// the same hash would count as one; with 128 bits that takes about 2^64
/// keys.
pub struct OffsetMap {
    /// [hash high, hash low, offset + 1]; 0 marks a free slot, so that a
    /// new map is zeroed memory the kernel hands out as it is touched.
    slots: Vec<[u64; 3]>,
    entries: usize,
    max_entries: usize,
    hashers: (RandomState, RandomState),
}

impl OffsetMap {
    /// A map taking at most `memory` bytes.
    pub fn new(memory: usize) -> Self {
        let slots = (memory / OFFSET_MAP_ENTRY_SIZE).max(2);
        OffsetMap {
            slots: vec![[0; 3]; slots],
            entries: 0,
            max_entries: ((slots as f64 * MAP_LOAD_FACTOR) as usize).max(1),
            hashers: (RandomState::new(), RandomState::new()),
        }
    }

    /// How many keys fit before the map is full.
    pub fn capacity(&self) -> usize {
        self.max_entries
    }

    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    pub fn clear(&mut self) {
        self.slots.fill([0; 3]);
        self.entries = 0;
    }

    fn hash(&self, key: &[u8]) -> (u64, u64) {
        (self.hashers.0.hash_one(key), self.hashers.1.hash_one(key))
    }

    /// The slot holding `hash`, or the free slot where it would go (linear
    /// probing; the load factor keeps a free slot).
    fn slot(&self, hash: (u64, u64)) -> usize {
        let n = self.slots.len();
        let mut i = (hash.0 % n as u64) as usize;
        loop {
            let [h, l, offset] = self.slots[i];
            if offset == 0 || (h, l) == hash {
                return i;
            }
            i = (i + 1) % n;
        }
    }

    /// Records `offset` as the latest of `key`. Panics when full: callers
    /// check [`OffsetMap::capacity`] first.
    pub fn put(&mut self, key: &[u8], offset: i64) {
        assert!(offset >= 0);
        let hash = self.hash(key);
        let i = self.slot(hash);
        if self.slots[i][2] == 0 {
            assert!(self.entries < self.max_entries, "offset map full");
            self.entries += 1;
        }
        self.slots[i] = [hash.0, hash.1, offset as u64 + 1];
    }

    /// The latest offset recorded for `key`.
    pub fn get(&self, key: &[u8]) -> Option<i64> {
        let [_, _, offset] = self.slots[self.slot(self.hash(key))];
        (offset > 0).then(|| offset as i64 - 1)
    }
}
