"""Broker start-up and its log output (issue 22, "a newcomer's first hour"):
one broker per log dir (Kafka's `.lock`), `meta.properties` naming the node
and cluster of a log dir, the listeners bound before any recovery, a broker
whose output pipe is gone still shuts down cleanly, and the log itself: no
colour codes in a file, one start summary instead of a line per partition,
no ERROR in a normal three-node start, group joins and rebalances logged; and
security settings the broker cannot honour stop it (fail closed)."""

import re
import select
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from confluent_kafka import Consumer

from cluster import Cluster
from common import BIN, READY_TIMEOUT, Broker, free_port, unique_topic, wait_until

LOCK_MESSAGE = "Failed to acquire lock on file .lock in {}. A Kafka instance in another process or thread is using this directory."
SUMMARY = re.compile(r"opened (\d+) partition logs in \d+ ms, (\d+) needed recovery")


def run_broker(data_dir, port, *overrides, timeout=15):
    """Runs `tributary broker` expecting it to exit on its own: (exit code, output).
    One still running after `timeout` s is killed and reported as None."""
    cmd = [BIN, "broker", "--override", f"listeners=PLAINTEXT://127.0.0.1:{port}", "--override", f"log.dirs={data_dir}"]
    for o in overrides:
        cmd += ["--override", o]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        return None, out


def private_broker(**env):
    b = Broker(BIN, tempfile.mkdtemp(prefix="tributary-it-startup-"), name="startup broker")
    b.env.update(env)
    return b


def log_text(b):
    return b.log_path.read_text(errors="replace")


def test_second_broker_on_the_same_log_dir_is_refused_before_reading_it():
    a = private_broker().start()
    try:
        topic = unique_topic("lock")
        a.cli("topics", "create", topic, "--partitions", "4")
        code, out = run_broker(a.data_dir, free_port())
        assert code is not None, f"a second broker shares {a.data_dir} silently:\n{out}"
        assert code != 0
        assert LOCK_MESSAGE.format(a.data_dir) in out, out
        # Stopped before anything was read: no metadata replayed, no log opened.
        assert "replayed" not in out and "opened" not in out, out
        assert a.alive()
        a.cli("topics", "describe", topic)
    finally:
        assert a.stop() == 0


def test_a_busy_port_fails_before_the_logs_are_opened():
    a = private_broker().start()
    try:
        other = Path(tempfile.mkdtemp(prefix="tributary-it-startup-")) / "data"
        code, out = run_broker(other, a.port)
        assert code not in (None, 0), out
        assert "Address already in use" in out, out
        # The metadata log was not even opened (no recovery ran before the bind).
        assert not (other / "__cluster_metadata-0").exists(), sorted(p.name for p in other.iterdir())
    finally:
        a.stop()


def test_security_it_cannot_honour_stops_the_broker_instead_of_serving_plaintext():
    """Fail closed (issue 17): an SSL listener whose key store is missing,
    unreadable or JKS, a SASL listener whose mechanism cannot be served (GSSAPI,
    no JAAS config, OAUTHBEARER taking unsigned tokens), an authorizer other
    than Kafka's StandardAuthorizer, a super user that is no principal, or TLS
    between the nodes of a quorum stops the broker at start with a message
    naming the key; it never serves that listener as plaintext or lets every
    client do everything."""
    data = Path(tempfile.mkdtemp(prefix="tributary-it-startup-")) / "data"
    jks = data.parent / "broker.jks"
    jks.write_bytes(bytes.fromhex("feedfeed00000002"))
    port, controller = free_port(), free_port()
    quorum = ["process.roles=broker,controller", "node.id=1", f"controller.quorum.voters=1@127.0.0.1:{controller}",
              f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}"]
    for overrides, key in [
        ([f"listeners=SSL://127.0.0.1:{free_port()}"], "ssl.keystore.location"),
        ([f"listeners=SSL://127.0.0.1:{free_port()}", "ssl.keystore.location=/nonexistent/broker.p12"],
         "ssl.keystore.location=/nonexistent/broker.p12"),
        ([f"listeners=SSL://127.0.0.1:{free_port()}", f"ssl.keystore.location={jks}"], "keytool -importkeystore"),
        ([f"listeners=SASL_SSL://127.0.0.1:{free_port()}"], "ssl.keystore.location"),
        # Kafka's default mechanism, GSSAPI (Kerberos), is not served.
        ([f"listeners=CLIENTS://127.0.0.1:{free_port()}", "listener.security.protocol.map=CLIENTS:SASL_PLAINTEXT"],
         "sasl.enabled.mechanisms"),
        ([f"listeners=SASL_PLAINTEXT://127.0.0.1:{free_port()}", "sasl.enabled.mechanisms=PLAIN"],
         "listener.name.sasl_plaintext.plain.sasl.jaas.config"),
        # OAUTHBEARER without Kafka's validating handler would take unsigned tokens.
        ([f"listeners=SASL_PLAINTEXT://127.0.0.1:{free_port()}", "sasl.enabled.mechanisms=OAUTHBEARER",
          "oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"],
         "oauthbearer.sasl.server.callback.handler.class"),
        # An authorizer Tributary does not have (ZooKeeper's, gone in Kafka 4).
        (["authorizer.class.name=kafka.security.authorizer.AclAuthorizer"], "authorizer.class.name"),
        (["authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
          "super.users=admin"], "super.users"),
        (quorum + ["security.inter.broker.protocol=SSL"], "security.inter.broker.protocol"),
    ]:
        code, out = run_broker(data, free_port(), *overrides)
        assert code not in (None, 0), f"{overrides}: started anyway:\n{out}"
        assert key in out, f"{overrides}: the message does not name {key}:\n{out}"
        assert "listening" not in out, f"{overrides}: a listener was bound:\n{out}"


def test_meta_properties_name_the_node_and_cluster_of_a_log_dir():
    a = private_broker().start()
    try:
        a.cli("topics", "list")
    finally:
        assert a.stop() == 0
    meta = a.data_dir / "meta.properties"
    assert meta.exists(), sorted(p.name for p in a.data_dir.iterdir())
    props = dict(line.split("=", 1) for line in meta.read_text().splitlines() if "=" in line and not line.startswith("#"))
    assert props["version"] == "1"
    assert props["node.id"] == "1"
    assert len(props["cluster.id"]) == 22 and len(props["directory.id"]) == 22, props
    assert f"cluster_id={props['cluster.id']}" in log_text(a)

    # Another node id on this folder: Kafka's refusal, naming both ids and the file.
    code, out = run_broker(a.data_dir, free_port(), "node.id=2")
    assert code not in (None, 0), out
    assert f"Stored node id 1 doesn't match previous node id 2 in {meta}." in out, out

    # A folder of another cluster.
    meta.write_text(meta.read_text().replace(props["cluster.id"], "AAAAAAAAAAAAAAAAAAAAAA"))
    code, out = run_broker(a.data_dir, free_port())
    assert code not in (None, 0), out
    assert f"Invalid cluster.id in: {meta}. Expected {props['cluster.id']}, but read AAAAAAAAAAAAAAAAAAAAAA" in out, out


def test_a_closed_output_pipe_neither_crashes_nor_unclean_shuts_the_broker():
    """`tributary broker 2>&1 | tee log`, then Ctrl-C: tee is gone first."""
    b = private_broker()
    b.data_dir.mkdir(parents=True)
    p = subprocess.Popen(
        [BIN, "broker", "--override", f"listeners=PLAINTEXT://127.0.0.1:{b.port}", "--override", f"log.dirs={b.data_dir}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        seen = b""
        while b"broker started" not in seen:
            assert time.monotonic() < deadline, seen
            if select.select([p.stdout], [], [], 0.5)[0]:
                seen += p.stdout.read1(65536)
        b.proc = p
        topic = unique_topic("pipe")
        b.cli("topics", "create", topic, "--partitions", "5")
        p.stdout.close()  # tee exits on Ctrl-C before the broker does
        p.send_signal(signal.SIGINT)
        code = p.wait(20)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert code == 0
    b.proc = None
    b.start()
    try:
        summary = wait_until(lambda: SUMMARY.search(log_text(b)), 10, "the start summary")
        assert summary.group(1) == "5" and summary.group(2) == "0", summary.group(0)
    finally:
        assert b.stop() == 0


def test_a_log_file_has_no_colour_codes_and_one_start_summary():
    b = private_broker(NO_COLOR="")  # colour is off because the output is a file
    b.start()
    try:
        topic = unique_topic("summary")
        b.cli("topics", "create", topic, "--partitions", "20")
        b.cli("configs", "alter", "--broker-defaults", "--add-config", "log.retention.ms=3600000")
        wait_until(lambda: "topic configs changed" in log_text(b), 10, "the config change line")
        assert b.stop() == 0
        b.start()
        wait_until(lambda: SUMMARY.search(log_text(b)), 10, "the start summary")
    finally:
        assert b.stop() == 0
    text = log_text(b)
    assert "\x1b[" not in text, text[:2000]
    # One summary line per start, and no line per partition at info.
    assert [m.groups() for m in SUMMARY.finditer(text)] == [("0", "0"), ("20", "0")], text
    assert "opened log" not in text, text
    # The broker default changed the configs of 20 partitions: one line.
    changed = [line for line in text.splitlines() if "topic configs changed" in line]
    assert len(changed) == 1 and "partitions=20" in changed[0], changed


def test_a_normal_three_node_start_logs_no_error(tmp_path):
    cluster = Cluster(BIN, tmp_path, size=3)
    try:
        cluster.start()
        logs = {n.name: n.log_path.read_text(errors="replace") for n in cluster.nodes}
    finally:
        for n in cluster.nodes:
            n.stop()
    errors = {name: [line for line in text.splitlines() if " ERROR " in line] for name, text in logs.items()}
    assert not any(errors.values()), errors


def test_group_joins_and_rebalances_are_logged(broker):
    topic = unique_topic("grouplog")
    group = unique_topic("g")
    broker.cli("topics", "create", topic, "--partitions", "2")
    c = Consumer(
        {
            "bootstrap.servers": broker.bootstrap,
            "group.id": group,
            "session.timeout.ms": 6000,
            "auto.offset.reset": "earliest",
        }
    )
    try:
        c.subscribe([topic])
        wait_until(lambda: c.poll(0.2) is None and c.assignment(), 30, "the consumer's assignment")
        member = c.memberid()
    finally:
        c.close()

    def group_lines():
        return [line for line in log_text(broker).splitlines() if group in line]

    wait_until(lambda: any("has left group" in line for line in group_lines()), 10, "the leave line")
    lines = "\n".join(group_lines())
    assert f"Member {member} joined group {group}" in lines, lines
    assert f"Preparing to rebalance group {group} in state PreparingRebalance with old generation 0" in lines, lines
    assert f"Stabilized group {group} generation 1 with 1 members" in lines, lines
    assert f"Assignment received from leader {member} for group {group} for generation 1" in lines, lines
    assert f"Member {member} has left group {group} through explicit `LeaveGroup` request" in lines, lines
