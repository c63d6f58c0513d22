//! Kafka's transactions (issue 18), built bottom-up:
//!
//! - [`transaction_metadata`]: one transactional id's state machine at its
//!   coordinator (Kafka's `TransactionMetadata`), pure and clock-injected;
//! - [`transaction_coordinator`]: the checks and decisions of
//!   InitProducerId, AddPartitionsToTxn and EndTxn over that state (Kafka's
//!   `TransactionCoordinator`, without its I/O);
//! - [`transaction_log`]: its records in `__transaction_state`, in Kafka's
//!   key and value schemas (generated from the pinned specs);
//! - [`transaction_state_table`]: the ids of the loaded partitions in
//!   memory, and the timeouts, expirations and unfinished ends among them.
//!
//! Not yet served: the coordinator, the transactional APIs, markers, the
//! LSO and read_committed fetches (see the README's compatibility table).

pub mod transaction_coordinator;
pub mod transaction_log;
pub mod transaction_metadata;
pub mod transaction_state_table;
