"""A newcomer's first hour with the `tributary` client commands (issue 22): Kafka's
tool spellings, shell completions, JSON output, Ctrl-C's exit code, the console
producer across a broker restart, and what the tools say when the other end is
not a Kafka broker or does not answer. Every test drives the binary."""

import json
import signal
import socket
import subprocess
import threading
import time

import pytest

from common import BIN, free_port, unique_topic, wait_until


def run(*args, timeout=60, input=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout, input=input)


# ---------------------------------------------------------------------------
# Shell completions


@pytest.mark.parametrize("shell,marker", [("bash", "complete -F _tributary"), ("zsh", "#compdef tributary"),
                                          ("fish", "complete -c tributary")])
def test_completions(shell, marker):
    r = run("completions", shell)
    assert r.returncode == 0, r.stderr
    assert marker in r.stdout, r.stdout[:500]
    # The script knows the subcommands and their flags.
    for word in ("topics", "consume", "bootstrap-server"):
        assert word in r.stdout, f"{word} missing from the {shell} completions"
    if shell == "bash":
        check = subprocess.run(["bash", "-n"], input=r.stdout, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


# ---------------------------------------------------------------------------
# Kafka's spellings


def test_kafka_topics_syntax(broker):
    topic = unique_topic("kafka-syntax")
    r = broker.cli("topics", "--create", "--topic", topic, "--partitions", "2", "--replication-factor", "1")
    assert f"Created topic {topic}." in r.stdout
    assert topic in broker.cli("topics", "--list").stdout.split()
    desc = broker.cli("topics", "--describe", "--topic", topic).stdout
    assert f"Topic: {topic}" in desc and "PartitionCount: 2" in desc, desc
    broker.cli("topics", "--alter", "--topic", topic, "--partitions", "3")
    assert "PartitionCount: 3" in broker.cli("topics", "--describe", "--topic", topic).stdout
    assert f"Deleted topic {topic}." in broker.cli("topics", "--delete", "--topic", topic).stdout
    both = broker.cli("topics", "--list", "--describe", check=False)
    assert both.returncode == 2 and "exactly one action" in both.stderr, both.stderr


def test_console_properties(broker):
    topic = unique_topic("props")
    broker.cli("topics", "create", topic, "--partitions", "1")
    broker.cli("produce", topic, "--property", "parse.key=true", "--property", "key.separator=:",
               input="k1:v1\nk2:v2\n")
    out = broker.cli("consume", topic, "--from-beginning", "--max-messages", "2", "--timeout-ms", "10000",
                     "--property", "print.key=true", "--property", "print.offset=true",
                     "--property", "print.partition=true", "--property", "key.separator=|").stdout
    assert out.splitlines() == ["Partition:0|Offset:0|k1|v1", "Partition:0|Offset:1|k2|v2"], out
    # parse.key alone splits at Kafka's default separator, a tab.
    broker.cli("produce", topic, "--property", "parse.key=true", input="k3\tv3\n")
    out = broker.cli("consume", topic, "--partition", "0", "--offset", "2", "--max-messages", "1",
                     "--timeout-ms", "10000", "--property", "print.key=TRUE").stdout
    assert out == "k3\tv3\n", out
    for cmd, supported in (("consume", "print.key"), ("produce", "parse.key")):
        bad = broker.cli(cmd, topic, "--property", "print.value2=true", check=False, input="")
        assert bad.returncode == 2, bad
        assert "unknown --property 'print.value2'" in bad.stderr and supported in bad.stderr, bad.stderr


def test_groups_kafka_syntax_and_json(broker):
    topic = unique_topic("groups-json")
    group = unique_topic("g")
    broker.cli("topics", "create", topic, "--partitions", "1")
    broker.cli("produce", topic, input="a\nb\nc\n")
    broker.cli("consume", topic, "--group", group, "--from-beginning", "--max-messages", "3",
               "--timeout-ms", "20000")
    assert group in broker.cli("groups", "--list").stdout.split()
    listed = json.loads(broker.cli("groups", "list", "--json").stdout)
    assert {"group": group, "state": "Empty"} in listed, listed
    every = broker.cli("groups", "--all-groups", "--describe").stdout
    assert group in every and topic in every, every
    one = json.loads(broker.cli("groups", "--describe", "--group", group, "--json").stdout)
    assert one["group"] == group and one["state"] == "Empty", one
    assert one["partitions"] == [{
        "topic": topic, "partition": 0, "current_offset": 3, "log_end_offset": 3, "lag": 0,
        "consumer_id": None, "host": None, "client_id": None,
    }], one
    all_json = json.loads(broker.cli("groups", "describe", "--all-groups", "--json").stdout)
    assert any(g["group"] == group for g in all_json), all_json


# ---------------------------------------------------------------------------
# Output for scripts


def test_topics_and_configs_json(broker):
    topic = unique_topic("json")
    broker.cli("topics", "create", topic, "--partitions", "2", "--config", "retention.ms=3600000")
    broker.cli("produce", topic, "--partition", "1", input="x\ny\n")
    names = json.loads(broker.cli("topics", "list", "--json").stdout)
    assert isinstance(names, list) and topic in names
    [desc] = json.loads(broker.cli("topics", "describe", topic, "--json").stdout)
    assert desc["name"] == topic and desc["partition_count"] == 2 and desc["replication_factor"] == 1, desc
    assert desc["configs"]["retention.ms"] == "3600000", desc
    assert [(p["partition"], p["earliest_offset"], p["latest_offset"]) for p in desc["partitions"]] == [
        (0, 0, 0), (1, 0, 2)], desc
    assert all(p["leader"] == p["replicas"][0] and p["isr"] for p in desc["partitions"]), desc
    configs = json.loads(broker.cli("configs", "describe", "--topic", topic, "--json").stdout)
    retention = next(c for c in configs if c["name"] == "retention.ms")
    assert retention["value"] == "3600000" and retention["source"] == "DYNAMIC_TOPIC_CONFIG", retention


def test_help_is_current():
    top = run("--help").stdout
    perf_line = next(line for line in top.splitlines() if line.strip().startswith("perf"))
    assert "e2e" in perf_line, perf_line
    configs_line = next(line for line in top.splitlines() if line.strip().startswith("configs"))
    assert "broker" in configs_line and "alter" in configs_line.lower(), configs_line
    topics = run("topics", "--help").stdout
    alter_line = next(line for line in topics.splitlines() if line.strip().startswith("alter"))
    assert "config" in alter_line, alter_line


@pytest.mark.parametrize("command", ["consume", "produce"])
def test_ctrl_c_exits_130(broker, command):
    topic = unique_topic("sigint")
    broker.cli("topics", "create", topic, "--partitions", "1")
    proc = subprocess.Popen([BIN, command, topic, "--bootstrap-server", broker.bootstrap],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        if command == "produce":
            proc.stdin.write(b"one line\n")
            proc.stdin.flush()
        time.sleep(2)  # connected and waiting
        assert proc.poll() is None, proc.stderr.read()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 130, (code, proc.stderr.read())
    if command == "produce":
        out = broker.cli("consume", topic, "--from-beginning", "--max-messages", "1", "--timeout-ms", "10000")
        assert out.stdout == "one line\n"


# ---------------------------------------------------------------------------
# The console producer across a broker restart


def test_producer_survives_broker_restart(fresh_broker):
    b = fresh_broker()
    topic = unique_topic("restart")
    b.cli("topics", "create", topic, "--partitions", "1")
    proc = subprocess.Popen([BIN, "produce", topic, "--bootstrap-server", b.bootstrap],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = []

    def type_line(text):
        sent.append(text)
        try:
            proc.stdin.write(text.encode() + b"\n")
            proc.stdin.flush()
        except BrokenPipeError:
            raise AssertionError(f"the producer exited (line {text!r} lost): {proc.stderr.read()}") from None

    try:
        for i in range(3):
            type_line(f"before {i}")
        time.sleep(1.5)  # written and acknowledged
        b.stop()
        for i in range(3):
            type_line(f"while down {i}")
            time.sleep(0.5)
        assert proc.poll() is None, f"the producer exited while the broker was down: {proc.stderr.read()}"
        b.start()
        for i in range(3):
            type_line(f"after {i}")
        proc.stdin.close()
        code = proc.wait(60)
        stderr = proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0, stderr
    assert "broker unavailable, retrying" in stderr, stderr
    out = b.cli("consume", topic, "--from-beginning", "--max-messages", str(len(sent) + 1),
                "--timeout-ms", "5000").stdout
    assert out.splitlines() == sent, out


# ---------------------------------------------------------------------------
# Not a Kafka broker on the other end


class FakeServer:
    """Accepts connections on a free port and answers the first bytes it gets with
    `answer` (None: never accepts, a port that never answers)."""

    def __init__(self, answer):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.answer = answer
        self.stop = False
        if answer is not None:
            self.thread = threading.Thread(target=self.serve, daemon=True)
            self.thread.start()

    def serve(self):
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(4096)
                    conn.sendall(self.answer)
                    time.sleep(0.5)
                except OSError:
                    pass

    def close(self):
        self.stop = True
        self.sock.close()


@pytest.mark.parametrize("answer,like", [
    (b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "HTTP"),
    (b"<!DOCTYPE html><html></html>", "HTTP"),
    (bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]), "TLS"),
])
def test_not_a_kafka_broker(answer, like):
    server = FakeServer(answer)
    try:
        addr = f"127.0.0.1:{server.port}"
        r = run("topics", "list", "--bootstrap-server", addr, timeout=30)
    finally:
        server.close()
    assert r.returncode == 1, r
    assert f"{addr} does not speak the Kafka protocol (it answered like {like})" in r.stderr, r.stderr


def test_silent_port_times_out():
    server = FakeServer(None)
    try:
        addr = f"127.0.0.1:{server.port}"
        start = time.monotonic()
        r = run("topics", "list", "--bootstrap-server", addr, "--timeout", "4", timeout=30)
        took = time.monotonic() - start
    finally:
        server.close()
    assert r.returncode == 1, r
    assert f"waiting for {addr}" in r.stderr, r.stderr
    assert f"no answer from {addr} within 4 s" in r.stderr, r.stderr
    assert 3.5 < took < 10, took
