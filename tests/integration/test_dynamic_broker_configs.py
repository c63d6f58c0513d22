"""Dynamic broker configs beyond the topic defaults (issue 15, item 3), from
confluent-kafka's AdminClient (librdkafka): Kafka 4.4's dynamic keys are
accepted per broker (resource name "1") or as the cluster default (""),
stored and described with their source; the keys Kafka refuses are refused
with its code and words (diffed against a running Kafka 4.4); sensitive
values are null; the connection caps apply to the next connection at once.
"""

import socket

import pytest
from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType

import kwire
from common import wait_until

DYNAMIC_BROKER_CONFIG = 2
DYNAMIC_DEFAULT_BROKER_CONFIG = 3


def admin_of(broker):
    return AdminClient({"bootstrap.servers": broker.bootstrap})


def alter(admin, name, op=AlterConfigOpType.SET, **configs):
    """IncrementalAlterConfigs on BROKER `name`; keys with '_' for '.'."""
    entries = [ConfigEntry(k.replace("_", "."), v, incremental_operation=op) for k, v in configs.items()]
    res = ConfigResource(ResourceType.BROKER, name, incremental_configs=entries)
    admin.incremental_alter_configs([res])[res].result(15)


def alter_one(admin, name, key, value, op=AlterConfigOpType.SET):
    res = ConfigResource(
        ResourceType.BROKER, name, incremental_configs=[ConfigEntry(key, value, incremental_operation=op)]
    )
    admin.incremental_alter_configs([res])[res].result(15)


def refusal(admin, name, key, value, op=AlterConfigOpType.SET):
    """The (code, message) of a refused change."""
    with pytest.raises(KafkaException) as e:
        alter_one(admin, name, key, value, op)
    err = e.value.args[0]
    return err.code(), err.str()


def describe(admin, name):
    res = ConfigResource(ResourceType.BROKER, name)
    return admin.describe_configs([res])[res].result(15)


def test_a_per_broker_key_is_stored_described_and_kept(fresh_broker):
    b = fresh_broker()
    admin = admin_of(b)
    alter_one(admin, "1", "sasl.kerberos.min.time.before.relogin", "1000")
    alter_one(admin, "1", "num.io.threads", "9")
    entry = describe(admin, "1")["sasl.kerberos.min.time.before.relogin"]
    assert (entry.value, entry.source, entry.is_read_only) == ("1000", DYNAMIC_BROKER_CONFIG, False)
    # A key left alone is described with Kafka's default.
    entry = describe(admin, "1")["log.cleaner.io.buffer.size"]
    assert (entry.value, entry.source, entry.is_read_only) == ("524288", 5, False)  # DEFAULT_CONFIG
    # In the metadata log: the same after a restart; DELETE goes back.
    b.restart()
    admin = admin_of(b)
    c = describe(admin, "1")
    assert (c["num.io.threads"].value, c["num.io.threads"].source) == ("9", DYNAMIC_BROKER_CONFIG)
    alter_one(admin, "1", "num.io.threads", None, AlterConfigOpType.DELETE)
    wait_until(lambda: describe(admin, "1")["num.io.threads"].value == "8", 10, "num.io.threads back to 8")


def test_a_cluster_default_applies_to_the_broker(fresh_broker):
    b = fresh_broker()
    admin = admin_of(b)
    # librdkafka cannot name the cluster default (resource name ""): set it
    # with the CLI, as kafka-configs --entity-default does.
    b.cli("configs", "alter", "--broker-defaults", "--add-config", "log.cleaner.threads=2")
    wait_until(lambda: describe(admin, "1")["log.cleaner.threads"].value == "2", 10, "the cluster default")
    entry = describe(admin, "1")["log.cleaner.threads"]
    assert (entry.value, entry.source) == ("2", DYNAMIC_DEFAULT_BROKER_CONFIG)
    # The broker's own outranks the default.
    alter_one(admin, "1", "log.cleaner.threads", "3")
    wait_until(lambda: describe(admin, "1")["log.cleaner.threads"].value == "3", 10, "the broker's own")
    assert describe(admin, "1")["log.cleaner.threads"].source == DYNAMIC_BROKER_CONFIG
    # A per-broker key is refused at the cluster level, in Kafka's words.
    r = b.cli(
        "configs", "alter", "--broker-defaults", "--add-config", "sasl.kerberos.min.time.before.relogin=1000",
        check=False,
    )
    assert r.returncode != 0
    assert (
        "Cannot update these configs at default cluster level, broker id must be specified: "
        "[sasl.kerberos.min.time.before.relogin]" in r.stderr
    ), r.stderr


def test_keys_kafka_refuses_stay_refused_with_its_words(fresh_broker):
    b = fresh_broker()
    admin = admin_of(b)
    cases = [
        ("num.partitions", "3", "Cannot update these configs dynamically: [num.partitions]"),
        ("log.retention.hours", "5", "Cannot update these configs dynamically: [log.retention.hours]"),
        (
            "ssl.keystore.password",
            "pw",
            "These security configs can be dynamically updated only per-listener using the listener prefix: "
            "[ssl.keystore.password]",
        ),
        ("max.connections", "abc", "Invalid value abc for configuration max.connections: Not a number of type INT"),
        (
            "log.cleaner.min.cleanable.ratio",
            "2",
            "Invalid value 2.0 for configuration log.cleaner.min.cleanable.ratio: Value must be no more than 1",
        ),
        (
            "num.io.threads",
            "100",
            "Invalid value org.apache.kafka.common.config.ConfigException: Dynamic thread count update validation "
            "failed for num.io.threads=100, value should not be greater than double the current value 8 for "
            "configuration Invalid dynamic configuration",
        ),
    ]
    for key, value, message in cases:
        assert refusal(admin, "1", key, value) == (KafkaError.INVALID_REQUEST, message), key
    # APPEND to a key that is not a list: INVALID_CONFIG, as on Kafka.
    assert refusal(admin, "1", "max.connections", "3", AlterConfigOpType.APPEND) == (
        KafkaError.INVALID_CONFIG,
        "Config value append is not allowed for config key: max.connections",
    )
    # Nothing refused was stored.
    c = describe(admin, "1")
    assert c["max.connections"].source != DYNAMIC_BROKER_CONFIG
    assert c["num.io.threads"].value == "8"


def test_sensitive_keys_are_stored_and_described_as_null(fresh_broker):
    b = fresh_broker()
    admin = admin_of(b)
    alter(
        admin,
        "1",
        **{
            "sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required;",
            "listener.name.plaintext.ssl.keystore.password": "secret",
            "listener.name.plaintext.ssl.keystore.type": "PKCS12",
        },
    )
    wait_until(lambda: "listener.name.plaintext.ssl.keystore.type" in describe(admin, "1"), 10, "the change in force")
    c = describe(admin, "1")
    for key in ("sasl.jaas.config", "listener.name.plaintext.ssl.keystore.password"):
        assert (c[key].value, c[key].is_sensitive, c[key].source) == (None, True, DYNAMIC_BROKER_CONFIG), key
    listener = c["listener.name.plaintext.ssl.keystore.type"]
    assert (listener.value, listener.is_sensitive, listener.is_read_only) == ("PKCS12", False, True)
    # A password with no value set is still sensitive, with Kafka's default source.
    assert (c["ssl.keystore.password"].value, c["ssl.keystore.password"].is_sensitive) == (None, True)


def answers(conn, timeout):
    """Whether ApiVersions is answered on `conn` within `timeout` seconds
    (not when the broker closes it)."""
    conn.sock.settimeout(timeout)
    try:
        conn.roundtrip(kwire.api_versions_request())
        return True
    except (socket.timeout, ConnectionError):
        return False


def test_max_connections_applies_live(fresh_broker):
    b = fresh_broker()
    admin = admin_of(b)
    describe(admin, "1")  # the admin client's connections are open
    # Past max.connections a new connection waits, unserved, as with
    # Kafka's acceptor; connections already open stay.
    alter_one(admin, "1", "max.connections", "1")
    wait_until(lambda: describe(admin, "1")["max.connections"].value == "1", 10, "max.connections=1 in force")
    waiting = kwire.Conn(b.bootstrap)
    waiting.send(kwire.api_versions_request())
    waiting.sock.settimeout(1.5)
    with pytest.raises(socket.timeout):
        waiting.recv_frame()
    # Back to the default: the waiting connection is served at once.
    alter_one(admin, "1", "max.connections", None, AlterConfigOpType.DELETE)
    waiting.sock.settimeout(10)
    waiting.recv_frame()
    waiting.sock.close()


def test_per_ip_overrides_apply_live(fresh_broker):
    b = fresh_broker()
    admin = admin_of(b)
    b.cli("configs", "alter", "--broker-defaults", "--add-config", "max.connections.per.ip.overrides=127.0.0.2:1")
    wait_until(
        lambda: describe(admin, "1")["max.connections.per.ip.overrides"].value == "127.0.0.2:1",
        10,
        "the override in force",
    )
    first = kwire.Conn(b.bootstrap, source="127.0.0.2")
    assert answers(first, 10)
    # The second from the same IP is closed at once.
    second = kwire.Conn(b.bootstrap, source="127.0.0.2")
    assert second.closed_by_peer(5)
    # Another IP is not capped.
    other = kwire.Conn(b.bootstrap, source="127.0.0.3")
    assert answers(other, 10)
    b.cli("configs", "alter", "--broker-defaults", "--delete-config", "max.connections.per.ip.overrides")
    wait_until(
        lambda: answers(kwire.Conn(b.bootstrap, source="127.0.0.2"), 5),
        10,
        "a second connection from 127.0.0.2 once the override is deleted",
    )
    for c in (first, second, other):
        c.sock.close()


def test_a_static_value_is_described_as_such_and_is_the_one_checked_against(fresh_broker):
    b = fresh_broker(overrides=["num.io.threads=16"])
    admin = admin_of(b)
    entry = describe(admin, "1")["num.io.threads"]
    assert (entry.value, entry.source, entry.is_read_only) == ("16", 4, False)  # STATIC_BROKER_CONFIG
    code, message = refusal(admin, "1", "num.io.threads", "40")
    assert code == KafkaError.INVALID_REQUEST
    assert "value should not be greater than double the current value 16" in message, message
    alter_one(admin, "1", "num.io.threads", "32")
    entry = describe(admin, "1")["num.io.threads"]
    assert (entry.value, entry.source) == ("32", DYNAMIC_BROKER_CONFIG)


def test_the_stored_dynamic_configs_are_capped_and_not_logged(fresh_broker):
    """Kafka stores any key of any size; here their total is capped
    (MAX_DYNAMIC_CONFIG_BYTES, 4 MiB), so that repeating AlterConfigs cannot
    grow the metadata without bound. The broker logs which keys changed,
    never their values (they may be passwords). librdkafka sends a BROKER
    resource's change to that broker, so only "1" and the cluster default
    ("", set through the CLI) are reachable here."""
    b = fresh_broker()
    admin = AdminClient({"bootstrap.servers": b.bootstrap, "message.max.bytes": 20_000_000})
    secret = "s3cr3t-" + "x" * 64
    alter_one(admin, "1", "listener.name.plaintext.ssl.keystore.password", secret)
    alter_one(admin, "1", "custom.note", "y" * (3 << 20))
    # Another MiB does not fit, and nothing of it is stored.
    code, message = refusal(admin, "1", "custom.more", "z" * (1 << 20))
    assert code == KafkaError.POLICY_VIOLATION, message
    assert "more than the 4194304 allowed" in message
    assert "custom.more" not in describe(admin, "1")
    # Replacing a value counts it once: the old value goes.
    alter_one(admin, "1", "custom.note", "w" * (3 << 20))
    log = b.log_path.read_text(errors="replace")
    assert "custom.note" in log, "the changed keys are logged"
    assert secret not in log and "yyyyyyyy" not in log, "values never are"
