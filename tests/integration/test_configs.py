"""Topic configs at run time: DescribeConfigs with Kafka's synonyms,
AlterConfigs and IncrementalAlterConfigs from a real admin client and from
`tributary configs` / `topics alter --config`, applied to the running log
without a restart (retention deletes old segments; the log start offset
moves; a consumer from the beginning starts there)."""

import subprocess
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewTopic,
    ResourceType,
)

from common import BIN, SMALL_SEGMENTS, unique_topic, wait_until


def tributary(broker, *args):
    return subprocess.run(
        [BIN, *args, "--bootstrap-server", broker.bootstrap], capture_output=True, text=True, timeout=30
    )


def describe(admin, topic):
    res = ConfigResource(ResourceType.TOPIC, topic)
    return admin.describe_configs([res])[res].result(15)


def test_log_retention_hours_is_the_effective_retention_ms_with_its_synonyms(fresh_broker):
    b = fresh_broker(overrides=["log.retention.hours=24"])
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    topic = unique_topic("cfg-syn")
    assert tributary(b, "topics", "create", topic).returncode == 0
    entry = describe(admin, topic)["retention.ms"]
    assert entry.value == "86400000"
    assert entry.source == 4  # STATIC_BROKER_CONFIG
    # Kafka's synonyms, most precise first (the admin client keys them by
    # name, so read them from the CLI).
    out = tributary(b, "configs", "describe", "--topic", topic).stdout
    assert (
        "retention.ms=86400000 (STATIC_BROKER_CONFIG) synonyms={STATIC_BROKER_CONFIG:log.retention.hours=24, "
        "DEFAULT_CONFIG:log.retention.hours=168}" in out
    ), out


def test_incremental_and_full_alter_from_the_admin_client(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = unique_topic("cfg-alter")
    assert tributary(broker, "topics", "create", topic).returncode == 0
    res = ConfigResource(
        ResourceType.TOPIC,
        topic,
        incremental_configs=[
            ConfigEntry("retention.ms", "3600000", incremental_operation=AlterConfigOpType.SET),
            ConfigEntry("cleanup.policy", "compact", incremental_operation=AlterConfigOpType.APPEND),
        ],
    )
    admin.incremental_alter_configs([res])[res].result(15)
    c = describe(admin, topic)
    assert c["retention.ms"].value == "3600000" and c["retention.ms"].source == 1  # DYNAMIC_TOPIC_CONFIG
    assert c["cleanup.policy"].value == "delete,compact"
    # SUBTRACT and DELETE.
    res = ConfigResource(
        ResourceType.TOPIC,
        topic,
        incremental_configs=[
            ConfigEntry("cleanup.policy", "delete", incremental_operation=AlterConfigOpType.SUBTRACT),
            ConfigEntry("retention.ms", None, incremental_operation=AlterConfigOpType.DELETE),
        ],
    )
    admin.incremental_alter_configs([res])[res].result(15)
    c = describe(admin, topic)
    assert c["cleanup.policy"].value == "compact"
    assert c["retention.ms"].value == "604800000" and c["retention.ms"].source == 5  # back to the default
    # A bad value is refused with INVALID_CONFIG and changes nothing.
    bad = ConfigResource(
        ResourceType.TOPIC,
        topic,
        incremental_configs=[ConfigEntry("retention.ms", "soon", incremental_operation=AlterConfigOpType.SET)],
    )
    try:
        admin.incremental_alter_configs([bad])[bad].result(15)
        raise AssertionError("an invalid value was accepted")
    except Exception as e:
        assert "INVALID_CONFIG" in str(e) or "Invalid value" in str(e), e
    # AlterConfigs replaces the whole set: keys left out go back to their default.
    full = ConfigResource(ResourceType.TOPIC, topic, set_config={"segment.bytes": "1048576"})
    admin.alter_configs([full])[full].result(15)
    c = describe(admin, topic)
    assert c["segment.bytes"].value == "1048576"
    assert c["cleanup.policy"].value == "delete"


def test_cli_alter_applies_retention_to_the_running_log(fresh_broker):
    b = fresh_broker(overrides=["log.retention.check.interval.ms=300", SMALL_SEGMENTS])
    topic = unique_topic("cfg-ret")
    assert tributary(b, "topics", "create", topic, "--partitions", "1").returncode == 0
    r = tributary(b, "topics", "alter", topic, "--config", "segment.bytes=20000")
    assert r.returncode == 0, r.stderr
    p = Producer({"bootstrap.servers": b.bootstrap, "linger.ms": 5, "batch.size": 8000})
    for i in range(2000):
        p.produce(topic, b"x" * 100 + b"-%d" % i, partition=0)
    assert p.flush(30) == 0
    segments = lambda: len(list((b.data_dir / f"{topic}-0").glob("*.log")))  # noqa: E731
    assert segments() > 5
    # Nothing is old yet under the default retention; with 1 s, every
    # segment goes without a restart, the idle active one too (it is rolled).
    r = tributary(b, "configs", "alter", "--topic", topic, "--add-config", "retention.ms=1000")
    assert r.returncode == 0, r.stderr
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": unique_topic("g"), "auto.offset.reset": "earliest"})
    watermarks = lambda: c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)  # noqa: E731
    wait_until(lambda: watermarks() == (2000, 2000), 15, "every record expired, the log start at the end")
    assert segments() == 1
    # A consumer asking for offset 0, below the log start, follows
    # auto.offset.reset=earliest to the first record still there.
    p.produce(topic, b"after", partition=0)
    assert p.flush(10) == 0
    c.assign([TopicPartition(topic, 0, 0)])
    first = None
    deadline = time.monotonic() + 15
    while first is None and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is not None and not m.error():
            first = (m.offset(), m.value())
    c.close()
    assert first == (2000, b"after"), first
    out = tributary(b, "configs", "describe", "--topic", topic).stdout
    assert "retention.ms=1000 (DYNAMIC_TOPIC_CONFIG)" in out, out
    # Deleting the override restores the broker default.
    assert tributary(b, "topics", "alter", topic, "--delete-config", "retention.ms").returncode == 0
    assert "retention.ms=604800000 (DEFAULT_CONFIG)" in tributary(b, "configs", "describe", "--topic", topic).stdout


def test_configs_survive_a_restart_and_bad_requests_say_why(fresh_broker):
    b = fresh_broker()
    topic = unique_topic("cfg-restart")
    assert tributary(b, "topics", "create", topic).returncode == 0
    assert tributary(b, "topics", "alter", topic, "--config", "max.message.bytes=2048").returncode == 0
    b.stop()
    b.start()
    assert "max.message.bytes=2048 (DYNAMIC_TOPIC_CONFIG)" in tributary(b, "configs", "describe", "--topic", topic).stdout
    r = tributary(b, "configs", "alter", "--topic", topic, "--add-config", "no.such.config=1")
    assert r.returncode == 1 and "Unknown topic config name" in r.stderr, r.stderr
    r = tributary(b, "configs", "alter", "--topic", "missing-" + topic, "--add-config", "retention.ms=1")
    assert r.returncode == 1 and "does not exist" in r.stderr, r.stderr
    # Broker configs Kafka cannot change dynamically are refused with its
    # words (AlterConfigs, the legacy full set).
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    res = ConfigResource(ResourceType.BROKER, "1", set_config={"log.dirs": "/elsewhere"})
    try:
        admin.alter_configs([res])[res].result(15)
        raise AssertionError("a broker config change was accepted")
    except KafkaException as e:
        assert e.args[0].str() == "Cannot update these configs dynamically: [log.dirs]", e


def test_timestamps_out_of_the_allowed_range_are_refused(broker):
    topic = unique_topic("cfg-ts")
    assert tributary(broker, "topics", "create", topic, "--partitions", "1").returncode == 0
    r = tributary(
        broker,
        "topics",
        "alter",
        topic,
        "--config",
        "message.timestamp.before.max.ms=3600000",
        "--config",
        "message.timestamp.after.max.ms=60000",
    )
    assert r.returncode == 0, r.stderr
    now = int(time.time() * 1000)
    results = {}
    p = Producer({"bootstrap.servers": broker.bootstrap, "retries": 0, "linger.ms": 0})

    def on_delivery(name):
        return lambda err, m: results.__setitem__(name, err.name() if err else "OK")

    p.produce(topic, b"old", partition=0, timestamp=now - 2 * 3600_000, on_delivery=on_delivery("old"))
    p.flush(10)
    p.produce(topic, b"future", partition=0, timestamp=now + 3600_000, on_delivery=on_delivery("future"))
    p.flush(10)
    p.produce(topic, b"now", partition=0, timestamp=now, on_delivery=on_delivery("now"))
    p.flush(10)
    assert results == {"old": "INVALID_TIMESTAMP", "future": "INVALID_TIMESTAMP", "now": "OK"}, results


def test_a_compacted_topic_refuses_records_without_a_key(broker):
    topic = unique_topic("cfg-compact")
    r = tributary(broker, "topics", "create", topic, "--partitions", "1", "--config", "cleanup.policy=compact")
    assert r.returncode == 0, r.stderr
    results = {}
    p = Producer({"bootstrap.servers": broker.bootstrap, "retries": 0})
    # One batch each: a bad record fails its whole batch, as in Kafka.
    p.produce(topic, b"v", partition=0, on_delivery=lambda err, m: results.__setitem__("keyless", err and err.name()))
    p.flush(10)
    p.produce(topic, b"v", key=b"k", partition=0, on_delivery=lambda err, m: results.__setitem__("keyed", err and err.name()))
    p.flush(10)
    assert results == {"keyless": "INVALID_RECORD", "keyed": None}, results


def test_retention_bytes_bounds_the_log_while_producing(fresh_broker):
    b = fresh_broker(overrides=["log.retention.check.interval.ms=200", SMALL_SEGMENTS])
    topic = unique_topic("cfg-bytes")
    r = tributary(
        b, "topics", "create", topic, "--partitions", "1",
        "--config", "segment.bytes=65536", "--config", "retention.bytes=262144",
    )
    assert r.returncode == 0, r.stderr
    p = Producer({"bootstrap.servers": b.bootstrap, "linger.ms": 5, "batch.size": 16384})
    part = b.data_dir / f"{topic}-0"
    peak = 0
    for round_ in range(20):
        for i in range(200):
            p.produce(topic, b"y" * 1000, partition=0)
        p.flush(10)
        time.sleep(0.25)
        size = sum(f.stat().st_size for f in part.glob("*.log"))
        peak = max(peak, size)
    # retention.bytes plus the active segment and one retention check's worth of writes.
    assert peak <= 262144 + 65536 + 250_000, peak
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": unique_topic("g")})
    low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    c.close()
    assert high == 4000 and low > 3000, (low, high)


def stored_codecs(broker, topic):
    """The codec of every batch in the topic's segment files (attributes & 7)."""
    import glob
    import struct

    codecs = []
    for path in sorted(glob.glob(f"{broker.data_dir}/{topic}-0/*.log")):
        with open(path, "rb") as f:
            data = f.read()
        pos = 0
        while pos + 23 <= len(data):
            (length,) = struct.unpack(">i", data[pos + 8 : pos + 12])
            (attributes,) = struct.unpack(">h", data[pos + 21 : pos + 23])
            codecs.append(attributes & 7)
            pos += 12 + length
    return codecs


def test_a_topic_compression_type_recompresses_what_producers_send(broker):
    # Kafka's codec ids: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
    cases = [("zstd", "lz4", 4), ("uncompressed", "gzip", 0), ("gzip", "none", 1), ("producer", "snappy", 2)]
    for topic_codec, producer_codec, stored in cases:
        topic = unique_topic(f"codec-{topic_codec}")
        r = tributary(broker, "topics", "create", topic, "--config", f"compression.type={topic_codec}")
        assert r.returncode == 0, r.stderr
        p = Producer({"bootstrap.servers": broker.bootstrap, "compression.type": producer_codec, "linger.ms": 20})
        sent = [(f"k{i}".encode(), (f"value {i} " * 20).encode()) for i in range(500)]
        for k, v in sent:
            p.produce(topic, key=k, value=v, headers=[("h", k)])
        assert p.flush(15) == 0
        codecs = stored_codecs(broker, topic)
        assert codecs and set(codecs) == {stored}, (topic_codec, producer_codec, codecs)
        # Consumers read back exactly what was sent, headers and offsets included.
        c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_topic("g"),
                      "auto.offset.reset": "earliest"})
        c.assign([TopicPartition(topic, 0, 0)])
        got = []
        deadline = time.monotonic() + 20
        while len(got) < len(sent) and time.monotonic() < deadline:
            m = c.poll(1)
            if m is not None and not m.error():
                got.append((m.offset(), m.key(), m.value(), m.headers()))
        c.close()
        assert [(k, v) for _, k, v, _ in got] == sent
        assert [o for o, _, _, _ in got] == list(range(len(sent)))
        assert all(h == [("h", k)] for _, k, _, h in got)


def test_dynamic_broker_configs_are_topic_defaults_stored_and_applied(fresh_broker):
    b = fresh_broker(overrides=["log.retention.hours=24", "log.retention.check.interval.ms=200", SMALL_SEGMENTS])
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    topic = unique_topic("cfg-dyn")
    assert tributary(b, "topics", "create", topic, "--config", "segment.bytes=8192").returncode == 0

    # The cluster-wide default, from the CLI: outranks the static synonym.
    r = tributary(b, "configs", "alter", "--broker-defaults", "--add-config", "log.retention.ms=3600000")
    assert r.returncode == 0, r.stderr
    entry = describe(admin, topic)["retention.ms"]
    assert (entry.value, entry.source) == ("3600000", 3)  # DYNAMIC_DEFAULT_BROKER_CONFIG
    out = tributary(b, "configs", "describe", "--topic", topic).stdout
    assert (
        "retention.ms=3600000 (DYNAMIC_DEFAULT_BROKER_CONFIG) synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=3600000, "
        "STATIC_BROKER_CONFIG:log.retention.hours=24, DEFAULT_CONFIG:log.retention.hours=168}" in out
    ), out

    # The broker's own, from the admin client: outranks the cluster default,
    # and applies to the running log (1 ms: everything written expires).
    p = Producer({"bootstrap.servers": b.bootstrap, "batch.size": 2048, "linger.ms": 1})
    errors = []
    for i in range(200):
        p.produce(topic, key=str(i).encode(), value=b"x" * 100, on_delivery=lambda e, m: e and errors.append(e))
    assert p.flush(10) == 0 and not errors, errors[:3]
    res = ConfigResource(
        ResourceType.BROKER,
        "1",
        incremental_configs=[ConfigEntry("log.retention.ms", "1", incremental_operation=AlterConfigOpType.SET)],
    )
    admin.incremental_alter_configs([res])[res].result(15)
    entry = describe(admin, topic)["retention.ms"]
    assert (entry.value, entry.source) == ("1", 2)  # DYNAMIC_BROKER_CONFIG
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": unique_topic("g")})
    wait_until(lambda: c.get_watermark_offsets(TopicPartition(topic, 0), timeout=5)[0] > 0, 10,
               "retention from the dynamic broker config to delete segments")
    c.close()

    # Broker configs that are not dynamic are refused as Kafka 4.4 refuses them.
    res = ConfigResource(
        ResourceType.BROKER,
        "1",
        incremental_configs=[ConfigEntry("num.partitions", "3", incremental_operation=AlterConfigOpType.SET)],
    )
    try:
        admin.incremental_alter_configs([res])[res].result(15)
        raise AssertionError("num.partitions was changed at run time")
    except KafkaException as e:
        assert e.args[0].code() == KafkaError.INVALID_REQUEST, e
        assert e.args[0].str() == "Cannot update these configs dynamically: [num.partitions]", e
    bad = tributary(b, "configs", "alter", "--broker", "1", "--add-config", "log.retention.ms=soon")
    assert bad.returncode != 0 and "log.retention.ms" in bad.stderr, bad.stderr

    # Kept in the metadata log: the same after a restart; deleting goes back.
    b.restart()
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    assert describe(admin, topic)["retention.ms"].value == "1"
    broker_entry = admin.describe_configs([ConfigResource(ResourceType.BROKER, "1")])
    broker_configs = list(broker_entry.values())[0].result(15)
    assert broker_configs["log.retention.ms"].value == "1"
    assert not broker_configs["log.retention.ms"].is_read_only
    assert broker_configs["node.id"].is_read_only
    r = tributary(b, "configs", "alter", "--broker", "1", "--delete-config", "log.retention.ms")
    assert r.returncode == 0, r.stderr
    assert describe(admin, topic)["retention.ms"].value == "3600000"


def test_configs_kafka_4_removed_are_unknown_as_on_kafka(broker):
    """Kafka 4 removed message.format.version and message.downconversion.enable:
    creating or altering a topic with them answers Kafka 4.4's INVALID_CONFIG."""
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = unique_topic("cfg-removed")
    assert tributary(broker, "topics", "create", topic).returncode == 0
    for key in ("message.format.version", "message.downconversion.enable"):
        other = unique_topic("cfg-removed")
        f = admin.create_topics([NewTopic(other, 1, 1, config={key: "3.0"})])[other]
        e = f.exception(15)
        assert e is not None and e.args[0].code() == KafkaError.INVALID_CONFIG, e
        assert e.args[0].str() == f"Unknown topic config name: {key}"
        res = ConfigResource(
            ResourceType.TOPIC, topic,
            incremental_configs=[ConfigEntry(key, "3.0", incremental_operation=AlterConfigOpType.SET)],
        )
        e = admin.incremental_alter_configs([res])[res].exception(15)
        assert e is not None and e.args[0].str() == f"Unknown topic config name: {key}", e
