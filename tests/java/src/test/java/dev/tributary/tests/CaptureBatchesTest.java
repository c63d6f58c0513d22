package dev.tributary.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Captures RecordBatch v2 bytes built by kafka-clients' own MemoryRecordsBuilder (the code the
 * Java producer uses), in every codec, for the Rust decoder to verify
 * ({@code protocol/tests/captured_batches.rs}).
 *
 * <p>Writes {@code java-<codec>.bin} (no producer id) and {@code java-<codec>-idempotent.bin}
 * (producer id 1234, epoch 5, base sequence 0), each with a JSON sidecar describing the batch and
 * its records, to {@code CAPTURE_DIR} (system property or environment variable; default
 * {@code target/captured-batches}). Needs no broker.
 */
class CaptureBatchesTest {
    static final int RECORDS = 50;
    static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    /** One record of the capture, the same set for every codec (and as in capture_kafka_python.py). */
    record Rec(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
    }

    static List<Rec> records() {
        List<Rec> out = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            // Mostly rising timestamps, some before the first one (negative deltas).
            long ts = i % 5 == 3 ? BASE_TIMESTAMP - 5_000 - i : BASE_TIMESTAMP + i * 1_000L;
            byte[] key = switch (i % 10) {
                case 3 -> null;
                case 6 -> new byte[0];
                default -> ("key-" + i).getBytes(StandardCharsets.UTF_8);
            };
            byte[] value = switch (i % 10) {
                case 4 -> null;
                case 7 -> new byte[0];
                case 8 -> ("compressible value " + i + " ").repeat(20).getBytes(StandardCharsets.UTF_8);
                case 9 -> {
                    byte[] b = new byte[256];
                    for (int j = 0; j < b.length; j++) {
                        b[j] = (byte) (j ^ i);
                    }
                    yield b;
                }
                default -> ("value-" + i).getBytes(StandardCharsets.UTF_8);
            };
            List<Header> headers = new ArrayList<>();
            switch (i % 4) {
                case 1 -> headers.add(new RecordHeader("h1", ("v" + i).getBytes(StandardCharsets.UTF_8)));
                case 2 -> {
                    byte[] trace = new byte[16];
                    for (int j = 0; j < trace.length; j++) {
                        trace[j] = (byte) (i * 16 + j);
                    }
                    headers.add(new RecordHeader("trace-id", trace));
                    headers.add(new RecordHeader("null-header", null));
                }
                case 3 -> {
                    headers.add(new RecordHeader("dup", "a".getBytes(StandardCharsets.UTF_8)));
                    headers.add(new RecordHeader("dup", "b".getBytes(StandardCharsets.UTF_8)));
                    headers.add(new RecordHeader("ünïcødé", new byte[0]));
                }
                default -> {
                }
            }
            out.add(new Rec(i, ts, key, value, headers));
        }
        return out;
    }

    static Path captureDir() throws IOException {
        String dir = TributaryBroker.setting("CAPTURE_DIR");
        Path path = Path.of(dir != null ? dir : "target/captured-batches");
        Files.createDirectories(path);
        return path;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CompressionType.class)
    void capture(CompressionType type) throws Exception {
        Path dir = captureDir();
        List<Rec> recs = records();
        String codec = type.name;
        capture(dir.resolve("java-" + codec), type, recs, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
        capture(dir.resolve("java-" + codec + "-idempotent"), type, recs, 1234L, (short) 5, 0);
    }

    private static void capture(Path stem, CompressionType type, List<Rec> recs, long producerId,
                                short producerEpoch, int baseSequence) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2,
                Compression.of(type).build(), TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP,
                producerId, producerEpoch, baseSequence, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (Rec r : recs) {
            builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(),
                    r.headers().toArray(new Header[0]));
        }
        MemoryRecords built = builder.build();
        ByteBuffer out = built.buffer();
        byte[] bytes = new byte[out.remaining()];
        out.duplicate().get(bytes);

        // Check it with kafka-clients' own reader before handing it on.
        MemoryRecords readBack = MemoryRecords.readableRecords(ByteBuffer.wrap(bytes));
        Iterator<MutableRecordBatch> batches = readBack.batches().iterator();
        assertTrue(batches.hasNext(), "one batch");
        MutableRecordBatch batch = batches.next();
        assertFalse(batches.hasNext(), "only one batch");
        batch.ensureValid();
        assertEquals(type, batch.compressionType());
        assertEquals(producerId, batch.producerId());
        long maxTimestamp = recs.stream().mapToLong(Rec::timestamp).max().orElseThrow();
        assertEquals(maxTimestamp, batch.maxTimestamp());
        int n = 0;
        for (Record r : batch) {
            Rec want = recs.get(n++);
            assertEquals(want.offset(), r.offset());
            assertEquals(want.timestamp(), r.timestamp());
            assertArrayEquals(want.key(), r.key() == null ? null : toArray(r.key()));
            assertArrayEquals(want.value(), r.value() == null ? null : toArray(r.value()));
            assertEquals(want.headers().size(), r.headers().length);
        }
        assertEquals(recs.size(), n);

        Files.write(stem.resolveSibling(stem.getFileName() + ".bin"), bytes);
        Files.writeString(stem.resolveSibling(stem.getFileName() + ".json"),
                sidecar(type.name, recs, producerId, producerEpoch, baseSequence, maxTimestamp),
                StandardCharsets.UTF_8);
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static String sidecar(String codec, List<Rec> recs, long producerId, short producerEpoch,
                                  int baseSequence, long maxTimestamp) {
        StringBuilder j = new StringBuilder();
        j.append("{\n");
        j.append("  \"producer\": ").append(str("kafka-clients " + AppInfoParser.getVersion()
                + " MemoryRecordsBuilder")).append(",\n");
        j.append("  \"codec\": ").append(str(codec)).append(",\n");
        j.append("  \"base_offset\": 0,\n");
        j.append("  \"producer_id\": ").append(producerId).append(",\n");
        j.append("  \"producer_epoch\": ").append(producerEpoch).append(",\n");
        j.append("  \"base_sequence\": ").append(baseSequence).append(",\n");
        j.append("  \"timestamp_type\": \"CreateTime\",\n");
        j.append("  \"max_timestamp\": ").append(maxTimestamp).append(",\n");
        j.append("  \"record_count\": ").append(recs.size()).append(",\n");
        j.append("  \"records\": [\n");
        for (int i = 0; i < recs.size(); i++) {
            Rec r = recs.get(i);
            j.append("    {\"offset\": ").append(r.offset())
                    .append(", \"timestamp\": ").append(r.timestamp())
                    .append(", \"key\": ").append(b64(r.key()))
                    .append(", \"value\": ").append(b64(r.value()))
                    .append(", \"headers\": [");
            for (int h = 0; h < r.headers().size(); h++) {
                Header header = r.headers().get(h);
                j.append(h == 0 ? "" : ", ").append("{\"key\": ").append(str(header.key()))
                        .append(", \"value\": ").append(b64(header.value())).append("}");
            }
            j.append("]}").append(i + 1 < recs.size() ? ",\n" : "\n");
        }
        j.append("  ]\n}\n");
        return j.toString();
    }

    private static String b64(byte[] b) {
        return b == null ? "null" : "\"" + Base64.getEncoder().encodeToString(b) + "\"";
    }

    /** A JSON string; non-ASCII characters as \\u escapes. */
    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
