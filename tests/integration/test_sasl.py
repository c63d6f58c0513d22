"""SASL (issue 17): real clients authenticate on SASL_PLAINTEXT and SASL_SSL
listeners, with PLAIN (the users of the listener's PlainLoginModule JAAS
config) and SCRAM-SHA-256/512 (credentials set and described with
AlterUserScramCredentials / DescribeUserScramCredentials, kept in the
metadata log); a wrong password gets Kafka's SASL_AUTHENTICATION_FAILED
message and a closed connection; before authentication only ApiVersions and
the SASL APIs are served; with connections.max.reauth.ms a session expires
unless the client re-authenticates (KIP-368), which librdkafka does."""

import base64
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (AdminClient, ScramCredentialInfo, ScramMechanism,
                                   UserScramCredentialDeletion, UserScramCredentialUpsertion)
from kafka import KafkaConsumer
from kafka import TopicPartition as KafkaPythonPartition

import kwire
from common import BIN, Broker, free_port, kafka_tools_classpath, oauth_jwt, oauth_rsa_key, unique_topic

SASL_HANDSHAKE, SASL_AUTHENTICATE = 17, 36
SASL_AUTHENTICATION_FAILED = 58
REAUTH_MS = 3000
JAAS = ('org.apache.kafka.common.security.plain.PlainLoginModule required '
        'username="admin" password="admin-Pa55" user_admin="admin-Pa55" user_alice="alice-Pa55";')
SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required;"


@pytest.fixture(scope="module")
def sasl_broker():
    """PLAINTEXT, SASL_PLAINTEXT and SASL_SSL listeners, PLAIN on both SASL ones."""
    pki = Path(tempfile.mkdtemp(prefix="tributary-it-sasl-pki-"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                    "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    # A server certificate, not a CA (rustls refuses a CA as a server's certificate).
                    "-addext", "basicConstraints=critical,CA:FALSE"], cwd=pki, check=True, capture_output=True)
    ports = {"PLAINTEXT": free_port(), "SASL_PLAINTEXT": free_port(), "SASL_SSL": free_port()}
    base = tempfile.mkdtemp(prefix="tributary-it-sasl-")
    b = Broker(BIN, base, port=ports["PLAINTEXT"], name="SASL broker", overrides=[
        "listeners=" + ",".join(f"{n}://127.0.0.1:{p}" for n, p in ports.items()),
        "inter.broker.listener.name=PLAINTEXT",
        "sasl.enabled.mechanisms=PLAIN",
        "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
        f"listener.name.sasl_plaintext.plain.sasl.jaas.config={JAAS}",
        f"listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config={SCRAM_JAAS}",
        f"listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config={SCRAM_JAAS}",
        f"listener.name.sasl_ssl.plain.sasl.jaas.config={JAAS}",
        f"ssl.keystore.location={pki / 'key.pem'}",
        f"connections.max.reauth.ms={REAUTH_MS}",
    ])
    # One PEM file with the key and the certificate.
    (pki / "key.pem").write_text((pki / "key.pem").read_text() + (pki / "cert.pem").read_text())
    b.start()
    b.ports, b.ca = ports, pki / "cert.pem"
    yield b
    code = b.stop()
    log = "\n".join(l for l in b.log_path.read_text(errors="replace").splitlines()
                    if not l.startswith("---- start:"))
    shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(pki, ignore_errors=True)
    assert code == 0, f"the SASL broker exited with {code}"
    for secret in ("admin-Pa55", "alice-Pa55", "not-alices-Pa55", "carol-Scr4m", "wrong-Scr4m"):
        assert secret not in log, "a password was logged"


def rdkafka(b, listener, user="alice", password="alice-Pa55", mechanism="PLAIN"):
    conf = {"bootstrap.servers": f"localhost:{b.ports[listener]}", "security.protocol": listener,
            "sasl.mechanisms": mechanism, "sasl.username": user, "sasl.password": password}
    if listener == "SASL_SSL":
        conf["ssl.ca.location"] = str(b.ca)
    return conf


def test_plain_users_produce_and_consume_on_both_sasl_listeners(sasl_broker):
    b = sasl_broker
    topic = unique_topic("sasl")
    p = Producer(rdkafka(b, "SASL_PLAINTEXT"))
    sent = [f"sasl-{i}".encode() for i in range(50)]
    for v in sent:
        p.produce(topic, v)
    assert p.flush(30) == 0
    # kafka-python over SASL_SSL, as admin.
    c = KafkaConsumer(bootstrap_servers=f"localhost:{b.ports['SASL_SSL']}", security_protocol="SASL_SSL",
                      sasl_mechanism="PLAIN", sasl_plain_username="admin", sasl_plain_password="admin-Pa55",
                      ssl_cafile=str(b.ca), auto_offset_reset="earliest", consumer_timeout_ms=20000)
    c.assign([KafkaPythonPartition(topic, 0)])
    got = [m.value for _, m in zip(range(len(sent)), c)]
    c.close()
    assert got == sent


def test_a_wrong_password_gets_kafkas_error_and_a_closed_connection(sasl_broker):
    b = sasl_broker
    errors = []
    admin = AdminClient({**rdkafka(b, "SASL_PLAINTEXT", password="not-alices-Pa55"),
                         "error_cb": lambda e: errors.append(str(e))})
    with pytest.raises(KafkaException):
        admin.list_topics(timeout=5)
    admin.poll(1)  # serves error_cb
    assert any("Authentication failed: Invalid username or password" in e for e in errors), errors
    log = b.log_path.read_text(errors="replace")
    assert "Failed authentication" in log and "Invalid username or password" in log, b.log_tail()

    # The same on the wire: the answer, then the connection closes.
    with kwire.Conn(f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}") as conn:
        handshake(conn)
        resp = conn.roundtrip(kwire.request(SASL_AUTHENTICATE, 1, kwire.nbytes(b"\0alice\0nope"), correlation_id=3))
        r = kwire.Reader(resp)
        assert r.i32() == 3
        assert r.i16() == SASL_AUTHENTICATION_FAILED
        assert r.string() == "Authentication failed: Invalid username or password"
        assert conn.closed_by_peer()


def handshake(conn, mechanism="PLAIN"):
    resp = conn.roundtrip(kwire.request(SASL_HANDSHAKE, 1, kwire.string(mechanism), correlation_id=2))
    r = kwire.Reader(resp)
    assert r.i32() == 2
    return r.i16()


def authenticate(conn, user, password):
    """SASL/PLAIN -> (error code, error message, session lifetime ms)."""
    error, message, _, lifetime = authenticate_raw(conn, f"\0{user}\0{password}".encode(), 3)
    return error, message, lifetime


def test_only_api_versions_and_sasl_come_before_authentication(sasl_broker):
    addr = f"127.0.0.1:{sasl_broker.ports['SASL_PLAINTEXT']}"
    with kwire.Conn(addr) as conn:
        _, error, apis = kwire.parse_api_versions_v0(conn.roundtrip(kwire.api_versions_request()))
        assert error == 0 and apis[SASL_HANDSHAKE] == (0, 1) and apis[SASL_AUTHENTICATE] == (0, 2), apis
        conn.send(kwire.metadata_request_v1([]))
        assert conn.closed_by_peer(), "Metadata was served before authentication"
    with kwire.Conn(addr) as conn:
        assert handshake(conn, "OAUTHBEARER") == 33  # UNSUPPORTED_SASL_MECHANISM
        assert conn.closed_by_peer()


def test_a_session_lasts_connections_max_reauth_ms_unless_renewed(sasl_broker):
    b = sasl_broker
    with kwire.Conn(f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}") as conn:
        assert handshake(conn) == 0
        error, message, lifetime = authenticate(conn, "alice", "alice-Pa55")
        assert (error, message, lifetime) == (0, None, REAUTH_MS)
        resp = conn.roundtrip(kwire.metadata_request_v1([], correlation_id=4))
        assert kwire.Reader(resp).i32() == 4
        time.sleep(REAUTH_MS / 1000 + 0.5)
        conn.send(kwire.metadata_request_v1([], correlation_id=5))
        assert conn.closed_by_peer(), "an expired session was served"

    # librdkafka re-authenticates on its own: a producer lives across several sessions.
    topic = unique_topic("reauth")
    p = Producer(rdkafka(b, "SASL_PLAINTEXT"))
    for i in range(3):
        p.produce(topic, f"r{i}".encode())
        assert p.flush(15) == 0
        time.sleep(REAUTH_MS / 1000 + 0.5)
    c = Consumer({**rdkafka(b, "SASL_PLAINTEXT"), "group.id": unique_topic("g"), "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(topic, 0, 0)])
    got = []
    deadline = time.monotonic() + 20
    while len(got) < 3 and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is not None and m.error() is None:
            got.append(m.value())
    c.close()
    assert got == [b"r0", b"r1", b"r2"]


def test_scram_users_are_managed_with_the_admin_apis_and_authenticate(sasl_broker):
    b = sasl_broker
    admin = AdminClient(rdkafka(b, "SASL_PLAINTEXT", user="admin", password="admin-Pa55"))
    futures = admin.alter_user_scram_credentials([
        UserScramCredentialUpsertion("carol", ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), b"carol-Scr4m"),
        UserScramCredentialUpsertion("dave", ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 100), b"x"),
    ])
    futures["carol"].result(15)
    with pytest.raises(KafkaException, match="Too few iterations"):
        futures["dave"].result(15)
    described = admin.describe_user_scram_credentials(["carol"])["carol"].result(15)
    assert [(i.mechanism, i.iterations) for i in described.scram_credential_infos] == \
        [(ScramMechanism.SCRAM_SHA_512, 8192)]

    # carol produces with SCRAM-SHA-512 (librdkafka) ...
    topic = unique_topic("scram")
    p = Producer(rdkafka(b, "SASL_PLAINTEXT", "carol", "carol-Scr4m", "SCRAM-SHA-512"))
    p.produce(topic, b"scram")
    assert p.flush(30) == 0
    # ... and reads it back with kafka-python.
    c = KafkaConsumer(bootstrap_servers=f"localhost:{b.ports['SASL_PLAINTEXT']}", security_protocol="SASL_PLAINTEXT",
                      sasl_mechanism="SCRAM-SHA-512", sasl_plain_username="carol",
                      sasl_plain_password="carol-Scr4m", auto_offset_reset="earliest", consumer_timeout_ms=20000)
    c.assign([KafkaPythonPartition(topic, 0)])
    assert [m.value for _, m in zip(range(1), c)] == [b"scram"]
    c.close()

    # A wrong password, another mechanism, and a deleted credential fail.
    for password, mechanism in [("wrong-Scr4m", "SCRAM-SHA-512"), ("carol-Scr4m", "SCRAM-SHA-256")]:
        errors = []
        bad = AdminClient({**rdkafka(b, "SASL_PLAINTEXT", "carol", password, mechanism),
                           "error_cb": lambda e: errors.append(str(e))})
        with pytest.raises(KafkaException):
            bad.list_topics(timeout=5)
        bad.poll(1)
        assert any("invalid credentials with SASL mechanism " + mechanism in e for e in errors), errors
    admin.alter_user_scram_credentials(
        [UserScramCredentialDeletion("carol", ScramMechanism.SCRAM_SHA_512)])["carol"].result(15)
    with pytest.raises(KafkaException):
        admin.describe_user_scram_credentials(["carol"])["carol"].result(15)
    gone = AdminClient(rdkafka(b, "SASL_PLAINTEXT", "carol", "carol-Scr4m", "SCRAM-SHA-512"))
    with pytest.raises(KafkaException):
        gone.list_topics(timeout=5)


def test_a_replayed_scram_proof_is_refused(sasl_broker):
    """SCRAM's server nonce is fresh on every connection: a client-final
    message (with its proof) captured from a successful exchange and sent
    again on a new connection is refused with Kafka's error, and the
    connection closed; the broker stays up for the real user."""
    import hashlib
    import hmac
    b = sasl_broker
    admin = AdminClient(rdkafka(b, "SASL_PLAINTEXT", user="admin", password="admin-Pa55"))
    admin.alter_user_scram_credentials([
        UserScramCredentialUpsertion("erin", ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), b"erin-Scr4m"),
    ])["erin"].result(15)

    def exchange(conn, client_nonce, final=None):
        """SCRAM-SHA-256 as erin; `final`: send this client-final instead of
        computing one. -> (error code of the last answer, the client-final sent)."""
        assert handshake(conn, "SCRAM-SHA-256") == 0
        first_bare = f"n=erin,r={client_nonce}"
        error, _, server_first, _ = authenticate_raw(conn, b"n,," + first_bare.encode(), 3)
        assert error == 0
        fields = dict(p.split("=", 1) for p in server_first.decode().split(","))
        assert fields["r"].startswith(client_nonce) and fields["r"] != client_nonce
        if final is None:
            salted = hashlib.pbkdf2_hmac("sha256", b"erin-Scr4m", base64.b64decode(fields["s"]), int(fields["i"]))
            client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
            without_proof = f"c=biws,r={fields['r']}"
            message = f"{first_bare},{server_first.decode()},{without_proof}".encode()
            signature = hmac.new(hashlib.sha256(client_key).digest(), message, hashlib.sha256).digest()
            proof = bytes(a ^ b for a, b in zip(client_key, signature))
            final = f"{without_proof},p={base64.b64encode(proof).decode()}".encode()
        error, _, _, _ = authenticate_raw(conn, final, 4)
        return error, final

    with kwire.Conn(f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}") as conn:
        error, captured = exchange(conn, "fixednonce")
        assert error == 0
    with kwire.Conn(f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}") as conn:
        error, _ = exchange(conn, "fixednonce", final=captured)
        assert error == SASL_AUTHENTICATION_FAILED
        assert conn.closed_by_peer()
    p = Producer(rdkafka(b, "SASL_PLAINTEXT", "erin", "erin-Scr4m", "SCRAM-SHA-256"))
    p.produce(unique_topic("scram-replay"), b"x")
    assert p.flush(20) == 0


def authenticate_raw(conn, message, correlation_id):
    """SaslAuthenticate v1 with `message` -> (error code, error message,
    auth bytes, session lifetime ms)."""
    resp = conn.roundtrip(kwire.request(SASL_AUTHENTICATE, 1, kwire.nbytes(message), correlation_id=correlation_id))
    r = kwire.Reader(resp)
    assert r.i32() == correlation_id
    error, text = r.i16(), r.string()
    return error, text, r.take(r.i32()), r.i64()


def test_a_stalled_handshake_holds_only_its_own_connection(sasl_broker):
    b = sasl_broker
    with kwire.Conn(f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}") as stalled:
        assert handshake(stalled) == 0  # and then nothing
        p = Producer(rdkafka(b, "SASL_PLAINTEXT"))
        p.produce(unique_topic("stall"), b"x")
        assert p.flush(15) == 0
    assert b.alive()


def test_the_tributary_tools_take_kafkas_command_config(sasl_broker, tmp_path):
    """`--command-config` with Kafka's client properties: SASL_SSL as a PLAIN
    user (the trust store a PEM file), then SCRAM-SHA-256 as a user created
    through the same tool's connection's admin API; bad settings are refused
    before any connection, and a wrong password gets Kafka's message."""
    b = sasl_broker
    ssl_admin = tmp_path / "admin.properties"
    ssl_admin.write_text(
        "security.protocol=SASL_SSL\n"
        f"ssl.truststore.location={b.ca}\n"
        "ssl.truststore.type=PEM\n"
        "sasl.mechanism=PLAIN\n"
        'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required '
        'username="admin" password="admin-Pa55";\n')
    topic = unique_topic("cli-sasl")
    bootstrap = f"localhost:{b.ports['SASL_SSL']}"

    def tool(*args, config=ssl_admin, server=bootstrap, check=True, input=None):
        r = subprocess.run([BIN, *args, "--bootstrap-server", server, "--command-config", str(config)],
                           capture_output=True, text=True, timeout=60, input=input)
        assert not check or r.returncode == 0, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    tool("topics", "create", topic, "--partitions", "1")
    tool("produce", topic, input="one\ntwo\n")
    out = tool("consume", topic, "--from-beginning", "--max-messages", "2", "--timeout-ms", "10000").stdout
    assert out.split() == ["one", "two"]

    # SCRAM-SHA-256 over SASL_PLAINTEXT, as a user set with the admin API.
    admin = AdminClient(rdkafka(b, "SASL_PLAINTEXT", user="admin", password="admin-Pa55"))
    admin.alter_user_scram_credentials([UserScramCredentialUpsertion(
        "erin", ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), b"erin-Scr4m")])["erin"].result(15)
    scram = tmp_path / "scram.properties"
    scram.write_text(
        "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n"
        'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required '
        'username="erin" password="erin-Scr4m";\n')
    plain_bootstrap = f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}"
    assert topic in tool("topics", "list", config=scram, server=plain_bootstrap).stdout

    wrong = tmp_path / "wrong.properties"
    wrong.write_text(scram.read_text().replace("erin-Scr4m", "wrong-Scr4m"))
    r = tool("topics", "list", config=wrong, server=plain_bootstrap, check=False)
    assert r.returncode != 0
    assert "invalid credentials with SASL mechanism SCRAM-SHA-256" in r.stderr, r.stderr
    bad = tmp_path / "bad.properties"
    bad.write_text("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=GSSAPI\n")
    r = tool("topics", "list", config=bad, server=plain_bootstrap, check=False)
    assert r.returncode != 0 and "sasl.mechanism=GSSAPI" in r.stderr, r.stderr


def test_oauthbearer_tokens_are_checked_against_a_jwks(fresh_broker, tmp_path):
    """OAUTHBEARER with Kafka's OAuthBearerValidatorCallbackHandler: an RS256
    JWT signed by the JWKS's key, for the expected audience, authenticates
    librdkafka as User:<sub>; an expired one, or one signed by another key,
    is refused with Kafka's invalid_token."""
    def rsa_key(name):
        return oauth_rsa_key(tmp_path, name)

    def jwt(key_name, claims):
        return oauth_jwt(tmp_path, key_name, claims)

    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [rsa_key("idp")]}))
    rsa_key("forger")
    plain, sasl = free_port(), free_port()
    b = fresh_broker([
        f"listeners=PLAINTEXT://127.0.0.1:{plain},SASL_PLAINTEXT://127.0.0.1:{sasl}",
        "inter.broker.listener.name=PLAINTEXT",
        "sasl.enabled.mechanisms=OAUTHBEARER",
        "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config="
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        "listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class="
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
        f"sasl.oauthbearer.jwks.endpoint.url=file://{tmp_path / 'jwks.json'}",
        "sasl.oauthbearer.expected.audience=kafka",
    ], port=plain)

    def client(token):
        errors = []
        return Producer({"bootstrap.servers": f"127.0.0.1:{sasl}", "security.protocol": "SASL_PLAINTEXT",
                         "sasl.mechanisms": "OAUTHBEARER", "oauth_cb": lambda _: (token, time.time() + 300),
                         "error_cb": lambda e: errors.append(str(e))}), errors

    now = int(time.time())
    good = jwt("idp", {"sub": "svc-orders", "aud": "kafka", "exp": now + 300, "iat": now})
    p, _ = client(good)
    p.produce(unique_topic("oauth"), b"x")
    assert p.flush(20) == 0

    for token in [jwt("idp", {"sub": "svc", "aud": "kafka", "exp": now - 600}),
                  jwt("forger", {"sub": "svc", "aud": "kafka", "exp": now + 300}),
                  jwt("idp", {"sub": "svc", "aud": "elsewhere", "exp": now + 300})]:
        p, errors = client(token)
        p.produce(unique_topic("oauth"), b"x")
        assert p.flush(5) == 1, "a bad token was taken"
        assert any("invalid_token" in e for e in errors), errors
    assert good not in b.log_path.read_text(), "a token was logged"


def test_oauthbearer_keys_come_from_an_https_jwks_and_are_refreshed(tmp_path):
    """sasl.oauthbearer.jwks.endpoint.url=https://...: the JWKS is fetched
    over TLS (the server's certificate checked against SSL_CERT_FILE) and
    again every sasl.oauthbearer.jwks.endpoint.refresh.ms: a token signed by
    a key the identity provider publishes later is refused, then taken."""
    import http.server
    import ssl
    import threading

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=tmp_path, check=True, capture_output=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Test CA")
    (tmp_path / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "idp.tls.key", "-out", "idp.csr", "-subj", "/CN=idp")
    openssl("x509", "-req", "-in", "idp.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "idp.pem", "-days", "2", "-extfile", "san.ext")
    published = {"keys": [oauth_rsa_key(tmp_path, "old")]}
    new_key = oauth_rsa_key(tmp_path, "new")

    class Jwks(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(published).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "idp.pem", tmp_path / "idp.tls.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    plain, sasl = free_port(), free_port()
    b = Broker(BIN, tmp_path / "broker", port=plain, name="JWKS broker", overrides=[
        f"listeners=PLAINTEXT://127.0.0.1:{plain},SASL_PLAINTEXT://127.0.0.1:{sasl}",
        "inter.broker.listener.name=PLAINTEXT",
        "sasl.enabled.mechanisms=OAUTHBEARER",
        "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config="
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        "listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class="
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
        f"sasl.oauthbearer.jwks.endpoint.url=https://127.0.0.1:{server.server_address[1]}/jwks",
        "sasl.oauthbearer.jwks.endpoint.refresh.ms=1000",
    ])
    b.env = {"SSL_CERT_FILE": str(tmp_path / "ca.pem")}
    b.start()
    try:
        def produce(token):
            p = Producer({"bootstrap.servers": f"127.0.0.1:{sasl}", "security.protocol": "SASL_PLAINTEXT",
                          "sasl.mechanisms": "OAUTHBEARER", "oauth_cb": lambda _: (token, time.time() + 300)})
            p.produce(unique_topic("jwks"), b"x")
            return p.flush(8)
        now = int(time.time())
        claims = {"sub": "svc", "exp": now + 300, "iat": now}
        assert produce(oauth_jwt(tmp_path, "old", claims, kid="old")) == 0
        later = oauth_jwt(tmp_path, "new", claims, kid="new")
        assert produce(later) == 1, "a token of a key not yet published was taken"
        published["keys"].append(new_key)
        time.sleep(2.5)
        assert produce(later) == 0, "the refreshed JWKS was not used"
    finally:
        b.stop()
        server.shutdown()


def test_kafkas_own_tools_work_with_command_config_over_sasl_ssl(sasl_broker, tmp_path):
    """kafka-topics, kafka-configs (SCRAM users) and kafka-acls, Apache Kafka
    4.4's own classes, with --command-config against the SASL_SSL listener."""
    b = sasl_broker
    config = tmp_path / "admin.properties"
    config.write_text(
        "security.protocol=SASL_SSL\n"
        f"ssl.truststore.location={b.ca}\nssl.truststore.type=PEM\n"
        "sasl.mechanism=PLAIN\n"
        'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required '
        'username="admin" password="admin-Pa55";\n')
    classpath = kafka_tools_classpath()

    def tool(cls, *args, check=True):
        r = subprocess.run(["java", "-Xmx256m", "-cp", classpath, f"org.apache.kafka.tools.{cls}",
                            "--bootstrap-server", f"localhost:{b.ports['SASL_SSL']}",
                            "--command-config", str(config), *args],
                           capture_output=True, text=True, timeout=120)
        assert not check or r.returncode == 0, f"{cls} {args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    topic = unique_topic("kafka-tools")
    tool("TopicCommand", "--create", "--topic", topic, "--partitions", "2")
    assert topic in tool("TopicCommand", "--list").stdout
    tool("ConfigCommand", "--alter", "--entity-type", "users", "--entity-name", "frank",
         "--add-config", "SCRAM-SHA-512=[iterations=8192,password=frank-Scr4m]")
    described = tool("ConfigCommand", "--describe", "--entity-type", "users", "--entity-name", "frank").stdout
    assert "SCRAM-SHA-512=iterations=8192" in described, described
    # frank authenticates with what kafka-configs set.
    p = Producer(rdkafka(b, "SASL_PLAINTEXT", "frank", "frank-Scr4m", "SCRAM-SHA-512"))
    p.produce(topic, b"by frank")
    assert p.flush(20) == 0
    # No authorizer: kafka-acls prints Kafka's SecurityDisabledException.
    acls = tool("AclCommand", "--list", check=False)
    assert acls.returncode != 0 and "No Authorizer is configured on the broker" in acls.stdout + acls.stderr, acls


def test_tributary_users_manages_scram_users(sasl_broker):
    """`tributary users add|list|remove`: the password salted by the tool
    (read from stdin), the user then authenticates; removed, it no longer does."""
    b = sasl_broker
    plain = f"127.0.0.1:{b.ports['PLAINTEXT']}"

    def users(*args, input=None, check=True):
        r = subprocess.run([BIN, "users", *args, "--bootstrap-server", plain], capture_output=True, text=True,
                           timeout=60, input=input)
        assert not check or r.returncode == 0, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    users("add", "gina", "--mechanism", "SCRAM-SHA-256", "--iterations", "4096", "--password-stdin",
          input="gina-Scr4m\n")
    assert "gina\tSCRAM-SHA-256=iterations=4096" in users("list").stdout
    p = Producer(rdkafka(b, "SASL_PLAINTEXT", "gina", "gina-Scr4m", "SCRAM-SHA-256"))
    p.produce(unique_topic("users"), b"x")
    assert p.flush(20) == 0
    bad = users("add", "gina", "--iterations", "100", "--password", "x", check=False)
    assert bad.returncode != 0 and "4096 to 16384" in bad.stderr, bad
    users("remove", "gina", "--mechanism", "SCRAM-SHA-256")
    assert "gina" not in users("list").stdout
    gone = users("remove", "gina", "--mechanism", "SCRAM-SHA-256", check=False)
    assert gone.returncode != 0 and "does not exist" in gone.stderr, gone


def test_frames_before_authentication_are_capped_by_sasl_server_max_receive_size(sasl_broker):
    """Kafka's sasl.server.max.receive.size (512 KiB): a larger frame before
    authentication closes the connection; after it, socket.request.max.bytes
    applies again."""
    addr = f"127.0.0.1:{sasl_broker.ports['SASL_PLAINTEXT']}"
    with kwire.Conn(addr) as conn:
        conn.send(kwire.i32(600_000) + b"\0" * 1000)
        assert conn.closed_by_peer(), "a 600 KB frame was taken before authentication"
    # 3,000 invalid topic names (not created): a Metadata request of ~600 KB.
    names = [f"not!valid-{i:05d}-" + "x" * 180 for i in range(3000)]
    with kwire.Conn(addr) as conn:
        assert handshake(conn) == 0
        assert authenticate(conn, "alice", "alice-Pa55")[0] == 0
        request = kwire.metadata_request_v1(names, correlation_id=9)
        assert len(request) > 524_288
        assert kwire.Reader(conn.roundtrip(request)).i32() == 9


def test_sasl_handshake_v0_takes_raw_tokens(sasl_broker):
    """SaslHandshake v0 (Kafka before 1.0, and kafka-python told so): the
    mechanism's messages then travel as raw frames, a size and the token,
    and are answered the same way. A wrong password closes the connection
    without an answer, as Kafka does; a Kafka request in place of the token
    is taken as a token, never served unauthenticated."""
    b = sasl_broker
    port = b.ports["SASL_PLAINTEXT"]
    with kwire.Conn(f"127.0.0.1:{port}") as c:
        resp = kwire.Reader(c.roundtrip(kwire.request(SASL_HANDSHAKE, 0, kwire.string("PLAIN"), correlation_id=2)))
        assert (resp.i32(), resp.i16()) == (2, 0)
        c.send(kwire.frame(b"\0alice\0alice-Pa55"))
        assert c.recv_frame() == b""  # PLAIN's empty answer
        r = kwire.Reader(c.roundtrip(kwire.metadata_request_v1([], correlation_id=9)))
        assert r.i32() == 9 and r.i32() >= 1  # authenticated: brokers listed
    for token in (b"\0alice\0not-alices-Pa55", kwire.metadata_request_v1([], correlation_id=9)[4:]):
        with kwire.Conn(f"127.0.0.1:{port}") as c:
            resp = kwire.Reader(c.roundtrip(kwire.request(SASL_HANDSHAKE, 0, kwire.string("PLAIN"))))
            assert resp.i32() == 1 and resp.i16() == 0
            c.send(kwire.frame(token))
            with pytest.raises((ConnectionError, OSError)):
                c.recv_frame()

    # A real client: kafka-python pinned to Kafka 0.11 speaks SaslHandshake v0
    # (PLAIN in one token, SCRAM-SHA-512 in two round trips).
    admin = AdminClient(rdkafka(b, "SASL_PLAINTEXT", "admin", "admin-Pa55"))
    admin.alter_user_scram_credentials([UserScramCredentialUpsertion(
        "erin", ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), b"erin-Scr4m")])["erin"].result(15)
    topic = unique_topic("sasl-v0")
    p = Producer(rdkafka(b, "SASL_PLAINTEXT"))
    p.produce(topic, b"v0")
    assert p.flush(30) == 0
    for user, password, mechanism in [("alice", "alice-Pa55", "PLAIN"), ("erin", "erin-Scr4m", "SCRAM-SHA-512")]:
        c = KafkaConsumer(bootstrap_servers=f"localhost:{port}", security_protocol="SASL_PLAINTEXT",
                          sasl_mechanism=mechanism, sasl_plain_username=user, sasl_plain_password=password,
                          api_version=(0, 11, 0), auto_offset_reset="earliest", consumer_timeout_ms=20000)
        c.assign([KafkaPythonPartition(topic, 0)])
        assert [m.value for _, m in zip(range(1), c)] == [b"v0"], mechanism
        c.close()
    assert b.alive()
