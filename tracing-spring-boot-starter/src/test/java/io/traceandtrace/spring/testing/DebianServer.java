package io.traceandtrace.spring.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A server from a Debian package, started by a test as a throw-away instance in a temporary directory and
 * stopped with it. Package not installed: the test is skipped saying why, unless {@code CI} is set, where it fails.
 */
public final class DebianServer implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path directory;
    private final Path log;

    private final Thread stopAtExit = new Thread(this::stop, "stop-test-server");

    private DebianServer(String name, Process process, Path directory, Path log) {
        this.name = name;
        this.process = process;
        this.directory = directory;
        this.log = log;
        // a test JVM that is killed or exits early does not leave the server running
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /** Skips the calling test (or fails it under CI) when {@code binary} is missing. */
    public static void assumeInstalled(Path binary, String debianPackage) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String missing = binary + " is missing (apt-get install " + debianPackage + "; .ci/run installs it)";
        if (System.getenv("CI") != null) {
            Assertions.fail("CI is set, so this test must run, but " + missing);
        }
        System.err.println("Not run: " + missing + "; CI is not set");
        Assumptions.abort("Not run: " + missing + "; CI is not set");
    }

    /** A fresh temporary directory for a server's data, logs and configuration. */
    public static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code builder} (its output going to a log file in {@code directory}) and waits until {@code ready}
     * holds; fails with the end of the server's log when it exits or is not ready in time.
     */
    public static DebianServer start(String name, ProcessBuilder builder, Path directory, Duration timeout, BooleanSupplier ready) {
        Path log = directory.resolve(name + ".out");
        builder.directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DebianServer server = new DebianServer(name, process, directory, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String tail = server.logTail();
                server.close();
                throw new AssertionError(name + (process.isAlive() ? " not ready within " + timeout : " exited") + ":\n" + tail);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server and whatever it started, then removes its directory. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook stops it
        }
        stop();
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println(name + ": could not remove " + directory + ": " + e);
        }
    }
}
