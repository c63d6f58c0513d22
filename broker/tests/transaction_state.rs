//! The transaction coordinator's state on `__transaction_state`, driven
//! in-process (no client reaches it yet): the topic is created with Kafka's
//! settings, this broker coordinates the ids of the partitions it leads, a
//! transition applies in memory only once written, a partition loaded
//! again from its log gives back the same transactions, ListTransactions
//! lists them with Kafka's filters, DescribeTransactions describes them, and
//! FindCoordinator names this broker for them.

mod common;

use std::collections::BTreeSet;

use broker::error::code;
use broker::transaction::transaction_coordinator::{self, InitDecision, ProducerIdAndEpoch};
use broker::transaction::transaction_log::TRANSACTION_STATE_TOPIC;
use broker::transaction::transaction_metadata::{TransactionMetadata, TransactionState};
use protocol::messages::{
    DescribeTransactionsRequest, FindCoordinatorRequest, ListTransactionsRequest, RequestBody,
    ResponseBody,
};

const SETTINGS: &[(&str, &str)] = &[
    ("transaction.state.log.num.partitions", "3"),
    ("transaction.state.log.replication.factor", "1"),
    ("transaction.state.log.min.isr", "1"),
];

#[tokio::test]
async fn transitions_are_written_then_applied_and_reload_from_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), SETTINGS).await;
    assert_eq!(
        broker.transaction_coordinator_status("tx"),
        code::NOT_COORDINATOR
    );
    broker.ensure_transaction_topic().await.unwrap();
    let topic = broker
        .state()
        .topic(TRANSACTION_STATE_TOPIC)
        .cloned()
        .unwrap();
    assert_eq!(topic.partitions.len(), 3);
    let configs = &topic.configs;
    assert_eq!(
        configs.get("cleanup.policy").map(String::as_str),
        Some("compact")
    );
    assert_eq!(
        configs.get("min.insync.replicas").map(String::as_str),
        Some("1")
    );
    // Leadership comes with the metadata; then the partitions are loaded.
    for _ in 0..100 {
        broker.reconcile();
        if broker.transaction_coordinator_status("tx") == code::NONE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(broker.transaction_coordinator_status("tx"), code::NONE);

    // InitProducerId, then a transaction with two partitions.
    let init = {
        let mut table = broker.transactions.lock().unwrap();
        let m = table
            .as_mut()
            .unwrap()
            .get_or_insert(TransactionMetadata::new("tx", 4000, 60_000, 1));
        match transaction_coordinator::init_producer_id(m, 60_000, None, &mut || Ok(4001), 1) {
            Ok(InitDecision::Append(t)) => t,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(broker.append_transaction("tx", &init).await, code::NONE);
    let add = {
        let mut table = broker.transactions.lock().unwrap();
        let m = table.as_mut().unwrap().get_mut("tx").unwrap();
        assert_eq!(
            (m.producer_id, m.producer_epoch, m.state),
            (4000, 0, TransactionState::Empty)
        );
        let parts: BTreeSet<_> = [("a".to_string(), 0), ("b".to_string(), 2)].into();
        let producer = ProducerIdAndEpoch {
            producer_id: 4000,
            epoch: 0,
        };
        transaction_coordinator::add_partitions(m, producer, &parts, 2, 5)
            .unwrap()
            .unwrap()
    };
    assert_eq!(broker.append_transaction("tx", &add).await, code::NONE);

    // Loaded again from the log (as after a leadership change), the
    // transaction is the same.
    let index = {
        let mut table = broker.transactions.lock().unwrap();
        let table = table.as_mut().unwrap();
        let index = table.partition_for("tx");
        table.unload(index);
        assert!(table.get("tx").is_none());
        index
    };
    assert_eq!(
        broker.transaction_coordinator_status("tx"),
        code::COORDINATOR_LOAD_IN_PROGRESS
    );
    broker.sync_transaction_coordination();
    let table = broker.transactions.lock().unwrap();
    let table = table.as_ref().unwrap();
    assert!(table.is_loaded(index));
    let m = table.get("tx").expect("reloaded");
    assert_eq!(
        (m.producer_id, m.producer_epoch, m.state),
        (4000, 0, TransactionState::Ongoing)
    );
    assert_eq!(m.partitions.len(), 2);
    assert_eq!((m.txn_start_timestamp, m.txn_timeout_ms), (5, 60_000));
}

#[tokio::test]
async fn a_failed_write_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), SETTINGS).await;
    // No topic: the write cannot happen, and the transition is abandoned.
    let t = {
        let mut guard = broker.transactions.lock().unwrap();
        let table = guard.get_or_insert_with(|| {
            broker::transaction::transaction_state_table::TransactionStateTable::new(3)
        });
        let index = table.partition_for("tx");
        table.mark_loaded(index, 0);
        let m = table.get_or_insert(TransactionMetadata::new("tx", 7, 1000, 0));
        match transaction_coordinator::init_producer_id(m, 1000, None, &mut || Ok(8), 0) {
            Ok(InitDecision::Append(t)) => t,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        broker.append_transaction("tx", &t).await,
        code::NOT_COORDINATOR
    );
    let guard = broker.transactions.lock().unwrap();
    let m = guard.as_ref().unwrap().get("tx").unwrap();
    assert!(!m.pending_transition_in_progress());
    assert_eq!(m.producer_epoch, -1, "nothing applied");
}

/// A broker coordinating one Ongoing transaction, "tx-1" (producer 4000).
async fn coordinator_with_a_transaction() -> (tempfile::TempDir, std::sync::Arc<broker::Broker>) {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), SETTINGS).await;
    broker.ensure_transaction_topic().await.unwrap();
    for _ in 0..100 {
        broker.reconcile();
        if broker.transaction_coordinator_status("tx-1") == code::NONE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let producer = ProducerIdAndEpoch {
        producer_id: 4000,
        epoch: 0,
    };
    let init = {
        let mut table = broker.transactions.lock().unwrap();
        let m = table
            .as_mut()
            .unwrap()
            .get_or_insert(TransactionMetadata::new("tx-1", 4000, 60_000, 1));
        match transaction_coordinator::init_producer_id(m, 60_000, None, &mut || Ok(1), 1) {
            Ok(InitDecision::Append(t)) => t,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(broker.append_transaction("tx-1", &init).await, code::NONE);
    let add = {
        let mut table = broker.transactions.lock().unwrap();
        let m = table.as_mut().unwrap().get_mut("tx-1").unwrap();
        let parts: BTreeSet<_> = [("a".to_string(), 0)].into();
        transaction_coordinator::add_partitions(m, producer, &parts, 2, 2)
            .unwrap()
            .unwrap()
    };
    assert_eq!(broker.append_transaction("tx-1", &add).await, code::NONE);
    (dir, broker)
}

#[tokio::test]
async fn list_transactions_filters_as_kafka() {
    let (_dir, broker) = coordinator_with_a_transaction().await;
    let list = |states: &[&str], producers: &[i64], pattern: Option<&str>| {
        RequestBody::ListTransactions(ListTransactionsRequest {
            state_filters: states.iter().map(|s| s.to_string()).collect(),
            producer_id_filters: producers.to_vec(),
            duration_filter: -1,
            transactional_id_pattern: pattern.map(str::to_string),
            ..Default::default()
        })
    };
    let ask = |request| {
        let broker = broker.clone();
        async move {
            let mut conn = common::connection();
            match common::call(&broker, &mut conn, "t", 2, request).await {
                ResponseBody::ListTransactions(r) => r,
                other => panic!("not a ListTransactions answer: {other:?}"),
            }
        }
    };
    let ids = |r: &protocol::messages::ListTransactionsResponse| {
        r.transaction_states
            .iter()
            .map(|t| {
                (
                    t.transactional_id.clone(),
                    t.producer_id,
                    t.transaction_state.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let all = ask(list(&[], &[], None)).await;
    assert_eq!(all.error_code, code::NONE);
    assert_eq!(
        ids(&all),
        vec![("tx-1".to_string(), 4000, "Ongoing".to_string())]
    );
    assert!(ids(&ask(list(&["Ongoing"], &[4000], Some("tx-.*"))).await).len() == 1);
    assert!(ids(&ask(list(&["Empty"], &[], None)).await).is_empty());
    assert!(ids(&ask(list(&[], &[4001], None)).await).is_empty());
    // The pattern matches the whole id, as Java's matches().
    assert!(ids(&ask(list(&[], &[], Some("tx"))).await).is_empty());
    // Unknown states are named back and match nothing.
    let unknown = ask(list(&["Bogus"], &[], None)).await;
    assert_eq!(unknown.unknown_state_filters, vec!["Bogus".to_string()]);
    assert!(unknown.transaction_states.is_empty());
    // A bad pattern, and one whose program would be huge, are refused.
    for bad in ["(", "(?:a{1000}){1000}"] {
        let r = ask(list(&[], &[], Some(bad))).await;
        assert_eq!(r.error_code, code::INVALID_REGULAR_EXPRESSION, "{bad}");
    }
}

#[tokio::test]
async fn describe_transactions_and_find_coordinator() {
    let (_dir, broker) = coordinator_with_a_transaction().await;
    let mut conn = common::connection();
    let request = RequestBody::DescribeTransactions(DescribeTransactionsRequest {
        transactional_ids: ["tx-1", "nope", "", "tx-1"].map(String::from).to_vec(),
        ..Default::default()
    });
    let ResponseBody::DescribeTransactions(r) =
        common::call(&broker, &mut conn, "t", 0, request).await
    else {
        panic!("not a DescribeTransactions answer")
    };
    let states = &r.transaction_states;
    assert_eq!(states.len(), 3, "the repeated id is answered once");
    let tx = &states[0];
    assert_eq!(
        (tx.error_code, tx.transaction_state.as_str()),
        (code::NONE, "Ongoing")
    );
    assert_eq!(
        (tx.producer_id, tx.producer_epoch, tx.transaction_timeout_ms),
        (4000, 0, 60_000)
    );
    assert_eq!(tx.transaction_start_time_ms, 2);
    assert_eq!(
        tx.topics
            .iter()
            .map(|t| (t.topic.as_str(), t.partitions.clone()))
            .collect::<Vec<_>>(),
        vec![("a", vec![0])]
    );
    assert_eq!(states[1].error_code, code::TRANSACTIONAL_ID_NOT_FOUND);
    assert_eq!(states[2].error_code, code::INVALID_REQUEST);

    // FindCoordinator for transactional ids (v4, batched) names this broker;
    // an unknown key type is an invalid request.
    for (key_type, expected) in [(1, code::NONE), (7, code::INVALID_REQUEST)] {
        let request = RequestBody::FindCoordinator(FindCoordinatorRequest {
            key_type,
            coordinator_keys: vec!["tx-1".into()],
            ..Default::default()
        });
        let ResponseBody::FindCoordinator(r) =
            common::call(&broker, &mut conn, "t", 4, request).await
        else {
            panic!("not a FindCoordinator answer")
        };
        let c = &r.coordinators[0];
        assert_eq!(c.error_code, expected, "key type {key_type}");
        if expected == code::NONE {
            assert_eq!(c.node_id, broker.config.node_id);
        }
    }
}
