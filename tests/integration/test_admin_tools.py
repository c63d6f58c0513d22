"""Apache Kafka 4.4's own admin tools against one Tributary broker (issue
19): `kafka-features describe` prints the features ApiVersions supports and
finalizes (KIP-584); `kafka-acls --list` on a broker without an authorizer
fails with Kafka's SecurityDisabledException; `kafka-transactions list`
answers; `kafka-leader-election` runs preferred elections (ElectLeaders)."""

import re
import subprocess

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
