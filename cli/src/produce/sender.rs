//! Sending what `produce` batched (Kafka's `Sender`): one Produce request per
//! leader, retries of retriable errors until the delivery timeout, and the
//! report of what failed.
//!
//! Invariants: a batch is retried only on errors that mean nothing was
//! written or the broker went away, and no longer than `delivery.timeout.ms`;
//! after a batch fails for good the next flush asks for a new producer id
//! (its sequence numbers are lost), except in a transaction, which is
//! aborted instead; a transactional batch goes only to a partition added to
//! the transaction; every line not written is reported.

use super::*;

/// A Produce request for `batches` of one topic.
pub(crate) fn produce_request<'a>(
    topic: &str,
    acks: i16,
    batches: impl Iterator<Item = (i32, &'a Bytes)>,
) -> ProduceRequest {
    ProduceRequest {
        transactional_id: None,
        acks,
        timeout_ms: SERVER_TIMEOUT_MS,
        topic_data: vec![TopicProduceData {
            name: topic.to_string(),
            partition_data: batches
                .map(|(p, batch)| PartitionProduceData {
                    index: p,
                    records: Some(batch.clone()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Errors a producer retries until its delivery timeout, as Kafka's
/// producer does with its retriable exceptions: nothing was written, or the
/// broker went away before answering.
pub(super) fn is_retriable(code: i16) -> bool {
    errors::is_stale_metadata(code)
        || matches!(
            code,
            errors::UNKNOWN_TOPIC_OR_PARTITION
                | errors::REQUEST_TIMED_OUT
                | errors::NETWORK_EXCEPTION
                | errors::NOT_ENOUGH_REPLICAS
                | errors::NOT_ENOUGH_REPLICAS_AFTER_APPEND
        )
}

/// Whether a client error means the broker is (for now) out of reach.
pub(super) fn is_unavailable(e: &Error) -> bool {
    matches!(e, Error::Io { .. } | Error::Connect { .. })
}

impl Producer {
    /// Sends every pending batch, one Produce request per leader, and waits
    /// for the answers. Batches whose leader moved or whose broker went away
    /// are retried (after a metadata refresh) until the delivery timeout, as
    /// Kafka's producer does; a Ctrl-C or SIGTERM stops the retries.
    pub(super) async fn flush(&mut self) -> Result<()> {
        if self.batcher.is_empty() {
            return Ok(());
        }
        if let Some(transaction) = &mut self.transaction {
            let added = match transaction.state() {
                State::InTransaction => {
                    let partitions: Vec<i32> = self.batcher.partitions().collect();
                    transaction
                        .add_partitions(&mut self.client, &self.topic.name, partitions)
                        .await
                }
                State::AbortableError => Ok(()),
                state => Err(Error::Other(format!(
                    "records to send outside a transaction ({state:?})"
                ))),
            };
            if let Err(e) = &added {
                if transaction.state() != State::AbortableError {
                    return added;
                }
                eprintln!("Error: {e}");
            }
            // The transaction will be aborted: nothing more is sent in it.
            if transaction.state() == State::AbortableError {
                let dropped: usize = self.batcher.take_all()?.iter().map(|b| b.tags.len()).sum();
                self.failed += dropped as u64;
                return Ok(());
            }
        } else if std::mem::take(&mut self.restart_idempotence) && self.batcher.producer.is_some() {
            self.init_idempotence().await?;
        }
        let mut batches: Vec<(i32, Bytes, u64)> = self
            .batcher
            .take_all()?
            .into_iter()
            .map(|b| (b.partition, b.batch, b.tags.len() as u64))
            .collect();
        self.sticky.batch_sent();
        let deadline = Instant::now() + self.delivery_timeout;
        let mut attempt: u32 = 0;
        let mut announced = false;
        loop {
            let (retry, unavailable) = self.send_batches(batches).await?;
            if retry.is_empty() {
                if announced {
                    eprintln!("broker available again: delivered");
                }
                return Ok(());
            }
            if let Some(e) = &unavailable {
                if !announced {
                    announced = true;
                    eprintln!(
                        "broker unavailable, retrying for up to {} s: {e}",
                        self.delivery_timeout.as_secs()
                    );
                }
            }
            attempt += 1;
            let backoff = (RETRY_BACKOFF * attempt).min(RETRY_BACKOFF_MAX);
            let stopped = tokio::select! {
                _ = tokio::time::sleep(backoff) => false,
                _ = crate::client::shutdown_signal() => true,
            };
            if stopped || Instant::now() + backoff > deadline {
                let why = if stopped {
                    "interrupted while retrying".to_string()
                } else {
                    format!(
                        "not delivered within {} s (--timeout)",
                        self.delivery_timeout.as_secs()
                    )
                };
                for (partition, _, count, code) in retry {
                    let message = match &unavailable {
                        Some(e) if code == errors::NETWORK_EXCEPTION => format!("{why}: {e}"),
                        _ => format!("{why}: {}", errors::describe(code, None)),
                    };
                    self.report(partition, count, code, Some(message));
                }
                return Ok(());
            }
            match self.client.topic(&self.topic.name, false).await {
                Ok(Ok(info)) => self.topic = info,
                Ok(Err(code)) if is_retriable(code) => {}
                Ok(Err(code)) => {
                    for (partition, _, count, _) in retry {
                        self.report(partition, count, code, None);
                    }
                    return Ok(());
                }
                Err(e) if is_unavailable(&e) => {}
                Err(e) => return Err(e),
            }
            batches = retry.into_iter().map(|(p, b, c, _)| (p, b, c)).collect();
        }
    }

    /// Sends `batches` to their leaders. Returns the ones to retry, with the
    /// error that asked for it, and the error of a broker out of reach (its
    /// batches are retried with NETWORK_EXCEPTION).
    #[allow(clippy::type_complexity)]
    pub(super) async fn send_batches(
        &mut self,
        batches: Vec<(i32, Bytes, u64)>,
    ) -> Result<(Vec<(i32, Bytes, u64, i16)>, Option<Error>)> {
        let mut retry = Vec::new();
        let mut unavailable = None;
        let mut by_leader: BTreeMap<i32, Vec<(i32, Bytes, u64)>> = BTreeMap::new();
        for (partition, batch, count) in batches {
            match self.topic.partition(partition) {
                Some(p) if p.leader >= 0 => by_leader
                    .entry(p.leader)
                    .or_default()
                    .push((partition, batch, count)),
                _ => retry.push((partition, batch, count, errors::LEADER_NOT_AVAILABLE)),
            }
        }
        for (leader, group) in by_leader {
            match self.send_to_leader(leader, &group).await {
                Ok(answers) => {
                    for ((partition, batch, count), answer) in group.into_iter().zip(answers) {
                        match answer {
                            // A retry of a batch the broker had written.
                            (errors::NONE | errors::DUPLICATE_SEQUENCE_NUMBER, _) => {}
                            (code, _) if is_retriable(code) => {
                                retry.push((partition, batch, count, code))
                            }
                            (code, message) => self.report(partition, count, code, message),
                        }
                    }
                }
                Err(e) if is_unavailable(&e) => {
                    retry.extend(
                        group
                            .into_iter()
                            .map(|(p, b, c)| (p, b, c, errors::NETWORK_EXCEPTION)),
                    );
                    unavailable = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Ok((retry, unavailable))
    }

    /// One Produce request to `leader`: each partition's error code and
    /// message, in the order of `group` (all NONE with acks=0).
    pub(super) async fn send_to_leader(
        &mut self,
        leader: i32,
        group: &[(i32, Bytes, u64)],
    ) -> Result<Vec<(i16, Option<String>)>> {
        let version = self.client.node_version(leader, ApiKey::Produce).await?;
        if version < 3 {
            // v0-v2 carry the old message formats, not RecordBatch v2.
            return Err(Error::Other(format!(
                "broker {leader} only supports Produce v{version}; record batches need v3+"
            )));
        }
        let mut request = produce_request(
            &self.topic.name,
            self.acks,
            group.iter().map(|(p, batch, _)| (*p, batch)),
        );
        request.transactional_id = self
            .transaction
            .as_ref()
            .map(|t| t.transactional_id.clone());
        if self.acks == 0 {
            self.client
                .send_to_without_response(leader, RequestBody::Produce(request))
                .await?;
            return Ok(vec![(errors::NONE, None); group.len()]);
        }
        let response = expect_body!(
            self.client
                .send_to(leader, RequestBody::Produce(request))
                .await?,
            Produce
        )?;
        Ok(group
            .iter()
            .map(|(partition, _, _)| {
                let answer = response
                    .responses
                    .iter()
                    .filter(|t| t.name == self.topic.name)
                    .flat_map(|t| &t.partition_responses)
                    .find(|r| r.index == *partition);
                match answer {
                    Some(r) => (r.error_code, r.error_message.clone()),
                    None => (
                        errors::UNKNOWN_SERVER_ERROR,
                        Some("no answer for this partition".into()),
                    ),
                }
            })
            .collect())
    }

    pub(super) fn report(
        &mut self,
        partition: i32,
        count: u64,
        code: i16,
        message: Option<String>,
    ) {
        self.failed += count;
        // The next batch would leave a gap in the sequence: start afresh
        // (in a transaction: abort it, see `end_transaction`).
        self.restart_idempotence = true;
        if let Some(transaction) = &mut self.transaction {
            transaction.abortable_error();
        }
        eprintln!(
            "Error: {count} message(s) to partition {partition} of '{}' failed: {}",
            self.topic.name,
            errors::describe(code, message.as_deref())
        );
    }
}
