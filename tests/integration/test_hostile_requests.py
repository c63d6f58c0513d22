"""Requests that asked the broker to hurt itself or others (issue 14): topics named
like the broker's own files, partition counts that exhaust memory, control batches,
idempotent batches without a sequence, writes into internal topics and batch headers
that lie about their timestamps. Each gets Kafka's error, and each test then checks
that the broker still serves and that data written before reads back."""

import struct
import time

import pytest
from confluent_kafka import TIMESTAMP_CREATE_TIME, Consumer, Producer, TopicPartition

import kwire
from common import unique_topic
from test_hostile import assert_serving, create_topic, end_offset

TIMEOUT = 30
INVALID_TOPIC_EXCEPTION = 17
INVALID_PARTITIONS = 37
INVALID_REPLICATION_FACTOR = 38
INVALID_REQUEST = 42
POLICY_VIOLATION = 44
UNKNOWN_TOPIC_OR_PARTITION = 3


def roundtrip(broker, data):
    with kwire.Conn(broker.bootstrap) as c:
        return c.roundtrip(data)


def create_topics(broker, topics, validate_only=False):
    corr, out = kwire.parse_create_topics_v4(
        roundtrip(broker, kwire.create_topics_request_v4(topics, validate_only, correlation_id=9))
    )
    assert corr == 9
    return out


def produce(broker, topic, batch, partition=0):
    corr, out = kwire.parse_produce_v8(
        roundtrip(broker, kwire.produce_request_v8(topic, partition, batch, correlation_id=11))
    )
    assert corr == 11
    return out[(topic, partition)]


def write_and_keep(broker, n=5):
    """A topic with `n` messages written by a normal producer: -> (topic, values)."""
    topic = unique_topic("kept")
    create_topic(broker, topic)
    values = [f"kept-{i}".encode() for i in range(n)]
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True})
    for v in values:
        p.produce(topic, v, partition=0)
    assert p.flush(TIMEOUT) == 0
    return topic, values


def read_all(broker, topic, expected_count, partition=0):
    c = Consumer(
        {
            "bootstrap.servers": broker.bootstrap,
            "group.id": unique_topic("g"),
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        }
    )
    got = []
    try:
        c.assign([TopicPartition(topic, partition, 0)])
        deadline = time.monotonic() + TIMEOUT
        while len(got) < expected_count and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None:
                got.append(m)
    finally:
        c.close()
    return got


def assert_still_serves(broker, kept):
    """The broker answers, and the messages written before read back."""
    assert_serving(broker)
    topic, values = kept
    assert [m.value() for m in read_all(broker, topic, len(values))] == values


@pytest.fixture(scope="module")
def kept(broker):
    return write_and_keep(broker)


# ---------------------------------------------------------------------------
# Internal names


@pytest.mark.parametrize("name", ["__cluster_metadata", "__consumer_offsets", "__transaction_state"])
@pytest.mark.parametrize("validate_only", [False, True], ids=["create", "validate_only"])
def test_internal_topic_names_cannot_be_created(broker, kept, name, validate_only):
    out = create_topics(broker, [(name, 1, 1)], validate_only)
    assert out[name] == (INVALID_REQUEST, f"Creation of internal topic {name} is prohibited."), out
    assert_still_serves(broker, kept)


def test_cluster_metadata_topic_cannot_take_over_the_metadata_log(fresh_broker):
    """The example of issue 14: creating and deleting `__cluster_metadata` wiped the
    metadata log. Now refused, also by auto-creation; the broker restarts with its topics."""
    broker = fresh_broker()
    kept = write_and_keep(broker)
    name = "__cluster_metadata"
    assert create_topics(broker, [(name, 1, 1)])[name][0] == INVALID_REQUEST
    corr, meta = kwire.parse_metadata_v4(roundtrip(broker, kwire.metadata_request_v4([name, "__transaction_state"])))
    assert meta[name] == (UNKNOWN_TOPIC_OR_PARTITION, 0), meta
    assert meta["__transaction_state"] == (UNKNOWN_TOPIC_OR_PARTITION, 0), meta
    corr, deleted = kwire.parse_delete_topics_v3(roundtrip(broker, kwire.delete_topics_request_v3([name])))
    assert deleted[name] == UNKNOWN_TOPIC_OR_PARTITION, deleted
    broker.restart()
    assert_still_serves(broker, kept)


def test_internal_topics_cannot_be_deleted(broker, kept):
    # A group commit creates __consumer_offsets.
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"), "enable.auto.commit": False})
    try:
        c.commit(offsets=[TopicPartition(kept[0], 0, 1)], asynchronous=False)
    finally:
        c.close()
    name = "__consumer_offsets"
    corr, deleted = kwire.parse_delete_topics_v3(roundtrip(broker, kwire.delete_topics_request_v3([name])))
    assert deleted[name] == INVALID_REQUEST, deleted
    corr, meta = kwire.parse_metadata_v4(roundtrip(broker, kwire.metadata_request_v4([name], False)))
    assert meta[name][0] == 0 and meta[name][1] > 0, meta
    assert_still_serves(broker, kept)


def test_colliding_topic_names_are_refused(broker, kept):
    base = unique_topic("col")
    dotted, underscored = f"{base}.x", f"{base}_x"
    assert create_topics(broker, [(dotted, 1, 1)])[dotted][0] == 0
    out = create_topics(broker, [(underscored, 1, 1)])
    assert out[underscored] == (
        INVALID_TOPIC_EXCEPTION,
        f"Topic '{underscored}' collides with existing topic: {dotted}",
    ), out
    # The same name again is still TOPIC_ALREADY_EXISTS, as in Kafka.
    assert create_topics(broker, [(dotted, 1, 1)])[dotted][0] == 36
    assert_still_serves(broker, kept)


# ---------------------------------------------------------------------------
# Partition counts and replication factors


EXCESSIVE = "Excessively large number of partitions per request."


@pytest.mark.parametrize("validate_only", [False, True], ids=["create", "validate_only"])
def test_2g_partitions_is_a_policy_violation_not_an_abort(broker, kept, validate_only):
    name = unique_topic("huge")
    out = create_topics(broker, [(name, 2**31 - 1, 1)], validate_only)
    assert out[name] == (POLICY_VIOLATION, EXCESSIVE), out
    assert_still_serves(broker, kept)


def test_partitions_are_capped_per_request_not_only_per_topic(broker, kept):
    """Two topics of 6000 partitions: each fine alone, 12000 in one request is not.
    Both are refused, nothing is created (Kafka refuses the whole request)."""
    a, b = unique_topic("half"), unique_topic("half")
    out = create_topics(broker, [(a, 6000, 1), (b, 6000, 1)], validate_only=True)
    assert out == {a: (POLICY_VIOLATION, EXCESSIVE), b: (POLICY_VIOLATION, EXCESSIVE)}, out
    # 2^31-1 twice must not wrap around to a small count.
    out = create_topics(broker, [(a, 2**31 - 1, 1), (b, 2**31 - 1, 1)], validate_only=True)
    assert out[a][0] == POLICY_VIOLATION and out[b][0] == POLICY_VIOLATION, out
    assert create_topics(broker, [(a, 3, 1)], validate_only=True)[a][0] == 0
    assert_still_serves(broker, kept)


def test_create_partitions_cannot_add_2g_partitions(broker, kept):
    name = unique_topic("grow")
    create_topic(broker, name)
    for validate_only in (True, False):
        corr, out = kwire.parse_create_partitions_v1(
            roundtrip(broker, kwire.create_partitions_request_v1([(name, 2**31 - 1)], validate_only))
        )
        assert out[name] == (POLICY_VIOLATION, "Unable to perform excessively large batch operation."), out
    corr, out = kwire.parse_create_partitions_v1(roundtrip(broker, kwire.create_partitions_request_v1([(name, 2)])))
    assert out[name][0] == 0, out
    assert_still_serves(broker, kept)


@pytest.mark.parametrize(
    "rf,code,message",
    [
        (0, INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0, or -1 to use the default value."),
        (-2, INVALID_REPLICATION_FACTOR, "Replication factor must be larger than 0, or -1 to use the default value."),
        (
            32767,
            INVALID_REPLICATION_FACTOR,
            "Unable to replicate the partition 32767 time(s): The target replication factor of 32767 "
            "cannot be reached because only 1 broker(s) are registered.",
        ),
    ],
    ids=["rf0", "rf-2", "rf32767"],
)
def test_replication_factor_is_checked_with_kafkas_messages(broker, kept, rf, code, message):
    name = unique_topic("rf")
    assert create_topics(broker, [(name, 1, rf)]) == {name: (code, message)}
    # With 2^31-1 partitions too: the partition cap answers first, nothing is allocated.
    assert create_topics(broker, [(name, 2**31 - 1, rf)])[name][0] == POLICY_VIOLATION
    assert_still_serves(broker, kept)


def test_non_positive_partitions_use_kafkas_message(broker, kept):
    name = unique_topic("zero")
    out = create_topics(broker, [(name, 0, 1)])
    assert out[name] == (INVALID_PARTITIONS, "Number of partitions was set to an invalid non-positive value."), out
    assert_still_serves(broker, kept)


def test_auto_creation_with_a_huge_num_partitions_is_refused(fresh_broker):
    broker = fresh_broker(["num.partitions=2147483647"])
    kept_topic = unique_topic("kept")
    assert create_topics(broker, [(kept_topic, 1, 1)])[kept_topic][0] == 0
    name = unique_topic("auto")
    corr, meta = kwire.parse_metadata_v4(roundtrip(broker, kwire.metadata_request_v4([name])))
    assert meta[name] == (POLICY_VIOLATION, 0), meta
    assert_serving(broker)
    corr, meta = kwire.parse_metadata_v4(roundtrip(broker, kwire.metadata_request_v4([kept_topic], False)))
    assert meta[kept_topic] == (0, 1), meta


# ---------------------------------------------------------------------------
# What a client's batch may say


def now_ms():
    return int(time.time() * 1000)


def test_control_batches_from_clients_are_refused(broker, kept):
    topic = unique_topic("ctl")
    create_topic(broker, topic)
    ts = now_ms()
    # Control bit (0x20), with a record that is no valid control record.
    batch = kwire.record_batch_with([b"not a marker"], [ts], attributes=0x20, producer_id=1, producer_epoch=0, base_sequence=0)
    err, base, msg = produce(broker, topic, batch)
    assert (err, base) == (kwire.INVALID_RECORD, -1), (err, msg)
    assert msg == f"Clients are not allowed to write control records in topic partition {topic}-0"
    assert end_offset(broker, topic) == 0
    # The partition stays readable for confluent-kafka.
    assert produce(broker, topic, kwire.record_batch_with([b"after"], [ts]))[0] == 0
    assert [m.value() for m in read_all(broker, topic, 1)] == [b"after"]
    assert_still_serves(broker, kept)


TRANSACTIONAL_ID_AUTHORIZATION_FAILED = 53


def test_transactional_batches_without_a_transactional_id_are_refused(broker, kept):
    """Kafka's KafkaApis: a Produce with transactional records needs Write on
    its transactional id, so one without an id is refused whole with
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED, whatever else the batch says (a
    marker-looking control batch too); nothing is written. Before, the
    broker took the batch and kept the producer's "open transaction" for
    good."""
    topic = unique_topic("txn")
    create_topic(broker, topic)
    ts = now_ms()
    for attributes in (0x10, 0x10 | 0x20):
        batch = kwire.record_batch_with([b"txn"], [ts], attributes=attributes, producer_id=77, producer_epoch=0, base_sequence=0)
        err, base, msg = produce(broker, topic, batch)
        assert (err, base) == (TRANSACTIONAL_ID_AUTHORIZATION_FAILED, -1), (attributes, err, msg)
    assert end_offset(broker, topic) == 0
    # An idempotent batch of the same producer is fine.
    batch = kwire.record_batch_with([b"idem"], [ts], producer_id=77, producer_epoch=0, base_sequence=0)
    assert produce(broker, topic, batch)[0] == 0
    assert end_offset(broker, topic) == 1
    assert_still_serves(broker, kept)


def test_idempotent_batch_without_a_sequence_is_refused(broker, kept):
    topic = unique_topic("seq")
    create_topic(broker, topic)
    batch = kwire.record_batch_with([b"v"], [now_ms()], producer_id=4242, producer_epoch=0, base_sequence=-5)
    err, base, msg = produce(broker, topic, batch)
    assert (err, base) == (kwire.INVALID_RECORD, -1), (err, msg)
    assert msg == f"Invalid sequence number -5 in record batch with producerId 4242 in topic partition {topic}-0"
    assert end_offset(broker, topic) == 0
    assert_still_serves(broker, kept)


def test_forged_offset_commit_via_produce_does_not_survive_a_restart(fresh_broker):
    """The attack of issue 14: a record produced into __consumer_offsets replaced a
    group's committed offset once the broker reloaded the topic."""
    broker = fresh_broker(["offsets.topic.num.partitions=1"])
    topic, values = write_and_keep(broker)
    group = unique_topic("victim")
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        c.commit(offsets=[TopicPartition(topic, 0, 3)], asynchronous=False)
    finally:
        c.close()
    # Kafka's offset commit key (v1) and value (v3) for offset 0 of the same partition.
    key = kwire.i16(1) + kwire.string(group) + kwire.string(topic) + kwire.i32(0)
    value = kwire.i16(3) + kwire.i64(0) + kwire.i32(-1) + kwire.string("") + kwire.i64(now_ms())
    payload = kwire.record(0, key, value)
    ts = now_ms()
    after_crc = (
        kwire.i16(0) + kwire.i32(0) + kwire.i64(ts) + kwire.i64(ts) + kwire.i64(-1) + kwire.i16(-1) + kwire.i32(-1) + kwire.i32(1) + payload
    )
    rest = kwire.i32(-1) + kwire.i8(2) + struct.pack(">I", kwire.crc32c(after_crc)) + after_crc
    batch = kwire.i64(0) + kwire.i32(len(rest)) + rest
    err, base, msg = produce(broker, "__consumer_offsets", batch)
    assert (err, base, msg) == (INVALID_TOPIC_EXCEPTION, -1, "Cannot append to internal topic __consumer_offsets")
    broker.restart()
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        committed = c.committed([TopicPartition(topic, 0)], timeout=TIMEOUT)
    finally:
        c.close()
    assert committed[0].offset == 3, committed
    assert_still_serves(broker, (topic, values))


def test_batch_max_timestamp_is_recomputed_from_the_records(broker, kept):
    """Records say now, the header says in 100 years: the stored batch says now (no
    offset is found 50 years on, and readers see the records' times), and a
    LogAppendTime bit set by a client on a CreateTime topic is dropped. On a
    LogAppendTime topic the broker's append time replaces the header's."""
    topic = unique_topic("ts")
    create_topic(broker, topic)
    ts = now_ms()
    century = ts + 100 * 365 * 24 * 3600 * 1000
    assert produce(broker, topic, kwire.record_batch_with([b"a", b"b"], [ts, ts + 1], max_timestamp=century))[0] == 0
    # The LogAppendTime bit makes the header's max timestamp the records' time:
    # a century ahead, refused as Kafka 4 does (INVALID_TIMESTAMP)...
    lying_type = kwire.record_batch_with([b"c"], [ts + 2], attributes=0x08, max_timestamp=century)
    assert produce(broker, topic, lying_type)[0] == 32
    # ...and in range, stored as CreateTime.
    lying_type = kwire.record_batch_with([b"c"], [ts + 2], attributes=0x08, max_timestamp=ts + 2)
    assert produce(broker, topic, lying_type)[0] == 0
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g")})
    try:
        found = c.offsets_for_times([TopicPartition(topic, 0, ts + 50 * 365 * 24 * 3600 * 1000)], timeout=TIMEOUT)
    finally:
        c.close()
    assert found[0].offset in (-1, 3), f"a batch still claims a timestamp 50 years ahead: {found}"
    got = read_all(broker, topic, 3)
    assert [(m.value(), m.timestamp()) for m in got] == [
        (b"a", (TIMESTAMP_CREATE_TIME, ts)),
        (b"b", (TIMESTAMP_CREATE_TIME, ts + 1)),
        (b"c", (TIMESTAMP_CREATE_TIME, ts + 2)),
    ]
    lat = unique_topic("lat")
    create_topic(broker, lat, config={"message.timestamp.type": "LogAppendTime"})
    before = now_ms()
    assert produce(broker, lat, kwire.record_batch_with([b"a"], [ts], max_timestamp=century))[0] == 0
    (m,) = read_all(broker, lat, 1)
    kind, stamp = m.timestamp()
    assert kind != TIMESTAMP_CREATE_TIME and before <= stamp <= now_ms(), m.timestamp()
    assert_still_serves(broker, kept)


def test_silent_producer_ids_are_forgotten(fresh_broker):
    """producer.id.expiration.ms: a partition forgets an idempotent producer whose last
    batch is that old, as Kafka does, so its table does not keep every producer id
    ever seen. A gap in a known producer's sequence is refused; once it is forgotten,
    its next batch is taken as a new producer's."""
    broker = fresh_broker(["producer.id.expiration.ms=1000", "producer.id.expiration.check.interval.ms=100"])
    topic = unique_topic("pid")
    create_topic(broker, topic)

    def batch(seq):
        return kwire.record_batch_with([b"v%d" % seq], [now_ms()], producer_id=77, producer_epoch=0, base_sequence=seq)

    assert produce(broker, topic, batch(0))[:2] == (0, 0)
    err, _, msg = produce(broker, topic, batch(5))
    assert err == 45, (err, msg)  # OUT_OF_ORDER_SEQUENCE_NUMBER
    time.sleep(1.6)
    assert produce(broker, topic, batch(5))[:2] == (0, 1)
    assert end_offset(broker, topic) == 2
