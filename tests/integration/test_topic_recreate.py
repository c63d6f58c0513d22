"""A topic deleted and created again at once, under fetch load, holds only the new
topic's records (issue 14, item 9): the deleted partition's directory is set aside
(renamed to <topic>-<p>.<id>-delete) before DeleteTopics answers, and partitions are
keyed by topic id, so a replica or a directory of the old topic is never taken for
the new one, also after a restart."""

import threading
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

import kwire
from common import unique_topic, wait_until

TIMEOUT = 30


def produce(bootstrap, topic, values):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    for v in values:
        p.produce(topic, value=v.encode())
    assert p.flush(TIMEOUT) == 0


def read_all(bootstrap, topic):
    """Every value in `topic` partition 0 but the load's, read until nothing more comes."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": f"g-{unique_topic()}",
                  "enable.auto.commit": False, "fetch.wait.max.ms": 50,
                  "enable.partition.eof": True})
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        got = []
        # Quiet counts only once the consumer has reached the log end: the
        # first group on a fresh broker waits for __consumer_offsets (50
        # partitions) to be created, which a loaded machine takes over 0.5 s to do.
        at_end = False
        quiet_since = time.monotonic()
        deadline = time.monotonic() + TIMEOUT
        while (not at_end or time.monotonic() - quiet_since < 0.5) and time.monotonic() < deadline:
            m = c.poll(0.2)
            if m is not None and m.error() and m.error().code() == KafkaError._PARTITION_EOF:
                at_end = True
            elif m is not None and not m.error():
                quiet_since = time.monotonic()
                if m.value() != LOAD:
                    got.append(m.value().decode())
        return got
    finally:
        c.close()


LOAD = b"load"
GENERATIONS = 25


def load(bootstrap, topic, stop, active, produce):
    """Tight fetches (or small produces) of `topic` while `active`, whatever they are
    answered, until `stop`: requests in flight hold the partition while it is deleted."""
    fetch = kwire.fetch_request_v4([(topic, [(0, 0, 1 << 20)])], max_bytes=1 << 20)
    write = kwire.produce_request_v3(topic, 0, kwire.record_batch([(None, LOAD)]), acks=1)
    while not stop.is_set():
        try:
            with kwire.Conn(bootstrap, timeout=5) as c:
                while not stop.is_set():
                    if active.wait(0.1):
                        c.roundtrip(write if produce else fetch)
        except (OSError, ConnectionError, AssertionError):
            time.sleep(0.01)


def create(admin, topic):
    def created():
        try:
            admin.create_topics([NewTopic(topic, 1, 1)], request_timeout=TIMEOUT)[topic].result(TIMEOUT)
            return True
        except Exception as e:  # the deletion may still be in progress: try again
            if "TOPIC_ALREADY_EXISTS" in str(e) or "already exists" in str(e):
                time.sleep(0.05)
                return False
            raise

    wait_until(created, TIMEOUT, f"{topic} created again", 0.0)


def test_a_topic_deleted_and_created_again_under_load_has_only_its_new_records(fresh_broker):
    b = fresh_broker()
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    topic = unique_topic("recreate")
    create(admin, topic)
    stop, active = threading.Event(), threading.Event()
    loaders = [threading.Thread(target=load, args=(b.bootstrap, topic, stop, active, i < 2), daemon=True)
               for i in range(5)]
    for t in loaders:
        t.start()
    try:
        for generation in range(GENERATIONS):
            active.set()
            produce(b.bootstrap, topic, [f"gen{generation}-{i}" for i in range(50)])
            admin.delete_topics([topic], request_timeout=TIMEOUT)[topic].result(TIMEOUT)
            create(admin, topic)
            produce(b.bootstrap, topic, [f"new{generation}-{i}" for i in range(5)])
            active.clear()
            got = read_all(b.bootstrap, topic)
            assert got == [f"new{generation}-{i}" for i in range(5)], f"generation {generation}: {got[:8]}"
    finally:
        active.set()
        stop.set()
        for t in loaders:
            t.join(10)
    produce(b.bootstrap, topic, ["last"])
    b.stop()
    b.start()
    assert read_all(b.bootstrap, topic) == [f"new{GENERATIONS - 1}-{i}" for i in range(5)] + ["last"]

    def swept():
        return not [d for d in b.data_dir.iterdir() if d.name.endswith("-delete")]

    wait_until(swept, TIMEOUT, "directories of deleted partitions removed")
