"""Nodes reach each other over secured listeners (issue 17): three nodes
whose inter-broker listener is SASL_SSL (PLAIN, the broker's own user, TLS
with client certificates required) and whose controller listener (the
metadata quorum) is SSL with client certificates required. The quorum
forms over TLS; the replica fetchers speak TLS, present the broker's key
store, authenticate as User:broker (a super user) and replicate; neither
port answers plaintext."""

import socket

from confluent_kafka import Producer
from confluent_kafka.admin import (AclBinding, AclOperation, AclPermissionType, AdminClient,
                                   ResourcePatternType, ResourceType)

import kwire
from cluster import CLUSTER_OVERRIDES, Cluster
from common import BIN, free_port, unique_topic
from test_ssl import pki  # noqa: F401 (the fixture)

AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
JAAS = ('org.apache.kafka.common.security.plain.PlainLoginModule required '
        'username="broker" password="broker-Pa55" user_broker="broker-Pa55";')


def test_the_quorum_forms_over_tls_and_replicas_fetch_over_sasl_ssl(pki, tmp_path):  # noqa: F811
    keystore = tmp_path / "broker-keystore.pem"
    keystore.write_text((pki / "broker.key").read_text() + (pki / "broker.pem").read_text())
    c = Cluster(BIN, tmp_path)
    voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in c.nodes)
    for n in c.nodes:
        n.internal_port = free_port()
        n.write_config(voters, {
            **CLUSTER_OVERRIDES,
            "listeners": f"PLAINTEXT://127.0.0.1:{n.port},CONTROLLER://127.0.0.1:{n.controller_port},"
                         f"INTERNAL://127.0.0.1:{n.internal_port}",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:SSL,INTERNAL:SASL_SSL",
            "listener.name.controller.ssl.keystore.location": str(keystore),
            "listener.name.controller.ssl.truststore.type": "PEM",
            "listener.name.controller.ssl.truststore.location": str(pki / "ca.pem"),
            "listener.name.controller.ssl.client.auth": "required",
            "inter.broker.listener.name": "INTERNAL",
            "sasl.mechanism.inter.broker.protocol": "PLAIN",
            "listener.name.internal.sasl.enabled.mechanisms": "PLAIN",
            "listener.name.internal.plain.sasl.jaas.config": JAAS,
            "listener.name.internal.ssl.keystore.location": str(keystore),
            "listener.name.internal.ssl.truststore.type": "PEM",
            "listener.name.internal.ssl.truststore.location": str(pki / "ca.pem"),
            "listener.name.internal.ssl.client.auth": "required",
            "authorizer.class.name": AUTHORIZER,
            "super.users": "User:broker",
            # The test's plaintext clients may use what no ACL names.
            "allow.everyone.if.no.acl.found": "true",
        })
    c.start()
    try:
        admin = AdminClient({"bootstrap.servers": c.bootstrap})
        # User:ANONYMOUS may describe the cluster, not act as a replica.
        for f in admin.create_acls([
            AclBinding(ResourceType.BROKER, "kafka-cluster", ResourcePatternType.LITERAL,
                       "User:ANONYMOUS", "*", AclOperation.CLUSTER_ACTION, AclPermissionType.DENY),
            AclBinding(ResourceType.BROKER, "kafka-cluster", ResourcePatternType.LITERAL,
                       "User:ANONYMOUS", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW),
        ]).values():
            f.result(20)
        topic = unique_topic("ib-sasl-ssl")
        c.create_topic(topic, 2, 3)
        c.wait_full_isr(topic, 2, timeout=30)
        p = Producer({"bootstrap.servers": c.bootstrap, "acks": "all"})
        for i in range(200):
            p.produce(topic, f"m{i}".encode(), partition=i % 2)
        assert p.flush(30) == 0
        c.wait_same_logs(topic, 2, timeout=30)
        assert c.wait_full_isr(topic, 2, timeout=30)
        n1 = c.node(1)
        for n in c.nodes:
            log = n.log_path.read_text(errors="replace")
            assert "Failed authentication" not in log, f"a replica fetcher failed to authenticate to node {n.node_id}"
        # Both ports speak TLS only: a plaintext request gets no answer but a TLS alert.
        for port in (n1.internal_port, n1.controller_port):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(kwire.api_versions_request())
                s.settimeout(5)
                try:
                    data = s.recv(64)
                except (ConnectionResetError, socket.timeout):
                    data = b""
            assert not data or data[0] == 21, f"port {port} answered plaintext: {data[:16].hex()}"
    finally:
        for n in c.nodes:
            if n.alive():
                n.stop()
