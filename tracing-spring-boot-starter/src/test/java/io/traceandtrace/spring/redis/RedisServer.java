package io.traceandtrace.spring.redis;

import io.traceandtrace.spring.testing.DebianServer;
import io.traceandtrace.spring.testing.FreePorts;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A throw-away Redis from Debian's redis-server: loopback, a free port, nothing saved to disk. */
final class RedisServer implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/bin/redis-server");

    private final DebianServer server;
    private final int port;

    private RedisServer(DebianServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static RedisServer start() {
        DebianServer.assumeInstalled(SERVER, "redis-server");
        Path dir = DebianServer.directory("redis");
        int port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
        return new RedisServer(DebianServer.start("redis-server", builder, dir, Duration.ofSeconds(60), () -> pongs(port)), port);
    }

    private static boolean pongs(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return "+PONG".equals(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine());
        } catch (Exception e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
    }
}
