//! A transactional producer's side of transactions (Kafka's
//! `TransactionManager`): the transactional id's coordinator
//! (FindCoordinator, key type TRANSACTION), its producer id and epoch
//! (InitProducerId with the id), the partitions of the transaction under
//! way (AddPartitionsToTxn, the clients' v3 and below) and its end (EndTxn,
//! commit or abort).
//!
//! Invariants: the state moves only as Kafka's `isTransitionValid` allows;
//! a partition is added to the transaction before any batch is written to
//! it, and once per transaction; a request the coordinator answers with
//! NOT_COORDINATOR or COORDINATOR_NOT_AVAILABLE is sent again after finding
//! the coordinator anew, one answered with COORDINATOR_LOAD_IN_PROGRESS or
//! CONCURRENT_TRANSACTIONS after a pause, until `COORDINATOR_TIMEOUT`.

use std::collections::BTreeSet;

use protocol::messages::add_partitions_to_txn_request::AddPartitionsToTxnTopic;
use protocol::messages::{
    AddPartitionsToTxnRequest, AddPartitionsToTxnResponse, EndTxnRequest, ResponseBody,
};

use super::*;
use crate::client::COORDINATOR_KEY_TRANSACTION;

/// Kafka's `transaction.timeout.ms` default.
const TRANSACTION_TIMEOUT_MS: i32 = 60_000;
/// How long a coordinator request is retried (Kafka's `max.block.ms`).
const COORDINATOR_TIMEOUT: Duration = Duration::from_secs(60);

/// Kafka's `TransactionManager.State`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Uninitialized,
    Initializing,
    Ready,
    InTransaction,
    CommittingTransaction,
    AbortingTransaction,
    AbortableError,
    FatalError,
}

impl State {
    /// Kafka's `isTransitionValid`.
    fn can_become(self, target: State) -> bool {
        use State::*;
        match target {
            Uninitialized => matches!(self, Ready | AbortableError),
            Initializing => matches!(self, Uninitialized | AbortingTransaction),
            Ready => matches!(
                self,
                Initializing | CommittingTransaction | AbortingTransaction
            ),
            InTransaction => self == Ready,
            CommittingTransaction => self == InTransaction,
            AbortingTransaction => matches!(self, InTransaction | AbortableError),
            AbortableError => matches!(
                self,
                InTransaction | CommittingTransaction | AbortableError | Initializing
            ),
            FatalError => true,
        }
    }
}

/// What to do with a coordinator's error code.
#[derive(Debug, PartialEq, Eq)]
enum Retry {
    /// Done: success or an error to report.
    No,
    /// Send again after a pause.
    Backoff,
    /// Find the coordinator again, then send again.
    Rediscover,
}

fn retry_of(code: i16) -> Retry {
    match code {
        errors::NOT_COORDINATOR | errors::COORDINATOR_NOT_AVAILABLE => Retry::Rediscover,
        errors::COORDINATOR_LOAD_IN_PROGRESS | errors::CONCURRENT_TRANSACTIONS => Retry::Backoff,
        _ => Retry::No,
    }
}

pub(crate) struct TransactionManager {
    pub(crate) transactional_id: String,
    state: State,
    /// The coordinator's address, once found.
    coordinator: Option<String>,
    /// The producer id and epoch InitProducerId gave.
    producer: Option<(i64, i16)>,
    /// The partitions added to the transaction under way.
    partitions: BTreeSet<i32>,
}

impl TransactionManager {
    pub(crate) fn new(transactional_id: String) -> Self {
        TransactionManager {
            transactional_id,
            state: State::Uninitialized,
            coordinator: None,
            producer: None,
            partitions: BTreeSet::new(),
        }
    }

    pub(crate) fn state(&self) -> State {
        self.state
    }

    fn transition(&mut self, target: State) -> Result<()> {
        if !self.state.can_become(target) {
            return Err(Error::Other(format!(
                "transactional id '{}': invalid transition from {:?} to {:?}",
                self.transactional_id, self.state, target
            )));
        }
        self.state = target;
        Ok(())
    }

    /// The coordinator refused what the producer cannot go on without.
    fn fatal(&mut self, doing: String, code: i16) -> Error {
        self.state = State::FatalError;
        Error::Kafka {
            context: format!("cannot {doing}: "),
            code,
            message: None,
        }
    }

    /// A request of the transaction failed for good: the transaction can
    /// only be aborted.
    pub(crate) fn abortable_error(&mut self) {
        if self.state.can_become(State::AbortableError) {
            self.state = State::AbortableError;
        }
    }

    /// InitProducerId with the transactional id: the producer id and epoch
    /// to stamp batches with. After an aborted transaction it is asked again
    /// with the current id and epoch (KIP-360), which bumps the epoch and
    /// restarts the sequences.
    pub(crate) async fn init(&mut self, client: &mut Client) -> Result<(i64, i16)> {
        if self.state == State::Ready {
            self.transition(State::Uninitialized)?;
        }
        self.transition(State::Initializing)?;
        let (producer_id, producer_epoch) = self.producer.unwrap_or((-1, -1));
        let request = InitProducerIdRequest {
            transactional_id: Some(self.transactional_id.clone()),
            transaction_timeout_ms: TRANSACTION_TIMEOUT_MS,
            producer_id,
            producer_epoch,
            ..Default::default()
        };
        let response = self
            .send(client, RequestBody::InitProducerId(request), |r| match r {
                ResponseBody::InitProducerId(r) => r.error_code,
                _ => errors::UNKNOWN_SERVER_ERROR,
            })
            .await?;
        let response = expect_body!(response, InitProducerId)?;
        if response.error_code != errors::NONE {
            let doing = format!("initialize transactional id '{}'", self.transactional_id);
            return Err(self.fatal(doing, response.error_code));
        }
        let producer = (response.producer_id, response.producer_epoch);
        self.producer = Some(producer);
        self.transition(State::Ready)?;
        Ok(producer)
    }

    /// Begins a transaction (nothing is sent until a partition is added).
    pub(crate) fn begin(&mut self) -> Result<()> {
        self.partitions.clear();
        self.transition(State::InTransaction)
    }

    /// Adds to the transaction those of `partitions` of `topic` it lacks.
    pub(crate) async fn add_partitions(
        &mut self,
        client: &mut Client,
        topic: &str,
        partitions: impl IntoIterator<Item = i32>,
    ) -> Result<()> {
        let new: Vec<i32> = partitions
            .into_iter()
            .filter(|p| !self.partitions.contains(p))
            .collect::<BTreeSet<i32>>()
            .into_iter()
            .collect();
        if new.is_empty() || self.state != State::InTransaction {
            return Ok(());
        }
        let (producer_id, producer_epoch) = self.producer.unwrap_or((-1, -1));
        let request = add_partitions_request(
            &self.transactional_id,
            producer_id,
            producer_epoch,
            topic,
            &new,
        );
        let error_of = |r: &ResponseBody| match r {
            ResponseBody::AddPartitionsToTxn(r) => add_partitions_error(r),
            _ => errors::UNKNOWN_SERVER_ERROR,
        };
        let response = self
            .send(client, RequestBody::AddPartitionsToTxn(request), error_of)
            .await?;
        let code = error_of(&response);
        if code != errors::NONE {
            match code {
                errors::PRODUCER_FENCED
                | errors::INVALID_PRODUCER_EPOCH
                | errors::TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                | errors::INVALID_TXN_STATE => self.state = State::FatalError,
                _ => self.abortable_error(),
            }
            return Err(Error::Kafka {
                context: format!(
                    "cannot add partitions {new:?} of '{topic}' to the transaction of '{}': ",
                    self.transactional_id
                ),
                code,
                message: None,
            });
        }
        self.partitions.extend(new);
        Ok(())
    }

    /// Ends the transaction under way: EndTxn commit (or abort, after an
    /// abortable error or when `commit` is false). A transaction that added
    /// no partition has nothing at the coordinator to end. Returns whether
    /// it was committed.
    pub(crate) async fn end(&mut self, client: &mut Client, commit: bool) -> Result<bool> {
        let commit = commit && self.state == State::InTransaction;
        self.transition(if commit {
            State::CommittingTransaction
        } else {
            State::AbortingTransaction
        })?;
        if !self.partitions.is_empty() {
            let (producer_id, producer_epoch) = self.producer.unwrap_or((-1, -1));
            let request =
                end_txn_request(&self.transactional_id, producer_id, producer_epoch, commit);
            let response = self
                .send(client, RequestBody::EndTxn(request), |r| match r {
                    ResponseBody::EndTxn(r) => r.error_code,
                    _ => errors::UNKNOWN_SERVER_ERROR,
                })
                .await?;
            let response = expect_body!(response, EndTxn)?;
            if response.error_code != errors::NONE {
                let doing = format!(
                    "{} the transaction of '{}'",
                    if commit { "commit" } else { "abort" },
                    self.transactional_id
                );
                return Err(self.fatal(doing, response.error_code));
            }
        }
        self.partitions.clear();
        self.transition(State::Ready)?;
        Ok(commit)
    }

    /// Sends a request to the coordinator, finding it first, and again with
    /// the retries of the module's invariant. `error_of` reads the answer's
    /// error code.
    async fn send(
        &mut self,
        client: &mut Client,
        body: RequestBody,
        error_of: impl Fn(&ResponseBody) -> i16,
    ) -> Result<ResponseBody> {
        let deadline = Instant::now() + COORDINATOR_TIMEOUT;
        let mut attempt: u32 = 0;
        loop {
            let addr = match &self.coordinator {
                Some(addr) => addr.clone(),
                None => {
                    let (_, addr) = client
                        .find_coordinator_of(COORDINATOR_KEY_TRANSACTION, &self.transactional_id)
                        .await?;
                    self.coordinator = Some(addr.clone());
                    addr
                }
            };
            let response = match client.send_to_addr(&addr, body.clone()).await {
                Ok(r) => r,
                Err(e) if sender::is_unavailable(&e) && Instant::now() < deadline => {
                    self.coordinator = None;
                    attempt += 1;
                    tokio::time::sleep((RETRY_BACKOFF * attempt).min(RETRY_BACKOFF_MAX)).await;
                    continue;
                }
                Err(e) => return Err(e),
            };
            let retry = retry_of(error_of(&response));
            if retry == Retry::No || Instant::now() >= deadline {
                return Ok(response);
            }
            if retry == Retry::Rediscover {
                self.coordinator = None;
            }
            attempt += 1;
            tokio::time::sleep((RETRY_BACKOFF * attempt).min(RETRY_BACKOFF_MAX)).await;
        }
    }
}

/// AddPartitionsToTxn as clients send it (v3 and below: one transaction).
fn add_partitions_request(
    transactional_id: &str,
    producer_id: i64,
    producer_epoch: i16,
    topic: &str,
    partitions: &[i32],
) -> AddPartitionsToTxnRequest {
    AddPartitionsToTxnRequest {
        v3_and_below_transactional_id: transactional_id.to_string(),
        v3_and_below_producer_id: producer_id,
        v3_and_below_producer_epoch: producer_epoch,
        v3_and_below_topics: vec![AddPartitionsToTxnTopic {
            name: topic.to_string(),
            partitions: partitions.to_vec(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// The answer's error: the first partition error that is not
/// OPERATION_NOT_ATTEMPTED (which only says another partition failed), else
/// that, else NONE.
fn add_partitions_error(response: &AddPartitionsToTxnResponse) -> i16 {
    let codes: Vec<i16> = response
        .results_by_topic_v3_and_below
        .iter()
        .flat_map(|t| &t.results_by_partition)
        .map(|p| p.partition_error_code)
        .filter(|&c| c != errors::NONE)
        .collect();
    codes
        .iter()
        .copied()
        .find(|&c| c != errors::OPERATION_NOT_ATTEMPTED)
        .or(codes.first().copied())
        .unwrap_or(response.error_code)
}

fn end_txn_request(
    transactional_id: &str,
    producer_id: i64,
    producer_epoch: i16,
    committed: bool,
) -> EndTxnRequest {
    EndTxnRequest {
        transactional_id: transactional_id.to_string(),
        producer_id,
        producer_epoch,
        committed,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::messages::add_partitions_to_txn_response::{
        AddPartitionsToTxnPartitionResult, AddPartitionsToTxnTopicResult,
    };
    use protocol::Codec;

    #[test]
    fn transitions_are_kafkas() {
        use State::*;
        // A transaction's life: init, begin, commit, begin, abort after an error.
        let path = [
            Initializing,
            Ready,
            InTransaction,
            CommittingTransaction,
            Ready,
            InTransaction,
            AbortableError,
            AbortingTransaction,
            Initializing,
            Ready,
        ];
        let mut state = Uninitialized;
        for next in path {
            assert!(state.can_become(next), "{state:?} -> {next:?}");
            state = next;
        }
        assert!(
            !Uninitialized.can_become(InTransaction),
            "begin before init"
        );
        assert!(
            !Ready.can_become(CommittingTransaction),
            "commit without begin"
        );
        assert!(!AbortableError.can_become(CommittingTransaction));
        assert!(!FatalError.can_become(Ready));
        assert!(InTransaction.can_become(FatalError));
    }

    #[test]
    fn begin_and_end_move_the_state() {
        let mut t = TransactionManager::new("tx".into());
        assert!(t.begin().is_err(), "not initialized");
        t.state = State::Ready;
        t.begin().unwrap();
        assert_eq!(t.state(), State::InTransaction);
        t.abortable_error();
        assert_eq!(t.state(), State::AbortableError);
        assert!(t.begin().is_err());
    }

    #[test]
    fn coordinator_errors_are_retried_as_kafka_does() {
        assert_eq!(retry_of(errors::NOT_COORDINATOR), Retry::Rediscover);
        assert_eq!(
            retry_of(errors::COORDINATOR_NOT_AVAILABLE),
            Retry::Rediscover
        );
        assert_eq!(
            retry_of(errors::COORDINATOR_LOAD_IN_PROGRESS),
            Retry::Backoff
        );
        assert_eq!(retry_of(errors::CONCURRENT_TRANSACTIONS), Retry::Backoff);
        assert_eq!(retry_of(errors::NONE), Retry::No);
        assert_eq!(
            retry_of(errors::TRANSACTIONAL_ID_AUTHORIZATION_FAILED),
            Retry::No
        );
    }

    #[test]
    fn add_partitions_is_the_clients_v3_request() {
        let request = add_partitions_request("tx", 7, 2, "t", &[0, 3]);
        let mut buf = bytes::BytesMut::new();
        request.encode(3, &mut buf).unwrap();
        let decoded = AddPartitionsToTxnRequest::decode(3, &mut buf.freeze()).unwrap();
        assert_eq!(decoded.v3_and_below_transactional_id, "tx");
        assert_eq!(
            (
                decoded.v3_and_below_producer_id,
                decoded.v3_and_below_producer_epoch
            ),
            (7, 2)
        );
        assert_eq!(decoded.v3_and_below_topics[0].name, "t");
        assert_eq!(decoded.v3_and_below_topics[0].partitions, vec![0, 3]);
        assert!(decoded.transactions.is_empty());
        let end = end_txn_request("tx", 7, 2, true);
        assert!(end.committed && end.producer_id == 7 && end.producer_epoch == 2);
    }

    #[test]
    fn the_partition_that_failed_names_the_error() {
        let answer = |codes: &[i16]| AddPartitionsToTxnResponse {
            results_by_topic_v3_and_below: vec![AddPartitionsToTxnTopicResult {
                name: "t".into(),
                results_by_partition: codes
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| AddPartitionsToTxnPartitionResult {
                        partition_index: i as i32,
                        partition_error_code: c,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(add_partitions_error(&answer(&[0, 0])), errors::NONE);
        assert_eq!(
            add_partitions_error(&answer(&[
                errors::OPERATION_NOT_ATTEMPTED,
                errors::TOPIC_AUTHORIZATION_FAILED
            ])),
            errors::TOPIC_AUTHORIZATION_FAILED
        );
        assert_eq!(
            add_partitions_error(&answer(&[errors::CONCURRENT_TRANSACTIONS])),
            errors::CONCURRENT_TRANSACTIONS
        );
    }
}
