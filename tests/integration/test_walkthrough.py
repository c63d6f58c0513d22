"""The user's brief, step by step, with the `tributary` binary against a real broker:
start a broker, create `topico1`, list it, type messages into the console
producer, read them with the console consumer `--from-beginning`. Also the
brief's old flags (`--zookeeper`, `--broker-list`) and an unreachable broker."""

import subprocess

from common import BIN, free_port


def test_the_brief_walkthrough(fresh_broker):
    b = fresh_broker()
    created = b.cli("topics", "create", "topico1", "--partitions", "1", "--replication-factor", "1")
    assert created.stdout.strip() == "Created topic topico1."
    assert "topico1" in b.cli("topics", "list").stdout.splitlines()
    describe = b.cli("topics", "describe", "topico1").stdout
    assert "PartitionCount: 1" in describe and "ReplicationFactor: 1" in describe, describe
    # Console producer: lines from stdin (no prompt when stdin is not a terminal).
    produced = b.cli("produce", "topico1", input="Mensagem 1\nMensagem 2\nMensagem 3\n")
    assert ">" not in produced.stdout
    # Console consumer from the beginning.
    consumed = b.cli("consume", "topico1", "--from-beginning", "--max-messages", "3", "--timeout-ms", "15000")
    assert consumed.stdout.splitlines() == ["Mensagem 1", "Mensagem 2", "Mensagem 3"]
    assert "Processed a total of 3 messages" in consumed.stderr
    # The brief's Kafka 2.x flag for the producer is accepted as an alias.
    r = subprocess.run(
        [BIN, "produce", "topico1", "--broker-list", b.bootstrap], input="Mensagem 4\n", text=True, capture_output=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    out = b.cli("consume", "topico1", "--from-beginning", "--max-messages", "4", "--timeout-ms", "15000").stdout
    assert out.splitlines()[-1] == "Mensagem 4"


def test_zookeeper_flag_is_explained():
    r = subprocess.run(
        [BIN, "topics", "list", "--zookeeper", "localhost:2181"], capture_output=True, text=True, timeout=30
    )
    assert r.returncode == 2
    assert "no ZooKeeper" in r.stderr and "--bootstrap-server" in r.stderr, r.stderr
    assert "panicked" not in r.stderr


def test_unreachable_broker_gets_a_friendly_message():
    port = free_port()
    r = subprocess.run(
        [BIN, "topics", "list", "--bootstrap-server", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 1
    assert f"cannot connect to 127.0.0.1:{port}" in r.stderr and "tributary broker" in r.stderr, r.stderr
    assert "panicked" not in r.stderr and "backtrace" not in r.stderr.lower()
