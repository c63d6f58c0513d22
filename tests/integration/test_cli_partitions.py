"""`tributary partitions reassign|list|verify` (kafka-reassign-partitions.sh)
against the shared single broker, with Apache Kafka's own tool as the
reference for the `--list` and `--verify` lines.

One broker cannot move a partition anywhere: a reassignment to the replicas
a partition already has is accepted and completes at once, and one naming
another broker is refused; an ongoing move (and `list`'s lines for it) is
left to the unit tests of the cli crate."""

import json
import subprocess

from common import BIN, kafka_tools_classpath, unique_topic


def partitions(broker, *args, check=True):
    return broker.cli("partitions", *args, check=check)


def node_id(broker):
    return json.loads(broker.cli("cluster", "describe", "--json").stdout)["brokers"][0]["id"]


def reassignment_file(tmp_path, topic, replicas_by_partition, name="reassign.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"version": 1, "partitions": [
        {"topic": topic, "partition": p, "replicas": r} for p, r in replicas_by_partition.items()]}))
    return str(path)


def kafka_reassign(broker, *args):
    """Apache Kafka's kafka-reassign-partitions.sh: (exit code, stdout)."""
    r = subprocess.run(["java", "-Xmx256m", "-cp", kafka_tools_classpath(),
                        "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
                        "--bootstrap-server", broker.bootstrap, *args],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout


def two_partitions(broker):
    topic = unique_topic("cli-reassign")
    broker.cli("topics", "create", topic, "--partitions", "2")
    return topic


def test_reassign_to_the_current_replicas_succeeds(broker, tmp_path):
    topic, me = two_partitions(broker), node_id(broker)
    f = reassignment_file(tmp_path, topic, {0: [me]})
    r = partitions(broker, "reassign", "--reassignment-json-file", f)
    assert r.stdout == f"Successfully started partition reassignment for {topic}-0\n", r
    both = reassignment_file(tmp_path, topic, {1: [me], 0: [me]}, "both.json")
    r = partitions(broker, "reassign", "--reassignment-json-file", both)
    assert r.stdout == f"Successfully started partition reassignments for {topic}-0,{topic}-1\n", r
    r = partitions(broker, "reassign", "--topic", topic, "--partition", "1", "--replicas", str(me),
                   "--disallow-replication-factor-change")
    assert r.stdout == f"Successfully started partition reassignment for {topic}-1\n", r


def test_list_finds_no_reassignment(broker):
    topic, me = two_partitions(broker), node_id(broker)
    partitions(broker, "reassign", "--topic", topic, "--partition", "0", "--replicas", str(me))
    assert partitions(broker, "list").stdout == "No partition reassignments found.\n"
    assert partitions(broker, "list", "--topic", topic).stdout == "No partition reassignments found.\n"
    code, kafka_out = kafka_reassign(broker, "--list")
    assert code == 0 and kafka_out.splitlines()[-1] == "No partition reassignments found.", kafka_out
    missing = partitions(broker, "list", "--topic", unique_topic("none"), check=False)
    assert missing.returncode == 1 and "UNKNOWN_TOPIC_OR_PARTITION" in missing.stderr, missing


def test_reassign_to_an_unknown_broker_fails(broker, tmp_path):
    topic, me = two_partitions(broker), node_id(broker)
    expected = (f"Error reassigning partition(s):\n{topic}-0: The manual partition assignment "
                "includes broker 7, but no such broker is registered.\n")
    r = partitions(broker, "reassign", "--topic", topic, "--partition", "0", "--replicas", f"{me},7",
                   check=False)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", expected), r
    # From a file, the partitions the broker accepted are not reported.
    f = reassignment_file(tmp_path, topic, {0: [me, 7], 1: [me]})
    r = partitions(broker, "reassign", "--reassignment-json-file", f, check=False)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", expected), r


def test_cancel_without_a_reassignment_fails(broker, tmp_path):
    topic, me = two_partitions(broker), node_id(broker)
    r = partitions(broker, "reassign", "--cancel", "--topic", topic, "--partition", "0", check=False)
    assert (r.returncode, r.stdout) == (1, ""), r
    assert r.stderr == (f"Error cancelling partition reassignment for:\n"
                        f"{topic}-0: No partition reassignment is in progress.\n"), r
    f = reassignment_file(tmp_path, topic, {0: [me], 1: [me]})
    r = partitions(broker, "reassign", "--cancel", "--reassignment-json-file", f, check=False)
    assert r.returncode == 1 and r.stderr.splitlines() == [
        "Error cancelling partition reassignments for:",
        f"{topic}-0: No partition reassignment is in progress.",
        f"{topic}-1: No partition reassignment is in progress."], r


def test_verify_tells_completed_from_other_replicas(broker, tmp_path):
    topic, me = two_partitions(broker), node_id(broker)
    done = reassignment_file(tmp_path, topic, {0: [me]})
    partitions(broker, "reassign", "--reassignment-json-file", done)
    r = partitions(broker, "verify", "--reassignment-json-file", done)
    assert r.stdout == f"Status of partition reassignment:\nReassignment of partition {topic}-0 is completed.\n", r
    code, kafka_out = kafka_reassign(broker, "--verify", "--reassignment-json-file", done)
    assert code == 0 and r.stdout in kafka_out, kafka_out
    # A refused move leaves other replicas than the file's: not in progress.
    refused = reassignment_file(tmp_path, topic, {1: [me], 0: [me, 7]}, "refused.json")
    partitions(broker, "reassign", "--reassignment-json-file", refused, check=False)
    r = partitions(broker, "verify", "--reassignment-json-file", refused)
    assert r.stdout.splitlines() == [
        "Status of partition reassignment:",
        f"There is no active reassignment of partition {topic}-0, but replica set is {me} rather than {me},7.",
        f"Reassignment of partition {topic}-1 is completed."], r


def closed_port_cli(*args):
    """The binary against a port nothing listens on: an exit code other than
    a failed connection's (1) proves the command stopped before connecting."""
    return subprocess.run([BIN, "partitions", *args, "--bootstrap-server", "127.0.0.1:1"],
                          capture_output=True, text=True, timeout=30)


def test_misused_flags_are_usage_errors():
    for args in (["reassign"],
                 ["reassign", "--cancel"],
                 ["reassign", "--topic", "t", "--partition", "0"],
                 ["reassign", "--topic", "t", "--replicas", "1"],
                 ["reassign", "--topic", "t", "--partition", "0", "--replicas", "1,1"],
                 ["reassign", "--reassignment-json-file", "f.json", "--topic", "t", "--partition", "0",
                  "--replicas", "1"],
                 ["reassign", "--cancel", "--topic", "t", "--partition", "0", "--replicas", "1"],
                 ["verify"]):
        r = closed_port_cli(*args)
        assert (r.returncode, r.stdout) == (2, ""), (args, r)
    # The same command with its flags right does try to connect.
    r = closed_port_cli("reassign", "--topic", "t", "--partition", "0", "--replicas", "1")
    assert r.returncode == 1 and "cannot connect to 127.0.0.1:1" in r.stderr, r


def test_a_file_with_log_dirs_is_refused_before_connecting(tmp_path):
    f = tmp_path / "dirs.json"
    f.write_text(json.dumps({"version": 1, "partitions": [
        {"topic": "t", "partition": 0, "replicas": [1, 2], "log_dirs": ["any", "/data/b"]}]}))
    r = closed_port_cli("reassign", "--reassignment-json-file", str(f))
    assert r.returncode == 1 and "does not move replicas between log directories" in r.stderr, r
    assert "cannot connect" not in r.stderr, r
    f.write_text(json.dumps({"version": 1, "partitions": [
        {"topic": "t", "partition": 0, "replicas": [1, 2], "log_dirs": ["any", "any"]}]}))
    r = closed_port_cli("reassign", "--reassignment-json-file", str(f))
    assert r.returncode == 1 and "cannot connect to 127.0.0.1:1" in r.stderr, r
