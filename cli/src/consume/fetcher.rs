//! The fetching side of `consume` (Kafka's `Fetcher`): positions, seeks by
//! timestamp, metadata refreshes, one Fetch per leader per round, and the
//! records of each response printed from the partition's position on.
//!
//! Invariants: each partition is fetched from its leader as of the last
//! metadata, at its own position, which moves past every record printed; a
//! partition whose next batch exceeds its fetch size gets a bigger one, up
//! to `PARTITION_MAX_BYTES_LIMIT`; partitions added while consuming are read
//! from their earliest offset; under read_committed, fetches and seeks stop
//! at the last stable offset and aborted transactions are not printed.

use super::message_formatter::format_record;
use super::*;

impl Consumer {
    pub(super) async fn start_positions(&mut self) -> Result<()> {
        let partitions: Vec<i32> = match self.only_partition {
            Some(p) => vec![p],
            None => self.topic().partitions.iter().map(|p| p.index).collect(),
        };
        let timestamp = match self.start {
            StartOffset::At(offset) => {
                for p in partitions {
                    self.set_position(p, offset);
                }
                return Ok(());
            }
            StartOffset::Earliest => EARLIEST_TIMESTAMP,
            StartOffset::Latest => LATEST_TIMESTAMP,
        };
        self.seek(&partitions, timestamp).await
    }

    pub(super) fn set_position(&mut self, partition: i32, offset: i64) {
        self.positions.insert(
            partition,
            Position {
                offset,
                max_bytes: PARTITION_MAX_BYTES,
            },
        );
    }

    /// Moves `partitions` to the offset of `timestamp` (earliest or latest).
    pub(super) async fn seek(&mut self, partitions: &[i32], timestamp: i64) -> Result<()> {
        let topic = self.topic().clone();
        let offsets = self
            .client
            .list_offsets_isolated(&topic, partitions, timestamp, self.isolation_level)
            .await?;
        for (p, offset) in offsets {
            match offset {
                Ok(offset) => self.set_position(p, offset),
                // Retried at the next metadata refresh. A group member may
                // be assigned a partition its metadata does not show yet.
                Err(code)
                    if errors::is_stale_metadata(code)
                        || (self.group.is_some() && code == errors::UNKNOWN_TOPIC_OR_PARTITION) =>
                {
                    self.positions.remove(&p);
                }
                Err(code) => {
                    return Err(Error::Kafka {
                        context: format!("partition {p}: "),
                        code,
                        message: None,
                    })
                }
            }
        }
        Ok(())
    }

    /// Picks up new partitions (from the earliest offset: everything in them
    /// was written after we started, or nearly) and new leaders.
    pub(super) async fn refresh_partitions(&mut self) -> Result<()> {
        self.refresh_leaders().await?;
        let new: Vec<i32> = self
            .topic()
            .partitions
            .iter()
            .map(|p| p.index)
            .filter(|p| !self.positions.contains_key(p))
            .collect();
        if !new.is_empty() {
            self.seek(&new, EARLIEST_TIMESTAMP).await?;
        }
        Ok(())
    }

    pub(super) async fn refresh_leaders(&mut self) -> Result<()> {
        match self.client.topic(&self.topic_name, false).await? {
            Ok(info) => self.topic = Some(info),
            Err(code) => self.warn_once(format!(
                "topic '{}': {}",
                self.topic_name,
                errors::describe(code, None)
            )),
        }
        // A partition whose position could not be looked up before.
        if let Some(p) = self.only_partition {
            if !self.positions.contains_key(&p) {
                let t = match self.start {
                    StartOffset::Earliest => EARLIEST_TIMESTAMP,
                    _ => LATEST_TIMESTAMP,
                };
                self.seek(&[p], t).await?;
            }
        }
        Ok(())
    }

    /// One fetch per leader. Returns whether to go on, and whether the
    /// metadata looked stale.
    pub(super) async fn fetch_round(&mut self) -> Result<(Flow, bool)> {
        let mut by_leader: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        let mut stale = false;
        for &p in self.positions.keys() {
            match self.topic().partition(p) {
                Some(info) if info.leader >= 0 => by_leader.entry(info.leader).or_default().push(p),
                _ => stale = true,
            }
        }
        if by_leader.is_empty() {
            return Ok((Flow::Continue, true));
        }
        for (leader, partitions) in by_leader {
            let wait = self.time_left().map_or(MAX_WAIT, |left| left.min(MAX_WAIT));
            match self.fetch(leader, &partitions, wait).await? {
                (Flow::Stop, _) => return Ok((Flow::Stop, stale)),
                (Flow::Continue, s) => stale |= s,
            }
            if self.done() {
                return Ok((Flow::Stop, stale));
            }
        }
        Ok((Flow::Continue, stale))
    }

    pub(super) async fn fetch(
        &mut self,
        leader: i32,
        partitions: &[i32],
        wait: Duration,
    ) -> Result<(Flow, bool)> {
        let version = self.client.node_version(leader, ApiKey::Fetch).await?;
        let topic = self.topic().clone();
        // v13+ names topics by id only.
        let by_id = version >= 13;
        if by_id && topic.topic_id.is_nil() {
            return Err(Error::Other(format!(
                "the broker gave no topic id for '{}', which Fetch v{version} needs",
                topic.name
            )));
        }
        let request = FetchRequest {
            max_wait_ms: wait.as_millis() as i32,
            min_bytes: 1,
            max_bytes: FETCH_MAX_BYTES,
            isolation_level: self.isolation_level,
            topics: vec![FetchTopic {
                topic: if by_id {
                    String::new()
                } else {
                    topic.name.clone()
                },
                topic_id: if by_id {
                    topic.topic_id
                } else {
                    Default::default()
                },
                partitions: partitions
                    .iter()
                    .map(|&p| FetchPartition {
                        partition: p,
                        fetch_offset: self.positions[&p].offset,
                        partition_max_bytes: self.positions[&p].max_bytes,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let response = expect_body!(
            self.client
                .send_to(leader, RequestBody::Fetch(request))
                .await?,
            Fetch
        )?;
        if response.error_code != errors::NONE {
            if errors::is_stale_metadata(response.error_code) {
                return Ok((Flow::Continue, true));
            }
            return Err(Error::kafka(response.error_code, None));
        }
        let mut stale = false;
        for t in response.responses {
            let ours = if by_id {
                t.topic_id == topic.topic_id
            } else {
                t.topic == topic.name
            };
            if !ours {
                continue;
            }
            for p in t.partitions {
                let partition = p.partition_index;
                if !self.positions.contains_key(&partition) {
                    continue;
                }
                match p.error_code {
                    errors::NONE => {
                        let Some(records) = p.records else { continue };
                        let aborted = AbortedTransactions::new(p.aborted_transactions);
                        if let Flow::Stop = self.print_records(partition, records, aborted)? {
                            return Ok((Flow::Stop, stale));
                        }
                    }
                    errors::OFFSET_OUT_OF_RANGE => {
                        let at = self.positions[&partition].offset;
                        let to = if self.reset_to == EARLIEST_TIMESTAMP {
                            "earliest"
                        } else {
                            "latest"
                        };
                        eprintln!(
                            "warning: offset {at} is out of range for partition {partition}; resetting to the {to} offset"
                        );
                        self.seek(&[partition], self.reset_to).await?;
                    }
                    code if errors::is_stale_metadata(code)
                        || code == errors::UNKNOWN_TOPIC_OR_PARTITION
                        || code == errors::UNKNOWN_TOPIC_ID =>
                    {
                        stale = true;
                    }
                    code => {
                        return Err(Error::Kafka {
                            context: format!("partition {partition}: "),
                            code,
                            message: None,
                        })
                    }
                }
            }
        }
        Ok((Flow::Continue, stale))
    }

    /// Prints the records of one partition's fetch data from its position
    /// on, but those of the `aborted` transactions.
    pub(super) fn print_records(
        &mut self,
        partition: i32,
        records: bytes::Bytes,
        mut aborted: AbortedTransactions,
    ) -> Result<Flow> {
        let mut batches = Batches::new(records);
        let mut complete = false;
        for batch in &mut batches {
            let position = self.positions[&partition].offset;
            let corrupt = |e| {
                Error::Other(format!(
                    "partition {partition}: corrupt record batch at offset {position}: {e}"
                ))
            };
            let batch = batch.map_err(corrupt)?;
            complete = true;
            // Before the position too: the markers there end aborts.
            let skipped = aborted.skips(&batch);
            // A fetch from the middle of a batch returns the whole batch.
            if batch.next_offset() <= position {
                continue;
            }
            batch.validate().map_err(corrupt)?;
            // Transaction markers are not messages.
            if !batch.header().is_control() && !skipped {
                let timestamp_type = batch.timestamp_type();
                for record in batch.records(MAX_DECOMPRESSED_BYTES).map_err(corrupt)? {
                    if record.offset < self.positions[&partition].offset {
                        continue;
                    }
                    self.out.clear();
                    format_record(
                        &self.format,
                        timestamp_type,
                        partition,
                        &record,
                        &mut self.out,
                    );
                    // Flushed per message: tests and pipelines read line by line.
                    let mut stdout = std::io::stdout().lock();
                    match stdout.write_all(&self.out).and_then(|()| stdout.flush()) {
                        Ok(()) => {}
                        // The reader went away (`| head`): a normal end.
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                            return Ok(Flow::Stop)
                        }
                        Err(e) => return Err(Error::Other(format!("cannot write to stdout: {e}"))),
                    }
                    self.count += 1;
                    self.last_progress = Instant::now();
                    if let Some(pos) = self.positions.get_mut(&partition) {
                        pos.offset = record.offset + 1;
                    }
                    if self.done() {
                        return Ok(Flow::Stop);
                    }
                }
            }
            if let Some(pos) = self.positions.get_mut(&partition) {
                // Compacted batches may end with offsets that have no record.
                pos.offset = pos.offset.max(batch.next_offset());
            }
        }
        // Only part of a batch fit in the partition's fetch size: ask for more.
        if !complete && batches.partial_batch().is_some() {
            if let Some(pos) = self.positions.get_mut(&partition) {
                pos.max_bytes = pos
                    .max_bytes
                    .saturating_mul(2)
                    .min(PARTITION_MAX_BYTES_LIMIT);
            }
        }
        Ok(Flow::Continue)
    }
}
