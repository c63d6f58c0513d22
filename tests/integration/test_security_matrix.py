"""The security matrix (issue 17's list of real clients over every protocol):
confluent-kafka (librdkafka), kafka-python and kcat (Debian's librdkafka),
each over SSL with a client certificate (mTLS: ssl.client.auth=required, the
certificate's DN mapped to a short name by ssl.principal.mapping.rules) and
over SASL_PLAINTEXT and SASL_SSL with each of PLAIN, SCRAM-SHA-256,
SCRAM-SHA-512 and OAUTHBEARER (RS256 tokens signed in the test by a key of a
file:// JWKS, checked by Kafka's OAuthBearerValidatorCallbackHandler). All
27 cases share ONE broker; each produces a few records (keys, values, a
header) to its own topic and reads them back with the same client over the
same protocol, and the records must come back exactly.

This module owns that cross product only. The finer points stay where they
are: test_ssl.py (key stores, refused certificates, bad TLS input),
test_sasl.py (wrong passwords, re-authentication, the SCRAM admin APIs, bad
tokens), test_acls.py (the authorizer, API by API). The Java client's part of
the matrix is tests/java/.../SecurityTest.java.

Each case authenticates as a principal of its own, and the broker runs the
StandardAuthorizer with only User:ANONYMOUS (the PLAINTEXT listener, used to
set up topics, SCRAM users and ACLs) a super user. A case's principal may
write, read and describe its own topic and read its own group, nothing else:
so the round trip proves the client was authenticated as that very name (an
unmapped DN or a wrong name has no ACL), and a produce to a topic whose ACLs
name someone else must be refused with TOPIC_AUTHORIZATION_FAILED, the
broker's audit log naming the case's principal (ANONYMOUS, a super user,
would have been let in).

Where kcat cannot authenticate, its case checks the broker's refusal
instead (and that nothing reached the topic):
* OAUTHBEARER: kcat has no token callback, and Debian's librdkafka 2.0.2,
  which it links, is built without libcurl, so sasl.oauthbearer.method=oidc
  (fetching a token from an identity provider) is "not supported in this
  build". The only token it can send is librdkafka's built-in unsecured JWT
  (enable.sasl.oauthbearer.unsecure.jwt: alg "none", no signature), which
  the broker must refuse with invalid_token.
* SCRAM-SHA-256/512 with librdkafka before 2.6.1 (Debian's is 2.0.2): its
  client-final message puts the client nonce once more before the combined
  nonce (librdkafka#4895). Apache Kafka 4.x compares the nonce exactly, as
  RFC 5802 asks (the fix of CVE-2024-56128), and refuses it with "Invalid
  client nonce in the final client message."; so does the broker. With a
  newer librdkafka kcat's SCRAM cases are ordinary round trips.
"""

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import (AclBinding, AclOperation, AclPermissionType, AdminClient, NewTopic,
                                   ResourcePatternType, ResourceType, ScramCredentialInfo, ScramMechanism,
                                   UserScramCredentialUpsertion)
from kafka import KafkaConsumer, KafkaProducer
from kafka import TopicPartition as KafkaPythonPartition
from kafka.errors import TopicAuthorizationFailedError
from kafka.net.sasl.oauth import AbstractTokenProvider

from common import (BIN, NO_KCAT, Broker, free_port, kcat_librdkafka_version, make_pki, oauth_jwt, oauth_rsa_key,
                    wait_until)
from test_acls import AUTHORIZER
from test_sasl import SCRAM_JAAS

KCAT = shutil.which("kcat")
CLIENTS = {"confluent-kafka": "ck", "kafka-python": "kp", "kcat": "kc"}
PROTOCOLS = [("SSL", "mTLS"),
             ("SASL_PLAINTEXT", "PLAIN"), ("SASL_PLAINTEXT", "SCRAM-SHA-256"),
             ("SASL_PLAINTEXT", "SCRAM-SHA-512"), ("SASL_PLAINTEXT", "OAUTHBEARER"),
             ("SASL_SSL", "PLAIN"), ("SASL_SSL", "SCRAM-SHA-256"),
             ("SASL_SSL", "SCRAM-SHA-512"), ("SASL_SSL", "OAUTHBEARER")]
SHORT = {"SSL": "ssl", "SASL_PLAINTEXT": "sp", "SASL_SSL": "ss", "mTLS": "mtls", "PLAIN": "plain",
         "SCRAM-SHA-256": "s256", "SCRAM-SHA-512": "s512", "OAUTHBEARER": "oauth"}
CASES = [(c, p, m) for c in CLIENTS for p, m in PROTOCOLS]
# Client certificates' subjects; the rule maps them to their CN, e.g. User:ck-ssl-mtls.
SUBJECT = "/C=PT/O=Tributary/OU=Matrix/CN={}"
MAPPING = "RULE:^CN=([a-z0-9-]+),OU=Matrix,O=Tributary,C=PT$/$1/,DEFAULT"
# A topic with ACLs for someone else only: every case must be refused on it.
FORBIDDEN = "matrix-forbidden"
N_RECORDS = 5
TIMEOUT = 20


def principal(client, protocol, mechanism):
    return f"{CLIENTS[client]}-{SHORT[protocol]}-{SHORT[mechanism]}"


def password(name):
    return f"{name}-Pa55"


def topic_of(name):
    return f"matrix-{name}"


def group_of(name):
    return f"matrix-{name}-group"


def records(name):
    """(key, value, headers) of the records a case sends: kcat -P sets the
    same headers on every record, so every client does."""
    return [(f"k{i}".encode(), f"{name} record {i}".encode(), [("case", name.encode())])
            for i in range(N_RECORDS)]


@pytest.fixture(scope="module")
def matrix():
    """The broker (PLAINTEXT for set-up, SSL with client certificates
    required, SASL_PLAINTEXT and SASL_SSL with all four mechanisms), a CA
    that signed its certificate and one client certificate per mTLS case, a
    JWKS of the identity provider's key, and every case's topic, SCRAM
    credential and ACLs."""
    d = Path(tempfile.mkdtemp(prefix="tributary-it-matrix-"))
    make_pki(d, [(principal(*c), SUBJECT.format(principal(*c))) for c in CASES if c[1] == "SSL"])
    (d / "broker.keystore.pem").write_text((d / "broker.key").read_text() + (d / "broker.pem").read_text())
    (d / "jwks.json").write_text(json.dumps({"keys": [oauth_rsa_key(d, "idp")]}))
    plain_users = " ".join(f'user_{principal(*c)}="{password(principal(*c))}"' for c in CASES if c[2] == "PLAIN")
    jaas = {"plain": f"org.apache.kafka.common.security.plain.PlainLoginModule required {plain_users};",
            "scram-sha-256": SCRAM_JAAS, "scram-sha-512": SCRAM_JAAS,
            "oauthbearer": "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;"}
    ports = {"PLAINTEXT": free_port(), "SSL": free_port(), "SASL_PLAINTEXT": free_port(), "SASL_SSL": free_port()}
    overrides = [
        "listeners=" + ",".join(f"{n}://127.0.0.1:{p}" for n, p in ports.items()),
        "inter.broker.listener.name=PLAINTEXT",
        "ssl.keystore.type=PEM",
        f"ssl.keystore.location={d / 'broker.keystore.pem'}",
        "ssl.truststore.type=PEM",
        f"ssl.truststore.location={d / 'ca.pem'}",
        "listener.name.ssl.ssl.client.auth=required",
        f"listener.name.ssl.ssl.principal.mapping.rules={MAPPING}",
        "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER",
        f"sasl.oauthbearer.jwks.endpoint.url=file://{d / 'jwks.json'}",
        "sasl.oauthbearer.expected.audience=kafka",
        f"authorizer.class.name={AUTHORIZER}",
        "super.users=User:ANONYMOUS",
        "group.initial.rebalance.delay.ms=0",
    ]
    for listener in ("sasl_plaintext", "sasl_ssl"):
        overrides += [f"listener.name.{listener}.{m}.sasl.jaas.config={j}" for m, j in jaas.items()]
        overrides.append(f"listener.name.{listener}.oauthbearer.sasl.server.callback.handler.class="
                         "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler")
    b = Broker(BIN, d / "broker", port=ports["PLAINTEXT"], name="matrix broker", overrides=overrides)
    b.start()
    b.ports, b.pki = ports, d
    try:
        set_up(b)
        yield b
    finally:
        code = b.stop()
        shutil.rmtree(d, ignore_errors=True)
    assert code == 0, f"the matrix broker exited with {code}"


def set_up(b):
    """As User:ANONYMOUS (super user) on PLAINTEXT: the topics, the SCRAM
    credentials, and each principal's ACLs, all in one request each."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    names = [principal(*c) for c in CASES]
    for f in admin.create_topics([NewTopic(topic_of(n), 1) for n in names] + [NewTopic(FORBIDDEN, 1)]).values():
        f.result(TIMEOUT)
    scram = [UserScramCredentialUpsertion(principal(*c), ScramCredentialInfo(
        ScramMechanism.SCRAM_SHA_256 if c[2] == "SCRAM-SHA-256" else ScramMechanism.SCRAM_SHA_512, 4096),
        password(principal(*c)).encode()) for c in CASES if c[2].startswith("SCRAM")]
    for f in admin.alter_user_scram_credentials(scram).values():
        f.result(TIMEOUT)

    def allow(resource_type, resource, name, operation):
        return AclBinding(resource_type, resource, ResourcePatternType.LITERAL, f"User:{name}", "*", operation,
                          AclPermissionType.ALLOW)
    acls = [allow(ResourceType.TOPIC, FORBIDDEN, "someone-else", AclOperation.ALL)]
    for n in names:
        acls += [allow(ResourceType.TOPIC, topic_of(n), n, op)
                 for op in (AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE)]
        acls.append(allow(ResourceType.GROUP, group_of(n), n, AclOperation.READ))
    for f in admin.create_acls(acls).values():
        f.result(TIMEOUT)


def token(b, name):
    """An RS256 JWT for `name`, signed by the JWKS's key."""
    now = int(time.time())
    return oauth_jwt(b.pki, "idp", {"sub": name, "aud": "kafka", "iat": now, "exp": now + 600})


# --- confluent-kafka


def rdkafka_conf(b, protocol, mechanism, name):
    conf = {"bootstrap.servers": f"localhost:{b.ports[protocol]}", "security.protocol": protocol}
    if protocol != "SASL_PLAINTEXT":
        conf["ssl.ca.location"] = str(b.pki / "ca.pem")
    if mechanism == "mTLS":
        conf["ssl.certificate.location"] = str(b.pki / f"{name}.pem")
        conf["ssl.key.location"] = str(b.pki / f"{name}.key")
    elif mechanism == "OAUTHBEARER":
        jwt = token(b, name)
        conf.update({"sasl.mechanisms": mechanism, "oauth_cb": lambda _config: (jwt, time.time() + 600)})
    else:
        conf.update({"sasl.mechanisms": mechanism, "sasl.username": name, "sasl.password": password(name)})
    return conf


def confluent_kafka_case(b, protocol, mechanism, name):
    conf = rdkafka_conf(b, protocol, mechanism, name)
    errors = []
    p = Producer({**conf, "message.timeout.ms": TIMEOUT * 1000})
    for key, value, headers in records(name):
        p.produce(topic_of(name), value, key, headers=headers,
                  on_delivery=lambda err, _msg: err and errors.append(err))
    assert p.flush(TIMEOUT) == 0 and not errors, errors

    c = Consumer({**conf, "group.id": group_of(name), "auto.offset.reset": "earliest",
                  "enable.auto.commit": False})
    c.subscribe([topic_of(name)])
    got, deadline = [], time.monotonic() + TIMEOUT
    while len(got) < N_RECORDS and time.monotonic() < deadline:
        m = c.poll(0.5)
        if m is None:
            continue
        assert m.error() is None, m.error()
        got.append((m.key(), m.value(), m.headers()))
    c.commit(asynchronous=False)  # the group's READ ACL
    c.close()

    refused = []
    p = Producer({**conf, "message.timeout.ms": 5000})
    p.produce(FORBIDDEN, b"not allowed", on_delivery=lambda err, _msg: refused.append(err))
    p.flush(10)
    assert refused and refused[0] is not None, "the produce to a forbidden topic was not refused"
    return got, refused[0].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED, refused[0]


# --- kafka-python


class SignedToken(AbstractTokenProvider):
    """kafka-python's sasl_oauth_token_provider (in 3.x an instance of
    kafka.net.sasl.oauth.AbstractTokenProvider): hands out one signed JWT."""

    def __init__(self, jwt):
        super().__init__()
        self.jwt = jwt

    def token(self):
        return self.jwt


def kafka_python_conf(b, protocol, mechanism, name):
    conf = {"bootstrap_servers": f"localhost:{b.ports[protocol]}", "security_protocol": protocol,
            "request_timeout_ms": TIMEOUT * 1000}
    if protocol != "SASL_PLAINTEXT":
        conf["ssl_cafile"] = str(b.pki / "ca.pem")
    if mechanism == "mTLS":
        conf["ssl_certfile"] = str(b.pki / f"{name}.pem")
        conf["ssl_keyfile"] = str(b.pki / f"{name}.key")
    elif mechanism == "OAUTHBEARER":
        conf.update(sasl_mechanism=mechanism, sasl_oauth_token_provider=SignedToken(token(b, name)))
    else:
        conf.update(sasl_mechanism=mechanism, sasl_plain_username=name, sasl_plain_password=password(name))
    return conf


def kafka_python_case(b, protocol, mechanism, name):
    conf = kafka_python_conf(b, protocol, mechanism, name)
    p = KafkaProducer(**conf, max_block_ms=TIMEOUT * 1000)
    futures = [p.send(topic_of(name), value=value, key=key, headers=headers)
               for key, value, headers in records(name)]
    for f in futures:
        f.get(TIMEOUT)
    try:
        p.send(FORBIDDEN, b"not allowed").get(TIMEOUT)
        refused = None
    except Exception as e:  # noqa: BLE001 - the kind of refusal is what is checked
        refused = e
    p.close(5)

    c = KafkaConsumer(**conf, group_id=group_of(name), enable_auto_commit=False,
                      auto_offset_reset="earliest", consumer_timeout_ms=TIMEOUT * 1000)
    c.assign([KafkaPythonPartition(topic_of(name), 0)])
    got = [(m.key, m.value, list(m.headers)) for _, m in zip(range(N_RECORDS), c)]
    c.commit()  # the group's READ ACL
    c.close()
    return got, isinstance(refused, TopicAuthorizationFailedError), refused


# --- kcat


def kcat_args(b, protocol, mechanism, name):
    args = ["-b", f"localhost:{b.ports[protocol]}", "-X", f"security.protocol={protocol}"]
    if protocol != "SASL_PLAINTEXT":
        args += ["-X", f"ssl.ca.location={b.pki / 'ca.pem'}"]
    if mechanism == "mTLS":
        args += ["-X", f"ssl.certificate.location={b.pki / f'{name}.pem'}",
                 "-X", f"ssl.key.location={b.pki / f'{name}.key'}"]
    elif mechanism == "OAUTHBEARER":
        # The only token kcat can send: unsigned (see the module's docstring).
        args += ["-X", "sasl.mechanisms=OAUTHBEARER", "-X", "enable.sasl.oauthbearer.unsecure.jwt=true",
                 "-X", f"sasl.oauthbearer.config=principal={name}"]
    else:
        args += ["-X", f"sasl.mechanisms={mechanism}", "-X", f"sasl.username={name}",
                 "-X", f"sasl.password={password(name)}"]
    return args


def kcat(*args, input=None):
    return subprocess.run([KCAT, *args], input=input, capture_output=True, timeout=TIMEOUT + 10)


def kcat_produce(args, topic, lines, headers):
    return kcat(*args, "-P", "-t", topic, "-K:", *[a for k, v in headers for a in ("-H", f"{k}={v.decode()}")],
                "-X", "message.timeout.ms=5000", input=lines)


def kcat_case(b, protocol, mechanism, name):
    args = kcat_args(b, protocol, mechanism, name)
    sent = records(name)
    lines = b"".join(key + b":" + value + b"\n" for key, value, _ in sent)
    r = kcat_produce(args, topic_of(name), lines, sent[0][2])
    assert r.returncode == 0 and not r.stderr, r.stderr.decode(errors="replace")
    r = kcat(*args, "-C", "-G", group_of(name), topic_of(name), "-X", "auto.offset.reset=earliest",
             "-c", str(N_RECORDS), "-e", "-q", "-J")
    assert r.returncode == 0, r.stderr.decode(errors="replace")
    got = []
    for line in r.stdout.splitlines():
        j = json.loads(line)
        hs = j.get("headers") or []
        got.append((j["key"].encode(), j["payload"].encode(),
                    [(hs[i], hs[i + 1].encode()) for i in range(0, len(hs), 2)]))
    r = kcat_produce(args, FORBIDDEN, b"not:allowed\n", [])
    stderr = r.stderr.decode(errors="replace")
    return got, r.returncode != 0 and "Broker: Topic authorization failed" in stderr, stderr


def kcat_refusal(mechanism):
    """The broker's words where kcat cannot authenticate (see the module's
    docstring), or None where it can."""
    if mechanism == "OAUTHBEARER":
        return '{"status":"invalid_token"}'
    if mechanism.startswith("SCRAM") and kcat_librdkafka_version(KCAT) < (2, 6, 1):
        return "Invalid client nonce in the final client message."
    return None


def kcat_is_refused(b, protocol, mechanism, name, words):
    args = kcat_args(b, protocol, mechanism, name)
    r = kcat_produce(args, topic_of(name), b"k:refused\n", [])
    stderr = r.stderr.decode(errors="replace")
    assert r.returncode != 0, f"kcat authenticated with {mechanism}: {stderr}"
    assert f"SASL authentication error: {words}" in stderr, stderr
    assert watermarks(b, topic_of(name)) == (0, 0), f"{topic_of(name)} holds records after a refused authentication"


def watermarks(b, topic):
    """(low, high) offsets of the topic's partition, asked on PLAINTEXT."""
    watcher = Consumer({"bootstrap.servers": b.bootstrap, "group.id": "matrix-watermarks"})
    try:
        return watcher.get_watermark_offsets(TopicPartition(topic, 0), timeout=TIMEOUT)
    finally:
        watcher.close()


RUN = {"confluent-kafka": confluent_kafka_case, "kafka-python": kafka_python_case, "kcat": kcat_case}
NO_KCAT_MARK = pytest.mark.skipif(NO_KCAT, reason="TRIBUTARY_NO_KCAT=1: the kcat tests are switched off")


@pytest.mark.parametrize("client,protocol,mechanism", [
    pytest.param(c, p, m, id=f"{c}-{p}-{m}", marks=[NO_KCAT_MARK] if c == "kcat" else []) for c, p, m in CASES])
def test_a_client_authenticates_as_its_own_principal(matrix, client, protocol, mechanism):
    b = matrix
    name = principal(client, protocol, mechanism)
    if client == "kcat":
        assert KCAT, "kcat is not installed (scripts/test installs it with apt-get)"
        refusal = kcat_refusal(mechanism)
        if refusal:
            kcat_is_refused(b, protocol, mechanism, name, refusal)
            return
    got, refused, why = RUN[client](b, protocol, mechanism, name)
    assert got == records(name), f"{name}: read back {got}"
    assert watermarks(b, topic_of(name)) == (0, N_RECORDS), "records other than those read back"
    assert refused, f"{name}: a produce to {FORBIDDEN} was not refused for want of an ACL: {why!r}"
    denial = f"Principal = User:{name} is Denied operation = "
    wait_until(lambda: any(denial in line and f"Topic:{FORBIDDEN}" in line
                           for line in b.log_path.read_text(errors="replace").splitlines()),
               5, f"the audit log's denial of {name} on {FORBIDDEN}")
