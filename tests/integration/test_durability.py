"""kill -9 in the middle of an idempotent, acks=all produce stream: after a restart on
the same data dir every acknowledged message is there exactly once, at the offset it
was acknowledged with, and the partitions take new writes."""

import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from common import unique_topic

PARTITIONS = 3
ACKS_BEFORE_KILL = 4000
MAX_UNACKED = 3000
TIMEOUT = 60


def read_to_end(bootstrap, topic, partitions, timeout=TIMEOUT):
    """Every message of every partition, up to the high watermark: {p: [(offset, value)]}."""
    c = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"unused-{topic}",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "fetch.wait.max.ms": 100,
        }
    )
    try:
        ends = {}
        for p in range(partitions):
            lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=TIMEOUT, cached=False)
            assert lo == 0, f"{topic}[{p}] starts at {lo}"
            ends[p] = hi
        out = {p: [] for p in range(partitions)}
        c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
        deadline = time.monotonic() + timeout
        while any(len(out[p]) < ends[p] for p in out):
            assert time.monotonic() < deadline, f"read {[len(v) for v in out.values()]} of {ends} in {timeout}s"
            for m in c.consume(num_messages=5000, timeout=0.5):
                if m.error():
                    raise KafkaException(m.error())
                out[m.partition()].append((m.offset(), m.value()))
        return out, ends
    finally:
        c.close()


def test_kill9_mid_stream(fresh_broker):
    b = fresh_broker()
    topic = unique_topic("dur")
    a = AdminClient({"bootstrap.servers": b.bootstrap})
    a.create_topics([NewTopic(topic, PARTITIONS, 1)], request_timeout=TIMEOUT)[topic].result(TIMEOUT)

    acked = {}  # seq -> (partition, offset) as acknowledged by the broker
    failed = []

    def on_delivery(err, msg):
        if err is None:
            acked[int(msg.value()[:8])] = (msg.partition(), msg.offset())
        else:
            failed.append(err)

    p = Producer(
        {
            "bootstrap.servers": b.bootstrap,
            "enable.idempotence": True,
            "acks": "all",
            "linger.ms": 2,
            "batch.num.messages": 200,
            "reconnect.backoff.max.ms": 200,
        }
    )

    def produce(seq):
        value = b"%08d|" % seq + b"payload " * (seq % 7)
        p.produce(topic, key=b"k%02d" % (seq % 30), value=value, on_delivery=on_delivery)
        p.poll(0)

    seq = 0
    deadline = time.monotonic() + TIMEOUT
    while len(acked) < ACKS_BEFORE_KILL:
        assert time.monotonic() < deadline, f"only {len(acked)} acks in {TIMEOUT}s ({len(failed)} failures)"
        assert not failed, f"delivery failed before the kill: {failed[0]}"
        if seq - len(acked) > MAX_UNACKED:
            p.poll(0.01)
            continue
        produce(seq)
        seq += 1
    # Keep the stream going while the broker dies.
    for _ in range(200):
        produce(seq)
        seq += 1
    code = b.kill9()
    assert code == -9, f"broker exited with {code} instead of dying by SIGKILL"
    for _ in range(500):
        produce(seq)
        seq += 1
    # Deliver the callbacks of everything acknowledged before the kill; drop the rest.
    p.poll(0.5)
    p.purge(in_queue=True, in_flight=True)
    p.flush(10)
    del p
    n_acked = len(acked)
    assert n_acked >= ACKS_BEFORE_KILL

    b.start()
    by_partition, ends = read_to_end(b.bootstrap, topic, PARTITIONS)

    problems = []
    where = {}
    for part, msgs in by_partition.items():
        offsets = [o for o, _ in msgs]
        if offsets != list(range(len(msgs))):
            problems.append(f"partition {part}: offsets are not 0..{len(msgs) - 1}")
        last = -1
        for off, value in msgs:
            s = int(value[:8])
            if s in where:
                problems.append(f"seq {s} stored twice: {where[s]} and {(part, off)}")
            where[s] = (part, off)
            if s <= last:
                problems.append(f"partition {part} offset {off}: seq {s} after seq {last} (out of order)")
            last = s
    lost = sorted(s for s in acked if s not in where)
    if lost:
        problems.append(f"{len(lost)} of {n_acked} acknowledged messages lost after kill -9, e.g. {lost[:10]}")
    moved = [(s, acked[s], where[s]) for s in acked if s in where and where[s] != acked[s]]
    if moved:
        problems.append(f"{len(moved)} acknowledged messages not at their acknowledged offset, e.g. {moved[:5]}")
    assert not problems, (
        f"after kill -9 with {n_acked} acked of {seq} sent (stored {sum(ends.values())}):\n  "
        + "\n  ".join(problems[:20])
    )

    # The restarted broker takes new writes after what survived, in every partition.
    p2 = Producer({"bootstrap.servers": b.bootstrap, "enable.idempotence": True, "acks": "all"})
    new = {}

    def on_new(err, msg):
        assert err is None, err
        new[msg.partition()] = (msg.offset(), msg.value())

    for part in range(PARTITIONS):
        p2.produce(topic, value=b"after-restart-%d" % part, partition=part, on_delivery=on_new)
    assert p2.flush(TIMEOUT) == 0
    assert new == {part: (ends[part], b"after-restart-%d" % part) for part in range(PARTITIONS)}
    after, ends2 = read_to_end(b.bootstrap, topic, PARTITIONS)
    for part in range(PARTITIONS):
        assert ends2[part] == ends[part] + 1
        assert after[part][-1] == (ends[part], b"after-restart-%d" % part)
        assert after[part][:-1] == by_partition[part]
