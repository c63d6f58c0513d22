"""Apache Kafka 4.4's own admin tools against one Tributary broker (issue
19): `kafka-features describe` prints the features ApiVersions supports and
finalizes (KIP-584); `kafka-acls --list` on a broker without an authorizer
fails with Kafka's SecurityDisabledException; `kafka-transactions list`
answers; `kafka-leader-election` runs preferred elections (ElectLeaders);
`kafka-log-dirs --describe` lists the log dir with each replica's size
(DescribeLogDirs); `kafka-topics --describe` pages through
DescribeTopicPartitions."""

import json
import os
import re
import subprocess
import time

from common import kafka_tools_classpath, unique_topic


def tool(broker, cls, *args):
    r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(), f"org.apache.kafka.tools.{cls}",
                        "--bootstrap-server", broker.bootstrap, *args],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout, r.stderr


def test_kafka_features_describe(broker):
    code, out, err = tool(broker, "FeatureCommand", "describe")
    assert code == 0, err
    rows = {}
    for line in out.splitlines():
        m = re.match(r"Feature: (\S+)\s+SupportedMinVersion: (\S+)\s+SupportedMaxVersion: (\S+)\s+"
                     r"FinalizedVersionLevel: (\S+)\s+Epoch: (\S+)", line)
        if m:
            rows[m.group(1)] = m.groups()[1:]
    assert rows == {
        "metadata.version": ("3.3-IV3", "4.0-IV3", "4.0-IV3", "1"),
        "kraft.version": ("0", "0", "0", "1"),
        "group.version": ("0", "1", "1", "1"),
        "transaction.version": ("0", "2", "2", "1"),
    }, out


def test_kafka_acls_list_without_an_authorizer(broker):
    code, out, err = tool(broker, "AclCommand", "--list")
    assert code != 0
    assert "SecurityDisabledException: No Authorizer is configured on the broker" in out + err


def test_kafka_transactions_list(broker):
    code, out, err = tool(broker, "TransactionsCommand", "list")
    assert code == 0, err
    assert out.splitlines()[0].split()[:4] == ["TransactionalId", "Coordinator", "ProducerId", "TransactionState"]


def test_kafka_leader_election(broker):
    """ElectLeaders: on one broker every partition's preferred replica leads
    already (ELECTION_NOT_NEEDED, which the tool reports as such); an
    unknown partition gets Kafka's UNKNOWN_TOPIC_OR_PARTITION message. The
    elections themselves are the controller's (metadata::controller tests)."""
    topic = unique_topic("elect")
    broker.cli("topics", "create", topic, "--partitions", "2")
    code, out, err = tool(broker, "LeaderElectionCommand", "--election-type", "preferred",
                          "--topic", topic, "--partition", "0")
    assert code == 0, err
    assert f"Valid replica already elected for partitions {topic}-0" in out, out
    code, out, err = tool(broker, "LeaderElectionCommand", "--election-type", "preferred",
                          "--topic", topic, "--partition", "7")
    assert f"UnknownTopicOrPartitionException: No such partition as {topic}-7" in out + err, out + err
    code, out, err = tool(broker, "LeaderElectionCommand", "--election-type", "preferred",
                          "--all-topic-partitions")
    assert code == 0 and "could not be elected" not in out + err, out + err


def test_kafka_log_dirs_describe(broker):
    """The broker's one log dir, by absolute path, with the volume's space;
    each replica of the topic asked for with its size on disk and no lag;
    other topics left out."""
    topic, other = unique_topic("logdirs"), unique_topic("logdirs-other")
    broker.cli("topics", "create", topic, "--partitions", "2")
    broker.cli("topics", "create", other, "--partitions", "1")
    broker.cli("produce", topic, "--partition", "1", input="".join(f"value-{i}\n" for i in range(100)))
    code, out, err = tool(broker, "LogDirsCommand", "--describe", "--topic-list", topic)
    assert code == 0, err
    report = json.loads(out.strip().splitlines()[-1])
    [b] = report["brokers"]
    [d] = b["logDirs"]
    assert d["error"] is None, d
    assert os.path.samefile(d["logDir"], broker.data_dir), d["logDir"]
    sizes = {p["partition"]: p["size"] for p in d["partitions"]}
    assert set(sizes) == {f"{topic}-0", f"{topic}-1"}, d["partitions"]
    assert sizes[f"{topic}-0"] == 0 and sizes[f"{topic}-1"] > 100 * len("value-00"), sizes
    assert all(p["offsetLag"] == 0 and p["isFuture"] is False for p in d["partitions"]), d


def test_kafka_topics_describe_pages_through_describe_topic_partitions(broker):
    """Kafka 4's admin client describes topics with DescribeTopicPartitions
    (API 75) when the broker offers it; two partitions per answer make it
    follow the cursor across both topics, and every partition is printed
    once, with its leader, replicas and ISR."""
    a, b = sorted([unique_topic("dtp"), unique_topic("dtp")])
    broker.cli("topics", "create", a, "--partitions", "5")
    broker.cli("topics", "create", b, "--partitions", "3")
    code, out, err = tool(broker, "TopicCommand", "--describe", "--topic", f"{a}|{b}",
                          "--partition-size-limit-per-response", "2")
    assert code == 0, out + err
    rows = re.findall(r"Topic: (\S+)\s+Partition: (\d+)\s+Leader: (\S+)\s+Replicas: (\S+)\s+Isr: (\S+)", out)
    assert sorted((t, int(p)) for t, p, *_ in rows) == [(a, i) for i in range(5)] + [(b, i) for i in range(3)], out
    assert {(leader, replicas, isr) for _, _, leader, replicas, isr in rows} == {("1", "1", "1")}, out
    assert re.search(rf"Topic: {a}\s+TopicId: \S+\s+PartitionCount: 5", out), out


def test_kafka_client_metrics_and_a_client_pushing(broker):
    """KIP-714: `kafka-client-metrics` stores, lists (ListConfigResources),
    describes and deletes a subscription, refusing a bad interval with
    Kafka's message; a librdkafka producer matched by the subscription gets
    it (GetTelemetrySubscriptions) and pushes its metrics (PushTelemetry)."""
    name = unique_topic("cm")
    client_id = unique_topic("cm-client")
    code, out, err = tool(broker, "ClientMetricsCommand", "--alter", "--name", name,
                          "--metrics", "org.apache.kafka.producer.,org.apache.kafka.consumer.",
                          "--interval", "1000", "--match", f"client_id={client_id}")
    assert code == 0, err
    assert f"Altered client metrics config for {name}." in out, out
    code, out, err = tool(broker, "ClientMetricsCommand", "--describe", "--name", name)
    assert code == 0, err
    assert "metrics=org.apache.kafka.producer.,org.apache.kafka.consumer." in out, out
    assert "interval.ms=1000" in out and f"match=client_id={client_id}" in out, out
    code, out, err = tool(broker, "ClientMetricsCommand", "--alter", "--name", name, "--interval", "50")
    assert code != 0
    assert "Invalid value 50 for interval.ms, interval must be between 100 and 3600000 (1 hour)" in out + err

    from confluent_kafka import Producer
    topic = unique_topic("cm-topic")
    p = Producer({"bootstrap.servers": broker.bootstrap, "client.id": client_id})
    pushed = f'first client telemetry received client_id="{client_id}"'
    deadline = time.monotonic() + 20
    while pushed not in broker.log_tail(lines=5000) and time.monotonic() < deadline:
        p.produce(topic, b"v")
        p.poll(0.5)
    p.flush(10)
    assert pushed in broker.log_tail(lines=5000), "no telemetry pushed by the matched client"

    code, out, err = tool(broker, "ClientMetricsCommand", "--list")
    assert code == 0 and name in out.split(), out + err
    code, out, err = tool(broker, "ClientMetricsCommand", "--delete", "--name", name)
    assert code == 0, err
    code, out, err = tool(broker, "ClientMetricsCommand", "--list")
    assert code == 0 and name not in out.split(), out + err


def test_kafka_features_upgrade_and_downgrade(fresh_broker):
    """UpdateFeatures: `kafka-features downgrade` takes group.version to 0
    (a dry run first changes nothing), which turns the KIP-848 consumer
    protocol off as Kafka does; the level survives a restart, an upgrade
    brings it back, and Kafka's refusals come with its messages."""
    b = fresh_broker()

    def features():
        code, out, err = tool(b, "FeatureCommand", "describe")
        assert code == 0, err
        return {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(
            r"Feature: (\S+)\s.*FinalizedVersionLevel: (\S+)\s+Epoch: (\S+)", out)}

    code, out, err = tool(b, "FeatureCommand", "downgrade", "--feature", "group.version=0", "--dry-run")
    assert code == 0 and "group.version can be downgraded to 0." in out, out + err
    assert features()["group.version"] == ("1", "1")
    code, out, err = tool(b, "FeatureCommand", "downgrade", "--feature", "group.version=0")
    assert code == 0 and "group.version was downgraded to 0." in out, out + err
    b.stop()
    b.start()
    assert features()["group.version"] == ("0", "2")

    from confluent_kafka import Consumer, KafkaException
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": unique_topic("g848"), "group.protocol": "consumer"})
    try:
        c.subscribe([unique_topic("t")])
        err = None
        deadline = time.monotonic() + 15
        while err is None and time.monotonic() < deadline:
            try:
                m = c.poll(0.5)
                if m is not None and m.error():
                    err = m.error()
            except KafkaException as e:
                err = e.args[0]
        # librdkafka makes the broker's UNSUPPORTED_VERSION fatal.
        assert err is not None and "ConsumerGroupHeartbeat fatal error: Broker: API version not supported" in err.str(), err
    finally:
        c.close()

    code, out, err = tool(b, "FeatureCommand", "upgrade", "--feature", "kraft.version=1")
    assert code != 0
    assert ("Could not upgrade kraft.version to 1. The update failed for all features since the following "
            "feature had an error: Invalid update version 1 for feature kraft.version. Local controller "
            "1 does not support this feature.") in out, out
    code, out, err = tool(b, "FeatureCommand", "downgrade", "--metadata", "3.9")
    assert code != 0 and "Refusing to perform the requested downgrade because it might delete metadata information." in out, out
    code, out, err = tool(b, "FeatureCommand", "upgrade", "--feature", "group.version=1")
    assert code == 0 and "group.version was upgraded to 1." in out, out + err
    assert features()["group.version"] == ("1", "3")
