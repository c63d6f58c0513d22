"""ACLs (issue 17): with authorizer.class.name=...StandardAuthorizer the
broker decides as Kafka's StandardAuthorizer. super.users may do everything;
everyone else only what an ACL allows (allow.everyone.if.no.acl.found is off
by default), a DENY winning over any ALLOW. ACLs are managed with
CreateAcls / DescribeAcls / DeleteAcls (confluent-kafka's AdminClient and
Kafka's own kafka-acls), kept in the metadata log across restarts, and every
API answers Kafka's TOPIC_/GROUP_/CLUSTER_AUTHORIZATION_FAILED."""

import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (AclBinding, AclBindingFilter, AclOperation, AclPermissionType,
                                   AdminClient, ConfigResource, NewTopic, ResourcePatternType,
                                   ResourceType)

import kwire
from common import BIN, Broker, free_port, kafka_tools_classpath, unique_topic, wait_until
from test_sasl import authenticate, handshake

AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
PASSWORDS = {"admin": "admin-Pa55", "alice": "alice-Pa55", "bob": "bob-Pa55"}
JAAS = ('org.apache.kafka.common.security.plain.PlainLoginModule required '
        'username="admin" password="admin-Pa55" '
        + " ".join(f'user_{u}="{p}"' for u, p in PASSWORDS.items()) + ";")


@pytest.fixture(scope="module")
def acl_broker():
    """A PLAINTEXT listener (its clients are User:ANONYMOUS) and a
    SASL_PLAINTEXT one with PLAIN users admin (a super user), alice and bob."""
    ports = {"PLAINTEXT": free_port(), "SASL_PLAINTEXT": free_port()}
    base = tempfile.mkdtemp(prefix="tributary-it-acls-")
    b = Broker(BIN, base, port=ports["PLAINTEXT"], name="ACL broker", overrides=[
        "listeners=" + ",".join(f"{n}://127.0.0.1:{p}" for n, p in ports.items()),
        "inter.broker.listener.name=PLAINTEXT",
        "sasl.enabled.mechanisms=PLAIN",
        f"listener.name.sasl_plaintext.plain.sasl.jaas.config={JAAS}",
        f"authorizer.class.name={AUTHORIZER}",
        "super.users=User:admin",
    ])
    b.start()
    b.ports = ports
    yield b
    code = b.stop()
    shutil.rmtree(base, ignore_errors=True)
    assert code == 0, f"the ACL broker exited with {code}"


def conf(b, user, **extra):
    return {"bootstrap.servers": f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}",
            "security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": "PLAIN",
            "sasl.username": user, "sasl.password": PASSWORDS[user], **extra}


def admin(b, user="admin"):
    """One AdminClient per user, kept: a client dropped before its futures
    complete fails them."""
    if not hasattr(b, "admins"):
        b.admins = {}
    if user not in b.admins:
        b.admins[user] = AdminClient(conf(b, user))
    return b.admins[user]


def allow(resource_type, name, principal, operation, pattern=ResourcePatternType.LITERAL,
          permission=AclPermissionType.ALLOW):
    return AclBinding(resource_type, name, pattern, principal, "*", operation, permission)


def create_acls(b, *bindings):
    for f in admin(b).create_acls(list(bindings)).values():
        f.result(20)


def create_topic(b, topic, partitions=1):
    admin(b).create_topics([NewTopic(topic, partitions)])[topic].result(20)


def produce_error(b, user, topic):
    """The error of producing one message as `user` (None: delivered)."""
    errors = []
    p = Producer(conf(b, user, **{"message.timeout.ms": 8000}))
    p.produce(topic, b"v", on_delivery=lambda err, _msg: errors.append(err))
    p.flush(15)
    assert errors, "no delivery report"
    return errors[0]


def consume(b, user, topic, group, count):
    c = Consumer(conf(b, user, **{"group.id": group, "auto.offset.reset": "earliest",
                                  "enable.auto.commit": False}))
    c.subscribe([topic])
    got, deadline, error = [], time.monotonic() + 30, None
    while len(got) < count and time.monotonic() < deadline:
        m = c.poll(1)
        if m is None:
            continue
        if m.error():
            error = m.error()
            break
        got.append(m.value())
    if error is None:
        c.commit(asynchronous=False)
    c.close()
    return got, error


def test_without_acls_only_super_users_may_act(acl_broker):
    b = acl_broker
    topic = unique_topic("acl-default")
    create_topic(b, topic)
    err = produce_error(b, "alice", topic)
    assert err is not None and err.code() == KafkaError.TOPIC_AUTHORIZATION_FAILED, err
    # Metadata lists only the topics the client may Describe: none.
    assert topic not in admin(b, "alice").list_topics(timeout=10).topics
    assert topic in admin(b).list_topics(timeout=10).topics
    # A PLAINTEXT client is User:ANONYMOUS, no super user: it sees nothing either.
    anon = AdminClient({"bootstrap.servers": f"127.0.0.1:{b.ports['PLAINTEXT']}"})  # noqa: kept below
    assert topic not in anon.list_topics(timeout=10).topics
    # Creating a topic needs Create on the cluster or the topic.
    f = admin(b, "alice").create_topics([NewTopic(unique_topic("acl-nope"), 1)])
    with pytest.raises(KafkaException) as e:
        list(f.values())[0].result(20)
    assert e.value.args[0].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED


def test_allowed_users_produce_consume_and_commit_others_are_refused(acl_broker):
    b = acl_broker
    prefix = f"orders-{uuid.uuid4().hex[:8]}-"
    topic, group = prefix + "eu", f"billing-{uuid.uuid4().hex[:6]}"
    create_topic(b, topic)
    create_acls(b,
                allow(ResourceType.TOPIC, prefix, "User:alice", AclOperation.WRITE,
                      ResourcePatternType.PREFIXED),
                allow(ResourceType.TOPIC, prefix, "User:alice", AclOperation.READ,
                      ResourcePatternType.PREFIXED),
                allow(ResourceType.GROUP, group, "User:alice", AclOperation.READ))
    assert produce_error(b, "alice", topic) is None
    got, error = consume(b, "alice", topic, group, 1)
    assert error is None and got == [b"v"], (got, error)
    # Read and Write imply Describe: alice sees the topic, bob does not.
    assert topic in admin(b, "alice").list_topics(timeout=10).topics
    assert topic not in admin(b, "bob").list_topics(timeout=10).topics
    # The committed offset is there for alice.
    c = Consumer(conf(b, "alice", **{"group.id": group}))
    assert c.committed([TopicPartition(topic, 0)], timeout=10)[0].offset == 1
    c.close()
    # bob: no Write, no Read on the topic, no Read on the group.
    err = produce_error(b, "bob", topic)
    assert err.code() == KafkaError.TOPIC_AUTHORIZATION_FAILED, err
    _, error = consume(b, "bob", topic, group, 1)
    assert error is not None and error.code() in (KafkaError.GROUP_AUTHORIZATION_FAILED,
                                                  KafkaError.TOPIC_AUTHORIZATION_FAILED), error
    # Describing the topic's configs needs DescribeConfigs (or AlterConfigs).
    f = admin(b, "alice").describe_configs([ConfigResource(ConfigResource.Type.TOPIC, topic)])
    with pytest.raises(KafkaException) as e:
        list(f.values())[0].result(20)
    assert e.value.args[0].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED


def test_deny_wins_over_allow(acl_broker):
    b = acl_broker
    topic, group = unique_topic("acl-deny"), f"g-{uuid.uuid4().hex[:6]}"
    create_topic(b, topic)
    assert produce_error(b, "admin", topic) is None
    create_acls(b,
                allow(ResourceType.TOPIC, topic, "User:*", AclOperation.READ),
                allow(ResourceType.GROUP, "*", "User:*", AclOperation.ALL),
                allow(ResourceType.TOPIC, topic, "User:bob", AclOperation.READ,
                      permission=AclPermissionType.DENY))
    got, error = consume(b, "alice", topic, group, 1)
    assert error is None and got == [b"v"], (got, error)
    _, error = consume(b, "bob", topic, group + "-bob", 1)
    assert error is not None and error.code() == KafkaError.TOPIC_AUTHORIZATION_FAILED, error


def test_create_and_delete_topics_need_their_acls(acl_broker):
    b = acl_broker
    prefix = f"tmp-{uuid.uuid4().hex[:8]}-"
    topic = prefix + "t"
    create_acls(b, allow(ResourceType.TOPIC, prefix, "User:alice", AclOperation.CREATE,
                         ResourcePatternType.PREFIXED))
    a = admin(b, "alice")
    a.create_topics([NewTopic(topic, 1)])[topic].result(20)
    with pytest.raises(KafkaException) as e:
        a.delete_topics([topic])[topic].result(20)
    assert e.value.args[0].code() == KafkaError.TOPIC_AUTHORIZATION_FAILED
    create_acls(b, allow(ResourceType.TOPIC, topic, "User:alice", AclOperation.DELETE))
    a.delete_topics([topic])[topic].result(20)


def test_acls_are_described_deleted_and_need_cluster_rights(acl_broker):
    b = acl_broker
    name = f"described-{uuid.uuid4().hex[:8]}"
    binding = allow(ResourceType.TOPIC, name, "User:carol", AclOperation.READ)
    create_acls(b, binding)
    everything = AclBindingFilter(ResourceType.ANY, None, ResourcePatternType.ANY, None, None,
                                  AclOperation.ANY, AclPermissionType.ANY)
    assert binding in admin(b).describe_acls(everything).result(20)
    # MATCH finds the ACLs that apply to a name: the literal one, not others.
    match = AclBindingFilter(ResourceType.TOPIC, name, ResourcePatternType.MATCH, None, None,
                             AclOperation.ANY, AclPermissionType.ANY)
    assert admin(b).describe_acls(match).result(20) == [binding]
    # Others may not read or change ACLs. (librdkafka leaves DescribeAcls'
    # top-level error unread, so the wire shows it: v1 as User:ANONYMOUS.)
    body = (kwire.i8(1) + kwire.i16(-1) + kwire.i8(1) + kwire.i16(-1) + kwire.i16(-1)
            + kwire.i8(1) + kwire.i8(1))
    with kwire.Conn(f"127.0.0.1:{b.ports['PLAINTEXT']}") as conn:
        r = kwire.Reader(conn.roundtrip(kwire.request(29, 1, body, correlation_id=5)))
        assert r.i32() == 5
        r.i32()  # throttle
        assert (r.i16(), r.string(), r.i32()) == (31, "Cluster authorization failed.", 0)
    with pytest.raises(KafkaException) as e:
        list(admin(b, "alice").create_acls([binding]).values())[0].result(20)
    assert e.value.args[0].code() == KafkaError.CLUSTER_AUTHORIZATION_FAILED
    literal = AclBindingFilter(ResourceType.TOPIC, name, ResourcePatternType.LITERAL, None, None,
                               AclOperation.ANY, AclPermissionType.ANY)
    deleted = list(admin(b).delete_acls([literal]).values())[0].result(20)
    assert deleted == [binding]
    assert admin(b).describe_acls(literal).result(20) == []


def test_invalid_acls_get_invalid_request(acl_broker):
    """On the wire (CreateAcls v1), so that no client refuses first: a MATCH
    pattern cannot be stored, nor a CLUSTER resource not named
    kafka-cluster, nor a principal without a type; the valid one is kept."""
    b = acl_broker
    name = f"wire-{uuid.uuid4().hex[:8]}"

    def creation(resource_type, resource, pattern, principal="User:x"):
        return (kwire.i8(resource_type) + kwire.string(resource) + kwire.i8(pattern)
                + kwire.string(principal) + kwire.string("*") + kwire.i8(3) + kwire.i8(3))
    body = kwire.array([creation(2, name, 2), creation(4, "other", 3),
                        creation(2, name, 3, principal="nocolon"), creation(2, name, 3)])

    def create(conn):
        r = kwire.Reader(conn.roundtrip(kwire.request(30, 1, body, correlation_id=7)))
        assert r.i32() == 7
        r.i32()  # throttle
        return [(r.i16(), r.string()) for _ in range(r.i32())]

    with kwire.Conn(f"127.0.0.1:{b.ports['PLAINTEXT']}") as conn:
        # User:ANONYMOUS is no super user: refused, every one.
        assert [c for c, _ in create(conn)] == [31] * 4  # CLUSTER_AUTHORIZATION_FAILED
    with kwire.Conn(f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}") as conn:
        assert handshake(conn) == 0
        assert authenticate(conn, "admin", PASSWORDS["admin"])[0] == 0
        results = create(conn)
    assert results == [(42, "Invalid patternType 2"),
                       (42, "The only valid name for the CLUSTER resource is kafka-cluster"),
                       (42, "Could not parse principal from `nocolon` (no colon is present "
                            "separating the principal type from the principal name)"),
                       (0, "")], results  # Kafka answers a success with ""
    literal = AclBindingFilter(ResourceType.TOPIC, name, ResourcePatternType.ANY, None, None,
                               AclOperation.ANY, AclPermissionType.ANY)
    assert admin(b).describe_acls(literal).result(20) == [
        allow(ResourceType.TOPIC, name, "User:x", AclOperation.READ)]
    assert b.alive()


def test_acls_survive_a_restart(acl_broker):
    b = acl_broker
    topic = unique_topic("acl-restart")
    create_topic(b, topic)
    create_acls(b, allow(ResourceType.TOPIC, topic, "User:bob", AclOperation.WRITE))
    assert produce_error(b, "bob", topic) is None
    b.restart()
    b.admins = {}
    assert produce_error(b, "bob", topic) is None
    assert produce_error(b, "alice", topic).code() == KafkaError.TOPIC_AUTHORIZATION_FAILED


def command_config(tmp_path, user="admin"):
    """A client properties file (--command-config) for `user` over SASL_PLAINTEXT PLAIN."""
    config = tmp_path / f"{user}.properties"
    config.write_text(
        "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
        'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required '
        f'username="{user}" password="{PASSWORDS[user]}";\n')
    return config


def test_kafkas_own_acl_tool_manages_acls(acl_broker, tmp_path):
    """kafka-acls (Apache Kafka 4.4's AclCommand) with --command-config as admin."""
    b = acl_broker
    config = command_config(tmp_path)
    classpath = kafka_tools_classpath()
    topic = unique_topic("acl-tool")

    def acls(*args):
        r = subprocess.run(["java", "-Xmx256m", "-cp", classpath, "org.apache.kafka.tools.AclCommand",
                            "--bootstrap-server", f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}",
                            "--command-config", str(config), *args],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r.stdout

    acls("--add", "--allow-principal", "User:bob", "--producer", "--topic", topic)
    listed = acls("--list", "--topic", topic)
    assert "principal=User:bob" in listed and "operation=WRITE" in listed, listed
    create_topic(b, topic)
    assert produce_error(b, "bob", topic) is None
    acls("--remove", "--force", "--allow-principal", "User:bob", "--producer", "--topic", topic)
    assert "User:bob" not in acls("--list", "--topic", topic)
    assert produce_error(b, "bob", topic).code() == KafkaError.TOPIC_AUTHORIZATION_FAILED


def test_acls_hold_across_a_cluster_and_a_leader_change(tmp_path):
    """Three nodes; clients on SASL_PLAINTEXT, the nodes' own traffic on
    PLAINTEXT (User:ANONYMOUS a super user, as Kafka's docs advise for a
    plaintext inter-broker listener). An ACL created through one node
    applies on every node, and still after the partition leader is killed
    and the node restarts."""
    from cluster import CLUSTER_OVERRIDES, Cluster
    c = Cluster(BIN, tmp_path)
    voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in c.nodes)
    for n in c.nodes:
        n.sasl_port = free_port()
        n.write_config(voters, {
            **CLUSTER_OVERRIDES,
            "listeners": f"PLAINTEXT://127.0.0.1:{n.port},CONTROLLER://127.0.0.1:{n.controller_port},"
                         f"SASL_PLAINTEXT://127.0.0.1:{n.sasl_port}",
            "listener.security.protocol.map":
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
            "sasl.enabled.mechanisms": "PLAIN",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config": JAAS,
            "authorizer.class.name": AUTHORIZER,
            "super.users": "User:admin;User:ANONYMOUS",
        })
    c.start()

    class Via:
        """What the helpers above need of a broker: the SASL port of `nodes`."""
        def __init__(self, nodes):
            self.ports = {"SASL_PLAINTEXT": nodes[0].sasl_port}
    try:
        topic = unique_topic("acl-cluster")
        via1 = Via([c.node(1)])
        create_topic(via1, topic)
        c.wait_full_isr(topic, 1, timeout=20)
        create_acls(via1, allow(ResourceType.TOPIC, topic, "User:bob", AclOperation.WRITE))
        leader = c.node(c.wait_full_isr(topic, 1, timeout=20)[0]["leader"])
        others = c.others(leader)
        via_leader, via_other = Via([leader]), Via(others)
        # Through whichever node: bob may write, alice may not.
        assert produce_error(via_leader, "bob", topic) is None
        assert produce_error(via_other, "alice", topic).code() == KafkaError.TOPIC_AUTHORIZATION_FAILED
        leader.kill9()
        wait_until(lambda: (others[0].partitions(topic) or {}).get(0, {}).get("leader") in
                   [n.node_id for n in others], 30, "a new leader")
        assert produce_error(via_other, "bob", topic) is None
        assert produce_error(via_other, "alice", topic).code() == KafkaError.TOPIC_AUTHORIZATION_FAILED
        c.heal()
        # The restarted node replayed the ACL from the metadata log.
        restarted = Via([leader])
        everything = AclBindingFilter(ResourceType.TOPIC, topic, ResourcePatternType.LITERAL, None,
                                      None, AclOperation.ANY, AclPermissionType.ANY)
        assert admin(restarted).describe_acls(everything).result(20) == [
            allow(ResourceType.TOPIC, topic, "User:bob", AclOperation.WRITE)]
    finally:
        for n in c.nodes:
            if n.alive():
                n.stop()


def test_tributarys_acls_command_manages_acls(acl_broker, broker, tmp_path):
    """`tributary acls add|list|remove` with --command-config as admin: bob may
    produce after `add` and no longer after `remove`; the broker's refusals go
    to stderr with exit 1, a bad flag is a usage error (exit 2)."""
    b = acl_broker
    sasl = f"127.0.0.1:{b.ports['SASL_PLAINTEXT']}"
    admin_config = command_config(tmp_path)
    topic = unique_topic("acl-cli")

    def acls(*args, server=sasl, config=admin_config, expect=0):
        flags = ["--command-config", str(config)] if config else []
        r = subprocess.run([BIN, "acls", *args, "--bootstrap-server", server, *flags],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == expect, f"{args}: {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    line = [f"Topic:LITERAL:{topic}", "User:bob", "*", "WRITE", "ALLOW"]
    create_topic(b, topic)
    assert produce_error(b, "bob", topic).code() == KafkaError.TOPIC_AUTHORIZATION_FAILED
    added = acls("add", "--allow-principal", "User:bob", "--operation", "WRITE", "--topic", topic)
    assert added.stdout.split() == line, added.stdout
    assert produce_error(b, "bob", topic) is None
    assert acls("list", "--topic", topic).stdout.split() == line
    assert " ".join(line) in " ".join(acls("list", "--principal", "User:bob").stdout.split())
    assert acls("list", "--topic", topic, "--resource-pattern-type", "prefixed").stdout == ""
    assert acls("list", "--topic", topic, "--principal", "User:alice").stdout == ""
    # The convenience flags: a consumer's ACLs, listed as the broker keeps them.
    group = f"cli-{uuid.uuid4().hex[:6]}"
    acls("add", "--allow-principal", "User:alice", "--consumer", "--topic", topic, "--group", group)
    listed = acls("list", "--principal", "User:alice", "--resource-pattern-type", "any").stdout
    assert [ln.split() for ln in listed.splitlines() if topic in ln or group in ln] == [
        [f"Topic:LITERAL:{topic}", "User:alice", "*", "READ", "ALLOW"],
        [f"Topic:LITERAL:{topic}", "User:alice", "*", "DESCRIBE", "ALLOW"],
        [f"Group:LITERAL:{group}", "User:alice", "*", "READ", "ALLOW"]], listed
    removed = acls("remove", "--principal", "User:bob", "--operation", "write", "--topic", topic)
    assert removed.stdout.split() == line, removed.stdout
    assert acls("list", "--topic", topic, "--principal", "User:bob").stdout == ""
    assert produce_error(b, "bob", topic).code() == KafkaError.TOPIC_AUTHORIZATION_FAILED
    again = acls("remove", "--principal", "User:bob", "--topic", topic)
    assert again.stdout == "" and "nothing removed" in again.stderr, again
    acls("remove", "--topic", topic, "--group", group)
    assert acls("list", "--topic", topic).stdout == ""

    # The broker's refusals: alice may not manage ACLs, nor may User:ANONYMOUS.
    r = acls("add", "--allow-principal", "User:alice", "--operation", "READ", "--topic", topic,
             config=command_config(tmp_path, "alice"), expect=1)
    assert r.stdout == "" and "CLUSTER_AUTHORIZATION_FAILED" in r.stderr, r.stderr
    r = acls("list", server=f"127.0.0.1:{b.ports['PLAINTEXT']}", config=None, expect=1)
    assert "CLUSTER_AUTHORIZATION_FAILED: Cluster authorization failed." in r.stderr, r.stderr
    # A broker without an authorizer.
    r = acls("list", server=broker.bootstrap, config=None, expect=1)
    assert "SECURITY_DISABLED: No Authorizer is configured on the broker" in r.stderr, r.stderr
    r = acls("add", "--allow-principal", "User:bob", "--operation", "WRITE", "--topic", topic,
             server=broker.bootstrap, config=None, expect=1)
    assert "SECURITY_DISABLED" in r.stderr, r.stderr
    # Checked before connecting: a principal without a type, an operation
    # that does not apply to the resource.
    r = acls("add", "--allow-principal", "bob", "--operation", "WRITE", "--topic", topic, expect=2)
    assert "Could not parse principal from `bob`" in r.stderr, r.stderr
    r = acls("add", "--allow-principal", "User:bob", "--operation", "CLUSTER_ACTION", "--topic",
             topic, expect=2)
    assert "does not apply to a Topic" in r.stderr, r.stderr
