"""TLS listeners (issue 17): real Kafka clients (librdkafka through
confluent-kafka, and kafka-python) produce and consume over SSL listeners
whose key stores are made by openssl as an operator makes them: a PEM file
with an encrypted PKCS#8 key (ssl.key.password), and a PKCS12 file set
for one listener only (listener.name.<l>.ssl.*). With
ssl.client.auth=required a client without a certificate is refused. Each
listener's clients are told the brokers' addresses on that listener, so a
client that bootstraps over TLS stays on TLS."""

import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from kafka import KafkaConsumer, KafkaProducer
from kafka import TopicPartition as KafkaPythonPartition

import kwire
from common import BIN, NO_KCAT, Broker, free_port, make_pki, openssl, unique_topic

CLIENT_DN = "CN=app,OU=Eng,O=Acme,C=PT"


@pytest.fixture(scope="module")
def pki():
    """A CA, a broker certificate for localhost/127.0.0.1 in a PEM key store
    (encrypted key) and a PKCS12 one, and a client certificate."""
    d = make_pki(tempfile.mkdtemp(prefix="tributary-it-pki-"), [("client", "/C=PT/O=Acme/OU=Eng/CN=app")])
    # Kafka's PEM key store: an encrypted PKCS#8 key and the certificate chain.
    openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "broker.key", "-out", "broker.enc.key",
            "-passout", "pass:key-Pa55", cwd=d)
    (d / "broker.keystore.pem").write_text((d / "broker.enc.key").read_text() + (d / "broker.pem").read_text())
    openssl("pkcs12", "-export", "-in", "broker.pem", "-inkey", "broker.key", "-certfile", "ca.pem",
            "-out", "broker.p12", "-passout", "pass:store-Pa55", "-name", "broker", cwd=d)
    return d


@pytest.fixture(scope="module")
def tls_broker(pki):
    """One broker with three listeners: PLAINTEXT; SSL (PEM key store,
    client certificates required); EXTERNAL, also SSL (PKCS12 key store, no
    client authentication)."""
    ports = {"PLAINTEXT": free_port(), "SSL": free_port(), "EXTERNAL": free_port()}
    base = tempfile.mkdtemp(prefix="tributary-it-tls-")
    b = Broker(BIN, base, port=ports["PLAINTEXT"], name="TLS broker", overrides=[
        "listeners=" + ",".join(f"{n}://127.0.0.1:{p}" for n, p in ports.items()),
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SSL:SSL,EXTERNAL:SSL",
        "inter.broker.listener.name=PLAINTEXT",
        "ssl.keystore.type=PEM",
        f"ssl.keystore.location={pki / 'broker.keystore.pem'}",
        "ssl.key.password=key-Pa55",
        f"ssl.truststore.location={pki / 'ca.pem'}",
        "ssl.truststore.type=PEM",
        "ssl.client.auth=required",
        "listener.name.external.ssl.keystore.type=PKCS12",
        f"listener.name.external.ssl.keystore.location={pki / 'broker.p12'}",
        "listener.name.external.ssl.keystore.password=store-Pa55",
        "listener.name.external.ssl.client.auth=none",
    ])
    b.start()
    b.ports = ports
    yield b
    code = b.stop()
    log = b.log_path.read_text(errors="replace")
    shutil.rmtree(base, ignore_errors=True)
    assert code == 0, f"the TLS broker exited with {code}"
    # The harness writes the command line; the broker itself logs no password.
    log = "\n".join(line for line in log.splitlines() if not line.startswith("---- start:"))
    for secret in ("key-Pa55", "store-Pa55"):
        assert secret not in log, "a password was logged"


def librdkafka_tls(pki, port, with_cert=True):
    conf = {
        "bootstrap.servers": f"localhost:{port}",
        "security.protocol": "SSL",
        "ssl.ca.location": str(pki / "ca.pem"),
    }
    if with_cert:
        conf["ssl.certificate.location"] = str(pki / "client.pem")
        conf["ssl.key.location"] = str(pki / "client.key")
    return conf


def test_librdkafka_and_kafka_python_produce_and_consume_over_tls(pki, tls_broker):
    port = tls_broker.ports["SSL"]
    topic = unique_topic("tls")
    admin = AdminClient(librdkafka_tls(pki, port))
    # The brokers a TLS client is told of are on its own listener.
    brokers = admin.list_topics(timeout=15).brokers
    assert [(b.host, b.port) for b in brokers.values()] == [("127.0.0.1", port)], brokers
    plain = AdminClient({"bootstrap.servers": tls_broker.bootstrap}).list_topics(timeout=15).brokers
    assert [b.port for b in plain.values()] == [tls_broker.ports["PLAINTEXT"]], plain

    p = Producer({**librdkafka_tls(pki, port), "linger.ms": 5})
    sent = [f"tls-{i}".encode() * 50 for i in range(200)]
    for v in sent:
        p.produce(topic, v)
    assert p.flush(30) == 0

    # kafka-python, with its client certificate, reads them back.
    c = KafkaConsumer(bootstrap_servers=f"localhost:{port}", security_protocol="SSL",
                      ssl_cafile=str(pki / "ca.pem"), ssl_certfile=str(pki / "client.pem"),
                      ssl_keyfile=str(pki / "client.key"), auto_offset_reset="earliest",
                      consumer_timeout_ms=20000)
    c.assign([KafkaPythonPartition(topic, 0)])
    got = []
    for m in c:
        got.append(m.value)
        if len(got) == len(sent):
            break
    c.close()
    assert got == sent

    # librdkafka reads them too (fetches of more than 32 KiB: file ranges
    # that a TLS connection reads and encrypts instead of sendfile).
    cons = Consumer({**librdkafka_tls(pki, port), "group.id": unique_topic("g"),
                     "auto.offset.reset": "earliest"})
    cons.subscribe([topic])
    got = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        m = cons.poll(0.5)
        if m is not None and m.error() is None:
            got.append(m.value())
        if len(got) == len(sent):
            break
    cons.close()
    assert got == sent


def test_a_client_without_a_certificate_is_refused_where_one_is_required(pki, tls_broker):
    admin = AdminClient(librdkafka_tls(pki, tls_broker.ports["SSL"], with_cert=False))
    with pytest.raises(KafkaException):
        admin.list_topics(timeout=5)
    log = tls_broker.log_path.read_text(errors="replace")
    assert "Failed authentication" in log and "SSL handshake failed" in log, tls_broker.log_tail()


def test_a_listener_of_its_own_serves_a_pkcs12_key_store_without_client_certificates(pki, tls_broker):
    port = tls_broker.ports["EXTERNAL"]
    topic = unique_topic("p12")
    p = KafkaProducer(bootstrap_servers=f"localhost:{port}", security_protocol="SSL",
                      ssl_cafile=str(pki / "ca.pem"))
    for i in range(10):
        p.send(topic, f"p12-{i}".encode())
    p.flush(30)
    p.close()
    c = KafkaConsumer(bootstrap_servers=f"localhost:{port}", security_protocol="SSL",
                      ssl_cafile=str(pki / "ca.pem"), auto_offset_reset="earliest",
                      consumer_timeout_ms=15000)
    c.assign([KafkaPythonPartition(topic, 0)])
    got = [m.value for _, m in zip(range(10), c)]
    c.close()
    assert got == [f"p12-{i}".encode() for i in range(10)]


def closed_after_alert(conn, timeout=10):
    """True when the peer closes within `timeout` s, having sent nothing but
    TLS alert records (content type 21)."""
    conn.sock.settimeout(timeout)
    received = b""
    while True:
        try:
            chunk = conn.sock.recv(4096)
        except ConnectionResetError:
            chunk = b""
        except socket.timeout:
            return False
        if not chunk:
            break
        received += chunk
    while received:
        assert received[0] == 21, f"not a TLS alert: {received[:16].hex()}"
        received = received[5 + int.from_bytes(received[3:5], "big"):]
    return True


def test_bad_tls_input_costs_only_its_own_connection(pki, tls_broker):
    """Plaintext Kafka to an SSL port, TLS garbage, and a handshake that
    stalls: each loses its connection; the broker serves TLS clients after."""
    port = tls_broker.ports["EXTERNAL"]
    # A Kafka request in plaintext: not a TLS record; and garbage that looks
    # like the start of one. Each gets at most a TLS alert, then EOF.
    for data in [kwire.api_versions_request(), bytes([0x16, 0x03, 0x01, 0x00, 0x10]) + b"\xff" * 16]:
        with kwire.Conn(f"127.0.0.1:{port}") as conn:
            conn.send(data)
            assert closed_after_alert(conn), data
    # A client that opens a connection and says nothing holds only that
    # connection, whatever others do meanwhile.
    with kwire.Conn(f"127.0.0.1:{port}") as stalled:
        p = KafkaProducer(bootstrap_servers=f"localhost:{port}", security_protocol="SSL",
                          ssl_cafile=str(pki / "ca.pem"))
        p.send(unique_topic("after"), b"x").get(timeout=30)
        p.close()
        stalled.send(b"\x16")
    assert tls_broker.alive()


def served_certificate(port, ca):
    """The DER certificate an SSL listener serves to a new connection."""
    import ssl as pyssl
    ctx = pyssl.create_default_context(cafile=str(ca))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.getpeercert(binary_form=True)


def test_a_key_store_is_replaced_without_a_restart(pki, fresh_broker, tmp_path):
    """Kafka's dynamic listener.name.<l>.ssl.keystore.* update: a new key
    store with the same subject and alternative names serves new
    connections at once; one for another name, or one that cannot be read,
    is refused with Kafka's words and the one in force stays."""
    from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType

    def cert(name, subject, san="DNS:localhost,IP:127.0.0.1"):
        (tmp_path / f"{name}.ext").write_text(f"subjectAltName={san}\n")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", subject, cwd=tmp_path)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", str(pki / "ca.pem"), "-CAkey", str(pki / "ca.key"),
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=tmp_path)
        store = tmp_path / f"{name}.keystore.pem"
        store.write_text((tmp_path / f"{name}.key").read_text() + (tmp_path / f"{name}.pem").read_text())
        der = subprocess.run(["openssl", "x509", "-in", f"{name}.pem", "-outform", "DER"], cwd=tmp_path,
                             check=True, capture_output=True).stdout
        return store, der

    first, first_der = cert("first", "/CN=broker")
    second, second_der = cert("second", "/CN=broker")
    other, _ = cert("other", "/CN=someone-else")
    plain_port, ssl_port = free_port(), free_port()
    b = fresh_broker([f"listeners=PLAINTEXT://127.0.0.1:{plain_port},SSL://127.0.0.1:{ssl_port}",
                      f"ssl.keystore.location={first}"], port=plain_port)
    assert served_certificate(ssl_port, pki / "ca.pem") == first_der
    admin = AdminClient({"bootstrap.servers": f"127.0.0.1:{b.port}"})

    def alter(value):
        res = ConfigResource(ResourceType.BROKER, "1", incremental_configs=[
            ConfigEntry("listener.name.ssl.ssl.keystore.location", str(value),
                        incremental_operation=AlterConfigOpType.SET)])
        admin.incremental_alter_configs([res])[res].result(15)

    alter(second)
    deadline = time.monotonic() + 10
    while served_certificate(ssl_port, pki / "ca.pem") != second_der:
        assert time.monotonic() < deadline, "the new key store was not put in force"
        time.sleep(0.1)
    for bad, words in [(other, "Keystore DistinguishedName does not match"),
                       (tmp_path / "missing.pem", "cannot open the store")]:
        with pytest.raises(Exception) as e:
            alter(bad)
        assert e.value.args[0].name() == "INVALID_REQUEST", e.value
        assert words in e.value.args[0].str(), e.value
    assert served_certificate(ssl_port, pki / "ca.pem") == second_der
    assert "SSL key and trust stores updated" in b.log_path.read_text()


@pytest.mark.skipif(NO_KCAT, reason="TRIBUTARY_NO_KCAT=1: the kcat tests are switched off")
def test_kcat_produces_and_consumes_over_mutual_tls(pki, tls_broker):
    """kcat (Debian's librdkafka on OpenSSL) with a client certificate on the
    listener that requires one."""
    kcat = shutil.which("kcat")
    assert kcat, "kcat is not installed (scripts/test installs it with apt-get)"
    topic = unique_topic("kcat-tls")
    tls = ["-b", f"localhost:{tls_broker.ports['SSL']}", "-X", "security.protocol=SSL",
           "-X", f"ssl.ca.location={pki / 'ca.pem'}", "-X", f"ssl.certificate.location={pki / 'client.pem'}",
           "-X", f"ssl.key.location={pki / 'client.key'}"]
    r = subprocess.run([kcat, *tls, "-P", "-t", topic, "-p", "0"], input=b"a\nb\nc\n", capture_output=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([kcat, *tls, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-c", "3", "-e"],
                       capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stdout.split() == [b"a", b"b", b"c"], r


def test_tls_fetches_hold_a_bounded_buffer_not_the_whole_answer(pki, tls_broker):
    """A TLS connection encrypts fetched file ranges through a 64 KiB buffer:
    8 consumers fetching a 32 MB backlog at once (fetch.max.bytes 50 MB) do
    not make the broker hold 8 × 32 MB, as reading each answer whole did."""
    import threading

    topic = unique_topic("tls-big")
    p = Producer({"bootstrap.servers": tls_broker.bootstrap, "linger.ms": 50, "batch.size": 1 << 20,
                  "compression.type": "none"})
    value = os.urandom(1000)
    for _ in range(32_000):
        p.produce(topic, value, partition=0)
        p.poll(0)
    assert p.flush(60) == 0
    before = tls_broker.rss_kb()
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tls_broker.rss_kb())
            time.sleep(0.02)

    def consume(i, got):
        c = Consumer({"bootstrap.servers": f"localhost:{tls_broker.ports['EXTERNAL']}", "security.protocol": "SSL",
                      "ssl.ca.location": str(pki / "ca.pem"), "group.id": f"{topic}-{i}",
                      "auto.offset.reset": "earliest", "fetch.max.bytes": 50 << 20,
                      "max.partition.fetch.bytes": 50 << 20, "receive.message.max.bytes": 60 << 20})
        c.assign([TopicPartition(topic, 0, 0)])
        n, deadline = 0, time.monotonic() + 60
        while n < 32_000 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and m.error() is None:
                n += 1
        c.close()
        got[i] = n

    sampler = threading.Thread(target=sample)
    sampler.start()
    got = {}
    readers = [threading.Thread(target=consume, args=(i, got)) for i in range(8)]
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    done.set()
    sampler.join()
    assert all(n == 32_000 for n in got.values()) and len(got) == 8, got
    grown_mb = (peak[0] - before) / 1024
    assert grown_mb < 100, f"the broker grew by {grown_mb:.0f} MB serving 8 TLS fetches of 32 MB"
