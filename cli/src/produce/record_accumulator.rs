//! Per-partition batching (Kafka's `RecordAccumulator`), shared by `produce`
//! and `perf produce`: records gather per partition until the batch reaches
//! `batch_size` bytes or has waited `linger`, then are encoded as one record
//! batch.
//!
//! Invariants: a built batch holds records of one partition only, in the
//! order pushed, each with its caller's tag; with an idempotent producer
//! each partition's sequence numbers follow on from batch to batch; a
//! transactional producer's batches carry the transactional attribute.

use super::*;

/// Records waiting to be sent to one partition, each with a caller's tag
/// (the perf producer keeps enqueue times there).
pub(super) struct Pending<T> {
    records: Vec<SimpleRecord>,
    tags: Vec<T>,
    bytes: usize,
    since: Instant,
}

/// One partition's records, encoded as a record batch.
pub(crate) struct BuiltBatch<T> {
    pub partition: i32,
    pub batch: Bytes,
    pub tags: Vec<T>,
}

/// Per-partition batching as the Java client's accumulator does it: records
/// gather per partition until the batch reaches `batch_size` bytes or has
/// waited `linger`.
pub(crate) struct Batcher<T> {
    pending: BTreeMap<i32, Pending<T>>,
    batch_size: usize,
    compression: Compression,
    /// An idempotent producer's id and epoch, and each partition's next
    /// sequence number (none: batches carry no producer id).
    pub(super) producer: Option<(i64, i16)>,
    sequences: BTreeMap<i32, i32>,
    /// Batches are part of transactions (a transactional id's producer).
    transactional: bool,
}

impl<T> Batcher<T> {
    pub fn new(batch_size: usize, compression: Compression) -> Self {
        Batcher {
            pending: BTreeMap::new(),
            batch_size,
            compression,
            producer: None,
            sequences: BTreeMap::new(),
            transactional: false,
        }
    }

    /// Marks the batches built from now on as transactional (with a
    /// producer id only: a transaction needs one).
    pub fn set_transactional(&mut self, transactional: bool) {
        self.transactional = transactional;
    }

    /// The partitions with records waiting.
    pub fn partitions(&self) -> impl Iterator<Item = i32> + '_ {
        self.pending.keys().copied()
    }

    /// Stamps the batches built from now on with this producer id and epoch
    /// and sequence numbers from 0 (Kafka's idempotent producer), so that
    /// the broker drops a retried batch it already wrote.
    pub fn set_producer(&mut self, producer: Option<(i64, i16)>) {
        self.producer = producer;
        self.sequences.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Whether adding `size` bytes to `partition`'s batch would exceed the
    /// batch size (the batch should be sent first).
    pub fn would_overflow(&self, partition: i32, size: usize) -> bool {
        self.pending
            .get(&partition)
            .is_some_and(|p| p.bytes + size > self.batch_size)
    }

    /// Adds a record; true when its partition's batch is now full.
    pub fn push(&mut self, partition: i32, record: SimpleRecord, tag: T) -> bool {
        let size = estimated_size(&record);
        let pending = self.pending.entry(partition).or_insert_with(|| Pending {
            records: Vec::new(),
            tags: Vec::new(),
            bytes: 0,
            since: Instant::now(),
        });
        pending.records.push(record);
        pending.tags.push(tag);
        pending.bytes += size;
        pending.bytes >= self.batch_size
    }

    /// When the first batch is ready to go: a full batch at once, the
    /// others once they have lingered long enough.
    pub fn next_deadline(&self, linger: Duration) -> Option<Instant> {
        self.pending
            .values()
            .map(|p| self.ready_at(p, linger))
            .min()
    }

    fn ready_at(&self, p: &Pending<T>, linger: Duration) -> Instant {
        if p.bytes >= self.batch_size {
            p.since
        } else {
            p.since + linger
        }
    }

    fn build(&mut self, partition: i32, pending: Pending<T>) -> Result<BuiltBatch<T>> {
        let mut builder = RecordBatchBuilder::new(self.compression);
        if let Some((id, epoch)) = self.producer {
            let seq = self.sequences.entry(partition).or_insert(0);
            builder = builder
                .producer(id, epoch, *seq)
                .transactional(self.transactional);
            // Sequences wrap from i32::MAX to 0, as Kafka's do.
            *seq = ((i64::from(*seq) + pending.records.len() as i64) % (1i64 << 31)) as i32;
        }
        for r in pending.records {
            builder.push(r);
        }
        let batch = builder
            .build()
            .map_err(|e| Error::Other(format!("cannot build a record batch: {e}")))?;
        Ok(BuiltBatch {
            partition,
            batch,
            tags: pending.tags,
        })
    }

    /// `partition`'s batch, encoded (none when it has no records).
    pub fn take(&mut self, partition: i32) -> Result<Option<BuiltBatch<T>>> {
        match self.pending.remove(&partition) {
            Some(p) => self.build(partition, p).map(Some),
            None => Ok(None),
        }
    }

    /// Every batch that is full or has waited `linger` by `now`.
    pub fn take_expired(&mut self, now: Instant, linger: Duration) -> Result<Vec<BuiltBatch<T>>> {
        let expired: Vec<i32> = self
            .pending
            .iter()
            .filter(|(_, p)| self.ready_at(p, linger) <= now)
            .map(|(&k, _)| k)
            .collect();
        let mut out = Vec::with_capacity(expired.len());
        for partition in expired {
            out.extend(self.take(partition)?);
        }
        Ok(out)
    }

    /// Every pending batch.
    pub fn take_all(&mut self) -> Result<Vec<BuiltBatch<T>>> {
        let mut out = Vec::with_capacity(self.pending.len());
        for (partition, p) in std::mem::take(&mut self.pending) {
            out.push(self.build(partition, p)?);
        }
        Ok(out)
    }
}

/// Roughly a record's size in a batch: enough to cut batches near
/// --batch-size without encoding twice.
pub(crate) fn estimated_size(r: &SimpleRecord) -> usize {
    let headers: usize = r
        .headers
        .iter()
        .map(|(k, v)| k.len() + v.as_ref().map_or(0, |v| v.len()) + 4)
        .sum();
    r.key.as_ref().map_or(0, |k| k.len()) + r.value.as_ref().map_or(0, |v| v.len()) + headers + 16
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::records::RecordBatch;

    fn record(v: &str) -> SimpleRecord {
        SimpleRecord::new(0, None, Some(Bytes::from(v.to_string())))
    }

    #[test]
    fn transactional_batches_carry_the_producer_and_follow_on_sequences() {
        let mut b: Batcher<()> = Batcher::new(1 << 20, Compression::None);
        b.set_producer(Some((42, 3)));
        b.set_transactional(true);
        b.push(0, record("a"), ());
        b.push(0, record("b"), ());
        b.push(1, record("c"), ());
        assert_eq!(b.partitions().collect::<Vec<_>>(), vec![0, 1]);
        let first = b.take_all().unwrap();
        b.push(0, record("d"), ());
        let second = b.take_all().unwrap();
        let header = |built: &BuiltBatch<()>| {
            *RecordBatch::from_bytes(built.batch.clone())
                .unwrap()
                .header()
        };
        let h = header(&first[0]);
        assert!(h.is_transactional() && !h.is_control());
        assert_eq!(
            (h.producer_id, h.producer_epoch, h.base_sequence),
            (42, 3, 0)
        );
        assert_eq!(
            (header(&first[1]).base_sequence, first[1].partition),
            (0, 1)
        );
        let next = header(&second[0]);
        assert!(next.is_transactional());
        assert_eq!(next.base_sequence, 2, "partition 0 goes on after a and b");
        // A new producer id (a new epoch) restarts the sequences.
        b.set_producer(Some((42, 4)));
        b.push(0, record("e"), ());
        let h = header(&b.take_all().unwrap()[0]);
        assert_eq!((h.producer_epoch, h.base_sequence), (4, 0));
        // An idempotent producer's batches are not transactional.
        b.set_transactional(false);
        b.push(0, record("f"), ());
        assert!(!header(&b.take_all().unwrap()[0]).is_transactional());
    }
}
