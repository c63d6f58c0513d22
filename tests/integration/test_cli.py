"""The `tributary` client commands (topics, produce, consume) against the shared broker,
cross-checked with confluent-kafka."""

import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

from common import unique_topic

TIMEOUT = 30


def test_topics_lifecycle(broker):
    topic = unique_topic("cli-topics")
    broker.cli("topics", "create", topic, "--partitions", "2", "--config", "retention.ms=3600000")
    assert topic in broker.cli("topics", "list").stdout.split()
    desc = broker.cli("topics", "describe", topic).stdout
    assert topic in desc and "retention.ms=3600000" in desc, desc
    again = broker.cli("topics", "create", topic, "--partitions", "2", check=False)
    assert again.returncode != 0 and "already exists" in (again.stderr + again.stdout).lower()
    assert broker.cli("topics", "create", topic, "--if-not-exists").returncode == 0
    broker.cli("topics", "alter", topic, "--partitions", "4")
    assert "4" in broker.cli("topics", "describe", topic).stdout
    broker.cli("topics", "delete", topic)
    assert topic not in broker.cli("topics", "list").stdout.split()


def test_produce_consume(broker):
    topic = unique_topic("cli-pc")
    broker.cli("topics", "create", topic, "--partitions", "1")
    lines = "".join(f"key{i}:value {i}\n" for i in range(500))
    broker.cli(
        "produce", topic, "--key-separator", ":", "--header", "origin=cli", "--compression", "zstd", input=lines
    )
    # Read with another client.
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "unused-cli", "enable.auto.commit": False})
    try:
        c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        got = []
        deadline = time.monotonic() + TIMEOUT
        while len(got) < 500 and time.monotonic() < deadline:
            for m in c.consume(500, timeout=0.5):
                assert not m.error(), m.error()
                got.append((m.offset(), m.key(), m.value(), m.headers()))
    finally:
        c.close()
    assert got == [(i, b"key%d" % i, b"value %d" % i, [("origin", b"cli")]) for i in range(500)]

    # And the CLI reads what another client wrote.
    p = Producer({"bootstrap.servers": broker.bootstrap})
    base = int(time.time() * 1000) - 60_000
    for i in range(3):
        p.produce(topic, key=b"pk%d" % i, value=b"from confluent %d" % i, timestamp=base + i)
    assert p.flush(TIMEOUT) == 0
    out = broker.cli(
        "consume", topic, "--partition", "0", "--offset", "500", "--max-messages", "3",
        "--print-key", "--print-offset", "--print-timestamp", "--timeout-ms", "10000",
    ).stdout.splitlines()
    assert len(out) == 3, out
    for i, line in enumerate(out):
        assert f"pk{i}" in line and f"from confluent {i}" in line and f"{500 + i}" in line, line
        assert f"CreateTime:{base + i}" in line, line
