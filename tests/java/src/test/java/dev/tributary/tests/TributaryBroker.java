package dev.tributary.tests;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The broker the tests talk to.
 *
 * <p>{@code TRIBUTARY_BOOTSTRAP} (system property or environment variable) names a running
 * broker. Without it, the broker binary named by {@code TRIBUTARY_BIN} is started on a free
 * loopback port with a temporary data directory, and {@link #close()} stops it and deletes
 * the directory.
 */
final class TributaryBroker implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 30_000;

    private final String bootstrap;
    private final Process process;
    private final Path dataDir;
    private final Path logFile;

    private TributaryBroker(String bootstrap, Process process, Path dataDir, Path logFile) {
        this.bootstrap = bootstrap;
        this.process = process;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static TributaryBroker startOrConnect() throws Exception {
        String bootstrap = setting("TRIBUTARY_BOOTSTRAP");
        if (bootstrap != null) {
            return new TributaryBroker(bootstrap, null, null, null);
        }
        String bin = setting("TRIBUTARY_BIN");
        if (bin == null) {
            throw new IllegalStateException(
                    "set TRIBUTARY_BOOTSTRAP=host:port (a running broker) or TRIBUTARY_BIN=path/to/tributary");
        }
        if (!new File(bin).canExecute()) {
            throw new IllegalStateException("TRIBUTARY_BIN=" + bin + " is not an executable file");
        }
        int port = freePort();
        Path dataDir = Files.createTempDirectory("tributary-java-test-");
        Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                bin, "broker",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir.resolve("logs")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(logFile.toFile());
        Process process = pb.start();
        TributaryBroker broker = new TributaryBroker("127.0.0.1:" + port, process, dataDir, logFile);
        try {
            broker.awaitListening(port);
        } catch (Exception e) {
            String log = broker.logTail();
            broker.close();
            throw new IllegalStateException(e.getMessage() + "\n--- broker log ---\n" + log, e);
        }
        return broker;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with status " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("broker did not listen on port " + port + " within "
                + START_TIMEOUT_MS + " ms");
    }

    String bootstrap() {
        return bootstrap;
    }

    /** The end of the broker's output, for failure messages ("" for an external broker). */
    String logTail() {
        if (logFile == null) {
            return "";
        }
        try {
            String log = Files.readString(logFile, StandardCharsets.UTF_8);
            return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Fails if a broker this class started has died. */
    void assertAlive() {
        if (process != null && !process.isAlive()) {
            throw new AssertionError("broker exited with status " + process.exitValue()
                    + "\n--- broker log ---\n" + logTail());
        }
    }

    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        deleteRecursively(dataDir);
        Files.deleteIfExists(logFile);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
