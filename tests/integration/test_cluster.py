"""A three-node cluster (every node a broker and a metadata controller) of real
tributary processes, under failures: SIGKILL of a partition leader and of the
metadata quorum leader, SIGSTOP of a leader (a paused node, like a network
partition), and a controlled shutdown (SIGTERM) followed by preferred-leader
restoration. Produce/consume histories are checked for lost, duplicated,
reordered, misplaced, phantom and unstable records (checker.py).

One cluster serves the whole module (starting one costs seconds on a small
machine); the `cluster` fixture heals it (resumes, restarts, waits until every
broker is live) before each test, and each test uses its own topics. Timeouts are
short (cluster.CLUSTER_OVERRIDES): a broker is fenced 3 s after its last
heartbeat, and leaders are rebalanced every 3 s. The figures the tests measure
(failover, election, shutdown times) are printed: run with -s to see them.
"""

import struct
import subprocess
import sys
import threading
import time

import pytest
from confluent_kafka import Producer

import checker
import kwire
from cluster import Workload, module_cluster, read_all
from common import BIN, unique_topic, wait_until

PARTITIONS = 6
FAILOVER_LIMIT = 15.0  # s from a leader's death to a new leader serving writes
ELECTION_LIMIT = 10.0  # s from the quorum leader's death to a new quorum leader
REJOIN_LIMIT = 30.0  # s from a restart to the node being back in every ISR
PAUSE_LIMIT = 12.0  # s a leader stays paused at most, waiting for writes to resume without it

# Regressions these tests caught in binaries built before commit fe19abc (which fixed them):
# - a follower stayed blocked in a Fetch to a paused leader after the leadership
#   moved, so the new leader shrank the ISR to itself and refused acks=all writes
#   (NOT_ENOUGH_REPLICAS) until the old leader woke up (test 3);
# - that blocked Fetch, answered once the old leader woke up, was appended to the
#   new leader's log: writes the deposed leader took after its pause (and answered
#   NOT_LEADER_OR_FOLLOWER) were committed (test 3, the probes);
# - broker heartbeats stuck for 5 s on a paused quorum leader made the new one fence
#   live brokers, itself included, leaving partitions without a leader (test 3b).


def figure(text):
    print(f"\n[cluster figure] {text}", flush=True)


@pytest.fixture(scope="module")
def cluster_nodes():
    yield from module_cluster(BIN, "tributary-it-cluster-")


@pytest.fixture
def cluster(cluster_nodes):
    """The module's cluster, with every node running and every broker live."""
    cluster_nodes.heal()
    return cluster_nodes


def read_settled(bootstrap, topic, ends, timeout=10):
    """read_all once every high watermark has reached the replicas' common log
    end. Right after a leadership move (a preferred leader coming back) the new
    leader's high watermark may trail its log end until the followers have
    fetched from it, as in Kafka; it must catch up within `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        final, hw = read_all(bootstrap, topic, len(ends))
        if hw == ends:
            return final
        assert time.monotonic() < deadline, f"high watermarks {hw} != replica log end offsets {ends}"
        time.sleep(0.2)


def leaders(parts):
    return {i: p["leader"] for i, p in parts.items()}


def raw_write(cluster, nodes, topic, partition, history, value, timeout_ms=1500):
    """One acks=all record written with a raw Produce request to the partition's leader
    as `nodes` see it; recorded in `history` (producer "raw"). Returns the error code
    (None when there is no leader or no answer)."""
    ps = nodes[0].partitions(topic, timeout=1)
    leader = ps and ps[partition]["leader"]
    if not leader or leader < 0:
        return None
    v = value.encode()
    history.sent(v, partition, producer="raw")
    batch = kwire.record_batch([(None, v)])
    try:
        with kwire.Conn(cluster.node(leader).bootstrap, timeout=timeout_ms / 1000 + 3) as c:
            _, out = kwire.parse_produce_v3(
                c.roundtrip(kwire.produce_request_v3(topic, partition, batch, acks=-1, timeout_ms=timeout_ms))
            )
    except OSError:
        return None  # no answer: the outcome stays unknown
    err, base = out[(topic, partition)]
    if err == kwire.NONE:
        history.acked(v, partition, base)
    else:
        history.failed(v, f"error code {err}")
    return err


def workload_summary(load, left):
    delivery_errors = [e for _, e in load.errors if e.startswith("delivery")]
    text = f"workload: {load.sent} sent, {left} without an outcome at the end, {len(delivery_errors)} delivery errors"
    if delivery_errors:
        text += f" (e.g. {delivery_errors[:2]})"
    if load.no_offset:
        text += f"; {len(load.no_offset)} deliveries without an offset (partition, value, s): {load.no_offset[:4]}"
    return text


def workload_figure(load, left):
    figure(workload_summary(load, left))


def assert_checked(history, final, what):
    r = checker.check(history, final)
    figure(f"{what}: {r.summary()}")
    assert r.ok, f"{what}: history anomalies\n{r.summary(examples=10)}"
    return r


# ---------------------------------------------------------------------------
# 1. Startup


def test_three_live_brokers_and_balanced_leaders(cluster):
    d = cluster.describe()
    assert d is not None, "cluster describe failed"
    assert sorted(d["voters"]) == [1, 2, 3], d
    assert [(b["id"], b["state"]) for b in sorted(d["brokers"], key=lambda b: b["id"])] == [
        (1, "live"),
        (2, "live"),
        (3, "live"),
    ], d
    assert d["quorum_leader"] in (1, 2, 3), d
    # Every node agrees on who leads the quorum.
    views = {n.node_id: cluster.describe(via=[n]) for n in cluster.nodes}
    assert {v["quorum_leader"] for v in views.values() if v} == {d["quorum_leader"]}, views
    for n in cluster.nodes:
        assert sorted(n.metadata()["brokers"]) == [1, 2, 3], f"node {n.node_id} lists brokers {n.metadata()['brokers']}"

    topic = unique_topic("c-start")
    cluster.create_topic(topic, PARTITIONS, 3)
    parts = cluster.wait_full_isr(topic, PARTITIONS, timeout=15)
    for i, p in parts.items():
        assert sorted(p["replicas"]) == [1, 2, 3], (i, p)
        assert p["leader"] == p["replicas"][0], f"partition {i}: leader {p['leader']} is not the preferred {p}"
    assert sorted(set(leaders(parts).values())) == [1, 2, 3], f"leaders not spread: {leaders(parts)}"
    per_node = [list(leaders(parts).values()).count(i) for i in (1, 2, 3)]
    assert per_node == [2, 2, 2], f"leaderships per node {per_node}"


def _connections(from_node, to_port):
    """Established TCP connections that `from_node`'s process opened to `to_port`."""
    out = subprocess.run(
        ["ss", "-tnpH", "state", "established", f"( dport = :{to_port} )"],
        capture_output=True, text=True, check=True,
    ).stdout
    return sum(1 for line in out.splitlines() if f"pid={from_node.pid}," in line)


def test_one_replica_fetcher_per_source_broker(cluster):
    """Kafka's ReplicaFetcherManager: a follower fetches all the partitions a
    broker leads over one connection (one fetcher per source broker), not one
    per partition."""
    topic = unique_topic("c-fetchers")
    cluster.create_topic(topic, 12, 3)
    parts = cluster.wait_full_isr(topic, 12, timeout=20)
    led = {n: sum(1 for p in parts.values() if p["leader"] == n) for n in (1, 2, 3)}
    assert all(v >= 2 for v in led.values()), f"leaders not spread: {led}"
    p = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all"})
    for i in range(120):
        p.produce(topic, value=b"x%d" % i, partition=i % 12)
    assert p.flush(30) == 0
    cluster.wait_same_logs(topic, 12)
    for follower in cluster.nodes:
        for leader in cluster.others(follower):
            n = _connections(follower, leader.port)
            assert n == 1, (
                f"broker {follower.node_id} holds {n} connections to broker {leader.node_id}, "
                f"which leads {led[leader.node_id]} partitions of {topic} it follows"
            )
    # Each fetcher keeps one fetch session (KIP-227) with its leader: after
    # one full fetch it sends only what changed. A fetcher that opened a
    # session per round (or none) would show hundreds (or no) lines here.
    for leader in cluster.nodes:
        log = leader.log_path.read_text(errors="replace")
        for follower in cluster.others(leader):
            opened = log.count(f"opened a follower fetch session replica={follower.node_id} ")
            assert 1 <= opened <= 10, (
                f"broker {leader.node_id} opened {opened} fetch sessions for follower {follower.node_id}"
            )


# ---------------------------------------------------------------------------
# 2. Failover under load: SIGKILL the leader of partition 0


def test_leader_kill_failover_under_load(cluster):
    topic = unique_topic("c-kill")
    cluster.create_topic(topic, PARTITIONS, 3)
    parts = cluster.wait_full_isr(topic, PARTITIONS, timeout=15)
    victim = cluster.node(parts[0]["leader"])
    survivors = cluster.others(victim)

    history = checker.History()
    load = Workload(history, cluster.bootstrap, topic, PARTITIONS).start()
    try:
        wait_until(lambda: {p for p, _, _ in load.acks} == set(range(PARTITIONS)), 15, "acks from every partition")
        time.sleep(1.0)
        before = len(load.acks)

        t0 = time.monotonic()
        victim.kill9()

        def new_leader():
            for n in survivors:
                ps = n.partitions(topic, timeout=1)
                if ps and ps[0]["leader"] not in (-1, victim.node_id):
                    return ps[0]["leader"]
            return None

        leader = wait_until(new_leader, FAILOVER_LIMIT, f"a new leader of partition 0 after killing node {victim.node_id}", 0.05)
        t_meta = time.monotonic() - t0
        served = wait_until(lambda: load.acked_since(0, t0), FAILOVER_LIMIT, "an acknowledged write to partition 0 after the kill", 0.05)
        t_serve = served - t0
        figure(
            f"SIGKILL of node {victim.node_id} (leader of partition 0): node {leader} leads it in the metadata "
            f"after {t_meta:.2f} s; first write acknowledged after {t_serve:.2f} s"
        )
        assert t_serve <= FAILOVER_LIMIT

        # The producer carries on with the other two.
        wait_until(lambda: len(load.acks) > before + 500, 20, "500 more acknowledged writes")

        t1 = time.monotonic()
        victim.start()
        cluster.wait_full_isr(topic, PARTITIONS, timeout=REJOIN_LIMIT)
        figure(f"node {victim.node_id} restarted: back in the ISR of all {PARTITIONS} partitions after {time.monotonic() - t1:.2f} s")
        time.sleep(1.0)  # more writes with the node back
    finally:
        left = load.stop()
    assert load.sent > 1000, f"only {load.sent} messages sent"
    workload_figure(load, left)

    cluster.wait_full_isr(topic, PARTITIONS, timeout=REJOIN_LIMIT)
    ends = cluster.wait_same_logs(topic, PARTITIONS)
    final = read_settled(cluster.bootstrap, topic, ends)
    r = assert_checked(history, final, "leader kill")
    assert r.counts["acked"] > 1000, r.summary()
    assert r.live_reads > r.counts["acked"] // 2, f"the concurrent consumer saw little: {r.summary()}"
    acked_p0_after = sum(1 for p, e, _ in load.acks if p == 0 and e >= t0)
    assert acked_p0_after > 50, f"only {acked_p0_after} writes to partition 0 acknowledged after the kill"


# ---------------------------------------------------------------------------
# 3. SIGSTOP the leader of a partition: a paused node, like a network partition


def test_paused_leader_is_replaced_and_steps_down(cluster):
    topic = unique_topic("c-pause")
    cluster.create_topic(topic, PARTITIONS, 3)
    parts = cluster.wait_full_isr(topic, PARTITIONS, timeout=15)
    # The leader of a partition, but not of the metadata quorum: pausing the quorum
    # leader adds an election (test_paused_quorum_leader_fences_only_itself).
    quorum_leader = cluster.describe()["quorum_leader"]
    part = next(i for i in sorted(parts) if parts[i]["leader"] != quorum_leader)
    victim = cluster.node(parts[part]["leader"])
    survivors = cluster.others(victim)
    live_bootstrap = cluster.bootstrap_of(survivors)

    history = checker.History()
    # Probes: raw acks=all Produce requests on a connection to the victim, sent once
    # it is paused. They sit in its socket; it reads them when it wakes up, deposed.
    # Raw, because a client would retry elsewhere after NOT_LEADER_OR_FOLLOWER
    # (librdkafka does, even with retries=0): each probe's outcome is the victim's
    # own answer. A success must be for a write the cluster keeps (the checker sees
    # the probes); an error may leave it or not, but no other replica can have it.
    probe_conn = kwire.Conn(victim.bootstrap, timeout=30)
    probe_outcomes = {}  # value -> (error code, base offset)

    def send_probes(values, correlation_id):
        for v in values:
            history.sent(v, part, producer=f"probe{correlation_id}")
        batch = kwire.record_batch([(None, v) for v in values])
        probe_conn.send(kwire.produce_request_v3(topic, part, batch, acks=-1, timeout_ms=15000, correlation_id=correlation_id))

    def read_probe_answer(values):
        _, out = kwire.parse_produce_v3(probe_conn.recv_frame())
        err, base = out[(topic, part)]
        for i, v in enumerate(values):
            probe_outcomes[v] = (err, base + i if err == kwire.NONE else -1)
            if err == kwire.NONE:
                history.acked(v, part, base + i)
            else:
                history.failed(v, f"error code {err}")

    warm = [b"probe-warmup"]
    send_probes(warm, 1)
    read_probe_answer(warm)
    assert probe_outcomes[b"probe-warmup"][0] == kwire.NONE, probe_outcomes
    probes = [b"probe-%d" % i for i in range(3)]
    probe_reader = threading.Thread(target=read_probe_answer, args=(probes,), daemon=True)

    problems = []  # reported after the checker has run, which fails first
    load = Workload(history, live_bootstrap, topic, PARTITIONS).start()
    try:
        wait_until(lambda: {p for p, _, _ in load.acks} == set(range(PARTITIONS)), 15, "acks from every partition")
        time.sleep(1.0)

        t0 = time.monotonic()
        victim.pause()  # returns once every thread is stopped: the probes come after
        send_probes(probes, 2)
        probe_reader.start()

        def replaced():
            states = cluster.broker_states(via=survivors)
            ps = survivors[0].partitions(topic, timeout=1)
            if states.get(victim.node_id) == "fenced" and ps and ps[part]["leader"] not in (-1, victim.node_id):
                return ps[part]["leader"]
            return None

        leader = wait_until(
            replaced, FAILOVER_LIMIT, f"node {victim.node_id} fenced and partition {part} led by another node", 0.1
        )
        t_fenced = time.monotonic() - t0
        figure(f"SIGSTOP of node {victim.node_id} (leader of partition {part}): fenced, node {leader} leads the partition after {t_fenced:.2f} s")
        # The producer (on the live nodes) writes to that partition again, and the
        # pause lasts past replica.lag.time.max.ms and the session timeout.
        # Whether the partition takes writes again is asked twice: of the producer, and
        # of the broker itself with raw acks=all Produce requests to the new leader
        # (whose answers say why not, if not).
        served = raw_ok = None
        raw_answers = []  # (s into the pause, error code)
        next_raw = 0.0
        while time.monotonic() < t0 + PAUSE_LIMIT and not (served and raw_ok and time.monotonic() >= t0 + 7.0):
            time.sleep(0.1)
            served = served or load.acked_since(part, t0)
            now = time.monotonic()
            if not raw_ok and now >= next_raw:
                next_raw = now + 0.5
                err = raw_write(cluster, survivors, topic, part, history, f"raw-{len(raw_answers)}")
                raw_answers.append((round(now - t0, 1), err))
                if err == kwire.NONE:
                    raw_ok = time.monotonic()
        ps = survivors[0].partitions(topic, timeout=1) or {}
        figure(
            f"during the pause, partition {part} ({ps.get(part)}): "
            + (f"the leader acknowledged an acks=all write {raw_ok - t0:.2f} s in" if raw_ok else "no acks=all write acknowledged by the leader")
            + f" (answers (s, error code): {raw_answers if len(raw_answers) < 6 else raw_answers[:3] + ['...'] + raw_answers[-2:]}); "
            + (f"the producer's writes acknowledged again {served - t0:.2f} s in" if served else "none of the producer's writes acknowledged")
        )
        if not raw_ok:
            problems.append(
                f"for {PAUSE_LIMIT:.0f} s of the pause the new leader refused acks=all writes to partition {part} "
                f"(s into the pause, error code; 19 = NOT_ENOUGH_REPLICAS): {raw_answers}; "
                f"the live nodes see the partition as {ps.get(part)}"
            )
        elif not served:
            problems.append(f"the producer had no write to partition {part} acknowledged in the {PAUSE_LIMIT:.0f} s of the pause")
        assert not probe_outcomes.keys() - set(warm), f"a paused node answered: {probe_outcomes}"

        t1 = time.monotonic()
        victim.resume()

        def stepped_down():
            ps = victim.partitions(topic, timeout=1)
            return ps is not None and ps[part]["leader"] not in (-1, victim.node_id)

        wait_until(stepped_down, 15, f"node {victim.node_id} to see another leader of partition {part} after SIGCONT", 0.05)
        t_step = time.monotonic() - t1
        cluster.wait_all_live(timeout=15)
        cluster.wait_full_isr(topic, PARTITIONS, timeout=REJOIN_LIMIT)
        figure(
            f"SIGCONT of node {victim.node_id}: it sees another leader of partition {part} after {t_step:.2f} s, "
            f"is live and back in every ISR after {time.monotonic() - t1:.2f} s"
        )
        if not served:
            served = wait_until(lambda: load.acked_since(part, t0), 30, f"a write to partition {part} acknowledged after the pause")
            figure(f"writes to partition {part} acknowledged again {served - t0:.2f} s after the pause began ({served - t1:.2f} s after SIGCONT)")
        time.sleep(1.0)
    finally:
        if victim.paused:
            victim.resume()
        left = load.stop()
        if probe_reader.is_alive():
            probe_reader.join(20)
        probe_conn.close()
    figure(
        f"{workload_summary(load, left)}; probes sent to the paused leader, "
        f"(error code, offset): { {k.decode(): e for k, e in probe_outcomes.items() if k not in warm} }"
    )

    cluster.wait_full_isr(topic, PARTITIONS, timeout=REJOIN_LIMIT)
    # The old leader truncated whatever it appended alone: every replica holds the same log.
    ends = cluster.wait_same_logs(topic, PARTITIONS)
    final = read_settled(live_bootstrap, topic, ends)
    assert_checked(history, final, "leader pause")
    # The probes reached the victim only once it was paused, and so deposed (its
    # leadership moved before it woke up): no other replica may have copied them.
    assert set(probe_outcomes) >= set(probes), f"the old leader never answered the probes: {probe_outcomes}"
    zombies = [(p, o) for p, o, v in final if v in probes]
    if zombies:
        problems.append(
            f"probes sent to node {victim.node_id} once it was paused (and deposed), answered "
            f"{ {k.decode(): e for k, e in probe_outcomes.items() if k in probes} } (error code, offset), "
            f"are in the final log at (partition, offset) {zombies}: a replica took them from the deposed leader"
        )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# 3b. SIGSTOP the metadata quorum leader (which leads partitions too)


def test_paused_quorum_leader_fences_only_itself(cluster):
    topic = unique_topic("c-qpause")
    cluster.create_topic(topic, PARTITIONS, 3)
    cluster.wait_full_isr(topic, PARTITIONS, timeout=15)
    d = cluster.describe()
    victim = cluster.node(d["quorum_leader"])
    survivors = cluster.others(victim)
    history = checker.History()
    load = Workload(history, cluster.bootstrap, topic, PARTITIONS).start()
    problems = []
    try:
        wait_until(lambda: {p for p, _, _ in load.acks} == set(range(PARTITIONS)), 15, "acks from every partition")
        time.sleep(1.0)
        t0 = time.monotonic()
        victim.pause()
        elected = fenced = None
        wrongly_fenced = {}  # live node -> first seen fenced (s into the pause)
        leaderless = {}  # partition -> first seen without a leader
        # Watch until the victim has been fenced for 2 s: through the election and the
        # fencing, the live brokers stay live and every partition keeps a leader.
        while time.monotonic() < t0 + PAUSE_LIMIT and not (fenced and time.monotonic() > t0 + fenced + 2.0):
            now = time.monotonic() - t0
            e = cluster.describe(via=survivors, timeout=3)
            if e:
                states = {b["id"]: b["state"] for b in e["brokers"]}
                if elected is None and e["quorum_leader"] in [n.node_id for n in survivors]:
                    elected = now
                if fenced is None and states.get(victim.node_id) == "fenced":
                    fenced = now
                for n in survivors:
                    if states.get(n.node_id) == "fenced":
                        wrongly_fenced.setdefault(n.node_id, round(now, 2))
            for i, p in (survivors[0].partitions(topic, timeout=1) or {}).items():
                if p["leader"] < 0:
                    leaderless.setdefault(i, (round(now, 2), p["isr"]))
        assert elected is not None, f"no new quorum leader within {PAUSE_LIMIT} s of pausing node {victim.node_id}"
        assert fenced is not None, f"node {victim.node_id} not fenced within {PAUSE_LIMIT} s of its pause"
        figure(
            f"SIGSTOP of quorum leader node {victim.node_id}: a new quorum leader after {elected:.2f} s, "
            f"node {victim.node_id} fenced after {fenced:.2f} s"
        )
        still = {i: p for i, p in (survivors[0].partitions(topic, timeout=1) or {}).items() if p["leader"] < 0}
        if wrongly_fenced:
            problems.append(f"live nodes fenced during the pause (node: s into the pause): {wrongly_fenced}")
        if leaderless:
            problems.append(
                f"partitions without a leader during the pause (partition: (s, ISR)): {leaderless}; "
                f"still without one {time.monotonic() - t0:.1f} s into the pause: {sorted(still)}"
            )
        victim.resume()
        cluster.wait_all_live(timeout=15)
        cluster.wait_full_isr(topic, PARTITIONS, timeout=REJOIN_LIMIT)
        time.sleep(0.5)
    finally:
        if victim.paused:
            victim.resume()
        left = load.stop()
    workload_figure(load, left)
    cluster.wait_same_logs(topic, PARTITIONS)
    final, _ = read_all(cluster.bootstrap, topic, PARTITIONS)
    assert_checked(history, final, "quorum leader pause")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# 4. SIGKILL the metadata quorum leader


def test_quorum_leader_kill(cluster):
    d = cluster.describe()
    victim = cluster.node(d["quorum_leader"])
    survivors = cluster.others(victim)

    t0 = time.monotonic()
    victim.kill9()

    def elected():
        e = cluster.describe(via=survivors, timeout=3)
        if e and e["quorum_leader"] in [n.node_id for n in survivors] and e["quorum_epoch"] > d["quorum_epoch"]:
            return e
        return None

    e = wait_until(elected, ELECTION_LIMIT, f"a new quorum leader after killing node {victim.node_id}", 0.05)
    t_elect = time.monotonic() - t0
    figure(
        f"SIGKILL of quorum leader node {victim.node_id} (epoch {d['quorum_epoch']}): node {e['quorum_leader']} "
        f"leads the quorum (epoch {e['quorum_epoch']}) after {t_elect:.2f} s"
    )

    # The new quorum leader takes metadata changes: a new topic, written and read.
    topic = unique_topic("c-quorum")
    t1 = time.monotonic()
    cluster.create_topic(topic, 3, 3, via=survivors[0])
    t_created = time.monotonic() - t1
    # Until its session expires the dead node counts as live: it gets replicas, and
    # the partitions it would lead get a leader when it is fenced.
    parts = cluster.wait_full_isr(topic, 3, timeout=15, members=[n.node_id for n in survivors])
    t_led = time.monotonic() - t1
    producer = Producer({"bootstrap.servers": cluster.bootstrap_of(survivors), "acks": "all", "enable.idempotence": True})
    history = checker.History()

    def on_delivery(err, m):
        if err:
            history.failed(m.value(), err)
        else:
            history.acked(m.value(), m.partition(), m.offset())

    for i in range(30):
        v = b"q-%d" % i
        history.sent(v, i % 3)
        producer.produce(topic, v, partition=i % 3, on_delivery=on_delivery)
    assert producer.flush(30) == 0
    figure(
        f"after the election: topic created in {t_created:.2f} s, every partition led by a live node after "
        f"{t_led:.2f} s (replicas {[p['replicas'] for p in parts.values()]}), 30 writes acknowledged after "
        f"{time.monotonic() - t1:.2f} s"
    )
    assert history.counts() == {"acked": 30, "failed": 0, "unknown": 0}, [s for s in history.sends.values() if s.error][:3]

    t2 = time.monotonic()
    victim.start()
    wait_until(
        lambda: cluster.broker_states(via=survivors).get(victim.node_id) == "live", 20, f"node {victim.node_id} live again", 0.1
    )
    cluster.wait_all_live(timeout=10)
    cluster.wait_full_isr(topic, 3, timeout=REJOIN_LIMIT)
    figure(f"node {victim.node_id} restarted: live and in the ISR of the new topic after {time.monotonic() - t2:.2f} s")
    final, _ = read_all(cluster.bootstrap, topic, 3)
    assert_checked(history, final, "quorum leader kill")
    assert victim.node_id in cluster.describe(via=[victim])["voters"]


# ---------------------------------------------------------------------------
# 5. Controlled shutdown (SIGTERM) and preferred-leader restoration


def test_controlled_shutdown_and_leader_rebalance(cluster):
    topic = unique_topic("c-term")
    cluster.create_topic(topic, PARTITIONS, 3)
    parts = cluster.wait_full_isr(topic, PARTITIONS, timeout=15)
    d = cluster.describe()
    # A node that leads partitions but not the quorum: the quorum leader's own
    # shutdown is an election on top (test_quorum_leader_kill covers that part).
    victim = next(n for n in cluster.nodes if n.node_id != d["quorum_leader"])
    survivors = cluster.others(victim)
    preferred = sorted(i for i, p in parts.items() if p["replicas"][0] == victim.node_id)
    assert preferred and all(parts[i]["leader"] == victim.node_id for i in preferred), parts

    history = checker.History()
    load = Workload(history, cluster.bootstrap, topic, PARTITIONS, rate=200).start()
    try:
        wait_until(lambda: {p for p, _, _ in load.acks} == set(range(PARTITIONS)), 15, "acks from every partition")
        t0 = time.monotonic()
        victim.terminate()
        try:
            code = victim.proc.wait(20)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"node {victim.node_id} still running 20 s after SIGTERM") from None
        t_exit = time.monotonic() - t0
        # Right after the exit (give or take the metadata reaching each node), the
        # others lead every partition the victim had a replica of.
        def others_lead_everything():
            for n in survivors:
                led = {
                    (t, i): p["leader"]
                    for t, tp in n.metadata()["topics"].items()
                    for i, p in tp["partitions"].items()
                    if victim.node_id in p["replicas"]
                }
                if not led or any(l not in [s.node_id for s in survivors] for l in led.values()):
                    return None
            return led

        try:
            wait_until(others_lead_everything, 1.0, "the metadata", 0.02)
        except AssertionError:
            views = {n.node_id: leaders(n.partitions(topic) or {}) for n in survivors}
            raise AssertionError(
                f"1 s after its exit, node {victim.node_id} still leads partitions (or they have no leader): {views}"
            ) from None
        assert code == 0, f"node {victim.node_id} exited with {code} after SIGTERM"
        assert cluster.broker_states(via=survivors).get(victim.node_id) == "fenced"
        figure(f"controlled shutdown of node {victim.node_id}: exited 0 after {t_exit:.2f} s, leading nothing")

        t1 = time.monotonic()
        victim.start()

        def preferred_again():
            for n in cluster.nodes:
                ps = n.partitions(topic, timeout=1)
                if not ps or any(p["leader"] != p["replicas"][0] or len(p["isr"]) != 3 for p in ps.values()):
                    return False
            return True

        wait_until(preferred_again, 25, f"node {victim.node_id} leading its preferred partitions {preferred} again", 0.1)
        figure(f"node {victim.node_id} restarted: leads its preferred partitions {preferred} again after {time.monotonic() - t1:.2f} s")
        time.sleep(0.5)
    finally:
        left = load.stop()
    workload_figure(load, left)
    final, _ = read_all(cluster.bootstrap, topic, PARTITIONS)
    r = assert_checked(history, final, "controlled shutdown")
    assert r.counts["failed"] == 0 and left == 0, f"writes failed across a controlled shutdown: {load.errors[:5]}"


# ---------------------------------------------------------------------------
# 6. The group coordinator moves with its __consumer_offsets partition


def test_group_coordinator_failover_keeps_committed_offsets(cluster):
    from confluent_kafka import Consumer, TopicPartition
    from confluent_kafka.admin import AdminClient

    topic = unique_topic("c-group")
    group = unique_topic("g-group")
    cluster.create_topic(topic, 3, 3)
    cluster.wait_full_isr(topic, 3, timeout=15)
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "enable.idempotence": True})
    for i in range(300):
        producer.produce(topic, b"m-%d" % i, partition=i % 3)
    assert producer.flush(30) == 0

    def consumer():
        return Consumer(
            {
                "bootstrap.servers": cluster.bootstrap,
                "group.id": group,
                "auto.offset.reset": "earliest",
                "enable.auto.commit": False,
                "socket.timeout.ms": 6000,
            }
        )

    def consume(c, n, deadline_s):
        got = []
        deadline = time.monotonic() + deadline_s
        while len(got) < n and time.monotonic() < deadline:
            m = c.poll(0.2)
            if m is not None and not m.error():
                got.append(m.value())
        return got

    rebalances = []
    c = consumer()
    c.subscribe(
        [topic],
        on_assign=lambda _c, parts: rebalances.append(("assigned", len(parts))),
        on_revoke=lambda _c, parts: rebalances.append(("revoked", len(parts))),
        on_lost=lambda _c, parts: rebalances.append(("lost", len(parts))),
    )
    first = consume(c, 150, 30)
    assert len(first) == 150, f"read {len(first)} of 150 before the failover"
    c.commit(asynchronous=False)
    committed = {tp.partition: tp.offset for tp in c.committed([TopicPartition(topic, p) for p in range(3)], 10)}
    # Partitions not read yet have no committed offset (-1001).
    assert sum(max(o, 0) for o in committed.values()) == 150, committed

    # The coordinator is the leader of the group's __consumer_offsets partition.
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
    desc = admin.describe_consumer_groups([group])[group].result(15)
    victim = cluster.node(desc.coordinator.id)
    survivors = cluster.others(victim)
    t0 = time.monotonic()
    victim.kill9()

    # The new coordinator has the offsets committed before the failover.
    probe = consumer()
    survived = {}

    def offsets_survived():
        try:
            got = probe.committed([TopicPartition(topic, p) for p in range(3)], 5)
        except Exception:
            return False
        survived.update({tp.partition: tp.offset for tp in got})
        return survived == committed

    wait_until(offsets_survived, 30, f"the committed offsets {committed} from the new coordinator (got {survived})", 0.2)
    probe.close()
    # The member goes on reading, finds the new coordinator and commits there.
    # The group's record in __consumer_offsets gave the new coordinator the
    # member in its generation: no rebalance, so nothing is read twice.
    rest = consume(c, 150, 45)
    assert len(rest) == 150, f"read {len(rest)} of the last 150 after the coordinator died"
    errors = []
    done = [TopicPartition(topic, p, 100) for p in range(3)]
    wait_until(lambda: _commit_ok(c, done, errors), 30, f"a commit accepted by the new coordinator ({errors[-1:]})", 0.1)
    figure(f"group coordinator node {victim.node_id} killed: the member read and committed again after {time.monotonic() - t0:.2f} s")
    assert rebalances == [("assigned", 3)], f"the coordinator's failover rebalanced the group: {rebalances}"
    assert len(set(rest)) == 150 and not set(rest) & set(first), "a record read twice"
    c.close()
    assert sorted(set(first + rest)) == sorted(b"m-%d" % i for i in range(300)), "every message read by the group"

    # A new member of the group starts from the committed offsets: nothing left to read,
    # and the offsets committed before the failover survived it.
    c2 = consumer()
    offsets = {tp.partition: tp.offset for tp in c2.committed([TopicPartition(topic, p) for p in range(3)], 15)}
    assert offsets == {0: 100, 1: 100, 2: 100}, offsets
    c2.subscribe([topic])
    assert consume(c2, 1, 5) == [], "nothing past the committed offsets"
    c2.close()

    victim.start()
    cluster.wait_all_live(timeout=20)
    assert cluster.describe(via=survivors)["quorum_leader"] is not None


def test_a_follower_copies_a_compacted_leader_log_across_its_gaps(cluster):
    """A follower down while its leader compacts comes back to a log with gaps
    (records the cleaner removed, batches rebuilt): it copies them as they are,
    rejoins the ISR, and as leader serves the same table."""
    from confluent_kafka import Consumer, TopicPartition

    topic = unique_topic("c-compact")
    node = cluster.running()[0]
    node.cli("topics", "create", topic, "--partitions", "1", "--replication-factor", "3",
             "--config", "cleanup.policy=compact", "--config", "segment.bytes=16384",
             "--config", "min.cleanable.dirty.ratio=0.01")
    parts = cluster.wait_full_isr(topic, 1, timeout=15)
    leader = cluster.node(parts[0]["leader"])
    follower, third = cluster.others(leader)
    follower.kill9()
    model = {}
    p = Producer({"bootstrap.servers": cluster.bootstrap_of([leader, third]), "acks": "all",
                  "enable.idempotence": True, "linger.ms": 5, "batch.size": 4096, "compression.type": "none"})
    for i in range(3000):
        k, v = b"k%d" % (i % 40), (b"v%d-" % i) * 8
        p.produce(topic, key=k, value=v, partition=0)
        model[k] = v
    assert p.flush(30) == 0

    def records(bootstrap):
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": unique_topic("g"), "enable.auto.commit": False})
        lo, hi = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False)
        c.assign([TopicPartition(topic, 0, lo)])
        got = []
        deadline = time.monotonic() + 20
        while (not got or got[-1][0] < hi - 1) and time.monotonic() < deadline:
            for m in c.consume(num_messages=1000, timeout=0.5):
                if not m.error():
                    got.append((m.offset(), m.key(), m.value()))
        c.close()
        return got

    wait_until(lambda: len(records(leader.bootstrap)) < 1500, 20, "the leader's cleaner to compact", 0.5)
    follower.spawn()
    follower.wait_ready()
    cluster.wait_full_isr(topic, 1, timeout=20)
    assert "follower append failed" not in open(follower.log_path).read().split("---- start:")[-1]
    # Its copy, read from its segment files, replays to the same table as
    # everything written; so does what the leader serves.
    for n in (follower, leader):
        table = {}
        for _, k, v in disk_records(n, topic):
            table[k] = v
        assert table == model, f"{n.name}: {len(table)} keys"
    assert {k: v for _, k, v in records(leader.bootstrap)} == model


def disk_records(node, topic):
    """(offset, key, value) of the uncompressed records in a replica's segment files."""

    def varint(b, i):
        shift = result = 0
        while True:
            byte = b[i]
            i += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return (result >> 1) ^ -(result & 1), i

    out = []
    for seg in sorted((node.data_dir / f"{topic}-0").glob("*.log")):
        data = seg.read_bytes()
        pos = 0
        while pos + 61 <= len(data):
            base, length = struct.unpack_from(">qi", data, pos)
            (attributes,) = struct.unpack_from(">h", data, pos + 21)
            (count,) = struct.unpack_from(">i", data, pos + 57)
            assert attributes & 7 == 0, "compressed batch"
            i = pos + 61
            for _ in range(count):
                _, i = varint(data, i)  # length
                i += 1  # attributes
                _, i = varint(data, i)  # timestamp delta
                delta, i = varint(data, i)
                klen, i = varint(data, i)
                key = data[i:i + klen]
                i += klen
                vlen, i = varint(data, i)
                value = data[i:i + vlen] if vlen >= 0 else None
                i += max(vlen, 0)
                headers, i = varint(data, i)
                assert headers == 0
                out.append((base + delta, key, value))
            pos += 12 + length
    return out


def _commit_ok(consumer, offsets, errors):
    # Polling lets the member rejoin: the new coordinator does not know it yet.
    consumer.poll(0.3)
    try:
        consumer.commit(offsets=offsets, asynchronous=False)
        return True
    except Exception as e:
        errors.append(str(e))
        return False
