package io.traceandtrace.spring.jdbc;

import io.traceandtrace.spring.testing.FreePorts;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster from the machine's own binaries (Debian's /usr/lib/postgresql/N/bin), in a
 * temporary directory on a free port. PostgreSQL refuses to run as root, so as root it runs as the
 * {@code postgres} user (else {@code nobody}) through runuser. Without the binaries the test is skipped,
 * except under CI=true, where it fails.
 */
final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final String runAs;
    final int port;

    private PostgresServer(Path bin, Path dir, String runAs, int port) {
        this.bin = bin;
        this.dir = dir;
        this.runAs = runAs;
        this.port = port;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    static PostgresServer start() throws Exception {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL binaries not found (apt-get install postgresql): initdb and pg_ctl under /usr/lib/postgresql/*/bin or on PATH";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        Path dir = Files.createTempDirectory("pg-");
        String runAs = null;
        if ("root".equals(System.getProperty("user.name")) || isRoot()) {
            runAs = userExists("postgres") ? "postgres" : "nobody";
            dir.toFile().setWritable(true, false);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        PostgresServer server = new PostgresServer(bin.get(), dir, runAs, FreePorts.next());
        server.run("initdb", "-D", dir.resolve("data").toString(), "-U", "test", "-A", "trust", "-E", "UTF8", "--no-sync");
        server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        return server;
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            return new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean userExists(String user) throws Exception {
        return new ProcessBuilder("id", user).redirectErrorStream(true).start().waitFor() == 0;
    }

    private static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions != null) {
            Arrays.stream(versions).map(v -> v.toPath().resolve("bin")).sorted(Comparator.reverseOrder()).forEach(candidates::add);
        }
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(Path::of).forEach(candidates::add);
        return candidates.stream().filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))).findFirst();
    }

    private void run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (runAs != null) {
            command.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
            String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IllegalStateException(tool + " failed: " + new String(output, StandardCharsets.UTF_8) + log);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
