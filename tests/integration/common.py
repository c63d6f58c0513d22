"""Shared helpers of the integration suite: the broker process wrapper, polling,
unique topic names, the test messages and their round-trip check, a test PKI
made by openssl, and OAUTHBEARER test keys (a JWK) and RS256 tokens."""

import base64
import functools
import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
LOG_TAIL_LINES = 60


# Lowers Kafka 4's 1 MiB floor of segment.bytes (KIP-1030) for tests that need
# many small segments from little data. A start-up key only: no client can set it.
SMALL_SEGMENTS = "internal.segment.bytes.floor=14"


def _default_bin():
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/tributary-target")
    return os.path.join(target, "release", "tributary")


BIN = os.environ.get("TRIBUTARY_BIN") or _default_bin()
# TRIBUTARY_NO_KCAT=1 (set by `scripts/test --quick`): the tests that need kcat skip
# it; otherwise a missing kcat fails them.
NO_KCAT = os.environ.get("TRIBUTARY_NO_KCAT") == "1"


@functools.lru_cache
def kcat_librdkafka_version(kcat):
    """(major, minor, patch) of the librdkafka that `kcat` runs on."""
    r = subprocess.run([kcat, "-V"], capture_output=True, text=True, timeout=60)
    m = re.search(r"librdkafka (\d+)\.(\d+)\.(\d+)", r.stdout + r.stderr)
    assert m, f"no librdkafka version in kcat -V: {r.stdout}"
    return tuple(int(g) for g in m.groups())


def free_port():
    """A port nobody listens on right now (bound to port 0, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout, what, interval=0.05):
    """Polls `condition()` until it returns a truthy value (returned) or `timeout` s pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def unique_topic(prefix="t"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Broker:
    """One tributary broker process on 127.0.0.1:<port> with its own data dir."""

    def __init__(self, bin_path, base_dir, port=None, overrides=(), name="broker"):
        self.bin = bin_path
        self.name = name
        self.base_dir = Path(base_dir)
        self.data_dir = self.base_dir / "data"
        self.log_path = self.base_dir / "broker.log"
        self.port = port or free_port()
        self.overrides = list(overrides)
        self.env = {}  # extra environment variables of the process
        self.proc = None
        self.killed = False  # the current process was SIGKILLed on purpose

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def command(self):
        cmd = [
            self.bin,
            "broker",
            "--override",
            f"listeners=PLAINTEXT://127.0.0.1:{self.port}",
            "--override",
            f"log.dirs={self.data_dir}",
        ]
        for kv in self.overrides:
            cmd += ["--override", kv]
        return cmd

    def start(self, timeout=READY_TIMEOUT):
        self.spawn()
        self.wait_ready(timeout)
        return self

    def spawn(self):
        """Starts the process without waiting for it to listen (cluster nodes only
        listen once a quorum of them is up, so they are spawned together)."""
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.killed = False
        env = {**os.environ, "NO_COLOR": "1", **self.env}
        with open(self.log_path, "ab") as log:
            log.write(f"---- start: {' '.join(self.command())}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.base_dir,
                env=env,
            )
        return self

    def accepts_connections(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def wait_ready(self, timeout=READY_TIMEOUT):
        deadline = time.monotonic() + timeout
        while not self.accepts_connections():
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode} before listening:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.name} did not accept connections on {self.bootstrap} within {timeout}s:\n{self.log_tail()}"
                )
            time.sleep(0.05)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=STOP_TIMEOUT):
        """SIGTERM, then SIGKILL if it has not exited after `timeout` s. Returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout)

    def kill9(self):
        """kill -9: no chance to flush or close anything."""
        if self.alive():
            self.killed = True
            self.proc.kill()
        return self.proc.wait(STOP_TIMEOUT)

    def restart(self, timeout=READY_TIMEOUT):
        self.stop()
        return self.start(timeout)

    def rss_kb(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS in /proc status")

    def log_tail(self, lines=LOG_TAIL_LINES):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 256 * 1024))
                text = f.read().decode("utf-8", "replace")
        except OSError as e:
            return f"(no log: {e})"
        return "\n".join(text.splitlines()[-lines:])

    def topic_disk_bytes(self, topic):
        """Bytes of the topic's segment files (*.log) over all its partitions."""
        total = 0
        for d in self.data_dir.glob(f"{topic}-*"):
            if d.name.rsplit("-", 1)[0] == topic:
                total += sum(f.stat().st_size for f in d.glob("*.log"))
        return total

    def cli(self, *args, timeout=60, check=True, input=None):
        """Runs `tributary <args> --bootstrap-server <this broker>`."""
        cmd = [self.bin, *args, "--bootstrap-server", self.bootstrap]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input)
        if check and r.returncode != 0:
            raise AssertionError(f"{cmd} exited {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")
        return r




# ---------------------------------------------------------------------------
# Test messages and the round-trip check

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
N_MESSAGES = 10_000
N_PARTITIONS = 3
N_KEYS = 101

_WORDS = b"tributary river delta estuary confluence stream lake basin "


class Msg:
    """One message as sent: `seq` is also the value's first 8 bytes."""

    __slots__ = ("seq", "key", "value", "headers", "timestamp")

    def __init__(self, seq, key, value, headers, timestamp):
        self.seq, self.key, self.value, self.headers, self.timestamp = seq, key, value, headers, timestamp


def make_messages(tag, n=N_MESSAGES, base_ts=None, headers=True, null_header_values=False):
    """`n` keyed messages: N_KEYS keys, compressible values of varying length (8..~600
    bytes, some empty-ish), two or three headers each (a repeated key every 10th), and
    timestamps base_ts + seq (increasing, all in the recent past) when base_ts is given."""
    out = []
    tag_b = tag.encode()
    for i in range(n):
        key = b"key-%03d" % (i % N_KEYS)
        value = b"%08d" % i + (_WORDS * (i % 11)) + tag_b * (i % 3)
        hdrs = None
        if headers:
            hdrs = [("seq", b"%d" % i), ("client", tag_b)]
            if i % 10 == 0:
                hdrs.append(("seq", b"again"))
            if null_header_values and i % 7 == 0:
                hdrs.append(("nothing", None))
        ts = base_ts + i if base_ts is not None else None
        out.append(Msg(i, key, value, hdrs, ts))
    return out


def recent_base_ts(n=N_MESSAGES):
    """A base timestamp so that base + n ms is still a few seconds in the past
    (well inside retention and any future-timestamp limit)."""
    return int(time.time() * 1000) - n - 60_000


class Got:
    """One message as consumed."""

    __slots__ = ("partition", "offset", "key", "value", "headers", "timestamp", "ts_type")

    def __init__(self, partition, offset, key, value, headers, timestamp=None, ts_type=None):
        self.partition, self.offset, self.key, self.value = partition, offset, key, value
        self.headers, self.timestamp, self.ts_type = headers, timestamp, ts_type


def check_round_trip(sent, got, partitions=N_PARTITIONS, check_ts=True, expected_headers=None):
    """Every sent message was read back exactly once with the same key, value, headers
    (and timestamp); messages of one key stay in one partition; each partition's offsets
    run 0,1,2,... and its messages come in the order they were sent."""
    by_seq = {}
    problems = []
    for g in got:
        seq = int(g.value[:8])
        if seq in by_seq:
            problems.append(f"seq {seq} read twice (p{by_seq[seq].partition}@{by_seq[seq].offset}, p{g.partition}@{g.offset})")
        by_seq[seq] = g
    missing = [m.seq for m in sent if m.seq not in by_seq]
    if missing:
        problems.append(f"{len(missing)} of {len(sent)} messages never read back, e.g. seqs {missing[:10]}")
    for m in sent:
        g = by_seq.get(m.seq)
        if g is None:
            continue
        if g.key != m.key or g.value != m.value:
            problems.append(f"seq {m.seq}: sent {m.key!r}={m.value[:40]!r}..., read {g.key!r}={g.value[:40]!r}...")
        want_headers = expected_headers if expected_headers is not None else (m.headers or [])
        if list(g.headers or []) != list(want_headers):
            problems.append(f"seq {m.seq}: headers sent {want_headers!r}, read {g.headers!r}")
        if check_ts and m.timestamp is not None and g.timestamp != m.timestamp:
            problems.append(f"seq {m.seq}: timestamp sent {m.timestamp}, read {g.timestamp} (type {g.ts_type})")
        if len(problems) > 20:
            break
    key_partitions = {}
    for g in got:
        key_partitions.setdefault(g.key, set()).add(g.partition)
    split = {k: p for k, p in key_partitions.items() if len(p) > 1}
    if split:
        problems.append(f"keys spread over several partitions: {dict(list(split.items())[:5])}")
    per_partition = {}
    for g in got:
        per_partition.setdefault(g.partition, []).append(g)
    if set(per_partition) - set(range(partitions)):
        problems.append(f"messages in partitions {sorted(per_partition)}, topic has {partitions}")
    for p, msgs in sorted(per_partition.items()):
        offsets = [g.offset for g in msgs]
        if offsets != list(range(len(msgs))):
            bad = next(i for i, o in enumerate(offsets) if o != i)
            problems.append(f"partition {p}: offsets not 0..{len(msgs) - 1} in order (at index {bad}: {offsets[bad]})")
        seqs = [int(g.value[:8]) for g in msgs]
        if seqs != sorted(seqs):
            bad = next(i for i in range(1, len(seqs)) if seqs[i] < seqs[i - 1])
            problems.append(f"partition {p}: not in send order at offset {offsets[bad]}: seq {seqs[bad]} after {seqs[bad - 1]}")
    assert not problems, "round trip mismatch:\n  " + "\n  ".join(problems[:25])


def assert_compressed(broker, topic, codec, sent):
    """The topic's segment files hold the batches as the producer compressed them:
    much smaller than the payload for a codec, at least the payload for none."""
    payload = sum(len(m.key) + len(m.value) for m in sent)
    on_disk = wait_until(lambda: broker.topic_disk_bytes(topic), 10, f"segment files of {topic}")
    if codec == "none":
        assert on_disk >= payload, f"{topic}: {on_disk} bytes on disk < {payload} bytes of payload"
    else:
        assert on_disk < payload * 0.5, (
            f"{topic} ({codec}): {on_disk} bytes on disk for {payload} bytes of payload: not compressed?"
        )


# ---------------------------------------------------------------------------
# Test PKI (TLS listeners) and OAUTHBEARER keys and tokens


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(directory, clients=()):
    """A test CA (ca.pem, ca.key) in `directory`, a broker certificate for
    localhost/127.0.0.1 signed by it (broker.pem, broker.key), and for each
    (name, subject) of `clients` a client certificate (<name>.pem, <name>.key).
    Every certificate has an extension, so that openssl writes X.509 v3 (webpki
    takes no v1 certificates; keytool and today's CAs write v3)."""
    d = Path(directory)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Test CA", cwd=d)
    (d / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    (d / "client.ext").write_text("extendedKeyUsage=clientAuth\n")
    for name, subj, ext in [("broker", "/CN=broker", "san.ext"), *[(n, s, "client.ext") for n, s in clients]]:
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", subj, cwd=d)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{name}.pem", "-days", "2", "-extfile", ext, cwd=d)
    return d


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def oauth_rsa_key(directory, name):
    """An RSA key made by openssl in `directory`, as a JWK (kid = name)."""
    subprocess.run(["openssl", "genrsa", "-out", f"{name}.key", "2048"], cwd=directory, check=True,
                   capture_output=True)
    modulus = subprocess.run(["openssl", "rsa", "-in", f"{name}.key", "-noout", "-modulus"], cwd=directory,
                             check=True, capture_output=True, text=True).stdout.strip().split("=", 1)[1]
    return {"kty": "RSA", "kid": name, "n": b64url(bytes.fromhex(modulus)), "e": "AQAB"}


def oauth_jwt(directory, key_name, claims, kid="idp"):
    """An RS256 JWT of `claims` signed by the key `key_name` of `directory`."""
    signing_input = b64url(json.dumps({"alg": "RS256", "kid": kid, "typ": "JWT"}).encode()) + "." + \
        b64url(json.dumps(claims).encode())
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{key_name}.key"], cwd=directory, check=True,
                         capture_output=True, input=signing_input.encode()).stdout
    return signing_input + "." + b64url(sig)


def kafka_tools_classpath():
    """Apache Kafka 4.4's jars, as bench/compare fetches them (Maven Central,
    cached under ~/.cache/tributary-bench)."""
    import importlib.machinery
    import importlib.util
    root = Path(__file__).resolve().parents[2]
    loader = importlib.machinery.SourceFileLoader("bench_compare", str(root / "bench" / "compare"))
    spec = importlib.util.spec_from_loader("bench_compare", loader)
    bench = importlib.util.module_from_spec(spec)
    loader.exec_module(bench)
    return f"{bench.kafka_libs('4.4.0')}/*"
