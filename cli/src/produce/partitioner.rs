//! The Java client's partitioning (Kafka's `BuiltInPartitioner` and
//! `Utils.murmur2`): a keyed record goes to murmur2(key) modulo the
//! partition count; unkeyed records stick to one partition until their batch
//! is sent.
//!
//! Invariants: the same key always maps to the same partition of a topic of
//! a given size, as with the Java client; `murmur2` is bit-for-bit Kafka's.

use super::*;

/// Kafka's `Utils.murmur2`: MurmurHash2, 32 bits, seed 0x9747b28c, as the
/// Java client's default partitioner uses it for keyed records. Must match
/// bit for bit, or keys land on other partitions than Java producers put them.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h = SEED ^ data.len() as u32;
    let chunks = data.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // Java's switch falls through from case 3 to case 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// The Java client's partition for a keyed record:
/// `Utils.toPositive(Utils.murmur2(key)) % numPartitions`.
pub fn partition_for_key(key: &[u8], num_partitions: usize) -> usize {
    (murmur2(key) & 0x7fff_ffff) as usize % num_partitions
}

/// The Java client's partitioning: keyed records by murmur2, unkeyed ones
/// sticky to one partition until their batch is sent, then the next one
/// (round-robin over batches).
pub(crate) struct StickyPartitioner {
    next: usize,
    used: bool,
}

impl StickyPartitioner {
    /// Like the Java client, unkeyed records start on a random partition, so
    /// that short runs do not all fill partition 0. `salt` separates
    /// partitioners started together.
    pub fn new(salt: usize) -> Self {
        let seed = (SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos()) as usize)
            .wrapping_add(std::process::id() as usize)
            .wrapping_add(salt.wrapping_mul(7919));
        StickyPartitioner {
            next: seed,
            used: false,
        }
    }

    pub fn choose(&mut self, topic: &TopicInfo, key: Option<&[u8]>) -> i32 {
        let n = topic.partitions.len();
        match key {
            Some(key) => topic.partitions[partition_for_key(key, n)].index,
            None => {
                self.used = true;
                topic.partitions[self.next % n].index
            }
        }
    }

    /// A batch was sent: unkeyed records move to the next partition.
    pub fn batch_sent(&mut self) {
        if self.used {
            self.next = self.next.wrapping_add(1);
            self.used = false;
        }
    }
}
