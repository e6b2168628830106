package io.traceandtrace.spring.messaging.rabbit;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.traceandtrace.spring.testing.DebianServer;
import io.traceandtrace.spring.testing.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away RabbitMQ node from Debian's rabbitmq-server: its own node name, ports, epmd, Erlang cookie
 * (a HOME of its own) and files, all in a temporary directory; nothing of the system's node is read or
 * touched. It runs as the current user: Debian's /usr/sbin wrapper would switch root to the rabbitmq user.
 */
final class RabbitNode implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

    private final DebianServer server;
    private final int epmdPort;
    private final int amqpPort;

    private RabbitNode(DebianServer server, int epmdPort, int amqpPort) {
        this.server = server;
        this.epmdPort = epmdPort;
        this.amqpPort = amqpPort;
    }

    static RabbitNode start() {
        DebianServer.assumeInstalled(SERVER, "rabbitmq-server");
        Path dir = DebianServer.directory("rabbitmq");
        int amqpPort = FreePorts.next();
        int epmdPort = FreePorts.next();
        try {
            Files.writeString(dir.resolve("rabbitmq.conf"), "");
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString());
        Map<String, String> env = builder.environment();
        env.put("HOME", dir.toString()); // the Erlang cookie is created here, not in the user's home
        env.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        env.put("RABBITMQ_NODENAME", "test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(FreePorts.next()));
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
        // a loaded 2-core machine needs most of a minute to boot a node
        DebianServer server = DebianServer.start("rabbitmq-server", builder, dir, Duration.ofMinutes(3), () -> accepts(amqpPort));
        return new RabbitNode(server, epmdPort, amqpPort);
    }

    /** Whether the node completes an AMQP handshake (guest/guest, allowed over loopback). */
    private static boolean accepts(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setConnectionTimeout(1000);
        try (Connection ignored = factory.newConnection()) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    int port() {
        return amqpPort;
    }

    @Override
    public void close() {
        server.close();
        // the node started an epmd daemon on its own port: stop it too
        ProcessBuilder kill = new ProcessBuilder("epmd", "-kill").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        kill.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        try {
            kill.start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("rabbitmq-server: could not stop its epmd: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
