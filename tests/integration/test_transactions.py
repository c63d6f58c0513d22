"""Transactions (issue 18): transactional producers of confluent-kafka
(librdkafka) and kafka-python committing and aborting, read by
read_committed and read_uncommitted consumers; DescribeProducers,
ListTransactions and DescribeTransactions (KIP-664) with FindCoordinator
for transactional ids, through Apache Kafka's own `kafka-transactions`
(`describe-producers`, `list`, `describe`, `abort`); read_committed
consumers (librdkafka's default isolation level) on partitions without
transactions, where the last stable offset is the high watermark; and the
protocol's refusals with raw requests (a transactional batch outside the
transaction, stale epochs, unknown ids, old request versions), each with
Kafka's error code and nothing written."""

import struct
import subprocess
import time

import kwire

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


def test_kafka_transactions_list_works(fresh_broker):
    """Every broker answers ListTransactions: with no transaction written the
    tool prints its header only; an open transaction of confluent-kafka is
    listed and described as Ongoing with its partition, and Kafka's admin
    abort (WriteTxnMarkers to the leader) ends it at the partition, so that
    a read_committed consumer's last stable offset moves past it."""
    broker = fresh_broker()
    out = transactions_tool(broker, "list")
    lines = out.strip().splitlines()
    assert lines[0].split()[:3] == ["TransactionalId", "Coordinator", "ProducerId"], out
    assert len(lines) == 1, out
    topic = unique_topic("hanging")
    create(broker, topic, 1)
    tid = unique_topic("open")
    p = Producer({"bootstrap.servers": broker.bootstrap, "transactional.id": tid})
    p.init_transactions(30)
    p.begin_transaction()
    p.produce(topic, b"open")
    assert p.flush(30) == 0
    out = transactions_tool(broker, "list")
    rows = [l.split() for l in out.strip().splitlines()[1:]]
    assert [(r[0], r[-1]) for r in rows] == [(tid, "Ongoing")], out
    out = transactions_tool(broker, "describe", "--transactional-id", tid)
    assert "Ongoing" in out and f"{topic}-0" in out, out
    assert last_stable_offset(broker, topic) == 0
    transactions_tool(broker, "abort", "--topic", topic, "--partition", "0", "--start-offset", "0")
    assert last_stable_offset(broker, topic) == 2  # the record and its abort marker
    assert read(broker, topic, 1, "read_committed", 0) == []


def create(broker, topic, partitions):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(30)


def last_stable_offset(broker, topic):
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"),
                  "isolation.level": "read_committed"})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1]
    finally:
        c.close()


def read(broker, topic, partitions, isolation, expected):
    """The values a consumer at `isolation` reads, sorted; waits for
    `expected` of them, then one quiet second more."""
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"),
                  "isolation.level": isolation, "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(topic, i, 0) for i in range(partitions)])
    values, deadline = [], time.time() + 20
    quiet_since = time.time()
    while time.time() < deadline:
        m = c.poll(0.2)
        if m is None:
            if len(values) >= expected and time.time() - quiet_since > 1:
                break
            continue
        assert m.error() is None or m.error().code() == -191, m.error()  # -191: partition EOF
        if m.error() is None:
            values.append(m.value())
            quiet_since = time.time()
    c.close()
    return sorted(values)


def test_confluent_kafka_commits_and_aborts(broker):
    topic = unique_topic("rdkafka-txn")
    create(broker, topic, 2)
    p = Producer({"bootstrap.servers": broker.bootstrap, "transactional.id": unique_topic("rdk")})
    p.init_transactions(30)
    for prefix, commit in (("c1", True), ("ab", False), ("c2", True)):
        p.begin_transaction()
        for i in range(5):
            p.produce(topic, f"{prefix}-{i}".encode())
        if commit:
            p.commit_transaction(30)
        else:
            assert p.flush(30) == 0
            p.abort_transaction(30)
    committed = sorted(f"{x}-{i}".encode() for x in ("c1", "c2") for i in range(5))
    assert read(broker, topic, 2, "read_committed", 10) == committed
    everything = sorted(committed + [f"ab-{i}".encode() for i in range(5)])
    assert read(broker, topic, 2, "read_uncommitted", 15) == everything


def test_kafka_python_commits_and_aborts(broker):
    from kafka import KafkaProducer

    topic = unique_topic("kpy-txn")
    create(broker, topic, 1)
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, transactional_id=unique_topic("kpy"))
    p.init_transactions()
    p.begin_transaction()
    for i in range(3):
        p.send(topic, f"ab-{i}".encode())
    p.flush()
    p.abort_transaction()
    p.begin_transaction()
    for i in range(3):
        p.send(topic, f"c-{i}".encode())
    p.commit_transaction()
    p.close()
    assert read(broker, topic, 1, "read_committed", 3) == [f"c-{i}".encode() for i in range(3)]
    assert len(read(broker, topic, 1, "read_uncommitted", 6)) == 6


# ---------------------------------------------------------------------------
# Raw requests: Kafka's refusals, nothing written.

FIND_COORDINATOR, INIT_PRODUCER_ID, ADD_PARTITIONS_TO_TXN, END_TXN = 10, 22, 24, 26
INVALID_PRODUCER_EPOCH, INVALID_TXN_STATE, INVALID_PRODUCER_ID_MAPPING = 47, 48, 49
INVALID_TRANSACTION_TIMEOUT, PRODUCER_FENCED = 50, 90


class Txn:
    """One transactional id over a raw connection (non-flexible versions)."""

    def __init__(self, broker, tid):
        self.broker, self.tid = broker, tid
        self.conn = kwire.Conn(broker.bootstrap)
        # FindCoordinator v1, key type 1: creates __transaction_state.
        for _ in range(100):
            r = kwire.Reader(self.conn.roundtrip(kwire.request(FIND_COORDINATOR, 1, kwire.string(tid) + kwire.i8(1))))
            r.i32(), r.i32()
            if r.i16() == 0:
                break
            time.sleep(0.1)

    def call(self, api, version, body):
        r = kwire.Reader(self.conn.roundtrip(kwire.request(api, version, body)))
        r.i32()  # correlation id
        return r

    def init(self, timeout_ms=60_000, version=1):
        for _ in range(100):
            r = self.call(INIT_PRODUCER_ID, version, kwire.string(self.tid) + kwire.i32(timeout_ms))
            r.i32()
            err, pid, epoch = r.i16(), r.i64(), r.i16()
            if err not in (14, 15, 16, 51):  # coordinator moving or loading, concurrent
                return err, pid, epoch
            time.sleep(0.1)
        raise AssertionError("InitProducerId kept asking to retry")

    def add(self, pid, epoch, topic, partition, version=1):
        body = kwire.string(self.tid) + kwire.i64(pid) + kwire.i16(epoch) + kwire.array(
            [kwire.string(topic) + kwire.array([kwire.i32(partition)])])
        r = self.call(ADD_PARTITIONS_TO_TXN, version, body)
        r.i32()
        results = []
        for _ in range(r.i32()):
            r.string()
            for _ in range(r.i32()):
                results.append((r.i32(), r.i16()))
        return [e for _, e in results]

    def end(self, pid, epoch, commit, version=1, tid=None):
        body = kwire.string(tid or self.tid) + kwire.i64(pid) + kwire.i16(epoch) + kwire.boolean(commit)
        r = self.call(END_TXN, version, body)
        r.i32()
        return r.i16()

    def produce(self, topic, pid, epoch, seq, value):
        batch = kwire.record_batch_with([value], [int(time.time() * 1000)], attributes=0x10,
                                        producer_id=pid, producer_epoch=epoch, base_sequence=seq)
        body = (kwire.string(self.tid) + kwire.i16(-1) + kwire.i32(10_000)
                + kwire.array([kwire.string(topic) + kwire.array([kwire.i32(0) + kwire.nbytes(batch)])]))
        _, out = kwire.parse_produce_v3(self.conn.roundtrip(kwire.request(kwire.PRODUCE, 3, body)))
        return out[(topic, 0)]


def end_offset(broker, topic):
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"),
                  "isolation.level": "read_uncommitted"})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1]
    finally:
        c.close()


def test_transactional_batches_outside_the_transaction_are_refused(broker):
    """KIP-890 part 1: a transactional batch for a partition not added to
    the producer's transaction is refused with INVALID_TXN_STATE and not
    written (it would open a transaction no marker closes); once added, it
    is written. A stale epoch is refused with INVALID_PRODUCER_EPOCH."""
    topic = unique_topic("verify")
    create(broker, topic, 1)
    t = Txn(broker, unique_topic("raw"))
    err, pid, epoch = t.init()
    assert err == 0 and pid >= 0 and epoch == 0
    assert t.produce(topic, pid, epoch, 0, b"stray") == (INVALID_TXN_STATE, -1)
    assert end_offset(broker, topic) == 0
    assert t.add(pid, epoch, topic, 0) == [0]
    assert t.produce(topic, pid, epoch, 0, b"in") == (0, 0)
    # Another InitProducerId fences the open transaction (its abort is
    # written at epoch 1), and the retry gets epoch 2, as in Kafka.
    err, pid2, epoch2 = t.init()
    assert (err, pid2, epoch2) == (0, pid, 2)
    assert t.produce(topic, pid, 0, 1, b"zombie")[0] == INVALID_PRODUCER_EPOCH
    assert end_offset(broker, topic) == 2  # the record and the fencing abort's marker
    assert read(broker, topic, 1, "read_committed", 0) == []


def test_stale_epochs_unknown_ids_and_bad_timeouts_get_kafkas_codes(broker):
    topic = unique_topic("codes")
    create(broker, topic, 1)
    t = Txn(broker, unique_topic("raw"))
    assert t.init(timeout_ms=10**9)[0] == INVALID_TRANSACTION_TIMEOUT
    assert t.init(timeout_ms=0)[0] == INVALID_TRANSACTION_TIMEOUT
    err, pid, epoch = t.init()
    assert err == 0
    # Nothing to end yet.
    assert t.end(pid, epoch, True) == INVALID_TXN_STATE
    # An id the coordinator never saw.
    assert t.end(pid, epoch, True, tid=unique_topic("unknown")) == INVALID_PRODUCER_ID_MAPPING
    # A wrong producer id.
    assert t.add(pid + 1, epoch, topic, 0) == [INVALID_PRODUCER_ID_MAPPING]
    err, _, epoch1 = t.init()
    assert (err, epoch1) == (0, epoch + 1)
    # The old epoch is fenced: PRODUCER_FENCED from v2 on, INVALID_PRODUCER_EPOCH
    # for older clients (v1), which do not know PRODUCER_FENCED.
    assert t.add(pid, epoch, topic, 0, version=1) == [INVALID_PRODUCER_EPOCH]
    assert t.add(pid, epoch, topic, 0, version=2) == [PRODUCER_FENCED]
    assert t.end(pid, epoch, False, version=1) == INVALID_PRODUCER_EPOCH
    assert t.end(pid, epoch, False, version=2) == PRODUCER_FENCED
    # The current epoch works end to end.
    assert t.add(pid, epoch1, topic, 0) == [0]
    assert t.produce(topic, pid, epoch1, 0, b"ok") == (0, 0)
    assert t.end(pid, epoch1, True) == 0
    assert read(broker, topic, 1, "read_committed", 1) == [b"ok"]


def test_kafka_transactions_describe_finds_the_coordinator(fresh_broker):
    """The tool finds the id's coordinator (FindCoordinator for a
    transactional id creates __transaction_state, as in Kafka: a private
    broker, so that the shared one keeps no such topic) and asks it; an id
    without state is reported as not found."""
    broker = fresh_broker()
    out = transactions_tool(broker, "describe", "--transactional-id", unique_topic("nope"), check=False)
    assert "could not be found" in out, out


def test_verification_can_be_turned_off_as_in_kafka(fresh_broker):
    """transaction.partition.verification.enable=false (Kafka's key): a V1
    producer's stray transactional batch is written, as Kafka writes it
    without KIP-890, and holds the last stable offset back."""
    broker = fresh_broker(["transaction.partition.verification.enable=false"])
    topic = unique_topic("unverified")
    create(broker, topic, 1)
    t = Txn(broker, unique_topic("raw"))
    err, pid, epoch = t.init()
    assert err == 0
    assert t.produce(topic, pid, epoch, 0, b"stray") == (0, 0)
    assert end_offset(broker, topic) == 1
    assert last_stable_offset(broker, topic) == 0


def test_markers_for_internal_topics_only_come_from_brokers(broker):
    """WriteTxnMarkers on __consumer_offsets would apply or drop transactional
    offsets: a client (here on a one-node cluster, so no peer broker at
    all) is refused with CLUSTER_AUTHORIZATION_FAILED, even without an
    authorizer; a user topic's marker (kafka-transactions abort) is written."""
    topic = unique_topic("markers")
    create(broker, topic, 1)

    def marker(topic_name):
        cs = kwire.compact_string
        body = (kwire.uvarint(2) + kwire.i64(4242) + kwire.i16(0) + kwire.boolean(False)
                + kwire.uvarint(2) + cs(topic_name) + kwire.uvarint(2) + kwire.i32(0) + b"\x00"
                + kwire.i32(0) + b"\x00" + b"\x00")
        with kwire.Conn(broker.bootstrap) as c:
            r = kwire.Reader(c.roundtrip(kwire.request(27, 1, body, flexible=True)))
        r.i32()
        r.take(1)  # header tagged fields
        assert r.take(1) == b"\x02" and r.i64() == 4242 and r.take(1) == b"\x02"
        n = r.take(1)[0] - 1
        r.take(n)
        assert r.take(1) == b"\x02" and r.i32() == 0
        return r.i16()

    assert marker("__consumer_offsets") == 31  # CLUSTER_AUTHORIZATION_FAILED
    assert marker(topic) == 0
    assert end_offset(broker, topic) == 1
