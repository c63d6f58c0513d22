"""No client can run the broker out of file descriptors (issue 14, item 5).

- `segment.bytes` below Kafka 4's floor of 1 MiB (KIP-1030) is refused with
  INVALID_CONFIG and Kafka's message by CreateTopics, AlterConfigs and
  IncrementalAlterConfigs; `log.segment.bytes` below it stops the start.
- A closed segment holds one open file (its .log), not three.
- Under a low RLIMIT_NOFILE, creating partitions (CreateTopics, auto-creation
  by Metadata) past what the limit leaves room for is refused with
  POLICY_VIOLATION naming the limit; the broker keeps serving, restarts on
  its data, and the data reads back.
"""

import os
import shutil
import tempfile

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
    ResourceType,
)

import kwire
from common import BIN, Broker, unique_topic

FLOOR_MESSAGE = "Invalid value 1000 for configuration segment.bytes: Value must be at least 1048576"
POLICY_VIOLATION = 44
NOFILE = 600


class LimitedBroker(Broker):
    """A broker started under `prlimit --nofile=N:N` (prlimit execs it: same pid)."""

    def __init__(self, *args, nofile, **kwargs):
        super().__init__(*args, **kwargs)
        self.nofile = nofile

    def command(self):
        return ["prlimit", f"--nofile={self.nofile}:{self.nofile}", *super().command()]

    def open_files(self):
        files = []
        for fd in os.listdir(f"/proc/{self.pid}/fd"):
            try:
                files.append(os.readlink(f"/proc/{self.pid}/fd/{fd}"))
            except FileNotFoundError:  # closed meanwhile
                pass
        return files


@pytest.fixture
def limited_broker():
    started = []

    def start(nofile=NOFILE, overrides=()):
        base = tempfile.mkdtemp(prefix="tributary-it-nofile-")
        b = LimitedBroker(BIN, base, overrides=overrides, nofile=nofile, name="broker under prlimit")
        started.append(b)
        return b.start()

    yield start
    codes = [(b, b.stop()) for b in started]
    for b, code in codes:
        tail = b.log_tail()
        shutil.rmtree(b.base_dir, ignore_errors=True)
        assert code in (0, -15), f"{b.name} exited with {code}:\n{tail}"


def error_of(future):
    with pytest.raises(KafkaException) as e:
        future.result(15)
    return e.value.args[0]


def produce(bootstrap, topic, values, partition=0):
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "message.max.bytes": 2_000_000})
    for v in values:
        p.produce(topic, v, partition=partition)
    assert p.flush(60) == 0


def consume(bootstrap, topic, n, partition=0):
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": unique_topic("g"), "enable.auto.commit": False})
    c.assign([TopicPartition(topic, partition, 0)])
    got = []
    try:
        while len(got) < n:
            m = c.poll(15)
            assert m is not None, f"only {len(got)} of {n} records came back"
            assert m.error() is None, m.error()
            got.append(m.value())
    finally:
        c.close()
    return got


def parse_metadata_v1_topics(resp):
    """-> {topic: error_code} of a Metadata v1 response."""
    r = kwire.Reader(resp)
    r.i32()  # correlation id
    for _ in range(r.i32()):
        r.i32(), r.string(), r.i32(), r.string()  # node, host, port, rack
    r.i32()  # controller id
    out = {}
    for _ in range(r.i32()):
        err, name = r.i16(), r.string()
        r.take(1)  # is_internal
        for _ in range(r.i32()):
            r.i16(), r.i32(), r.i32()
            for _ in range(2):  # replicas, isr
                for _ in range(r.i32()):
                    r.i32()
        out[name] = err
    assert r.done()
    return out


def test_segment_bytes_below_one_mib_is_refused_with_kafkas_message(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = unique_topic("floor")
    err = error_of(admin.create_topics([NewTopic(topic, 1, 1, config={"segment.bytes": "1000"})])[topic])
    assert err.code() == KafkaError.INVALID_CONFIG and FLOOR_MESSAGE in err.str(), err
    assert topic not in admin.list_topics(timeout=10).topics

    admin.create_topics([NewTopic(topic, 1, 1, config={"segment.bytes": "1048576"})])[topic].result(15)
    res = ConfigResource(ResourceType.TOPIC, topic, set_config={"segment.bytes": "1000"})
    err = error_of(admin.alter_configs([res])[res])
    assert err.code() == KafkaError.INVALID_CONFIG and FLOOR_MESSAGE in err.str(), err
    res = ConfigResource(
        ResourceType.TOPIC,
        topic,
        incremental_configs=[ConfigEntry("segment.bytes", "1000", incremental_operation=AlterConfigOpType.SET)],
    )
    err = error_of(admin.incremental_alter_configs([res])[res])
    assert err.code() == KafkaError.INVALID_CONFIG and FLOOR_MESSAGE in err.str(), err
    described = ConfigResource(ResourceType.TOPIC, topic)
    assert admin.describe_configs([described])[described].result(15)["segment.bytes"].value == "1048576"

    # The broker default: the broker refuses to start, naming the key.
    base = tempfile.mkdtemp(prefix="tributary-it-floor-")
    refused = Broker(BIN, base, overrides=["log.segment.bytes=1000"], name="broker with 1000-byte segments")
    try:
        with pytest.raises(RuntimeError) as start:
            refused.start()
    finally:
        refused.stop()
        shutil.rmtree(base, ignore_errors=True)
    assert "Invalid value 1000 for configuration log.segment.bytes: Value must be at least 1048576" in str(
        start.value
    ), start.value


def test_a_closed_segment_holds_one_open_file(limited_broker):
    b = limited_broker(nofile=4096)
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    topic = unique_topic("segs")
    admin.create_topics([NewTopic(topic, 1, 1, config={"segment.bytes": "1048576"})])[topic].result(15)
    values = [b"%06d" % i + os.urandom(100_000) for i in range(120)]  # ~12 MiB: about 12 segments
    produce(b.bootstrap, topic, values)
    part = str(b.data_dir / f"{topic}-0")

    def check():
        segments = len(list((b.data_dir / f"{topic}-0").glob("*.log")))
        assert segments >= 10, segments
        held = [f for f in b.open_files() if f.startswith(part + "/")]
        # One .log per segment, plus the active segment's two indexes.
        assert len(held) <= segments + 2, (segments, sorted(held))
        assert sum(f.endswith(".index") or f.endswith(".timeindex") for f in held) <= 2, sorted(held)

    check()
    assert consume(b.bootstrap, topic, len(values)) == values
    b.restart()
    check()
    assert consume(b.bootstrap, topic, len(values)) == values


def test_partitions_past_the_open_files_limit_are_refused_and_the_broker_lives(limited_broker):
    b = limited_broker()
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    first = unique_topic("fd-first")
    admin.create_topics([NewTopic(first, 1, 1)])[first].result(15)
    values = [b"v%d" % i for i in range(100)]
    produce(b.bootstrap, first, values)

    created, refused = [first], None
    for i in range(40):  # 1000 partitions: far more than 600 descriptors hold
        topic = unique_topic(f"fd{i}")
        try:
            admin.create_topics([NewTopic(topic, 25, 1)])[topic].result(30)
            created.append(topic)
        except KafkaException as e:
            refused = e.args[0]
            break
        assert len(b.open_files()) < NOFILE - 50, len(b.open_files())
    assert refused is not None, "no CreateTopics refused under a limit of %d open files" % NOFILE
    assert refused.code() == KafkaError.POLICY_VIOLATION, refused
    assert "RLIMIT_NOFILE 600" in refused.str(), refused
    assert len(created) >= 3, created

    # Adding partitions is refused the same way.
    err = error_of(admin.create_partitions([NewPartitions(first, 200)])[first])
    assert err.code() == KafkaError.POLICY_VIOLATION, err

    # Auto-creation by Metadata (v1 always allows it): 100 names in one request.
    conn = kwire.Conn(b.bootstrap)
    names = [unique_topic("fd-auto") for _ in range(100)]
    errors = parse_metadata_v1_topics(conn.roundtrip(kwire.metadata_request_v1(names)))
    conn.sock.close()
    assert set(errors.values()) <= {0, POLICY_VIOLATION}, errors
    assert POLICY_VIOLATION in errors.values(), errors

    # Still serving: new connections, produce, fetch.
    assert len(b.open_files()) < NOFILE - 50
    produce(b.bootstrap, first, [b"after"])
    assert consume(b.bootstrap, first, len(values) + 1) == values + [b"after"]
    assert "partitions_that_fit" in b.log_tail(400)

    # It restarts on its data under the same limit, and the data reads back.
    b.restart()
    assert len(b.open_files()) < NOFILE - 50
    md = AdminClient({"bootstrap.servers": b.bootstrap}).list_topics(timeout=15).topics
    assert set(created) <= set(md), set(created) - set(md)
    assert consume(b.bootstrap, first, len(values) + 1) == values + [b"after"]
