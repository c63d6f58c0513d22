//! End-to-end tests of the partition log: appends, reads, indexes, rolls,
//! crash recovery, retention.

use std::fs::{self, OpenOptions};
use std::path::Path;

use proptest::prelude::*;
use protocol::records::header::*;
use storage::{Log, LogConfig, RollReason, StorageError, CLEAN_SHUTDOWN_FILE};

/// A syntactically valid RecordBatch v2: 61-byte header + `payload_len`
/// filler bytes standing in for `count` records; base and max timestamp `ts`.
fn batch(count: i32, ts: i64, payload_len: usize) -> Vec<u8> {
    let mut b = vec![0u8; BATCH_HEADER_LEN + payload_len];
    let put = |b: &mut [u8], at: usize, v: &[u8]| b[at..at + v.len()].copy_from_slice(v);
    put(
        &mut b,
        BATCH_LENGTH_OFFSET,
        &((BATCH_HEADER_LEN + payload_len - LOG_OVERHEAD) as i32).to_be_bytes(),
    );
    b[MAGIC_OFFSET] = 2;
    put(&mut b, LAST_OFFSET_DELTA_OFFSET, &(count - 1).to_be_bytes());
    put(&mut b, BASE_TIMESTAMP_OFFSET, &ts.to_be_bytes());
    put(&mut b, MAX_TIMESTAMP_OFFSET, &ts.to_be_bytes());
    put(&mut b, PRODUCER_ID_OFFSET, &(-1i64).to_be_bytes());
    put(&mut b, PRODUCER_EPOCH_OFFSET, &(-1i16).to_be_bytes());
    put(&mut b, BASE_SEQUENCE_OFFSET, &(-1i32).to_be_bytes());
    put(&mut b, RECORD_COUNT_OFFSET, &count.to_be_bytes());
    for (i, byte) in b[BATCH_HEADER_LEN..].iter_mut().enumerate() {
        *byte = (i as u8).wrapping_mul(31).wrapping_add(count as u8);
    }
    update_crc(&mut b);
    b
}

/// Splits read bytes into batches, checking each is whole and CRC-valid.
fn split(mut bytes: &[u8]) -> Vec<(BatchHeader, Vec<u8>)> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let h = BatchHeader::parse(bytes).unwrap();
        assert!(h.total_size() <= bytes.len(), "partial batch returned");
        assert_eq!(compute_crc(&bytes[..h.total_size()]), h.crc);
        out.push((h, bytes[..h.total_size()].to_vec()));
        bytes = &bytes[h.total_size()..];
    }
    out
}

fn small_config() -> LogConfig {
    LogConfig {
        segment_bytes: 2000,
        index_interval_bytes: 256,
        ..LogConfig::default()
    }
}

/// A stored batch as the test expects it: offsets and bytes (base offset set).
#[derive(Debug, Clone)]
struct Stored {
    base: i64,
    last: i64,
    ts: i64,
    bytes: Vec<u8>,
}

fn append_all(log: &mut Log, specs: &[(i32, i64, usize)]) -> Vec<Stored> {
    specs
        .iter()
        .map(|&(count, ts, len)| {
            let mut b = batch(count, ts, len);
            let info = log.append(&mut b).unwrap();
            assert_eq!(info.last_offset - info.base_offset, count as i64 - 1);
            assert_eq!(
                BatchHeader::parse(&b).unwrap().base_offset,
                info.base_offset
            );
            Stored {
                base: info.base_offset,
                last: info.last_offset,
                ts,
                bytes: b,
            }
        })
        .collect()
}

fn specs(n: usize) -> Vec<(i32, i64, usize)> {
    (0..n)
        .map(|i| {
            (
                1 + (i % 5) as i32,
                1_000 + i as i64 * 10,
                20 + (i * 37) % 300,
            )
        })
        .collect()
}

fn read_all(log: &Log) -> Vec<u8> {
    log.read(log.log_start_offset(), usize::MAX, i64::MAX)
        .unwrap()
        .records
        .to_vec()
}

fn concat(stored: &[Stored]) -> Vec<u8> {
    stored.iter().flat_map(|s| s.bytes.clone()).collect()
}

#[test]
fn round_trip_across_many_rolls() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    assert_eq!((log.log_start_offset(), log.log_end_offset()), (0, 0));
    let stored = append_all(&mut log, &specs(300));
    for pair in stored.windows(2) {
        assert_eq!(pair[1].base, pair[0].last + 1, "offsets are contiguous");
    }
    assert_eq!(log.log_end_offset(), stored.last().unwrap().last + 1);
    assert!(log.segment_count() > 20, "{} segments", log.segment_count());
    for name in fs::read_dir(dir.path()).unwrap() {
        let name = name.unwrap().file_name().into_string().unwrap();
        assert!(
            name.len() == 24
                || name.len() == 26
                || name.len() == 30
                || name == storage::LEADER_EPOCH_CHECKPOINT_FILE,
            "{name}"
        );
    }
    assert!(dir.path().join("00000000000000000000.log").exists());

    // One read across all segments returns every batch, byte for byte.
    assert_eq!(read_all(&log), concat(&stored));
    // Paging with max_bytes = 1 returns exactly one batch each time.
    let mut offset = 0;
    for s in &stored {
        let r = log.read(offset, 1, i64::MAX).unwrap();
        assert_eq!(r.batches, 1);
        assert_eq!(r.records.as_ref(), s.bytes.as_slice());
        assert_eq!((r.first_offset, r.next_offset), (Some(s.base), s.last + 1));
        offset = r.next_offset;
    }
    let r = log.read(offset, 1000, i64::MAX).unwrap();
    assert!(r.records.is_empty());
    assert_eq!(r.next_offset, log.log_end_offset());

    // Survives a clean reopen.
    log.close().unwrap();
    let log = Log::open(dir.path(), small_config()).unwrap();
    assert_eq!(read_all(&log), concat(&stored));
}

#[test]
fn fetch_inside_a_batch_returns_that_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &[(10, 1, 50), (10, 2, 50), (10, 3, 50)]);
    for offset in 10..20 {
        let r = log.read(offset, 1, i64::MAX).unwrap();
        assert_eq!(r.first_offset, Some(10));
        assert_eq!(r.records.as_ref(), stored[1].bytes.as_slice());
        assert_eq!(r.next_offset, 20);
    }
    let r = log.read(25, usize::MAX, i64::MAX).unwrap();
    assert_eq!(r.first_offset, Some(20));
    assert_eq!(r.batches, 1);
}

#[test]
fn max_bytes_returns_at_least_one_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
    let stored = append_all(&mut log, &[(1, 1, 439), (1, 2, 439), (1, 3, 439)]);
    let size = stored[0].bytes.len();
    assert_eq!(size, 500);
    for (max_bytes, batches) in [
        (0, 1),
        (1, 1),
        (499, 1),
        (500, 1),
        (999, 1),
        (1000, 2),
        (1499, 2),
        (1500, 3),
        (10_000, 3),
    ] {
        let r = log.read(0, max_bytes, i64::MAX).unwrap();
        assert_eq!(r.batches, batches, "max_bytes {max_bytes}");
        assert_eq!(r.records.len(), batches * size);
        assert_eq!(split(&r.records).len(), batches);
    }
}

#[test]
fn max_bytes_is_respected_across_segments() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = LogConfig {
        segment_bytes: 1000,
        ..LogConfig::default()
    };
    let mut log = Log::open(dir.path(), cfg).unwrap();
    append_all(&mut log, &vec![(1, 1, 239); 10]); // 300-byte batches, 3 per segment
    assert_eq!(log.segment_count(), 4);
    let r = log.read(0, 1500, i64::MAX).unwrap();
    assert_eq!((r.batches, r.records.len(), r.next_offset), (5, 1500, 5));
    let r = log.read(2, 700, i64::MAX).unwrap();
    assert_eq!((r.batches, r.next_offset), (2, 4));
}

#[test]
fn reads_stop_at_the_high_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &[(5, 1, 10), (5, 2, 10), (5, 3, 10), (5, 4, 10)]);
    let r = log.read(0, usize::MAX, 10).unwrap();
    assert_eq!((r.batches, r.next_offset), (2, 10));
    assert_eq!(r.records.to_vec(), concat(&stored[..2]));
    // A batch straddling the bound is not returned.
    let r = log.read(0, usize::MAX, 12).unwrap();
    assert_eq!(r.batches, 2);
    let r = log.read(10, usize::MAX, 10).unwrap();
    assert_eq!((r.batches, r.next_offset, r.first_offset), (0, 10, None));
    let r = log.read(12, usize::MAX, 14).unwrap();
    assert_eq!(r.batches, 0);
    assert_eq!((r.log_start_offset, r.log_end_offset), (0, 20));
}

#[test]
fn offset_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    append_all(&mut log, &[(3, 1, 10)]);
    let oor = |r: Result<storage::ReadResult, StorageError>| match r {
        Err(StorageError::OffsetOutOfRange {
            offset,
            log_start,
            log_end,
        }) => (offset, log_start, log_end),
        other => panic!("expected OffsetOutOfRange, got {other:?}"),
    };
    assert_eq!(oor(log.read(4, 100, i64::MAX)), (4, 0, 3));
    assert_eq!(oor(log.read(-1, 100, i64::MAX)), (-1, 0, 3));
    let r = log.read(3, 100, i64::MAX).unwrap();
    assert_eq!((r.batches, r.next_offset), (0, 3));
}

#[test]
fn invalid_batches_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(
        dir.path(),
        LogConfig {
            segment_bytes: 1000,
            ..LogConfig::default()
        },
    )
    .unwrap();
    let mut b = batch(1, 1, 10);
    b.push(0);
    assert!(matches!(
        log.append(&mut b),
        Err(StorageError::InvalidBatch(_))
    ));
    let mut b = batch(1, 1, 10);
    b[MAGIC_OFFSET] = 1;
    assert!(matches!(log.append(&mut b), Err(StorageError::Record(_))));
    let mut b = batch(1, 1, 2000);
    assert!(matches!(
        log.append(&mut b),
        Err(StorageError::BatchTooLarge { .. })
    ));
    assert_eq!(log.log_end_offset(), 0);
}

#[test]
fn rolls_on_time_and_on_full_index() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = LogConfig {
        segment_ms: 1000,
        ..LogConfig::default()
    };
    let mut log = Log::open(dir.path().join("t-0"), cfg).unwrap();
    let ts = [10_000, 10_500, 11_000, 11_001, 11_500, 12_002];
    let mut rolls = Vec::new();
    for t in ts {
        let mut b = batch(1, t, 10);
        rolls.push(log.append(&mut b).unwrap().rolled);
    }
    assert_eq!(
        rolls,
        [
            None,
            None,
            None,
            Some(RollReason::Time),
            None,
            Some(RollReason::Time)
        ]
    );
    assert_eq!(log.segment_base_offsets(), [0, 3, 5]);

    // Wall clock when batches carry no timestamp.
    let mut b = batch(1, -1, 10);
    let now = storage::log::now_ms();
    log.append_at(&mut b, now).unwrap();
    let mut b = batch(1, -1, 10);
    assert_eq!(
        log.append_at(&mut b, now + 500_000).unwrap().rolled,
        Some(RollReason::Time)
    );

    // Index full: 16 bytes = 2 offset entries / 1 time entry.
    let dir = tempfile::tempdir().unwrap();
    let cfg = LogConfig {
        index_interval_bytes: 0,
        segment_index_bytes: 16,
        ..LogConfig::default()
    };
    let mut log = Log::open(dir.path(), cfg).unwrap();
    let reasons: Vec<_> = (0..6)
        .map(|i| log.append(&mut batch(1, 100 + i, 10)).unwrap().rolled)
        .collect();
    assert_eq!(
        reasons,
        [
            None,
            None,
            Some(RollReason::IndexFull),
            None,
            Some(RollReason::IndexFull),
            None
        ]
    );
}

#[test]
fn flush_messages_policy() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = LogConfig {
        flush_messages: Some(5),
        ..LogConfig::default()
    };
    let mut log = Log::open(dir.path(), cfg).unwrap();
    let due: Vec<bool> = [2, 2, 2, 1, 4, 1]
        .iter()
        .map(|&n| log.append(&mut batch(n, 1, 10)).unwrap().flush_due)
        .collect();
    assert_eq!(due, [false, false, true, false, true, false]);
    log.flush().unwrap();
}

fn brute_force_for_timestamp(stored: &[Stored], ts: i64) -> Option<(i64, i64)> {
    stored.iter().find(|s| s.ts >= ts).map(|s| (s.base, s.ts))
}

#[test]
fn time_index_lookups() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    assert_eq!(log.offset_for_timestamp(0).unwrap(), None);
    assert_eq!(log.max_timestamp_and_offset(), None);
    // Timestamps mostly increase, with some going back.
    let specs: Vec<_> = (0..200i64)
        .map(|i| (2, 1_000 + i * 10 - if i % 7 == 3 { 45 } else { 0 }, 100))
        .collect();
    let stored = append_all(&mut log, &specs);
    assert!(log.segment_count() > 5);
    let check = |log: &Log| {
        for ts in (900..3_100).step_by(3) {
            assert_eq!(
                log.offset_for_timestamp(ts).unwrap(),
                brute_force_for_timestamp(&stored, ts),
                "ts {ts}"
            );
        }
        let max = stored.iter().map(|s| s.ts).max().unwrap();
        let first_max = stored.iter().find(|s| s.ts == max).unwrap().base;
        assert_eq!(log.max_timestamp_and_offset(), Some((max, first_max)));
    };
    check(&log);
    log.close().unwrap();
    let log = Log::open(dir.path(), small_config()).unwrap();
    check(&log);
    drop(log);
    let log = Log::open(dir.path(), small_config()).unwrap();
    assert!(!log.recovery_stats().clean_shutdown);
    check(&log);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// Index lookups (offset → batch) agree with a brute-force scan, before and
    /// after reopening, for random batch shapes, segment and index sizes.
    #[test]
    fn index_lookups_match_brute_force(
        shapes in prop::collection::vec((1i32..8, 0usize..400, -50i64..100), 1..120),
        segment_bytes in 600u32..5000,
        index_interval_bytes in 0u32..1500,
        segment_index_bytes in 16u32..200,
        probes in prop::collection::vec(any::<prop::sample::Index>(), 1..40),
        ts_probes in prop::collection::vec(3_000i64..23_000, 1..20),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let cfg = LogConfig { segment_bytes, index_interval_bytes, segment_index_bytes, ..LogConfig::default() };
        let mut log = Log::open(dir.path(), cfg.clone()).unwrap();
        let mut ts = 10_000;
        let specs: Vec<_> = shapes.iter().map(|&(c, len, dt)| { ts += dt; (c, ts, len) }).collect();
        let stored = append_all(&mut log, &specs);
        let leo = log.log_end_offset();
        for reopen in 0..3 {
            for p in &probes {
                let target = p.index(leo as usize) as i64;
                let expected = stored.iter().find(|s| s.base <= target && target <= s.last).unwrap();
                let r = log.read(target, 0, leo).unwrap();
                prop_assert_eq!(r.first_offset, Some(expected.base));
                prop_assert_eq!(r.records.as_ref(), expected.bytes.as_slice());
            }
            for &t in &ts_probes {
                prop_assert_eq!(log.offset_for_timestamp(t).unwrap(), brute_force_for_timestamp(&stored, t));
            }
            let max = stored.iter().map(|s| s.ts).max().unwrap();
            let first_max = stored.iter().find(|s| s.ts == max).unwrap().base;
            prop_assert_eq!(log.max_timestamp_and_offset(), Some((max, first_max)));
            match reopen {
                0 => log.close().unwrap(),
                _ => drop(log),
            }
            log = Log::open(dir.path(), cfg.clone()).unwrap();
        }
        prop_assert_eq!(read_all(&log), concat(&stored));
    }
}

fn last_segment_path(dir: &Path) -> std::path::PathBuf {
    let mut logs: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    logs.sort();
    logs.pop().unwrap()
}

/// Writes batches, "crashes" (drop without close), damages the tail with
/// `damage`, reopens and checks that exactly `kept` batches survive.
fn crash_and_recover(damage: impl FnOnce(&Path, &[Stored]), kept: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &specs(40));
    assert!(log.segment_count() > 2);
    log.flush().unwrap();
    drop(log);
    damage(dir.path(), &stored);

    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stats = log.recovery_stats().clone();
    assert!(!stats.clean_shutdown);
    assert_eq!(
        stats.recovered_segments, 1,
        "only the last segment is scanned"
    );
    let last_base = *log.segment_base_offsets().last().unwrap();
    let in_last = stored[..kept]
        .iter()
        .filter(|s| s.base >= last_base)
        .count();
    assert_eq!(stats.recovered_batches, in_last as u64);
    assert_eq!(read_all(&log), concat(&stored[..kept]));
    let expected_leo = stored[kept - 1].last + 1;
    assert_eq!(log.log_end_offset(), expected_leo);
    let info = log.append(&mut batch(2, 5, 10)).unwrap();
    assert_eq!(info.base_offset, expected_leo);
    assert_eq!(
        log.read(expected_leo, 1, i64::MAX).unwrap().first_offset,
        Some(expected_leo)
    );
    drop(log);
    // A second unclean open finds nothing more to cut.
    let log = Log::open(dir.path(), small_config()).unwrap();
    assert_eq!(log.recovery_stats().truncated_bytes, 0);
    assert_eq!(log.log_end_offset(), expected_leo + 2);
}

#[test]
fn recovery_cuts_a_batch_torn_mid_way() {
    crash_and_recover(
        |dir, stored| {
            let path = last_segment_path(dir);
            let len = fs::metadata(&path).unwrap().len();
            let last = stored.last().unwrap().bytes.len() as u64;
            OpenOptions::new()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(len - last / 2)
                .unwrap();
        },
        39,
    );
}

#[test]
fn recovery_cuts_a_torn_header() {
    crash_and_recover(
        |dir, stored| {
            let path = last_segment_path(dir);
            let len = fs::metadata(&path).unwrap().len();
            let last = stored.last().unwrap().bytes.len() as u64;
            OpenOptions::new()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(len - last + 30)
                .unwrap();
        },
        39,
    );
}

#[test]
fn recovery_cuts_trailing_garbage() {
    crash_and_recover(
        |dir, _| {
            let path = last_segment_path(dir);
            let mut bytes = fs::read(&path).unwrap();
            bytes.extend((0..500u32).map(|i| (i * 13) as u8));
            fs::write(&path, bytes).unwrap();
        },
        40,
    );
}

#[test]
fn recovery_cuts_at_a_crc_mismatch() {
    crash_and_recover(
        |dir, stored| {
            // Corrupt the second-to-last batch: it and the last one go.
            let path = last_segment_path(dir);
            let mut bytes = fs::read(&path).unwrap();
            let n = bytes.len();
            assert!(
                n >= stored[38].bytes.len() + stored[39].bytes.len(),
                "both in the last segment"
            );
            let at = n - stored[39].bytes.len() - 3;
            bytes[at] ^= 0x55;
            fs::write(&path, bytes).unwrap();
        },
        38,
    );
}

#[test]
fn recovery_of_preallocated_indexes_after_crash() {
    // The crash leaves the active segment's indexes preallocated (zero tail).
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &specs(12));
    drop(log);
    let index = last_segment_path(dir.path()).with_extension("index");
    assert_eq!(
        fs::metadata(&index).unwrap().len(),
        10 * 1024 * 1024,
        "preallocated"
    );
    let log = Log::open(dir.path(), small_config()).unwrap();
    assert_eq!(read_all(&log), concat(&stored));
    log.close().unwrap();
    assert!(
        fs::metadata(&index).unwrap().len() < 1024,
        "trimmed on close"
    );
}

#[test]
fn clean_shutdown_skips_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &specs(50));
    log.close().unwrap();
    let marker = dir.path().join(CLEAN_SHUTDOWN_FILE);
    assert!(marker.exists());

    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stats = log.recovery_stats().clone();
    assert!(stats.clean_shutdown);
    assert_eq!(
        (
            stats.recovered_segments,
            stats.recovered_batches,
            stats.rebuilt_indexes
        ),
        (0, 0, 0)
    );
    assert!(!marker.exists(), "marker removed on open");
    assert_eq!(read_all(&log), concat(&stored));
    let info = log.append(&mut batch(1, 1, 1)).unwrap();
    assert_eq!(info.base_offset, stored.last().unwrap().last + 1);
    drop(log);

    // The crash after that open is noticed.
    let log = Log::open(dir.path(), small_config()).unwrap();
    assert!(!log.recovery_stats().clean_shutdown);
    assert!(log.recovery_stats().recovered_batches > 0);
}

#[test]
fn bad_index_of_an_older_segment_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &specs(60));
    log.close().unwrap();
    let first_index = dir.path().join("00000000000000000000.index");
    let len = fs::metadata(&first_index).unwrap().len();
    assert!(len >= 8);
    // Garbage in the last entry.
    let mut bytes = fs::read(&first_index).unwrap();
    let n = bytes.len();
    bytes[n - 8..].copy_from_slice(&[0, 0, 0, 1, 0, 0, 0, 7]);
    fs::write(&first_index, bytes).unwrap();
    // A leftover index without its log is deleted.
    fs::write(dir.path().join("00000000000000099999.index"), [1u8; 8]).unwrap();

    let log = Log::open(dir.path(), small_config()).unwrap();
    let stats = log.recovery_stats();
    assert!(stats.clean_shutdown);
    assert_eq!((stats.rebuilt_indexes, stats.deleted_orphan_files), (1, 1));
    assert_eq!(fs::metadata(&first_index).unwrap().len(), len);
    assert_eq!(read_all(&log), concat(&stored));
    for s in &stored {
        assert_eq!(
            log.read(s.last, 1, i64::MAX).unwrap().first_offset,
            Some(s.base)
        );
    }
}

#[test]
fn corruption_inside_an_older_segment_refuses_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    append_all(&mut log, &specs(60));
    log.close().unwrap();
    let first = dir.path().join("00000000000000000000.log");
    let mut bytes = fs::read(&first).unwrap();
    let n = bytes.len();
    bytes[n - 1] ^= 1;
    fs::write(&first, &bytes).unwrap();
    // The index is still consistent, so only a rebuild would notice: force one.
    fs::remove_file(dir.path().join("00000000000000000000.index")).unwrap();
    match Log::open(dir.path(), small_config()) {
        Err(StorageError::CorruptBatch { reason, .. }) => {
            assert!(reason.contains("CRC"), "{reason}")
        }
        other => panic!("expected CorruptBatch, got {other:?}"),
    }
    assert_eq!(
        fs::read(&first).unwrap().len(),
        n,
        "older segment left untouched"
    );
}

#[test]
fn retention_by_time_deletes_old_segments() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = LogConfig {
        segment_bytes: 1000,
        ..LogConfig::default()
    };
    let mut log = Log::open(dir.path(), cfg).unwrap();
    // 300-byte batches, 3 per segment; timestamps 0, 100, 200, ...
    let stored = append_all(
        &mut log,
        &(0..12).map(|i| (2, i * 100, 239)).collect::<Vec<_>>(),
    );
    assert_eq!(log.segment_base_offsets(), [0, 6, 12, 18]);
    assert_eq!(log.delete_old_segments(10_000, -1, -1).unwrap(), 0);
    // Segment 0 holds timestamps up to 200, segment 6 up to 500.
    assert_eq!(log.delete_old_segments(1_000, 800, -1).unwrap(), 0);
    assert_eq!(log.delete_old_segments(1_001, 800, -1).unwrap(), 1);
    assert_eq!(log.log_start_offset(), 6);
    assert!(!dir.path().join("00000000000000000000.log").exists());
    assert!(!dir.path().join("00000000000000000000.index").exists());
    assert!(matches!(
        log.read(5, 100, i64::MAX),
        Err(StorageError::OffsetOutOfRange {
            offset: 5,
            log_start: 6,
            log_end: 24
        })
    ));
    assert_eq!(
        log.read(6, 1, i64::MAX).unwrap().records.as_ref(),
        stored[3].bytes.as_slice()
    );
    assert_eq!(log.offset_for_timestamp(0).unwrap(), Some((6, 300)));
    // Everything expired: the active segment is rolled and goes too (as
    // Kafka does, so that an idle topic expires); an empty one is left.
    assert_eq!(log.delete_old_segments(1_000_000, 0, -1).unwrap(), 3);
    assert_eq!(log.segment_base_offsets(), [24]);
    assert_eq!(log.log_start_offset(), 24);
    assert_eq!(log.log_end_offset(), 24);
    // Nothing to roll in an empty active segment.
    assert_eq!(log.delete_old_segments(2_000_000, 0, -1).unwrap(), 0);
    log.close().unwrap();
    let log = Log::open(
        dir.path(),
        LogConfig {
            segment_bytes: 1000,
            ..LogConfig::default()
        },
    )
    .unwrap();
    assert_eq!((log.log_start_offset(), log.log_end_offset()), (24, 24));
}

#[test]
fn retention_by_size_deletes_oldest_segments() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = LogConfig {
        segment_bytes: 1000,
        retention_bytes: 1500,
        retention_ms: -1,
        ..LogConfig::default()
    };
    let mut log = Log::open(dir.path(), cfg).unwrap();
    append_all(&mut log, &vec![(1, 1, 239); 11]); // segments of 900, 900, 900, 600 bytes
    assert_eq!(log.size_in_bytes(), 3300);
    // 3300 - 1500 = 1800 excess: two 900-byte segments fit in it.
    assert_eq!(log.apply_retention(0).unwrap(), 2);
    assert_eq!(log.size_in_bytes(), 1500);
    assert_eq!(log.log_start_offset(), 6);
    assert_eq!(log.apply_retention(0).unwrap(), 0);
    assert_eq!(
        log.delete_old_segments(0, -1, 0).unwrap(),
        1,
        "never the active segment"
    );
    assert_eq!(log.segment_count(), 1);
}

#[test]
fn truncate_to_for_replication() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    let stored = append_all(&mut log, &specs(60));
    let segments = log.segment_count();
    // Inside a batch of an older segment: that batch and everything after go.
    assert_eq!(stored[22].last - stored[22].base, 2);
    let target = stored[22].base + 1;
    let keep = 22;
    log.truncate_to(target).unwrap();
    assert!(log.segment_count() < segments);
    assert_eq!(log.log_end_offset(), stored[keep - 1].last + 1);
    assert_eq!(read_all(&log), concat(&stored[..keep]));
    let info = log.append(&mut batch(1, 7, 7)).unwrap();
    assert_eq!(info.base_offset, stored[keep - 1].last + 1);
    drop(log);
    let mut log = Log::open(dir.path(), small_config()).unwrap();
    assert_eq!(log.log_end_offset(), stored[keep - 1].last + 2);
    // At or below the log start: empty log restarting at that offset.
    log.truncate_to(0).unwrap();
    assert_eq!(
        (
            log.log_start_offset(),
            log.log_end_offset(),
            log.segment_count()
        ),
        (0, 0, 1)
    );
    assert_eq!(log.append(&mut batch(3, 1, 1)).unwrap().base_offset, 0);
}

#[test]
fn delete_removes_the_directory() {
    let root = tempfile::tempdir().unwrap();
    let dir = storage::partition_dir(root.path(), "orders", 3);
    assert!(dir.ends_with("orders-3"));
    let mut log = Log::open(&dir, small_config()).unwrap();
    append_all(&mut log, &specs(30));
    log.delete().unwrap();
    assert!(!dir.exists());
}

#[test]
fn a_renamed_log_lives_on_under_its_new_name_only() {
    let root = tempfile::tempdir().unwrap();
    let old = root.path().join("t-0");
    let to = root.path().join("t-0.abc-delete");
    let mut log = Log::open(&old, small_config()).unwrap();
    let stored = append_all(&mut log, &specs(60));
    log.rename_dir(&to).unwrap();
    assert!(!old.exists(), "the old name is free");
    assert_eq!(log.dir(), to.as_path());
    assert_eq!(read_all(&log), concat(&stored));
    // A new log under the old name (a topic created again) is not touched by
    // the renamed one: appends, retention and close happen under the new name.
    let mut fresh = Log::open(&old, small_config()).unwrap();
    let more = append_all(&mut log, &specs(40));
    log.close().unwrap();
    assert_eq!(fresh.log_end_offset(), 0);
    assert_eq!(read_all(&fresh), Vec::<u8>::new());
    append_all(&mut fresh, &specs(3));
    fresh.close().unwrap();
    let reopened = Log::open(&to, small_config()).unwrap();
    let mut all = stored;
    all.extend(more);
    assert_eq!(read_all(&reopened), concat(&all));
}
