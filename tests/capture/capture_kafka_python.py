#!/usr/bin/env python3
"""Capture RecordBatch v2 bytes built by kafka-python, in every codec.

kafka-python's producer builds its batches with
``kafka.record.default_records.DefaultRecordBatchBuilder``; this script uses it
directly (no broker) and writes, to the directory given as the only argument:

  kafka-python-<codec>.bin              one batch, no producer id
  kafka-python-<codec>-idempotent.bin   one batch, producer id 1234, epoch 5, base sequence 0

each with a JSON sidecar (``.json``) describing the batch and its records, the
same format as the Java capture (tests/java/.../CaptureBatchesTest.java), which
uses the same 50 records. ``protocol/tests/captured_batches.rs`` checks that our
decoder reads them.

Needs: kafka-python, lz4, python-snappy (or cramjam), zstandard.
"""

import base64
import json
import os
import sys

import kafka
from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

RECORDS = 50
BASE_TIMESTAMP = 1_700_000_000_000
CODECS = {
    "none": DefaultRecordBatchBuilder.CODEC_NONE,
    "gzip": DefaultRecordBatchBuilder.CODEC_GZIP,
    "snappy": DefaultRecordBatchBuilder.CODEC_SNAPPY,
    "lz4": DefaultRecordBatchBuilder.CODEC_LZ4,
    "zstd": DefaultRecordBatchBuilder.CODEC_ZSTD,
}


def records():
    """The same records as CaptureBatchesTest.records() in the Java tests."""
    out = []
    for i in range(RECORDS):
        # Mostly rising timestamps, some before the first one (negative deltas).
        ts = BASE_TIMESTAMP - 5_000 - i if i % 5 == 3 else BASE_TIMESTAMP + i * 1_000
        key = {3: None, 6: b""}.get(i % 10, f"key-{i}".encode())
        if i % 10 == 4:
            value = None
        elif i % 10 == 7:
            value = b""
        elif i % 10 == 8:
            value = (f"compressible value {i} " * 20).encode()
        elif i % 10 == 9:
            value = bytes((j ^ i) & 0xFF for j in range(256))
        else:
            value = f"value-{i}".encode()
        headers = []
        if i % 4 == 1:
            headers.append(("h1", f"v{i}".encode()))
        elif i % 4 == 2:
            headers.append(("trace-id", bytes((i * 16 + j) & 0xFF for j in range(16))))
            headers.append(("null-header", None))
        elif i % 4 == 3:
            headers.append(("dup", b"a"))
            headers.append(("dup", b"b"))
            headers.append(("ünïcødé", b""))
        out.append({"offset": i, "timestamp": ts, "key": key, "value": value, "headers": headers})
    return out


def b64(b):
    return None if b is None else base64.b64encode(b).decode("ascii")


def capture(stem, codec, recs, producer_id, producer_epoch, base_sequence):
    builder = DefaultRecordBatchBuilder(
        magic=2,
        compression_type=CODECS[codec],
        is_transactional=False,
        producer_id=producer_id,
        producer_epoch=producer_epoch,
        base_sequence=base_sequence,
        batch_size=1 << 20,
    )
    for r in recs:
        meta = builder.append(r["offset"], r["timestamp"], r["key"], r["value"], r["headers"])
        assert meta is not None, "batch full"
    data = bytes(builder.build())

    # Check it with kafka-python's own reader before handing it on.
    batch = DefaultRecordBatch(data)
    assert batch.validate_crc(), "CRC"
    assert batch.compression_type == CODECS[codec], (
        f"{codec}: kafka-python wrote codec {batch.compression_type} (no gain from compressing?)")
    got = list(batch)
    assert len(got) == len(recs)
    for want, rec in zip(recs, got):
        assert (rec.offset, rec.timestamp, rec.key, rec.value) == (
            want["offset"], want["timestamp"], want["key"], want["value"]), rec
        assert list(rec.headers) == want["headers"], rec.headers

    max_timestamp = max(r["timestamp"] for r in recs)
    sidecar = {
        "producer": f"kafka-python {kafka.__version__} DefaultRecordBatchBuilder",
        "codec": codec,
        "base_offset": 0,
        "producer_id": producer_id,
        "producer_epoch": producer_epoch,
        "base_sequence": base_sequence,
        "timestamp_type": "CreateTime",
        "max_timestamp": max_timestamp,
        "record_count": len(recs),
        "records": [
            {
                "offset": r["offset"],
                "timestamp": r["timestamp"],
                "key": b64(r["key"]),
                "value": b64(r["value"]),
                "headers": [{"key": k, "value": b64(v)} for k, v in r["headers"]],
            }
            for r in recs
        ],
    }
    with open(stem + ".bin", "wb") as f:
        f.write(data)
    # One record a line, like the Java capture's sidecars.
    records_json = sidecar.pop("records")
    text = json.dumps(sidecar, indent=2)[:-2] + ',\n  "records": [\n'
    text += ",\n".join("    " + json.dumps(r) for r in records_json) + "\n  ]\n}\n"
    assert json.loads(text)["records"] == records_json
    with open(stem + ".json", "w", encoding="ascii") as f:
        f.write(text)


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    recs = records()
    for codec in CODECS:
        capture(os.path.join(out, f"kafka-python-{codec}"), codec, recs, -1, -1, -1)
        capture(os.path.join(out, f"kafka-python-{codec}-idempotent"), codec, recs, 1234, 5, 0)
    print(f"kafka-python {kafka.__version__}: wrote {2 * len(CODECS)} batches to {out}")


if __name__ == "__main__":
    main()
