"""DeleteRecords: `tributary topics truncate` and confluent-kafka's
AdminClient.delete_records move a partition's log start offset (low watermark);
consumers from the beginning start there, ListOffsets earliest says so, and a
fetch below it is OFFSET_OUT_OF_RANGE, which auto.offset.reset handles."""

import time

import pytest
from confluent_kafka import OFFSET_END, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from common import SMALL_SEGMENTS, unique_topic

TIMEOUT = 30
N = 100
BATCH = 15  # records per batch: offset 40 falls inside the batch 30..44
IDLE = 5


def produce(bootstrap, topic, partition=0, n=N):
    """`n` records `v<i>` in batches of BATCH (one flush per batch)."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 1000, "batch.num.messages": BATCH})
    for start in range(0, n, BATCH):
        for i in range(start, min(start + BATCH, n)):
            p.produce(topic, value=b"v%d" % i, partition=partition)
        assert p.flush(TIMEOUT) == 0


def consume(bootstrap, topic, offset=None, reset="earliest", n=None, partition=0):
    """(offset, value) pairs read from the beginning (a new group, no committed
    offset) or from `offset`; stops after `n`, or when nothing more comes.
    Errors are returned as ("error", KafkaError)."""
    c = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": unique_topic("g"),
        "enable.auto.commit": False,
        "auto.offset.reset": reset,
    })
    got = []
    try:
        if offset is None:
            c.subscribe([topic])
        else:
            c.assign([TopicPartition(topic, partition, offset)])
        deadline = time.monotonic() + TIMEOUT
        last = time.monotonic()
        # Stops after IDLE s without a message (the end of the partition).
        while time.monotonic() < deadline and (n is None or len(got) < n):
            msgs = c.consume(100, timeout=0.5)
            for m in msgs:
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        continue
                    got.append(("error", m.error()))
                    return got
                got.append((m.offset(), m.value()))
            if msgs:
                last = time.monotonic()
            elif time.monotonic() - last > IDLE:
                break
    finally:
        c.close()
    return got


def watermarks(bootstrap, topic, partition=0):
    """(earliest, latest) by ListOffsets."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused-watermarks"})
    try:
        return c.get_watermark_offsets(TopicPartition(topic, partition), timeout=TIMEOUT, cached=False)
    finally:
        c.close()


def test_truncate_with_the_cli_then_consumers_start_at_the_low_watermark(fresh_broker):
    broker = fresh_broker(overrides=[SMALL_SEGMENTS])
    topic = unique_topic("truncate")
    broker.cli("topics", "create", topic, "--partitions", "1", "--config", "segment.bytes=300")
    produce(broker.bootstrap, topic)
    assert watermarks(broker.bootstrap, topic) == (0, N)
    segments_before = len(list(broker.data_dir.glob(f"{topic}-0/*.log")))

    out = broker.cli("topics", "truncate", topic, "--partition", "0", "--before", "40").stdout
    assert out == "Partition 0: low watermark 40\n", out
    assert watermarks(broker.bootstrap, topic) == (40, N)
    # The segments wholly below 40 are gone from the disk.
    segments_after = len(list(broker.data_dir.glob(f"{topic}-0/*.log")))
    assert segments_after < segments_before, (segments_before, segments_after)

    # From the beginning: offset 40 on (librdkafka drops the records of the
    # batch 30..44 below it).
    got = consume(broker.bootstrap, topic, n=N - 40)
    assert got == [(i, b"v%d" % i) for i in range(40, N)], got[:5]

    # Below the low watermark: OFFSET_OUT_OF_RANGE, then auto.offset.reset.
    got = consume(broker.bootstrap, topic, offset=10, reset="earliest", n=1)
    assert got[:1] == [(40, b"v40")], got[:5]
    got = consume(broker.bootstrap, topic, offset=10, reset="latest", n=1)
    assert got == [], got
    got = consume(broker.bootstrap, topic, offset=10, reset="error", n=1)
    assert len(got) == 1 and got[0][0] == "error", got
    assert got[0][1].code() == KafkaError._AUTO_OFFSET_RESET, got[0][1]
    assert "out of range" in got[0][1].str().lower(), got[0][1]

    # Again, lower: nothing changes.
    out = broker.cli("topics", "truncate", topic, "--partition", "0", "--before", "20").stdout
    assert out == "Partition 0: low watermark 40\n", out
    # -1: every committed record.
    out = broker.cli("topics", "truncate", topic, "--partition", "0", "--before", "-1").stdout
    assert out == f"Partition 0: low watermark {N}\n", out
    assert watermarks(broker.bootstrap, topic) == (N, N)
    assert consume(broker.bootstrap, topic) == []


def test_truncate_errors_are_clear(broker):
    topic = unique_topic("truncate-err")
    broker.cli("topics", "create", topic, "--partitions", "2")
    produce(broker.bootstrap, topic, n=10)

    r = broker.cli("topics", "truncate", unique_topic("nope"), "--partition", "0", "--before", "1", check=False)
    assert r.returncode != 0 and "does not exist" in r.stderr, r.stderr
    r = broker.cli("topics", "truncate", topic, "--partition", "7", "--before", "1", check=False)
    assert r.returncode != 0 and "no partition 7" in r.stderr, r.stderr
    r = broker.cli("topics", "truncate", topic, "--partition", "0", "--before", "500", check=False)
    assert r.returncode != 0, r
    assert "Partition 0: offset 500 is past the high watermark 10" in r.stderr, r.stderr
    assert watermarks(broker.bootstrap, topic) == (0, 10)
    for bad in ["-5", "forty"]:
        r = broker.cli("topics", "truncate", topic, "--partition", "0", "--before", bad, check=False)
        assert r.returncode != 0 and "--before" in r.stderr, r.stderr
    r = broker.cli("topics", "truncate", topic, "--before", "1", check=False)
    assert r.returncode != 0 and "--partition" in r.stderr, r.stderr

    # Every partition: partition 1 is empty, so 5 is past its high watermark.
    r = broker.cli("topics", "truncate", topic, "--all-partitions", "--before", "5", check=False)
    assert r.returncode != 0, r
    assert r.stdout == "Partition 0: low watermark 5\n", r.stdout
    assert "Partition 1: offset 5 is past the high watermark 0" in r.stderr, r.stderr
    out = broker.cli("topics", "truncate", topic, "--all-partitions", "--before", "-1").stdout
    assert out == "Partition 0: low watermark 10\nPartition 1: low watermark 0\n", out


def test_confluent_admin_delete_records(broker):
    if not hasattr(AdminClient, "delete_records"):
        pytest.skip("this confluent-kafka has no AdminClient.delete_records")
    topic = unique_topic("delete-records")
    broker.cli("topics", "create", topic, "--partitions", "1")
    produce(broker.bootstrap, topic)
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})

    futures = admin.delete_records([TopicPartition(topic, 0, 40)], request_timeout=TIMEOUT)
    (result,) = [f.result(TIMEOUT) for f in futures.values()]
    assert result.low_watermark == 40
    assert watermarks(broker.bootstrap, topic) == (40, N)
    got = consume(broker.bootstrap, topic, n=N - 40)
    assert [o for o, _ in got] == list(range(40, N)), got[:5]

    # Past the high watermark: refused, nothing moves.
    futures = admin.delete_records([TopicPartition(topic, 0, N + 1)], request_timeout=TIMEOUT)
    with pytest.raises(Exception) as refused:
        for f in futures.values():
            f.result(TIMEOUT)
    assert "OFFSET_OUT_OF_RANGE" in str(refused.value) or "out of range" in str(refused.value).lower()
    assert watermarks(broker.bootstrap, topic) == (40, N)

    # OFFSET_END: everything committed.
    futures = admin.delete_records([TopicPartition(topic, 0, OFFSET_END)], request_timeout=TIMEOUT)
    (result,) = [f.result(TIMEOUT) for f in futures.values()]
    assert result.low_watermark == N
    assert watermarks(broker.bootstrap, topic) == (N, N)


def test_the_low_watermark_survives_kill9(fresh_broker):
    b = fresh_broker()
    topic = unique_topic("truncate-kill")
    b.cli("topics", "create", topic, "--partitions", "1")
    produce(b.bootstrap, topic)
    b.cli("topics", "truncate", topic, "--partition", "0", "--before", "40")
    b.kill9()
    b.start()
    assert watermarks(b.bootstrap, topic) == (40, N)
    got = consume(b.bootstrap, topic, n=N - 40)
    assert [o for o, _ in got] == list(range(40, N)), got[:5]
