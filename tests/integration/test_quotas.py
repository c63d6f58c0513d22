"""Client quotas (issue 17, KIP-13/KIP-124/KIP-546/KIP-599):
producer_byte_rate, consumer_byte_rate, request_percentage and
controller_mutation_rate per user, client id or both, set and described
with AlterClientQuotas / DescribeClientQuotas (Kafka's own kafka-configs
works), kept in the metadata log, and enforced as Kafka does: a client over
its quota gets throttle_time_ms and its connection is muted for that long,
so its rate settles at the quota."""

import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

import kwire
from common import BIN, Broker, free_port, kafka_tools_classpath, unique_topic

JAAS = ('org.apache.kafka.common.security.plain.PlainLoginModule required '
        'username="admin" password="admin-Pa55" user_admin="admin-Pa55" user_alice="alice-Pa55";')


@pytest.fixture(scope="module")
def quota_broker():
    ports = {"PLAINTEXT": free_port(), "SASL_PLAINTEXT": free_port()}
    base = tempfile.mkdtemp(prefix="tributary-it-quotas-")
    b = Broker(BIN, base, port=ports["PLAINTEXT"], name="quota broker", overrides=[
        "listeners=" + ",".join(f"{n}://127.0.0.1:{p}" for n, p in ports.items()),
        "inter.broker.listener.name=PLAINTEXT",
        "sasl.enabled.mechanisms=PLAIN",
        f"listener.name.sasl_plaintext.plain.sasl.jaas.config={JAAS}",
    ])
    b.start()
    b.ports = ports
    yield b
    code = b.stop()
    shutil.rmtree(base, ignore_errors=True)
    assert code == 0, f"the quota broker exited with {code}"


def configs(b, *args):
    """Apache Kafka 4.4's kafka-configs (ConfigCommand)."""
    r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(),
                        "org.apache.kafka.tools.ConfigCommand", "--bootstrap-server", b.bootstrap, *args],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout


def test_kafka_configs_sets_describes_and_removes_quotas(quota_broker):
    b = quota_broker
    configs(b, "--alter", "--entity-type", "users", "--entity-name", "alice",
            "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152")
    configs(b, "--alter", "--entity-type", "clients", "--entity-default", "--add-config", "producer_byte_rate=5000000")
    out = configs(b, "--describe", "--entity-type", "users", "--entity-name", "alice")
    assert "producer_byte_rate=1048576.0" in out and "consumer_byte_rate=2097152.0" in out, out
    out = configs(b, "--describe", "--entity-type", "clients", "--entity-default")
    assert "producer_byte_rate=5000000.0" in out, out
    # request_percentage (KIP-124) is taken, a double, and described.
    configs(b, "--alter", "--entity-type", "users", "--entity-name", "alice",
            "--add-config", "request_percentage=12.5")
    out = configs(b, "--describe", "--entity-type", "users", "--entity-name", "alice")
    assert "request_percentage=12.5" in out and "producer_byte_rate=1048576.0" in out, out
    configs(b, "--alter", "--entity-type", "users", "--entity-name", "alice",
            "--delete-config", "producer_byte_rate,consumer_byte_rate,request_percentage")
    configs(b, "--alter", "--entity-type", "clients", "--entity-default", "--delete-config", "producer_byte_rate")
    out = configs(b, "--describe", "--entity-type", "users", "--entity-name", "alice")
    assert "producer_byte_rate" not in out and "request_percentage" not in out, out
    # The quotas were kept in the metadata log: gone after a restart too.
    b.restart()
    assert "producer_byte_rate" not in configs(b, "--describe", "--entity-type", "clients", "--entity-default")


def test_a_producer_over_its_quota_is_held_to_it(quota_broker):
    """producer_byte_rate=1 MB/s on client id `throttled`, a producer sending
    as fast as it can. The rate is Kafka's: over 11 one-second samples, at
    least 10 s, so the start bursts 10 s worth, and each time the oldest
    (burst) sample ages out another burst follows: the delivered rate is
    periodic with the span of the samples (11 s). Over two whole periods
    after the first it is within 10 % of the quota (a simulation of the
    algorithm gives 1-4 % with requests of 64-256 KiB); librdkafka saw
    throttle_time_ms."""
    b = quota_broker
    quota = 1_000_000
    configs(b, "--alter", "--entity-type", "clients", "--entity-name", "throttled",
            "--add-config", f"producer_byte_rate={quota}")
    topic = unique_topic("quota")
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_topics([NewTopic(topic, 1)])[topic].result(20)
    throttles = []

    def stats(js):
        import json
        for broker in json.loads(js).get("brokers", {}).values():
            if broker.get("throttle", {}).get("max", 0) > 0:
                throttles.append(broker["throttle"]["max"])
    delivered = []
    p = Producer({"bootstrap.servers": b.bootstrap, "client.id": "throttled", "acks": 1,
                  "linger.ms": 5, "statistics.interval.ms": 1000, "stats_cb": stats,
                  # Requests of at most 64 KiB, so that a 1 s sample is not one request.
                  "queue.buffering.max.kbytes": 4096, "batch.size": 65536})
    value = b"x" * 1000
    start = time.monotonic()
    while time.monotonic() - start < 34:
        try:
            p.produce(topic, value, on_delivery=lambda err, msg: err or delivered.append(time.monotonic()))
        except BufferError:
            p.poll(0.05)
        p.poll(0)
    p.flush(30)
    steady = [t for t in delivered if start + 11.5 <= t < start + 33.5]
    rate = len(steady) * len(value) / 22
    assert 0.9 * quota <= rate <= 1.1 * quota, f"{rate:.0f} B/s delivered against a quota of {quota}"
    assert throttles, "librdkafka never saw throttle_time_ms"
    configs(b, "--alter", "--entity-type", "clients", "--entity-name", "throttled",
            "--delete-config", "producer_byte_rate")


def test_a_consumer_over_its_quota_is_throttled(quota_broker):
    b = quota_broker
    quota = 200_000
    topic = unique_topic("quota-fetch")
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    admin.create_topics([NewTopic(topic, 1)])[topic].result(20)
    p = Producer({"bootstrap.servers": b.bootstrap, "linger.ms": 5})
    for _ in range(8000):
        p.produce(topic, b"y" * 1000)
        p.poll(0)
    assert p.flush(30) == 0
    configs(b, "--alter", "--entity-type", "clients", "--entity-name", "slow",
            "--add-config", f"consumer_byte_rate={quota}")
    c = Consumer({"bootstrap.servers": b.bootstrap, "client.id": "slow", "group.id": "quota-slow",
                  "auto.offset.reset": "earliest", "max.partition.fetch.bytes": 65536})
    c.assign([TopicPartition(topic, 0, 0)])
    got, start = 0, time.monotonic()
    while time.monotonic() - start < 12:
        m = c.poll(0.5)
        if m is not None and not m.error():
            got += len(m.value())
    c.close()
    # The first windows allow a burst of 10 s worth; then the quota holds:
    # far less than the 8 MB backlog an unthrottled consumer reads at once.
    assert got <= quota * (10 + 12) * 1.1, f"{got} bytes in 12 s against a quota of {quota} B/s"
    assert got >= quota * 10 * 0.5, f"only {got} bytes: the consumer was held below its quota"


def test_a_listener_past_its_connection_creation_rate_accepts_later(tmp_path):
    """KIP-612: listener.name.limited.max.connection.creation.rate=10. The
    rate is taken over at least 10 s, so 100 connections come at once; the
    next ones wait about 0.1 s each. The other listener has no such rate."""
    ports = {"PLAINTEXT": free_port(), "LIMITED": free_port()}
    b = Broker(BIN, tmp_path, port=ports["PLAINTEXT"], name="rate broker", overrides=[
        "listeners=" + ",".join(f"{n}://127.0.0.1:{p}" for n, p in ports.items()),
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,LIMITED:PLAINTEXT",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.name.limited.max.connection.creation.rate=10",
    ])
    b.start()

    def connect_many(port, n=130):
        """Seconds to open `n` connections one after another, each answered
        (an answer needs the broker to have accepted it)."""
        start = time.monotonic()
        for i in range(n):
            with kwire.Conn(f"127.0.0.1:{port}", timeout=20) as conn:
                assert kwire.parse_api_versions_v0(conn.roundtrip(kwire.api_versions_request(correlation_id=i)))
        return time.monotonic() - start
    try:
        limited = connect_many(ports["LIMITED"])
        free = connect_many(ports["PLAINTEXT"])
        assert limited >= 2.0, f"130 connections in {limited:.1f} s past a rate of 10/s"
        assert free < limited / 2, f"the unlimited listener took {free:.1f} s, the limited one {limited:.1f} s"
        assert b.alive()
    finally:
        b.stop()


def test_tributarys_quotas_command_alters_and_describes_quotas(quota_broker, tmp_path):
    """`tributary quotas alter|describe`: a user quota and a default client-id
    quota set, described (by this tool and by Kafka's kafka-configs alike,
    also over SASL with --command-config), deleted and gone; the broker's
    refusal goes to stderr with exit 1, a usage error exits 2 before
    connecting."""
    b = quota_broker
    user = f"cli-{uuid.uuid4().hex[:8]}"

    def quotas(*args, server=b.bootstrap, flags=(), expect=0):
        r = subprocess.run([BIN, "quotas", *args, "--bootstrap-server", server, *flags],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == expect, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    r = quotas("alter", "--user", user, "--add", "producer_byte_rate=1048576,consumer_byte_rate=2097152")
    assert r.stdout.splitlines() == [f"altered user={user}  set producer_byte_rate=1048576",
                                     f"altered user={user}  set consumer_byte_rate=2097152"], r.stdout
    # A high default, so that the other clients of this broker are not held back.
    r = quotas("alter", "--client-id-default", "--add", "producer_byte_rate=104857600")
    assert r.stdout == "altered client-id=<default>  set producer_byte_rate=104857600\n", r.stdout
    quotas("alter", "--user", user, "--client-id-default", "--add", "consumer_byte_rate=4096")

    user_line = f"user={user}  producer_byte_rate=1048576 consumer_byte_rate=2097152"
    pair_line = f"user={user} client-id=<default>  consumer_byte_rate=4096"
    default_line = "client-id=<default>  producer_byte_rate=104857600"
    assert quotas("describe", "--user", user).stdout.splitlines() == [user_line, pair_line]
    assert quotas("describe", "--user", user, "--strict").stdout.splitlines() == [user_line]
    assert quotas("describe", "--client-id-default", "--strict").stdout.splitlines() == [default_line]
    everything = quotas("describe").stdout.splitlines()
    assert {user_line, pair_line, default_line} <= set(everything), everything
    # Over the SASL listener, as admin, with --command-config.
    config = tmp_path / "admin.properties"
    config.write_text("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                      "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                      'username="admin" password="admin-Pa55";\n')
    sasl = quotas("describe", "--user", user, "--strict", server=f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}",
                  flags=["--command-config", str(config)])
    assert sasl.stdout.splitlines() == [user_line], sasl

    # Kafka's kafka-configs sees the same quotas.
    out = configs(b, "--describe", "--entity-type", "users", "--entity-name", user)
    assert "producer_byte_rate=1048576.0" in out and "consumer_byte_rate=2097152.0" in out, out
    out = configs(b, "--describe", "--entity-type", "clients", "--entity-default")
    assert "producer_byte_rate=1.048576E8" in out, out  # (Java's spelling of a double)

    # The broker refuses a value Kafka refuses (a byte rate is whole): its error, exit 1.
    r = quotas("alter", "--user", user, "--add", "producer_byte_rate=0.5", expect=1)
    assert r.stdout == "" and "INVALID_REQUEST" in r.stderr, r
    assert "Invalid value 0.5 for producer_byte_rate" in r.stderr, r.stderr
    # request_percentage (KIP-124) is a double: set, described, deleted.
    client = f"cli-{uuid.uuid4().hex[:8]}"
    r = quotas("alter", "--client-id", client, "--add", "request_percentage=12.5")
    assert r.stdout == f"altered client-id={client}  set request_percentage=12.5\n", r.stdout
    r = quotas("describe", "--client-id", client, "--strict")
    assert r.stdout == f"client-id={client}  request_percentage=12.5\n", r.stdout
    quotas("alter", "--client-id", client, "--delete", "request_percentage")

    r = quotas("alter", "--user", user, "--delete", "producer_byte_rate,consumer_byte_rate")
    assert r.stdout.splitlines() == [f"altered user={user}  deleted producer_byte_rate",
                                     f"altered user={user}  deleted consumer_byte_rate"], r.stdout
    quotas("alter", "--user", user, "--client-id-default", "--delete", "consumer_byte_rate")
    quotas("alter", "--client-id-default", "--delete", "producer_byte_rate")
    gone = quotas("describe", "--user", user)
    assert gone.stdout == "" and "No client quota matched" in gone.stderr, gone
    assert quotas("describe", "--client-id-default", "--strict").stdout == ""
    assert "producer_byte_rate" not in configs(b, "--describe", "--entity-type", "users", "--entity-name", user)
    assert "producer_byte_rate" not in configs(b, "--describe", "--entity-type", "clients", "--entity-default")

    # Usage errors exit 2, before connecting (nothing listens on port 1).
    nowhere = "127.0.0.1:1"
    r = quotas("alter", "--add", "producer_byte_rate=1", server=nowhere, expect=2)
    assert "--user" in r.stderr, r.stderr
    quotas("alter", "--user", user, server=nowhere, expect=2)
    quotas("alter", "--user", user, "--add", "producer_byte_rate=fast", server=nowhere, expect=2)
    r = quotas("alter", "--user", user, "--add", "producer_byte_rate=1", "--delete", "producer_byte_rate",
               server=nowhere, expect=2)
    assert "named twice" in r.stderr, r.stderr
    quotas("describe", "--strict", server=nowhere, expect=2)


def test_topic_creation_past_the_controller_mutation_rate_is_throttled(quota_broker):
    """KIP-599: controller_mutation_rate=1 partition/s on client id kwire. A
    CreateTopics v4 (before the strict versions) of 12 partitions is done
    and answered with Kafka's throttle time, (12/10 - 1) / 1 x 10 s = 2 s,
    and the connection is muted that long."""
    b = quota_broker
    configs(b, "--alter", "--entity-type", "clients", "--entity-name", "kwire",
            "--add-config", "controller_mutation_rate=1")
    try:
        with kwire.Conn(b.bootstrap, timeout=30) as conn:
            topic = unique_topic("mutations")
            r = kwire.Reader(conn.roundtrip(kwire.create_topics_request_v4([(topic, 12, 1)], correlation_id=3)))
            assert r.i32() == 3
            throttle = r.i32()
            assert r.i32() == 1 and r.string() == topic and r.i16() == 0
            assert 1500 <= throttle <= 2500, throttle
            start = time.monotonic()
            conn.roundtrip(kwire.api_versions_request(correlation_id=4))
            assert time.monotonic() - start >= 1.0, "the connection was not muted"
    finally:
        configs(b, "--alter", "--entity-type", "clients", "--entity-name", "kwire",
                "--delete-config", "controller_mutation_rate")


def metadata_v4_throttle(conn, client_id, correlation_id):
    """A Metadata v4 of no topic from `client_id`: its throttle_time_ms."""
    body = kwire.array([]) + kwire.boolean(False)
    resp = conn.roundtrip(kwire.request(kwire.METADATA, 4, body, correlation_id, client_id=client_id))
    r = kwire.Reader(resp)
    assert r.i32() == correlation_id
    return r.i32()


def test_a_client_past_its_request_percentage_is_throttled(quota_broker):
    """KIP-124: request_percentage=0.01 (0.01 % of one request handler
    thread: about 1 ms of the broker's time over the first 10 s measured) on
    one client id. Its requests are answered in full, and once past the
    quota with throttle_time_ms, at most one quota window (1 s), the
    connection muted as long; librdkafka sees the throttle on its produce
    requests. Another client id on the same broker is not throttled."""
    b = quota_broker
    busy, calm = f"busy-{uuid.uuid4().hex[:8]}", f"calm-{uuid.uuid4().hex[:8]}"
    configs(b, "--alter", "--entity-type", "clients", "--entity-name", busy,
            "--add-config", "request_percentage=0.01")
    try:
        out = configs(b, "--describe", "--entity-type", "clients", "--entity-name", busy)
        assert "request_percentage=0.01" in out, out
        with kwire.Conn(b.bootstrap, timeout=30) as conn:
            # Each answer moves the rate by a few % of this tiny quota: the
            # throttle grows from a few ms to its bound in a few requests.
            throttles = []
            while len(throttles) < 5000 and (not throttles or throttles[-1] < 200):
                throttles.append(metadata_v4_throttle(conn, busy, len(throttles) + 1))
            assert throttles[-1] >= 200, f"{len(throttles)} Metadata requests past 0.01 %: {throttles[-5:]}"
            assert max(throttles) <= 1000, f"a throttle past one quota window: {max(throttles)}"
            # The connection is muted for the last throttle before it reads the next request.
            start = time.monotonic()
            following = metadata_v4_throttle(conn, busy, 9999)
            assert time.monotonic() - start >= 0.8 * throttles[-1] / 1000, f"not muted for {throttles[-1]} ms"
            assert 0 < following <= 1000, following
        with kwire.Conn(b.bootstrap, timeout=30) as conn:
            assert [metadata_v4_throttle(conn, calm, i) for i in range(1, 50)] == [0] * 49

        topic = unique_topic("request-quota")
        admin = AdminClient({"bootstrap.servers": b.bootstrap})
        admin.create_topics([NewTopic(topic, 1)])[topic].result(20)
        seen = {busy: [], calm: []}

        def produce_until_throttled(client_id, budget_s):
            p = Producer({"bootstrap.servers": b.bootstrap, "client.id": client_id, "acks": 1,
                          "linger.ms": 0, "throttle_cb": lambda e: seen[client_id].append(e.throttle_time)})
            delivered, start = 0, time.monotonic()
            while time.monotonic() - start < budget_s and not seen[client_id]:
                p.produce(topic, b"v", on_delivery=lambda err, msg: err is None)
                assert p.flush(30) == 0
                delivered += 1
            assert p.flush(30) == 0
            return delivered
        produce_until_throttled(busy, 30)
        # (librdkafka also reports a 0 once a throttle is over.)
        assert any(t > 0 for t in seen[busy]) and max(seen[busy]) <= 1.0, seen[busy]
        produce_until_throttled(calm, 3)
        assert seen[calm] == [], seen[calm]
    finally:
        configs(b, "--alter", "--entity-type", "clients", "--entity-name", busy,
                "--delete-config", "request_percentage")
