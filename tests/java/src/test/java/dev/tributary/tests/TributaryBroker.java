package dev.tributary.tests;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The broker the tests talk to.
 *
 * <p>{@code TRIBUTARY_BOOTSTRAP} (system property or environment variable) names a running
 * broker. Without it, the broker binary named by {@code TRIBUTARY_BIN} is started on a free
 * loopback port with a temporary data directory (with optional {@code --override k=v}
 * settings), and {@link #close()} stops it and deletes the directory. Such a broker can be
 * stopped gracefully, killed with SIGKILL and started again on the same port and directory.
 */
final class TributaryBroker implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 30_000;

    private final String bootstrap;
    private final String bin;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final Map<String, String> overrides;
    private Process process;

    private TributaryBroker(String bootstrap, String bin, int port, Path dataDir, Path logFile,
                            Map<String, String> overrides) {
        this.bootstrap = bootstrap;
        this.bin = bin;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.overrides = overrides;
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static TributaryBroker startOrConnect() throws Exception {
        return startOrConnect(Map.of());
    }

    /**
     * Connects to {@code TRIBUTARY_BOOTSTRAP} if set (the overrides are then not applied: the
     * running broker has its own settings), else starts a broker with these
     * {@code --override k=v} settings.
     */
    static TributaryBroker startOrConnect(Map<String, String> overrides) throws Exception {
        String bootstrap = setting("TRIBUTARY_BOOTSTRAP");
        if (bootstrap != null) {
            return new TributaryBroker(bootstrap, null, 0, null, null, Map.of());
        }
        return startLocal(overrides);
    }

    /** Whether {@link #startLocal} can start a broker (TRIBUTARY_BIN set, no TRIBUTARY_BOOTSTRAP). */
    static boolean canStartLocal() {
        return setting("TRIBUTARY_BOOTSTRAP") == null && setting("TRIBUTARY_BIN") != null;
    }

    /** Starts a broker of our own (it can be restarted and killed), whatever TRIBUTARY_BOOTSTRAP says. */
    static TributaryBroker startLocal(Map<String, String> overrides) throws Exception {
        return startLocal(overrides, freePort());
    }

    /**
     * Starts a broker of our own whose PLAINTEXT listener is on {@code port} (for overrides that
     * set {@code listeners} themselves, with that port among them).
     */
    static TributaryBroker startLocal(Map<String, String> overrides, int port) throws Exception {
        String bin = setting("TRIBUTARY_BIN");
        if (bin == null) {
            throw new IllegalStateException(
                    "set TRIBUTARY_BOOTSTRAP=host:port (a running broker) or TRIBUTARY_BIN=path/to/tributary");
        }
        if (!new File(bin).canExecute()) {
            throw new IllegalStateException("TRIBUTARY_BIN=" + bin + " is not an executable file");
        }
        Path dataDir = Files.createTempDirectory("tributary-java-test-");
        Path logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        TributaryBroker broker = new TributaryBroker("127.0.0.1:" + port, bin, port, dataDir, logFile,
                new LinkedHashMap<>(overrides));
        try {
            broker.start();
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Starts the process (again) on the same port and data directory. */
    synchronized void start() throws Exception {
        if (bin == null) {
            throw new IllegalStateException("not a broker this test started: " + bootstrap);
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker already running");
        }
        List<String> command = new ArrayList<>(List.of(
                bin, "broker",
                "--override", "listeners=PLAINTEXT://127.0.0.1:" + port,
                "--override", "log.dirs=" + dataDir.resolve("logs")));
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            command.add("--override");
            command.add(o.getKey() + "=" + o.getValue());
        }
        Files.writeString(logFile, "--- starting: " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = pb.start();
        try {
            awaitListening(port);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage() + "\n--- broker log ---\n" + logTail(), e);
        }
    }

    /** Graceful stop (SIGTERM), waiting for the process to exit. */
    synchronized void stop() throws Exception {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("broker did not stop within 20 s of SIGTERM\n--- broker log ---\n"
                    + logTail());
        }
        int status = process.exitValue();
        process = null;
        if (status != 0 && status != 143) {
            throw new IllegalStateException("broker exited with status " + status + " on SIGTERM\n--- broker log ---\n"
                    + logTail());
        }
    }

    /** Graceful stop, then start on the same port and data directory. */
    void restart() throws Exception {
        stop();
        start();
    }

    /** kill -9 (Process.destroyForcibly sends SIGKILL on Linux), waiting for the process to die. */
    synchronized void kill() throws Exception {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("broker did not die on SIGKILL");
        }
        process = null;
        Files.writeString(logFile, "--- killed (SIGKILL)\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
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

    /**
     * A JUnit extension printing the end of the broker's output when a test fails;
     * {@code broker} is read at failure time (the broker starts after the extension exists).
     */
    static org.junit.jupiter.api.extension.TestWatcher logOnFailure(
            java.util.function.Supplier<TributaryBroker> broker) {
        return new org.junit.jupiter.api.extension.TestWatcher() {
            @Override
            public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
                TributaryBroker b = broker.get();
                if (b != null && !b.logTail().isEmpty()) {
                    System.err.println("--- broker log (" + context.getDisplayName() + " failed) ---\n"
                            + b.logTail());
                }
            }
        };
    }

    /** An admin client of this broker whose calls time out after {@code timeout}. */
    org.apache.kafka.clients.admin.Admin admin(java.time.Duration timeout) {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis());
        return org.apache.kafka.clients.admin.Admin.create(props);
    }

    /** Whether this is a broker this class started (it can be restarted and killed). */
    boolean isLocal() {
        return bin != null;
    }

    /** Fails if a broker this class started has died. */
    synchronized void assertAlive() {
        if (process != null && !process.isAlive()) {
            throw new AssertionError("broker exited with status " + process.exitValue()
                    + "\n--- broker log ---\n" + logTail());
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (bin == null) {
            return;
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
        deleteRecursively(dataDir);
        if (logFile != null) {
            Files.deleteIfExists(logFile);
        }
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
