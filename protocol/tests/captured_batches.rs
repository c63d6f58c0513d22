//! Record batches made by real clients verify and decode in every codec.
//!
//! Each `*.bin` in the capture directory is one RecordBatch v2 built by a real
//! client library, beside a `*.json` sidecar that lists the records it holds:
//!
//! - `java-<codec>[-idempotent]`: kafka-clients' `MemoryRecordsBuilder`, the
//!   code the Java producer uses (`tests/java/.../CaptureBatchesTest.java`);
//! - `kafka-python-<codec>[-idempotent]`: kafka-python's
//!   `DefaultRecordBatchBuilder` (`tests/capture/capture_kafka_python.py`).
//!
//! The directory is `$CAPTURED_BATCHES_DIR` (`scripts/capture-batches DIR`
//! makes a fresh one) or else the committed `tests/fixtures/captured`. It must
//! hold batches in all five codecs from both clients.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use base64::Engine;
use bytes::Bytes;
use protocol::records::{
    Batches, Compression, Record, RecordBatch, RecordBatchBuilder, SimpleRecord, TimestampType,
};
use serde_json::Value;

const CAP: usize = 16 << 20;
const CODECS: [&str; 5] = ["none", "gzip", "snappy", "lz4", "zstd"];
/// The clients whose batches must be present, by the first word of the
/// sidecar's `producer`.
const PRODUCERS: [&str; 2] = ["kafka-clients", "kafka-python"];

fn capture_dir() -> PathBuf {
    match std::env::var_os("CAPTURED_BATCHES_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captured"),
    }
}

fn bin_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read capture directory {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    files.sort();
    files
}

fn b64(v: &Value, what: &str) -> Result<Option<Bytes>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => base64::engine::general_purpose::STANDARD
            .decode(s)
            .map(|b| Some(Bytes::from(b)))
            .map_err(|e| format!("{what}: bad base64: {e}")),
        other => Err(format!(
            "{what}: expected base64 string or null, got {other}"
        )),
    }
}

fn int(v: &Value, field: &str) -> Result<i64, String> {
    v.get(field)
        .and_then(Value::as_i64)
        .ok_or_else(|| format!("sidecar field {field:?} missing or not an integer"))
}

/// The records the sidecar describes.
fn expected_records(sidecar: &Value) -> Result<Vec<Record>, String> {
    let list = sidecar
        .get("records")
        .and_then(Value::as_array)
        .ok_or("sidecar has no \"records\" array")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let what = format!("record {i}");
        let headers = r
            .get("headers")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{what}: no headers array"))?
            .iter()
            .map(|h| {
                let key = h
                    .get("key")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{what}: header without a string key"))?;
                Ok((key.to_string(), b64(&h["value"], &what)?))
            })
            .collect::<Result<Vec<_>, String>>()?;
        out.push(Record {
            offset: int(r, "offset")?,
            timestamp: int(r, "timestamp")?,
            attributes: 0,
            key: b64(&r["key"], &format!("{what} key"))?,
            value: b64(&r["value"], &format!("{what} value"))?,
            headers,
        });
    }
    Ok(out)
}

fn compression_named(name: &str) -> Result<Compression, String> {
    [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ]
    .into_iter()
    .find(|c| c.name() == name)
    .ok_or_else(|| format!("unknown codec {name:?} in sidecar"))
}

/// Checks one captured batch against its sidecar; returns (producer, codec).
fn check(bin: &Path) -> Result<(String, String), String> {
    let json_path = bin.with_extension("json");
    let json = std::fs::read_to_string(&json_path)
        .map_err(|e| format!("cannot read sidecar {}: {e}", json_path.display()))?;
    let sidecar: Value =
        serde_json::from_str(&json).map_err(|e| format!("bad sidecar JSON: {e}"))?;
    let producer = sidecar
        .get("producer")
        .and_then(Value::as_str)
        .ok_or("sidecar has no \"producer\"")?
        .to_string();
    let codec = sidecar
        .get("codec")
        .and_then(Value::as_str)
        .ok_or("sidecar has no \"codec\"")?
        .to_string();
    let want_codec = compression_named(&codec)?;
    let want = expected_records(&sidecar)?;

    let raw = Bytes::from(std::fs::read(bin).map_err(|e| format!("cannot read: {e}"))?);

    // The buffer is exactly one batch, whichever way it is read.
    let mut batches = Batches::new(raw.clone());
    match (batches.next(), batches.next()) {
        (Some(Ok(_)), None) if batches.partial_batch().is_none() => {}
        other => {
            return Err(format!(
                "Batches: expected exactly one whole batch, got {other:?}"
            ))
        }
    }
    let batch = RecordBatch::from_bytes(raw.clone()).map_err(|e| format!("from_bytes: {e}"))?;
    batch.validate().map_err(|e| format!("validate: {e}"))?;
    batch
        .validate_offset_range()
        .map_err(|e| format!("validate_offset_range: {e}"))?;

    let h = batch.header();
    let header_checks: [(&str, i64, i64); 7] = [
        ("base_offset", h.base_offset, int(&sidecar, "base_offset")?),
        ("producer_id", h.producer_id, int(&sidecar, "producer_id")?),
        (
            "producer_epoch",
            h.producer_epoch.into(),
            int(&sidecar, "producer_epoch")?,
        ),
        (
            "base_sequence",
            h.base_sequence.into(),
            int(&sidecar, "base_sequence")?,
        ),
        (
            "record_count",
            h.record_count.into(),
            int(&sidecar, "record_count")?,
        ),
        (
            "max_timestamp",
            h.max_timestamp,
            int(&sidecar, "max_timestamp")?,
        ),
        (
            "record_count vs records",
            h.record_count.into(),
            want.len() as i64,
        ),
    ];
    for (field, got, expected) in header_checks {
        if got != expected {
            return Err(format!("header {field}: got {got}, expected {expected}"));
        }
    }
    let got_codec = batch
        .compression()
        .map_err(|e| format!("compression: {e}"))?;
    if got_codec != want_codec {
        return Err(format!("codec: got {}, expected {codec}", got_codec.name()));
    }
    if batch.timestamp_type() != TimestampType::CreateTime {
        return Err(format!("timestamp type: got {:?}", batch.timestamp_type()));
    }
    if h.is_transactional() || h.is_control() {
        return Err(format!("unexpected attributes {:#06x}", h.attributes));
    }
    if let Some(first) = want.first() {
        if h.base_timestamp != first.timestamp {
            return Err(format!(
                "base_timestamp {} is not the first record's {}",
                h.base_timestamp, first.timestamp
            ));
        }
    }

    let got = batch.records(CAP).map_err(|e| format!("records: {e}"))?;
    if got.len() != want.len() {
        return Err(format!(
            "decoded {} records, expected {}",
            got.len(),
            want.len()
        ));
    }
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        if g != w {
            return Err(format!(
                "record {i} differs:\n  got      {g:?}\n  expected {w:?}"
            ));
        }
    }

    // Uncompressed, our builder must write the very same bytes as the client
    // (the partition leader epoch is outside the CRC and set by whoever sends).
    if want_codec == Compression::None {
        let mut builder = RecordBatchBuilder::new(Compression::None)
            .base_offset(h.base_offset)
            .partition_leader_epoch(h.partition_leader_epoch)
            .producer(h.producer_id, h.producer_epoch, h.base_sequence);
        for r in &want {
            let mut s = SimpleRecord::new(r.timestamp, r.key.clone(), r.value.clone());
            for (k, v) in &r.headers {
                s = s.with_header(k.clone(), v.clone());
            }
            builder = builder.append(s);
        }
        let ours = builder.build().map_err(|e| format!("rebuild: {e}"))?;
        if ours != raw {
            let at = ours.iter().zip(raw.iter()).position(|(a, b)| a != b);
            return Err(format!(
                "our builder's bytes differ from the client's ({} vs {} bytes, first difference at {at:?})",
                ours.len(),
                raw.len()
            ));
        }
    }

    let producer_name = producer.split_whitespace().next().unwrap_or("").to_string();
    Ok((producer_name, codec))
}

#[test]
fn captured_batches_verify_and_decode() {
    let dir = capture_dir();
    let files = bin_files(&dir);
    assert!(
        !files.is_empty(),
        "no captured batches (*.bin) in {}; run scripts/capture-batches DIR",
        dir.display()
    );

    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    for bin in &files {
        match check(bin) {
            Ok(key) => {
                covered.insert(key);
            }
            Err(e) => failures.push(format!("{}: {e}", bin.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} captured batches failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );

    let missing: Vec<String> = PRODUCERS
        .iter()
        .flat_map(|p| CODECS.iter().map(move |c| (p.to_string(), c.to_string())))
        .filter(|k| !covered.contains(k))
        .map(|(p, c)| format!("{p}/{c}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} lacks captured batches for: {}",
        dir.display(),
        missing.join(", ")
    );
    println!(
        "{} captured batches verified from {}",
        files.len(),
        dir.display()
    );
}
