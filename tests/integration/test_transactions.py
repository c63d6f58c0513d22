"""Transactions (issue 18), as far as they are served: DescribeProducers and
ListTransactions and DescribeTransactions (KIP-664), with FindCoordinator
for transactional ids, through Apache Kafka's own `kafka-transactions`
(`describe-producers`, `list`, `describe`), and read_committed consumers (librdkafka's default isolation level) on
partitions without transactions, where the last stable offset is the high
watermark."""

import subprocess

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from common import kafka_tools_classpath, unique_topic


def transactions_tool(broker, *args, check=True):
    r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(),
                        "org.apache.kafka.tools.TransactionsCommand",
                        "--bootstrap-server", broker.bootstrap, *args],
                       capture_output=True, text=True, timeout=120)
    assert not check or r.returncode == 0, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
    # A failure's message may be on either stream.
    return r.stdout if check else r.stdout + r.stderr


def test_describe_producers_lists_the_idempotent_producers_of_a_partition(broker):
    topic = unique_topic("producers")
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(topic, 2, 1)])[topic].result(30)
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "linger.ms": 0})
    for i in range(3):
        p.produce(topic, f"v{i}".encode(), partition=0)
        assert p.flush(30) == 0  # one batch each: sequences 0, 1, 2
    out = transactions_tool(broker, "describe-producers", "--topic", topic, "--partition", "0")
    lines = [l.split() for l in out.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[:2] == ["ProducerId", "ProducerEpoch"], out
    assert len(rows) == 1, out
    row = dict(zip(header, rows[0]))
    assert row["LastSequence"] == "2", out
    assert row["CurrentTransactionStartOffset"] == "None", out
    # A partition nobody wrote to lists no producer.
    out = transactions_tool(broker, "describe-producers", "--topic", topic, "--partition", "1")
    assert len(out.strip().splitlines()) == 1, out


def test_read_committed_reads_everything_without_transactions(broker):
    topic = unique_topic("committed")
    p = Producer({"bootstrap.servers": broker.bootstrap})
    for i in range(20):
        p.produce(topic, f"m{i}".encode())
    assert p.flush(30) == 0
    got = []
    for isolation in ("read_committed", "read_uncommitted"):
        c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"),
                      "isolation.level": isolation, "auto.offset.reset": "earliest"})
        c.assign([TopicPartition(topic, 0, 0)])
        values = []
        while len(values) < 20:
            m = c.poll(15)
            assert m is not None, f"{isolation}: only {len(values)} records"
            assert m.error() is None, m.error()
            values.append(m.value())
        # The latest offset a read_committed client sees is the LSO, here
        # the high watermark.
        low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        c.close()
        got.append((values, high))
    assert got[0] == got[1]
    assert got[0][0] == [f"m{i}".encode() for i in range(20)] and got[0][1] == 20


def test_kafka_transactions_list_works(broker):
    """Every broker answers ListTransactions; with no transaction written
    (transactional producers are not served yet) the list is empty, and the
    tool prints its header only."""
    out = transactions_tool(broker, "list")
    lines = out.strip().splitlines()
    assert lines[0].split()[:3] == ["TransactionalId", "Coordinator", "ProducerId"], out
    assert len(lines) == 1, out


def test_kafka_transactions_describe_finds_the_coordinator(fresh_broker):
    """The tool finds the id's coordinator (FindCoordinator for a
    transactional id creates __transaction_state, as in Kafka: a private
    broker, so that the shared one keeps no such topic) and asks it; an id
    without state is reported as not found."""
    broker = fresh_broker()
    out = transactions_tool(broker, "describe", "--transactional-id", unique_topic("nope"), check=False)
    assert "could not be found" in out, out
