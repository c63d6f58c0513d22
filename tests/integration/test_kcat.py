"""kcat (librdkafka as Debian ships it): metadata listing and a 10,000-message keyed
round trip with headers in every codec, into a topic made by `tributary topics create`."""

import json
import re
import shutil
import subprocess
import time

import pytest

from common import (NO_KCAT, CODECS, N_PARTITIONS, Got, assert_compressed, check_round_trip, kcat_librdkafka_version,
                    make_messages, unique_topic)

if NO_KCAT:
    pytest.skip("TRIBUTARY_NO_KCAT=1: the kcat tests are switched off", allow_module_level=True)

KCAT = shutil.which("kcat")
TIMEOUT = 60


@pytest.fixture(scope="module")
def kcat():
    assert KCAT, "kcat is not installed (scripts/test installs it with apt-get)"
    return KCAT


def run_kcat(args, input=None):
    r = subprocess.run([KCAT, *args], input=input, capture_output=True, timeout=TIMEOUT)
    assert r.returncode == 0, f"kcat {args} exited {r.returncode}: {r.stderr.decode(errors='replace')[-2000:]}"
    return r


def test_list_metadata(broker, kcat):
    topic = unique_topic("kcat-md")
    broker.cli("topics", "create", topic, "--partitions", "2")
    r = run_kcat(["-b", broker.bootstrap, "-L", "-J"])
    md = json.loads(r.stdout)
    assert [(b["id"], b["name"]) for b in md["brokers"]] == [(1, broker.bootstrap)]
    topics = {t["topic"]: t for t in md["topics"]}
    assert topic in topics, f"{topic} not in kcat -L output {sorted(topics)}"
    assert [p["partition"] for p in topics[topic]["partitions"]] == [0, 1]
    for p in topics[topic]["partitions"]:
        assert p["leader"] == 1 and [r["id"] for r in p["replicas"]] == [1]


@pytest.mark.parametrize("codec", CODECS)
def test_round_trip(broker, kcat, codec):
    topic = unique_topic(f"kcat-{codec}")
    broker.cli("topics", "create", topic, "--partitions", str(N_PARTITIONS))
    # kcat -P takes one static set of headers for all messages; keys and values vary.
    headers = [("origin", b"kcat"), ("codec", codec.encode()), ("origin", b"again")]
    sent = make_messages(f"kcat-{codec}", headers=False)
    lines = b"".join(m.key + b":" + m.value + b"\n" for m in sent)
    header_args = [a for k, v in headers for a in ("-H", f"{k}={v.decode()}")]
    t0 = int(time.time() * 1000)
    r = run_kcat(
        ["-b", broker.bootstrap, "-t", topic, "-P", "-K:", "-z", codec, *header_args, "-X", "linger.ms=20", "-d", "msg"],
        input=lines,
    )
    t1 = int(time.time() * 1000)
    # What librdkafka actually sent. librdkafka < 2.10 only uses gzip, snappy and lz4
    # when the broker lists Produce v0 ("Broker does not support compression type");
    # like Kafka 4.0, tributary starts at v3, so Debian's kcat sends those uncompressed.
    sent_as = set(re.findall(rb"Produce MessageSet with \d+ message\(s\) \(.*, (\w+)\)\s*$", r.stderr, re.M))
    assert len(sent_as) == 1, f"kcat's batches went out as {sent_as}"
    sent_as = sent_as.pop().decode()
    sent_as = "none" if sent_as == "uncompressed" else sent_as
    if codec in ("none", "zstd") or kcat_librdkafka_version(KCAT) >= (2, 10):
        assert sent_as == codec, f"kcat -z {codec} sent {sent_as} batches"

    r = run_kcat(["-b", broker.bootstrap, "-t", topic, "-C", "-e", "-q", "-o", "beginning", "-J"])
    got = []
    for line in r.stdout.splitlines():
        j = json.loads(line)
        hs = j.get("headers") or []
        pairs = [(hs[i], hs[i + 1].encode()) for i in range(0, len(hs), 2)]
        assert j["tstype"] == "create", j
        assert t0 - 1000 <= j["ts"] <= t1 + 1000, f"timestamp {j['ts']} outside the produce window {t0}..{t1}"
        got.append(
            Got(j["partition"], j["offset"], j["key"].encode(), j["payload"].encode(), pairs, j["ts"], j["tstype"])
        )
    # kcat -C prints partitions interleaved; offsets order within each partition.
    got.sort(key=lambda g: (g.partition, g.offset))
    check_round_trip(sent, got, expected_headers=headers, check_ts=False)
    assert_compressed(broker, topic, sent_as, sent)
