"""Consumer groups with real clients and the CLI:

* three members of one group (child processes running group_member.py) share a
  6-partition topic; one is killed with SIGKILL, its partitions move to the two
  survivors within the session timeout, and with commit-after-processing no message
  is skipped (confluent-kafka classic and KIP-848, kafka-python classic);
* committed offsets survive a graceful broker restart and a kill -9;
* `tributary groups` list / describe (lag) / reset-offsets / delete with `tributary consume --group`.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from confluent_kafka import OFFSET_INVALID, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from common import unique_topic, wait_until

TIMEOUT = 30
SESSION_TIMEOUT_S = 6  # classic members' session.timeout.ms and group.consumer.session.timeout.ms
GROUP_OVERRIDES = [
    "group.initial.rebalance.delay.ms=0",
    f"group.consumer.session.timeout.ms={SESSION_TIMEOUT_S * 1000}",
    "group.consumer.heartbeat.interval.ms=500",
]
MEMBER = Path(__file__).with_name("group_member.py")
N_PARTITIONS = 6
N_MESSAGES = 6000


# ---------------------------------------------------------------------------
# helpers


def produce_keyed(bootstrap, topic, n, n_keys=101):
    """n keyed messages (value = 8-digit sequence number); returns {partition: end offset}."""
    ends = {}
    errors = []

    def delivered(err, msg):
        if err is not None:
            errors.append(err)
        else:
            ends[msg.partition()] = max(ends.get(msg.partition(), 0), msg.offset() + 1)

    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(n):
        p.produce(topic, key=b"key-%03d" % (i % n_keys), value=b"%08d" % i, on_delivery=delivered)
        if i % 1000 == 999:
            p.poll(0)
    assert p.flush(TIMEOUT) == 0, "messages still undelivered"
    assert not errors, errors[:5]
    assert sum(ends.values()) == n, ends
    return ends


class Member:
    """A group_member.py child process; a thread parses its JSON lines."""

    def __init__(self, name, log_dir, lib, bootstrap, topic, group, protocol):
        self.name = name
        self.stderr_path = Path(log_dir) / f"{name}.stderr"
        self.lock = threading.Lock()
        self.assignment = None  # last reported, sorted list
        self.assignments = []  # every reported one, with its time
        self.processed = {}  # partition -> set of offsets
        self.first_after = {}  # partition -> first offset processed after self.mark
        self.mark = None
        self.committed = {}  # partition -> last committed next offset
        self.commit_failures = []
        self.other = []  # errors and unparsable lines
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(MEMBER), lib, bootstrap, topic, group, protocol],
                stdout=subprocess.PIPE,
                stderr=err,
                stdin=subprocess.DEVNULL,
                text=True,
                bufsize=1,
            )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            try:
                ev = json.loads(line)
            except ValueError:
                with self.lock:
                    self.other.append(line.rstrip())
                continue
            with self.lock:
                if "assigned" in ev:
                    self.assignment = ev["assigned"]
                    self.assignments.append((time.monotonic(), ev["assigned"]))
                elif "processed" in ev:
                    for p, o in ev["processed"]:
                        self.processed.setdefault(p, set()).add(o)
                        if self.mark is not None and p not in self.first_after:
                            self.first_after[p] = o
                elif "committed" in ev:
                    for p, o in ev["committed"].items():
                        self.committed[int(p)] = o
                elif "commit_failed" in ev:
                    self.commit_failures.append(ev["commit_failed"])
                elif "started" not in ev:
                    self.other.append(ev)

    def set_mark(self):
        """From now on, record the first offset processed in each partition."""
        with self.lock:
            self.mark = time.monotonic()

    def current(self):
        with self.lock:
            return self.assignment

    def processed_copy(self):
        with self.lock:
            return {p: set(o) for p, o in self.processed.items()}

    def alive(self):
        return self.proc.poll() is None

    def kill9(self):
        self.proc.kill()
        self.proc.wait(10)
        self.reader.join(10)  # everything it wrote before dying is read

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.reader.join(10)

    def describe(self):
        try:
            err = self.stderr_path.read_text(errors="replace")[-2000:]
        except OSError:
            err = ""
        with self.lock:
            n = sum(len(o) for o in self.processed.values())
            hist = [(round(t, 1), a) for t, a in self.assignments]
            return (
                f"{self.name} (pid {self.proc.pid}, exit {self.proc.returncode}): assignment history {hist}, "
                f"{n} offsets processed, committed {self.committed}, {len(self.commit_failures)} failed commits "
                f"{self.commit_failures[:3]}, other {self.other[:5]}\n  stderr tail: {err!r}"
            )


def union_processed(members):
    out = {}
    for m in members:
        for p, offs in m.processed_copy().items():
            out.setdefault(p, set()).update(offs)
    return out


def missing_offsets(members, ends):
    got = union_processed(members)
    return {p: sorted(set(range(end)) - got.get(p, set())) for p, end in ends.items() if set(range(end)) - got.get(p, set())}


def exact_cover(assignments, n):
    """The assignments are non-empty, disjoint and together cover partitions 0..n-1."""
    if any(not a for a in assignments):
        return False
    flat = [p for a in assignments for p in a]
    return sorted(flat) == list(range(n))


def committed_offsets(bootstrap, group, topic, partitions):
    """The group's committed offsets (OffsetFetch) as {partition: (offset, metadata)}; a
    partition without one is left out. Does not join the group."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        tps = c.committed([TopicPartition(topic, p) for p in partitions], timeout=TIMEOUT)
    finally:
        c.close()
    out = {}
    for tp in tps:
        assert tp.error is None, f"OffsetFetch {group} {topic}/{tp.partition}: {tp.error}"
        if tp.offset != OFFSET_INVALID:
            out[tp.partition] = (tp.offset, tp.metadata or "")
    return out


# ---------------------------------------------------------------------------
# 1. three members, one killed


@pytest.mark.parametrize(
    "lib,protocol",
    [
        pytest.param("confluent", "classic", id="confluent-classic"),
        pytest.param("confluent", "consumer", id="confluent-kip848"),
        pytest.param("kafka-python", "classic", id="kafka-python-classic"),
    ],
)
def test_three_members_one_killed(fresh_broker, tmp_path, lib, protocol):
    b = fresh_broker(overrides=GROUP_OVERRIDES)
    topic = unique_topic("grp")
    group = unique_topic("g")
    b.cli("topics", "create", topic, "--partitions", str(N_PARTITIONS))
    ends = produce_keyed(b.bootstrap, topic, N_MESSAGES)
    assert sorted(ends) == list(range(N_PARTITIONS)), f"keys did not spread over all partitions: {ends}"

    members = [Member(f"member{i}", tmp_path, lib, b.bootstrap, topic, group, protocol) for i in range(3)]

    def state():
        return "\n".join(m.describe() for m in members)

    def running(cond, live):
        """cond, failing at once if a member that should be running has exited."""
        def check():
            dead = [m.name for m in live if not m.alive()]
            if dead:
                raise AssertionError(f"members {dead} exited")
            return cond()
        return check

    try:
        # Every partition owned by exactly one member, two each. (With KIP-848 the
        # reconciliation is incremental: disjoint covers that are not yet balanced come first.)
        def settled():
            now = [m.current() for m in members]
            return exact_cover(now, N_PARTITIONS) and all(len(a) == 2 for a in now)

        try:
            wait_until(running(settled, members), 45,
                       "three disjoint assignments of 2 partitions each covering all 6", interval=0.1)
        except AssertionError as e:
            raise AssertionError(f"{e}\n{state()}") from None

        victim, survivors = members[0], members[1:]
        victim_parts = victim.current()
        victim.kill9()
        for m in survivors:
            m.set_mark()
        killed_at = time.monotonic()
        # The test is only meaningful if the victim's partitions still had work left.
        left = missing_offsets(members, {p: ends[p] for p in victim_parts})
        assert left, f"all messages of the victim's partitions {victim_parts} were processed before the kill: too fast\n{state()}"

        # Its partitions move to the survivors within the session timeout (+ slack).
        try:
            wait_until(running(lambda: exact_cover([m.current() for m in survivors], N_PARTITIONS), survivors),
                       SESSION_TIMEOUT_S + 10,
                       "the two survivors to own all partitions", interval=0.1)
        except AssertionError as e:
            raise AssertionError(f"{e} (victim had {victim_parts})\n{state()}") from None
        moved_after = time.monotonic() - killed_at

        # Everything gets processed; nothing skipped (duplicates are allowed).
        try:
            wait_until(running(lambda: not missing_offsets(members, ends), survivors), 60, "all messages processed",
                       interval=0.2)
        except AssertionError as e:
            miss = missing_offsets(members, ends)
            summary = {p: (len(o), o[:5]) for p, o in miss.items()}
            raise AssertionError(f"{e}; missing (count, first) per partition: {summary}\n{state()}") from None

        def all_committed():
            done = {}
            for m in survivors:
                with m.lock:
                    for p, o in m.committed.items():
                        done[p] = max(done.get(p, 0), o)
            return done == ends

        try:
            wait_until(running(all_committed, survivors), 15, "the last batches to be committed", interval=0.1)
        except AssertionError as e:
            raise AssertionError(f"{e}\n{state()}") from None
    finally:
        for m in members:
            m.stop()

    got = union_processed(members)
    assert all(max(offs) < ends[p] for p, offs in got.items()) and set(got) <= set(ends), "offsets beyond the end"
    # The survivors took over the victim's partitions no earlier than its last commit
    # (skipping is ruled out by the full cover above).
    for p in victim_parts:
        starts = [m.first_after[p] for m in survivors if p in m.first_after]
        assert starts, f"no survivor processed partition {p} of the killed member\n{state()}"
        resumed = min(starts)
        if p in victim.committed:
            assert resumed >= victim.committed[p], (
                f"partition {p}: survivors resumed at {resumed}, before the killed member's last commit "
                f"{victim.committed[p]}\n{state()}"
            )
    dups = sum(
        sum(len(m.processed_copy().get(p, ())) for m in members) - len(offs) for p, offs in got.items()
    )
    # The broker returns what the members committed last.
    final = committed_offsets(b.bootstrap, group, topic, range(N_PARTITIONS))
    assert {p: o for p, (o, _) in final.items()} == ends, f"final committed {final}, ends {ends}\n{state()}"
    print(f"{lib}/{protocol}: partitions {victim_parts} moved {moved_after:.1f}s after the kill; {dups} duplicates")


# ---------------------------------------------------------------------------
# 2. committed offsets are durable


@pytest.mark.parametrize("how", ["graceful", "kill9"])
def test_committed_offsets_survive_broker_restart(fresh_broker, how):
    b = fresh_broker(overrides=GROUP_OVERRIDES)
    topic = unique_topic("grp-dur")
    b.cli("topics", "create", topic, "--partitions", "3")
    ends = produce_keyed(b.bootstrap, topic, 300, n_keys=30)
    assert sorted(ends) == [0, 1, 2], ends

    # g-member: a real group member consumes some messages and commits them.
    g_member, g_explicit, g_deleted = unique_topic("gm"), unique_topic("ge"), unique_topic("gd")
    c = Consumer({
        "bootstrap.servers": b.bootstrap, "group.id": g_member, "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000,
    })
    consumed = {}
    try:
        c.subscribe([topic])
        deadline = time.monotonic() + TIMEOUT
        while sum(consumed.values()) < 120 and time.monotonic() < deadline:
            for m in c.consume(20, timeout=0.5):
                assert not m.error(), m.error()
                consumed[m.partition()] = max(consumed.get(m.partition(), 0), m.offset() + 1)
        assert sum(consumed.values()) >= 120, consumed
        c.commit(offsets=[TopicPartition(topic, p, o) for p, o in consumed.items()], asynchronous=False)
    finally:
        c.close()

    # g-explicit: several commits on one partition, the last wins; with metadata.
    e = Consumer({"bootstrap.servers": b.bootstrap, "group.id": g_explicit, "enable.auto.commit": False})
    try:
        for off in (5, 17, 11):
            e.commit(offsets=[TopicPartition(topic, 0, off, metadata=f"m{off}")], asynchronous=False)
        e.commit(offsets=[TopicPartition(topic, 2, 42, metadata="two")], asynchronous=False)
    finally:
        e.close()
    # g-deleted: committed, then deleted; must stay deleted.
    d = Consumer({"bootstrap.servers": b.bootstrap, "group.id": g_deleted, "enable.auto.commit": False})
    try:
        d.commit(offsets=[TopicPartition(topic, 1, 7)], asynchronous=False)
    finally:
        d.close()
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    for fut in admin.delete_consumer_groups([g_deleted], request_timeout=TIMEOUT).values():
        fut.result()
    del admin  # no client left connected across the restart

    expect_member = {p: (o, "") for p, o in consumed.items()}
    expect_explicit = {0: (11, "m11"), 2: (42, "two")}

    def check(when):
        assert committed_offsets(b.bootstrap, g_member, topic, range(3)) == expect_member, when
        assert committed_offsets(b.bootstrap, g_explicit, topic, range(3)) == expect_explicit, when
        assert committed_offsets(b.bootstrap, g_deleted, topic, range(3)) == {}, f"{when}: deleted group has offsets"
        listed = b.cli("groups", "list").stdout.split()
        assert g_member in listed and g_explicit in listed and g_deleted not in listed, f"{when}: {listed}"

    check("before the restart")
    if how == "graceful":
        b.restart()
    else:
        b.kill9()  # right after the commits were acknowledged
        b.start()
    check(f"after the {how} restart")

    # A member of g-member resumes exactly at the committed offsets and reads the rest.
    c = Consumer({
        "bootstrap.servers": b.bootstrap, "group.id": g_member, "enable.auto.commit": False,
        "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000,
    })
    first, count = {}, 0
    try:
        c.subscribe([topic])
        want = sum(ends.values()) - sum(consumed.values())
        deadline = time.monotonic() + TIMEOUT
        while count < want and time.monotonic() < deadline:
            for m in c.consume(100, timeout=0.5):
                assert not m.error(), m.error()
                first.setdefault(m.partition(), m.offset())
                count += 1
    finally:
        c.close()
    assert count == want, f"read {count} messages after the restart, expected {want}"
    assert first == {p: consumed.get(p, 0) for p in ends if consumed.get(p, 0) < ends[p]}, (first, consumed)


# ---------------------------------------------------------------------------
# 3. the CLI


def describe_rows(broker, group):
    """`tributary groups describe` as a list of {column: value} rows."""
    out = broker.cli("groups", "describe", group).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    header = next((i for i, line in enumerate(lines) if line.split()[:3] == ["GROUP", "TOPIC", "PARTITION"]), None)
    assert header is not None, f"no table in groups describe output:\n{out}"
    cols = lines[header].split()
    rows = []
    for line in lines[header + 1:]:
        vals = line.split()
        if len(vals) != len(cols):
            break
        rows.append(dict(zip(cols, vals)))
    return rows


def test_cli_groups_lag_reset_delete(broker):
    topic = unique_topic("grp-cli")
    group = unique_topic("gcli")
    n, m = 10, 4
    broker.cli("topics", "create", topic, "--partitions", "1")
    values = [f"v{i}" for i in range(n)]
    broker.cli("produce", topic, input="".join(v + "\n" for v in values))

    out = broker.cli("consume", topic, "--group", group, "--from-beginning", "--max-messages", str(m),
                     "--timeout-ms", "20000").stdout.splitlines()
    assert out == values[:m]

    rows = describe_rows(broker, group)
    assert [(r["TOPIC"], r["PARTITION"], r["CURRENT-OFFSET"], r["LOG-END-OFFSET"], r["LAG"]) for r in rows] == [
        (topic, "0", str(m), str(n), str(n - m))
    ], rows
    assert group in broker.cli("groups", "list").stdout.split()

    # A dry run changes nothing.
    broker.cli("groups", "reset-offsets", group, "--topic", topic, "--to-earliest")
    assert [r["CURRENT-OFFSET"] for r in describe_rows(broker, group)] == [str(m)]
    broker.cli("groups", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute")
    rows = describe_rows(broker, group)
    assert [(r["CURRENT-OFFSET"], r["LAG"]) for r in rows] == [("0", str(n))], rows

    # Without --from-beginning: the group's committed offset (0) is where it starts.
    out = broker.cli("consume", topic, "--group", group, "--max-messages", str(n), "--timeout-ms", "10000").stdout
    assert out.splitlines() == values
    assert [r["LAG"] for r in describe_rows(broker, group)] == ["0"]

    # Not deletable while a member is in it.
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "enable.auto.commit": False,
                  "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000})
    try:
        c.subscribe([topic])
        wait_until(lambda: c.consume(1, timeout=0.2) is not None and c.assignment(), TIMEOUT, "an assignment")
        rows = describe_rows(broker, group)
        assert len(rows) == 1 and rows[0]["CONSUMER-ID"] != "-" and rows[0]["LAG"] == "0", rows
        busy = broker.cli("groups", "delete", group, check=False)
        assert busy.returncode != 0, f"deleted a group with an active member: {busy.stdout}{busy.stderr}"
        assert group in broker.cli("groups", "list").stdout.split()
    finally:
        c.close()

    broker.cli("groups", "delete", group)
    assert group not in broker.cli("groups", "list").stdout.split()
    assert committed_offsets(broker.bootstrap, group, topic, [0]) == {}
    # A deleted group starts over: --from-beginning applies again.
    out = broker.cli("consume", topic, "--group", group, "--from-beginning", "--max-messages", "2",
                     "--timeout-ms", "10000").stdout
    assert out.splitlines() == values[:2]
