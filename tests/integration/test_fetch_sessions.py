"""Fetch sessions (KIP-227) with a real client: kafka-python's consumer opens
an incremental fetch session and keeps it across rounds of new records on a
few of its partitions, reads every record once, and never sees a session
error or an answer its session handler finds invalid (it logs both at INFO
and falls back to full fetches, which would hide a broken session)."""

import logging
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

from common import unique_topic

PARTITIONS = 8
ROUNDS = 10


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_a_consumer_keeps_one_incremental_session(broker):
    topic = unique_topic("sessions")
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap)
    admin.create_topics({topic: {"num_partitions": PARTITIONS, "replication_factor": 1}})
    admin.close()
    log = logging.getLogger("kafka.consumer.fetcher")
    seen = Records()
    log.addHandler(seen)
    old_level = log.level
    log.setLevel(logging.DEBUG)
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=0)
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None,
                             enable_auto_commit=False, fetch_max_wait_ms=100)
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        got = []
        for round_ in range(ROUNDS):
            # Each round writes to two of the partitions only.
            for p in (round_ % PARTITIONS, (round_ * 3 + 1) % PARTITIONS):
                producer.send(topic, value=f"{round_}-{p}".encode(), partition=p)
            producer.flush()
            want = 2 * (round_ + 1)
            deadline = time.monotonic() + 30
            while len(got) < want:
                assert time.monotonic() < deadline, f"round {round_}: read {len(got)} of {want}"
                for records in consumer.poll(timeout_ms=200).values():
                    got.extend((r.partition, r.value) for r in records)
        assert sorted(got) == sorted(set(got)), "a record was read twice"
        assert len(got) == 2 * ROUNDS
    finally:
        consumer.close()
        producer.close()
        log.removeHandler(seen)
        log.setLevel(old_level)
    opened = [m for m in seen.messages if "created a new incremental fetch session" in m]
    continued = [m for m in seen.messages if "sent an incremental fetch response for session" in m]
    refused = [m for m in seen.messages
               if "unable to process the fetch request" in m or "invalid" in m.lower()]
    assert refused == [], refused[:5]
    assert len(opened) == 1, f"sessions opened: {opened}"
    # The first round is read by the full fetch that opens the session.
    assert len(continued) >= ROUNDS - 1, f"{len(continued)} incremental answers"
