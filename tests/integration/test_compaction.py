"""Log compaction end to end: a compacted topic created by a real admin
client, written by a real producer (values, updates, tombstones), cleaned by
the broker's background cleaner, read back by a real consumer. The topic then
replays to the same state (last value per key) as everything written, each
record read is the one written at its offset, and the closed segments hold
one record per key. Killing the broker (kill -9) while it cleans loses
nothing: a swap is finished or forgotten at the next start."""

import glob
import os
import random
import signal
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from common import SMALL_SEGMENTS, unique_topic, wait_until

CLEANER = ["log.cleaner.backoff.ms=50", SMALL_SEGMENTS]


def create_compacted(b, topic, **configs):
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    config = {
        "cleanup.policy": "compact",
        "segment.bytes": "32768",
        "min.cleanable.dirty.ratio": "0.01",
        **configs,
    }
    futures = admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1, config=config)])
    futures[topic].result(15)


def produce(b, topic, records, compression="none"):
    """records: [(key, value or None)]; returns {offset: (key, value)} as acknowledged."""
    written = {}
    errors = []

    def on_delivery(err, m):
        if err:
            errors.append(err)
        else:
            written[m.offset()] = (m.key(), m.value())

    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "enable.idempotence": True,
                  "linger.ms": 5, "compression.type": compression, "batch.size": 8192})
    for k, v in records:
        while True:
            try:
                p.produce(topic, key=k, value=v, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
    assert p.flush(30) == 0
    assert not errors, errors[:3]
    assert len(written) == len(records)
    return written


def read_all(b, topic):
    """[(offset, key, value)] from the log start to the high watermark."""
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": unique_topic("g"), "enable.auto.commit": False,
                  "enable.partition.eof": True})
    low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    c.assign([TopicPartition(topic, 0, low)])
    out = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        m = c.poll(2)
        if m is None:
            continue
        if m.error():
            if m.error().code() == -191:  # _PARTITION_EOF
                if not out or out[-1][0] >= high - 1:
                    break
                continue
            raise AssertionError(m.error())
        out.append((m.offset(), m.key(), m.value()))
    c.close()
    return out


def read_all_kafka_python(b, topic):
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KTopicPartition

    c = KafkaConsumer(bootstrap_servers=b.bootstrap, group_id=None, enable_auto_commit=False,
                      fetch_max_wait_ms=100, request_timeout_ms=30000)
    tp = KTopicPartition(topic, 0)
    c.assign([tp])
    c.seek_to_beginning(tp)
    high = c.end_offsets([tp])[tp]
    out = []
    deadline = time.monotonic() + 30
    while c.position(tp) < high and time.monotonic() < deadline:
        for records in c.poll(timeout_ms=500).values():
            out.extend((r.offset, r.key, r.value) for r in records)
    c.close()
    return out


def replay(records):
    state = {}
    for _, k, v in records:
        if v is None:
            state.pop(k, None)
        else:
            state[k] = v
    return state


def check(written, got):
    """The compacted log against everything acknowledged."""
    offsets = [o for o, _, _ in got]
    assert offsets == sorted(set(offsets)), "offsets out of order or repeated"
    for o, k, v in got:
        assert written.get(o) == (k, v), f"offset {o}: read {(k, v)}, written {written.get(o)}"
    model = replay([(o, k, v) for o, (k, v) in sorted(written.items())])
    assert replay(got) == model


def test_compaction_keeps_the_latest_value_per_key(fresh_broker):
    b = fresh_broker(overrides=CLEANER)
    topic = unique_topic("compact")
    create_compacted(b, topic)
    keys = [f"key-{i}".encode() for i in range(40)]
    records = []
    for version in range(30):
        for k in keys:
            records.append((k, f"{k.decode()}={version}".encode() + b"." * 40))
    # Ten keys deleted: their tombstones stay (delete.retention.ms is a day).
    records += [(k, None) for k in keys[:10]]
    # A little more, so the tombstones are in a closed segment too.
    records += [(b"tail", str(i).encode() * 50) for i in range(200)]
    written = produce(b, topic, records)

    # The cleaner runs in the background: wait until most is gone.
    def compacted():
        return len(read_all(b, topic)) < len(records) // 3

    wait_until(compacted, 30, "the cleaner to compact the topic", interval=0.5)
    got = read_all(b, topic)
    check(written, got)
    # kafka-python reads the same, across the gaps compaction left.
    assert read_all_kafka_python(b, topic) == got
    # The deleted keys are read as tombstones (still within delete.retention.ms).
    tombstones = {k for _, k, v in got if v is None}
    assert tombstones == set(keys[:10])
    # On disk: much smaller than what was written.
    size = sum(os.path.getsize(f) for f in glob.glob(f"{b.data_dir}/{topic}-0/*.log"))
    assert size < sum(len(v or b"") for _, v in records) // 3


def test_tombstones_go_after_delete_retention_ms(fresh_broker):
    b = fresh_broker(overrides=CLEANER)
    topic = unique_topic("compact-tomb")
    create_compacted(b, topic, **{"delete.retention.ms": "0"})
    records = [(f"k{i}".encode(), b"v" * 100) for i in range(100)]
    records += [(f"k{i}".encode(), None) for i in range(50)]
    records += [(b"filler", str(i).encode() * 100) for i in range(300)]
    written = produce(b, topic, records)

    def tombstones_gone():
        got = read_all(b, topic)
        return not any(k.startswith(b"k") and (v is None or int(k[1:]) < 50) for _, k, v in got)

    wait_until(tombstones_gone, 30, "the deleted keys and their tombstones to go", interval=0.5)
    got = read_all(b, topic)
    check(written, got)
    assert {k for _, k, _ in got if k.startswith(b"k")} == {f"k{i}".encode() for i in range(50, 100)}


def test_a_crash_at_any_step_of_a_cleaning_round_loses_nothing(fresh_broker):
    # Dirty data is written with the cleaner off; then the broker starts
    # with it on and is killed (abort, as kill -9 leaves things) at a chosen
    # step of the round: before the swap manifest, right after it, and in
    # the middle of the swap. Each time the next start recovers a topic that
    # still holds everything, then a final run cleans it fully.
    b = fresh_broker(overrides=["log.cleaner.enable=false", SMALL_SEGMENTS])
    topic = unique_topic("compact-crash")
    create_compacted(b, topic, **{"segment.bytes": "131072"})
    rng = random.Random(7)
    keys = [f"key-{i:05d}".encode() for i in range(3000)]
    written = {}
    expected_at_start = {
        "cleaner-before-manifest": "deleting an unfinished log cleaning round",
        "cleaner-after-manifest": "finishing a log cleaning swap cut short",
        "cleaner-mid-swap": "finishing a log cleaning swap cut short",
    }
    for failpoint, recovery in expected_at_start.items():
        for _ in range(3):
            records = [(k, None if rng.random() < 0.03 else rng.randbytes(40).hex().encode())
                       for k in rng.sample(keys, len(keys))]
            written.update(produce(b, topic, records, compression="lz4"))
        b.stop()
        b.overrides, b.env = CLEANER, {"TRIBUTARY_FAILPOINTS": failpoint}
        b.spawn()
        b.killed = True
        assert b.proc.wait(30) == -signal.SIGABRT, f"{failpoint} was never reached"
        b.overrides, b.env = ["log.cleaner.enable=false"], {}
        b.start()
        # (The listener opens before the logs do: wait for the line.)
        def recovered():
            with open(b.log_path) as f:
                return f.read().split("---- start:")[-1].count(recovery) == 1

        wait_until(recovered, 10, f"the start after {failpoint} to log {recovery!r}")
        check(written, read_all(b, topic))

    # Left alone, the cleaner finishes: the closed segments hold each key once.
    b.stop()
    b.overrides = CLEANER
    b.start()

    def clean():
        return len(read_all(b, topic)) <= len(keys) + 2500

    wait_until(clean, 60, "the cleaner to finish", interval=1)
    check(written, read_all(b, topic))


def test_an_idempotent_producer_whose_state_was_lost_keeps_writing(fresh_broker):
    # The broker rebuilds idempotent-producer state from the newest segments;
    # a producer whose batches are all older (or were removed by retention or
    # the cleaner) is unknown after a restart. As in Kafka (KIP-360), its next
    # sequence is accepted instead of OUT_OF_ORDER_SEQUENCE_NUMBER, which
    # librdkafka treats as fatal.
    b = fresh_broker(overrides=[SMALL_SEGMENTS])
    topic = unique_topic("pid-lost")
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1,
                                  config={"segment.bytes": "16384"})])[topic].result(15)
    errors = []
    quiet = Producer({"bootstrap.servers": b.bootstrap, "enable.idempotence": True, "linger.ms": 1,
                      "error_cb": lambda e: errors.append(e)})
    for i in range(10):
        quiet.produce(topic, key=b"q", value=b"before %d" % i, partition=0,
                      on_delivery=lambda e, m: e and errors.append(e))
    assert quiet.flush(10) == 0
    produce(b, topic, [(b"busy", b"x" * 100) for _ in range(2000)])
    b.restart()
    for i in range(10):
        quiet.produce(topic, key=b"q", value=b"after %d" % i, partition=0,
                      on_delivery=lambda e, m: e and errors.append(e))
    assert quiet.flush(30) == 0
    # Transport errors while the broker restarts are expected; nothing else.
    assert not [e for e in errors if e.fatal() or e.code() not in (-195, -187)], errors
    values = [v for _, k, v in read_all(b, topic) if k == b"q"]
    assert values == [b"before %d" % i for i in range(10)] + [b"after %d" % i for i in range(10)]
