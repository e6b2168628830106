package io.traceandtrace.spring.testing;

import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Zipkin endpoint that accepts connections and never answers: the reporter's queue fills and spans are dropped. */
public final class HungCollector implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    public HungCollector() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    accepted.add(socket.accept()); // and never read, never answer
                } catch (IOException e) {
                    return;
                }
            }
        }, "hung-collector");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Settings that report to this collector through a one-span queue. */
    public String[] reporterProperties() {
        return new String[] {"tracing.reporter.type=zipkin", "tracing.reporter.endpoint=http://127.0.0.1:" + socket.getLocalPort()
                + "/api/v2/spans", "tracing.reporter.max-queue-size=1", "tracing.reporter.flush-interval=50ms",
                "tracing.reporter.read-timeout=2s", "tracing.reporter.shutdown-timeout=1s"};
    }

    public static long droppedQueueFull(ExportStats stats) {
        return stats.snapshot().dropped(DropReason.QUEUE_FULL);
    }

    @Override
    public void close() throws IOException {
        for (Socket s : accepted) {
            s.close();
        }
        socket.close();
    }
}
