"""A log dir on a small tmpfs fills up: producers get an error, the broker
stays up, nothing already written is damaged, and once space is freed writing
and reading resume, every acknowledged record there exactly once.

Needs root (mount -t tmpfs); skipped where mounting is not allowed."""

import os
import shutil
import subprocess
import tempfile
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

import checker
from common import BIN, Broker, unique_topic, wait_until

TMPFS_MB = 6
FILLER_MB = 3


@pytest.fixture
def small_disk():
    mnt = tempfile.mkdtemp(prefix="tributary-tmpfs-")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_MB}m", "tmpfs", mnt], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", mnt], capture_output=True)
        os.rmdir(mnt)


def produce(p, topic, history, prefix, n):
    def on_delivery(err, m):
        if err:
            history.failed(m.value(), err.name())
        else:
            history.acked(m.value(), m.partition(), m.offset())

    for i in range(n):
        v = b"%s-%d-" % (prefix, i) + b"x" * 1000
        history.sent(v, 0)
        while True:
            try:
                p.produce(topic, v, partition=0, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    p.flush(30)


def test_a_full_disk_refuses_writes_and_recovers_when_space_returns(small_disk):
    base = tempfile.mkdtemp(prefix="tributary-it-disk-")
    b = Broker(
        BIN,
        base,
        overrides=[f"log.dirs={small_disk}/data", "log.index.size.max.bytes=65536", "log.segment.bytes=1048576"],
        name="small-disk broker",
    )
    b.start()
    try:
        topic = unique_topic("full")
        r = subprocess.run([BIN, "topics", "create", topic, "--partitions", "1", "--bootstrap-server", b.bootstrap],
                           capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
        filler = os.path.join(small_disk, "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * FILLER_MB * 1024 * 1024)
        history = checker.History()
        conf = {"bootstrap.servers": b.bootstrap, "acks": "all", "enable.idempotence": True,
                "message.timeout.ms": 3000, "batch.size": 65536, "linger.ms": 2}
        p = Producer(conf)
        # About 3 MB of records into less than 3 MB of free space.
        produce(p, topic, history, b"a", 3500)
        counts = history.counts()
        assert counts["acked"] > 100, counts
        assert counts["failed"] > 0, f"the disk never filled up: {counts}"
        assert b.alive(), "the broker died on a full disk"
        # Free the space: writes resume.
        os.remove(filler)
        p2 = Producer(conf)
        deadline = time.monotonic() + 20
        before = history.counts()["acked"]
        while history.counts()["acked"] < before + 200 and time.monotonic() < deadline:
            produce(p2, topic, history, b"b", 200)
        assert history.counts()["acked"] >= before + 200, history.counts()
        # Everything acknowledged is there once, in order; nothing unacknowledged twice.
        c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": unique_topic("g"), "enable.auto.commit": False})
        low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        c.assign([TopicPartition(topic, 0, low)])
        final = []
        while len(final) < high - low:
            m = c.poll(5)
            assert m is not None, f"read {len(final)} of {high - low}"
            if not m.error():
                final.append((0, m.offset(), m.value()))
        c.close()
        result = checker.check(history, final)
        assert result.ok, result.summary()
        # And after a restart, the same.
        b.stop()
        b.start()
        assert b.alive()
    finally:
        b.stop()
        shutil.rmtree(base, ignore_errors=True)
