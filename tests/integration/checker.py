"""A Jepsen-style checker for a produce/consume history on a partitioned log.

The history has two halves:

* what the producer sent: for every unique value, in send order, its partition
  and its outcome, one of
    - ACKED   (the broker acknowledged it, at an offset),
    - FAILED  (the client got an error for it),
    - UNKNOWN (no answer came before the end of the run);
* what the readers saw: the final read of every partition from its start to its
  high watermark, as (partition, offset, value), and optionally the records that
  concurrent consumers saw while the run was going on.

`check` sorts every anomaly into a category:

    lost        acknowledged but not in the final read
    duplicated  in the final read more than once (whatever its outcome)
    reordered   within a partition, acknowledged messages read in an order
                different from their acknowledged offsets, or from the order
                in which their producer sent them (messages of different
                producers have no order between them)
    misplaced   acknowledged at (partition, offset) but read somewhere else
    phantom     read but never sent
    unstable    seen by a concurrent consumer at (partition, offset) but not in
                the final read there: a consumer was shown a record that did not
                survive (a read past the high watermark, or an acknowledged
                record overwritten later)

FAILED and UNKNOWN messages may or may not be in the final read (an error
after the append, or a timeout, leaves the outcome open), but never twice.
"""

from dataclasses import dataclass, field

ACKED = "acked"
FAILED = "failed"
UNKNOWN = "unknown"

CATEGORIES = ("lost", "duplicated", "reordered", "misplaced", "phantom", "unstable")


@dataclass
class Send:
    value: bytes
    partition: int
    seq: int  # position in the send order (compared within one producer only)
    producer: str = "main"
    outcome: str = UNKNOWN
    offset: int = -1  # the acknowledged offset when ACKED (None: acknowledged without one)
    error: str = ""


class History:
    """What was sent (with outcomes) and what was read. Thread-safe enough for one
    producer thread recording sends and outcomes (the delivery callbacks run in the
    producer's poll) and consumer threads adding reads: each method is a single
    dict or list operation under the GIL."""

    def __init__(self):
        self.sends = {}  # value -> Send
        self.live_reads = []  # (partition, offset, value) seen by concurrent consumers

    def sent(self, value, partition, producer="main"):
        assert value not in self.sends, f"value {value!r} sent twice: values must be unique"
        self.sends[value] = Send(value, partition, len(self.sends), producer)

    def acked(self, value, partition, offset):
        s = self.sends[value]
        s.outcome, s.partition, s.offset = ACKED, partition, offset

    def failed(self, value, error):
        s = self.sends[value]
        s.outcome, s.error = FAILED, str(error)

    def counts(self):
        out = {ACKED: 0, FAILED: 0, UNKNOWN: 0}
        for s in self.sends.values():
            out[s.outcome] += 1
        return out

    def acked_without_offset(self):
        return [s.value for s in self.sends.values() if s.outcome == ACKED and s.offset is None]


@dataclass
class Result:
    anomalies: dict = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    counts: dict = field(default_factory=dict)
    read: int = 0
    failed_or_unknown_read: int = 0
    acked_without_offset: int = 0
    live_reads: int = 0  # records seen by the concurrent consumers

    @property
    def ok(self):
        return not any(self.anomalies.values())

    def summary(self, examples=5):
        c = self.counts
        lines = [
            f"sent {sum(c.values())}: acked {c.get(ACKED, 0)}, failed {c.get(FAILED, 0)}, "
            f"unknown {c.get(UNKNOWN, 0)}; read {self.read} "
            f"({self.failed_or_unknown_read} of them failed/unknown sends), {self.live_reads} seen live"
            + (f"; {self.acked_without_offset} acked without an offset" if self.acked_without_offset else ""),
            "  " + ", ".join(f"{k} {len(v)}" for k, v in self.anomalies.items()),
        ]
        for k, v in self.anomalies.items():
            if v:
                lines.append(f"  {k}, e.g.: {v[:examples]}")
        return "\n".join(lines)


def check(history, final_reads):
    """`final_reads`: iterable of (partition, offset, value), every partition read
    from its start to its high watermark. Returns a Result."""
    r = Result(
        counts=history.counts(),
        acked_without_offset=len(history.acked_without_offset()),
        live_reads=len(history.live_reads),
    )
    a = r.anomalies
    sends = history.sends
    seen = {}  # value -> [(partition, offset)]
    by_partition = {}  # partition -> [(offset, value)]
    at = {}  # (partition, offset) -> value
    for p, o, v in final_reads:
        r.read += 1
        seen.setdefault(v, []).append((p, o))
        by_partition.setdefault(p, []).append((o, v))
        at[(p, o)] = v
    for v, places in seen.items():
        s = sends.get(v)
        if s is None:
            a["phantom"].append((v, places))
            continue
        if len(places) > 1:
            a["duplicated"].append((v, s.outcome, places))
        if s.outcome != ACKED:
            r.failed_or_unknown_read += 1
        elif s.offset is not None and (s.partition, s.offset) not in places:
            a["misplaced"].append((v, f"acked at {s.partition}@{s.offset}", f"read at {places}"))
    for s in sends.values():
        if s.outcome == ACKED and s.value not in seen:
            a["lost"].append((s.value, f"acked at {s.partition}@{s.offset}"))
    for p, records in sorted(by_partition.items()):
        records.sort()
        prev = None  # the previous acknowledged message read in this partition
        prev_of = {}  # producer -> its previous acknowledged message read here
        done = set()  # a second copy is a duplicate, not also a reordering
        for o, v in records:
            s = sends.get(v)
            if s is None or s.outcome != ACKED or v in done:
                continue
            done.add(v)
            for before, why in ((prev, "acked"), (prev_of.get(s.producer), "sent")):
                if before is None or (why == "acked" and None in (s.offset, before.offset)):
                    continue
                if (s.offset <= before.offset) if why == "acked" else (s.seq <= before.seq):
                    a["reordered"].append(
                        (p, f"{v!r} (sent #{s.seq} by {s.producer}, acked @{s.offset}) read at @{o} after "
                            f"{before.value!r} (sent #{before.seq} by {before.producer}, acked @{before.offset}): "
                            f"out of {why} order")
                    )
                    break
            prev_of[s.producer] = s
            if s.offset is not None:
                prev = s
    for p, o, v in sorted(set(history.live_reads)):
        if at.get((p, o)) != v:
            a["unstable"].append((p, o, v, f"final read has {at.get((p, o))!r} there"))
    return r


# ---------------------------------------------------------------------------
# Exactly once through a consume-transform-produce loop (issue 18)

EOS_CATEGORIES = ("lost", "duplicated", "phantom", "aborted_read")


@dataclass
class TransformResult:
    anomalies: dict = field(default_factory=lambda: {c: [] for c in EOS_CATEGORIES})
    inputs: int = 0
    outputs: int = 0

    @property
    def ok(self):
        return not any(self.anomalies.values())

    def summary(self, examples=5):
        lines = [f"inputs {self.inputs}, outputs read {self.outputs}",
                 "  " + ", ".join(f"{k} {len(v)}" for k, v in self.anomalies.items())]
        for k, v in self.anomalies.items():
            if v:
                lines.append(f"  {k}, e.g.: {v[:examples]}")
        return "\n".join(lines)


def check_exactly_once(inputs, outputs, transform, aborted=()):
    """`inputs`: every input value; `outputs`: (partition, offset, value) of a
    read_committed read of the whole output; `transform`: input value ->
    output value; `aborted`: output values known to belong to aborted
    transactions (never to be read). Every input's output must be read
    exactly once:

        lost          an input whose output is not in the read
        duplicated    an output read more than once
        phantom       an output that is no input's
        aborted_read  an output of an aborted transaction in the read
    """
    r = TransformResult(inputs=len(inputs))
    expected = {transform(v): v for v in inputs}
    seen = {}
    for p, o, v in outputs:
        r.outputs += 1
        seen.setdefault(v, []).append((p, o))
    for v, places in seen.items():
        if v not in expected:
            r.anomalies["phantom"].append((v, places))
        elif len(places) > 1:
            r.anomalies["duplicated"].append((v, places))
    for out, v in expected.items():
        if out not in seen:
            r.anomalies["lost"].append(v)
    for v in aborted:
        if v in seen and v not in expected:
            r.anomalies["aborted_read"].append((v, seen[v]))
    return r
