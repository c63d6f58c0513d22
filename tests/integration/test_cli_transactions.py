"""`tributary transactions` (kafka-transactions.sh), `consume --isolation-level`
and `produce --transactional-id` (issue 18) against real brokers, with Apache
Kafka's own `kafka-transactions` as the reference for the tables.

What needs a transactional producer (InitProducerId with a transactional id,
AddPartitionsToTxn, EndTxn) or WriteTxnMarkers is skipped while the broker
refuses it (TRANSACTIONAL_ID_AUTHORIZATION_FAILED, error 53), and runs once
the broker serves it."""

import json
import subprocess

import pytest
from confluent_kafka import KafkaException, Producer

from common import kafka_tools_classpath, unique_topic


def kafka_transactions(broker, *args):
    """Apache Kafka's kafka-transactions.sh: (exit code, stdout, stderr)."""
    r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(),
                        "org.apache.kafka.tools.TransactionsCommand",
                        "--bootstrap-server", broker.bootstrap, *args],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def transactions(broker, *args, check=True):
    return broker.cli("transactions", *args, check=check)


def broker_id(broker):
    return json.loads(broker.cli("cluster", "describe", "--json").stdout)["brokers"][0]["id"]


def cells(line):
    """A table line's cells (Kafka pads each cell and ends it with a tab)."""
    return [c.strip() for c in line.split("\t")][:-1]


def test_list_prints_kafkas_header(broker):
    out = transactions(broker, "list").stdout
    assert [c.strip() for c in out.splitlines()[0].split("\t")][:4] == [
        "TransactionalId", "Coordinator", "ProducerId", "TransactionState"], repr(out)
    code, kafka_out, _ = kafka_transactions(broker, "list")
    assert code == 0
    # Other tests' transactions may be listed (and change between the two
    # runs, and with them the columns' widths): the same header cells.
    assert out.splitlines()[0].split() == kafka_out.splitlines()[0].split()


def test_describe_producers_matches_kafkas_tool(broker):
    topic = unique_topic("cli-producers")
    broker.cli("topics", "create", topic, "--partitions", "2")
    for i in range(3):  # three runs: three idempotent producers
        broker.cli("produce", topic, "--partition", "0", input=f"v{i}\n")
    out = transactions(broker, "describe-producers", "--topic", topic, "--partition", "0").stdout
    lines = out.splitlines()
    assert cells(lines[0]) == ["ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence",
                               "LastTimestamp", "CurrentTransactionStartOffset"], repr(out)
    rows = [dict(zip(cells(lines[0]), cells(l))) for l in lines[1:]]
    assert len(rows) == 3, out
    assert all(r["LastSequence"] == "0" and r["CurrentTransactionStartOffset"] == "None" for r in rows), out
    code, kafka_out, err = kafka_transactions(broker, "describe-producers", "--topic", topic, "--partition", "0")
    assert code == 0, err
    assert sorted(out.splitlines()[1:]) == sorted(kafka_out.splitlines()[1:]) and len(out) == len(kafka_out)
    empty = transactions(broker, "describe-producers", "--topic", topic, "--partition", "1").stdout
    assert len(empty.splitlines()) == 1, empty
    via_broker = transactions(broker, "describe-producers", "--topic", topic, "--partition", "0",
                              "--broker-id", str(broker_id(broker))).stdout
    assert len(via_broker.splitlines()) == 4, via_broker


def test_describe_producers_of_a_missing_partition_fails(broker):
    r = transactions(broker, "describe-producers", "--topic", unique_topic("none"), "--partition", "0",
                     check=False)
    assert r.returncode == 1 and "Failed to describe producers for partition" in r.stderr, r.stderr


def test_describe_an_unknown_transactional_id(fresh_broker):
    # FindCoordinator for a transactional id creates __transaction_state:
    # a private broker, so that the shared one keeps no such topic.
    b = fresh_broker()
    tid = unique_topic("nope")
    r = transactions(b, "describe", "--transactional-id", tid, check=False)
    assert r.returncode == 1, r
    assert f"Failed to describe transaction state of transactional-id `{tid}`" in r.stderr, r.stderr
    assert "could not be found" in r.stderr, r.stderr


def test_find_hanging_finds_none_without_transactions(broker):
    topic = unique_topic("cli-hanging")
    broker.cli("topics", "create", topic, "--partitions", "2")
    broker.cli("produce", topic, input="a\nb\n")
    header = ["Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch", "StartOffset",
              "LastTimestamp", "Duration(min)"]
    node = str(broker_id(broker))
    for args in (["--broker-id", node], ["--topic", topic], ["--topic", topic, "--partition", "1"],
                 ["--broker-id", node, "--max-transaction-timeout", "0"]):
        out = transactions(broker, "find-hanging", *args).stdout
        assert [cells(l) for l in out.splitlines()] == [header], (args, out)
    code, kafka_out, err = kafka_transactions(broker, "find-hanging", "--topic", topic)
    assert code == 0, err
    assert kafka_out == transactions(broker, "find-hanging", "--topic", topic).stdout


def test_flag_mistakes_are_usage_errors(broker):
    for args in (["find-hanging"], ["find-hanging", "--partition", "0"],
                 ["abort", "--topic", "t", "--partition", "0"],
                 ["abort", "--topic", "t", "--partition", "0", "--producer-id", "5"]):
        r = transactions(broker, *args, check=False)
        assert r.returncode == 2, (args, r)


def test_abort_without_an_open_transaction_at_the_offset(broker):
    topic = unique_topic("cli-abort-none")
    broker.cli("topics", "create", topic, "--partitions", "1")
    broker.cli("produce", topic, input="a\n")
    r = transactions(broker, "abort", "--topic", topic, "--partition", "0", "--start-offset", "0", check=False)
    assert r.returncode == 1, r
    assert f"Could not find any open transactions starting at offset 0 on partition {topic}-0" in r.stderr


def transactional_producer(broker, tid):
    """A confluent-kafka transactional producer, or a skip while the broker
    refuses transactional ids."""
    p = Producer({"bootstrap.servers": broker.bootstrap, "transactional.id": tid, "linger.ms": 0,
                  "transaction.timeout.ms": 600000})
    try:
        p.init_transactions(30)
    except KafkaException as e:
        if e.args[0].code() == 53 or "authorization" in str(e).lower():  # TRANSACTIONAL_ID_AUTHORIZATION_FAILED
            pytest.skip("the broker does not serve transactional producers yet (InitProducerId: error 53)")
        raise
    return p


def test_abort_ends_an_open_transaction(broker):
    topic = unique_topic("cli-abort")
    broker.cli("topics", "create", topic, "--partitions", "1")
    broker.cli("produce", topic, input="before\n")
    p = transactional_producer(broker, unique_topic("tx-abort"))
    p.begin_transaction()
    p.produce(topic, b"open", partition=0)
    assert p.flush(30) == 0
    out = transactions(broker, "describe-producers", "--topic", topic, "--partition", "0").stdout
    starts = [cells(l)[5] for l in out.splitlines()[1:]]
    assert "1" in starts, out
    r = transactions(broker, "abort", "--topic", topic, "--partition", "0", "--start-offset", "1", check=False)
    if r.returncode != 0 and "WriteTxnMarkers" in r.stderr:
        pytest.skip(f"the broker does not serve WriteTxnMarkers yet: {r.stderr.strip()}")
    assert r.returncode == 0, r
    out = transactions(broker, "describe-producers", "--topic", topic, "--partition", "0").stdout
    assert all(cells(l)[5] == "None" for l in out.splitlines()[1:]), out
    committed = broker.cli("consume", topic, "--from-beginning", "--isolation-level", "read_committed",
                           "--timeout-ms", "3000").stdout
    assert committed.splitlines() == ["before"], committed


def consumed(broker, topic, *args):
    return broker.cli("consume", topic, "--from-beginning", "--timeout-ms", "3000", *args).stdout.splitlines()


def test_read_committed_reads_everything_without_transactions(broker):
    topic = unique_topic("cli-rc-plain")
    broker.cli("topics", "create", topic, "--partitions", "2")
    lines = [f"m{i}" for i in range(20)]
    broker.cli("produce", topic, input="".join(f"{l}\n" for l in lines))
    for level in ("read_committed", "read_uncommitted"):
        assert sorted(consumed(broker, topic, "--isolation-level", level)) == sorted(lines), level
    # The last stable offset is the high watermark: nothing new from "latest".
    r = broker.cli("consume", topic, "--partition", "0", "--offset", "latest", "--isolation-level",
                   "read_committed", "--timeout-ms", "1000")
    assert r.stdout == "", r.stdout
    bad = broker.cli("consume", topic, "--isolation-level", "committed", check=False)
    assert bad.returncode == 2, bad


def test_read_committed_skips_aborted_transactions(broker):
    topic = unique_topic("cli-rc-aborted")
    broker.cli("topics", "create", topic, "--partitions", "1")
    p = transactional_producer(broker, unique_topic("tx-rc"))
    for values, commit in ((["c1"], True), (["a1", "a2"], False), (["c2"], True)):
        p.begin_transaction()
        for v in values:
            p.produce(topic, v.encode(), partition=0)
        assert p.flush(30) == 0  # written, so that an abort leaves them in the log
        if commit:
            p.commit_transaction(30)
        else:
            p.abort_transaction(30)
    broker.cli("produce", topic, input="plain\n")
    assert consumed(broker, topic, "--isolation-level", "read_committed") == ["c1", "c2", "plain"]
    assert consumed(broker, topic) == ["c1", "a1", "a2", "c2", "plain"]


def test_produce_in_transactions(fresh_broker):
    """Each --batch lines are one committed transaction: read_committed
    consumers see them, the id's transaction is complete, and no producer
    is left with an open transaction. A private broker: it creates
    __transaction_state."""
    b = fresh_broker()
    topic = unique_topic("cli-txn-produce")
    b.cli("topics", "create", topic, "--partitions", "2")
    tid = unique_topic("tx-cli")
    lines = [f"k{i}:v{i}" for i in range(7)]
    r = b.cli("produce", topic, "--transactional-id", tid, "--batch", "3", "--key-separator", ":",
              input="".join(f"{l}\n" for l in lines), check=False)
    if r.returncode != 0 and "TRANSACTIONAL_ID_AUTHORIZATION_FAILED" in r.stderr:
        pytest.skip(f"the broker does not serve transactional producers yet: {r.stderr.strip()}")
    assert r.returncode == 0, r
    got = consumed(b, topic, "--isolation-level", "read_committed", "--print-key")
    assert sorted(got) == sorted(l.replace(":", "\t") for l in lines), got
    out = transactions(b, "describe", "--transactional-id", tid).stdout
    row = dict(zip(cells(out.splitlines()[0]), cells(out.splitlines()[1])))
    assert row["TransactionState"] == "CompleteCommit", out
    for p in ("0", "1"):
        producers = transactions(b, "describe-producers", "--topic", topic, "--partition", p).stdout
        assert all(cells(l)[5] == "None" for l in producers.splitlines()[1:]), producers
    # Kafka's tool agrees.
    code, kafka_out, err = kafka_transactions(b, "describe", "--transactional-id", tid)
    assert code == 0 and "CompleteCommit" in kafka_out, err


def test_produce_transactional_flags(broker):
    assert broker.cli("produce", "t", "--batch", "2", check=False).returncode == 2
    assert broker.cli("produce", "t", "--transactional-id", "x", "--acks", "1", check=False).returncode == 2
