"""kafka-python (a pure-Python client with its own protocol code): a 10,000-message
round trip per codec, the admin client, and offset lookups (ListOffsets)."""

import time

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

from common import (
    CODECS,
    N_PARTITIONS,
    Got,
    assert_compressed,
    check_round_trip,
    make_messages,
    recent_base_ts,
    unique_topic,
    wait_until,
)

TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def kadmin(broker):
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=TIMEOUT_MS)
    yield a
    a.close()


def create_topic(kadmin, topic, partitions=N_PARTITIONS):
    kadmin.create_topics({topic: {"num_partitions": partitions, "replication_factor": 1}}, timeout_ms=TIMEOUT_MS)


def consumer(broker):
    return KafkaConsumer(
        bootstrap_servers=broker.bootstrap,
        group_id=None,
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        request_timeout_ms=TIMEOUT_MS,
    )


def consume_all(broker, topic, partitions, expected, timeout=90):
    c = consumer(broker)
    try:
        tps = [TopicPartition(topic, p) for p in range(partitions)]
        c.assign(tps)
        c.seek_to_beginning(*tps)
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < expected:
            assert time.monotonic() < deadline, f"read {len(got)} of {expected} messages of {topic} in {timeout}s"
            for tp, records in c.poll(timeout_ms=500, max_records=5000).items():
                for r in records:
                    got.append(Got(r.partition, r.offset, r.key, r.value, r.headers, r.timestamp, r.timestamp_type))
        ends = c.end_offsets(tps)
        assert sum(ends.values()) == len(got), f"{topic}: end offsets {ends}, read {len(got)}"
        return got
    finally:
        c.close()


@pytest.mark.parametrize("codec", CODECS)
def test_round_trip(broker, kadmin, codec):
    topic = unique_topic(f"kp-{codec}")
    create_topic(kadmin, topic)
    sent = make_messages(f"kp-{codec}", base_ts=recent_base_ts())
    p = KafkaProducer(
        bootstrap_servers=broker.bootstrap,
        compression_type=None if codec == "none" else codec,
        linger_ms=20,
        batch_size=256 * 1024,
        acks="all",
    )
    try:
        futures = [
            p.send(topic, key=m.key, value=m.value, headers=m.headers, timestamp_ms=m.timestamp) for m in sent
        ]
        p.flush(timeout=TIMEOUT_MS / 1000)
    finally:
        p.close(timeout=10)
    failed = [f for f in futures if not f.is_done or f.failed()]
    assert not failed, f"{len(failed)} sends not acknowledged, first: {failed[0].exception}"
    # The broker's offsets as reported to the producer match what we read below.
    acked = {}
    for m, f in zip(sent, futures):
        md = f.value
        acked[m.seq] = (md.partition, md.offset)

    got = consume_all(broker, topic, N_PARTITIONS, len(sent))
    assert {g.ts_type for g in got} == {0}, "timestamp type should be CreateTime (0)"
    check_round_trip(sent, got)
    where = {int(g.value[:8]): (g.partition, g.offset) for g in got}
    wrong = [(s, acked[s], where.get(s)) for s in acked if acked[s] != where.get(s)]
    assert not wrong, f"{len(wrong)} messages not at the offset the producer was told, e.g. {wrong[:5]}"
    assert_compressed(broker, topic, codec, sent)


def test_admin_create_delete(broker, kadmin):
    topic = unique_topic("kp-admin")
    create_topic(kadmin, topic, partitions=2)
    assert topic in kadmin.list_topics()
    (desc,) = kadmin.describe_topics([topic])
    assert desc["name"] == topic and desc["error_code"] == 0
    assert sorted(p["partition_index"] for p in desc["partitions"]) == [0, 1]
    with pytest.raises(TopicAlreadyExistsError):
        create_topic(kadmin, topic, partitions=2)
    kadmin.delete_topics([topic], timeout_ms=TIMEOUT_MS)
    wait_until(lambda: topic not in kadmin.list_topics(), 10, f"{topic} to disappear")
    with pytest.raises(UnknownTopicOrPartitionError):
        kadmin.delete_topics([topic], timeout_ms=TIMEOUT_MS)


def test_offset_lookups(broker, kadmin):
    """beginning/end offsets and offsets_for_times (ListOffsets by timestamp)."""
    topic = unique_topic("kp-offsets")
    create_topic(kadmin, topic, partitions=2)
    base = recent_base_ts()
    n = 300
    p = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=5, batch_size=4096)
    try:
        # Partition 0: timestamps base, base+10, ... (several batches); partition 1: empty.
        futures = [p.send(topic, value=b"m%d" % i, partition=0, timestamp_ms=base + 10 * i) for i in range(n)]
        p.flush(timeout=TIMEOUT_MS / 1000)
    finally:
        p.close(timeout=10)
    assert all(f.succeeded() for f in futures)
    tp0, tp1 = TopicPartition(topic, 0), TopicPartition(topic, 1)
    c = consumer(broker)
    try:
        assert c.beginning_offsets([tp0, tp1]) == {tp0: 0, tp1: 0}
        assert c.end_offsets([tp0, tp1]) == {tp0: n, tp1: 0}
        for i in (0, 1, 37, 150, n - 1):
            exact = c.offsets_for_times({tp0: base + 10 * i})[tp0]
            assert (exact.offset, exact.timestamp) == (i, base + 10 * i), f"exact lookup of message {i}: {exact}"
            between = c.offsets_for_times({tp0: base + 10 * i - 5})[tp0]
            assert (between.offset, between.timestamp) == (i, base + 10 * i), f"lookup just before {i}: {between}"
        early = c.offsets_for_times({tp0: 0})[tp0]
        assert (early.offset, early.timestamp) == (0, base)
        late = c.offsets_for_times({tp0: base + 10 * n, tp1: base})
        assert late == {tp0: None, tp1: None}, f"lookups past the last timestamp / in an empty partition: {late}"
    finally:
        c.close()
