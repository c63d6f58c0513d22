"""Fetches served as file ranges (sendfile) with small fetch sizes: the broker cuts
a range at the client's byte limit, possibly inside a batch (as Kafka does). Every
client must drop the partial batch, ask again from the right offset, and read each
record exactly once, in order, with both inline (< 32 KiB) and sendfile ranges."""

import subprocess

import confluent_kafka
from kafka import KafkaConsumer, TopicPartition

from common import BIN, NO_KCAT, unique_topic, wait_until

RECORDS = 3000
SIZE = 1024


def produce(broker, topic, batch_size):
    subprocess.run(
        [BIN, "perf", "produce", "--bootstrap-server", broker.bootstrap, "--topic", topic,
         "--partitions", "1", "--num-records", str(RECORDS), "--record-size", str(SIZE),
         "--batch-size", str(batch_size), "--linger-ms", "50", "--acks", "1", "--json"],
        check=True, capture_output=True, timeout=60)


def check_offsets(offsets, topic):
    assert offsets == list(range(RECORDS)), (
        f"{topic}: read {len(offsets)} records, first gaps or repeats near "
        f"{next((i for i, o in enumerate(offsets) if o != i), None)}")


def test_small_fetch_sizes_cut_batches_and_every_client_recovers(broker):
    for batch_size in (16 * 1024, 200 * 1024):  # inline ranges, then sendfile ranges
        topic = unique_topic("ranges")
        produce(broker, topic, batch_size)

        # kafka-python: 100 kB per partition cuts ranges inside batches; a
        # first batch larger than that still comes whole (KIP-74).
        c = KafkaConsumer(bootstrap_servers=broker.bootstrap, group_id=None, enable_auto_commit=False,
                          max_partition_fetch_bytes=100_000, fetch_max_bytes=150_000, fetch_max_wait_ms=100)
        try:
            tp = TopicPartition(topic, 0)
            c.assign([tp])
            c.seek_to_beginning(tp)
            offsets = []
            wait_until(lambda: offsets.extend(r.offset for rs in c.poll(timeout_ms=200).values() for r in rs)
                       or len(offsets) >= RECORDS, 60, "kafka-python reads every record")
            check_offsets(offsets, topic)
        finally:
            c.close()

        # librdkafka (confluent-kafka).
        c = confluent_kafka.Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "ranges",
                                      "enable.auto.commit": False, "max.partition.fetch.bytes": 100_000,
                                      "fetch.max.bytes": 150_000, "message.max.bytes": 100_000,
                                      "fetch.wait.max.ms": 100})
        try:
            c.assign([confluent_kafka.TopicPartition(topic, 0, confluent_kafka.OFFSET_BEGINNING)])
            offsets = []

            def poll():
                for m in c.consume(num_messages=1000, timeout=0.2):
                    assert m.error() is None, m.error()
                    offsets.append(m.offset())
                return len(offsets) >= RECORDS

            wait_until(poll, 60, "confluent-kafka reads every record")
            check_offsets(offsets, topic)
        finally:
            c.close()

        # kcat, whose fetch size is fetch.message.max.bytes.
        if not NO_KCAT:
            out = subprocess.run(
                ["kcat", "-C", "-b", broker.bootstrap, "-t", topic, "-p", "0", "-o", "beginning", "-e",
                 "-X", "fetch.message.max.bytes=100000", "-f", "%o\n"],
                check=True, capture_output=True, text=True, timeout=60).stdout
            check_offsets([int(x) for x in out.split()], topic)
