package io.traceandtrace.core.testing;

import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Jaeger collector's HTTP endpoint on a real loopback socket: decodes every body with
 * jaeger-thrift's own classes and counts the spans it accepted. Answers can be scripted
 * (say two 503s with {@code Retry-After}, then 202s), as a collector under pressure would.
 */
public final class JaegerCollector implements AutoCloseable {

    /** A scripted answer: status and headers. */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final AtomicLong spansAccepted = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();

    private JaegerCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            requestNanos.add(System.nanoTime());
            Answer answer = script.poll();
            if (answer != null && answer.status() / 100 != 2) {
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] text = ("scripted " + answer.status()).getBytes();
                exchange.sendResponseHeaders(answer.status(), text.length);
                exchange.getResponseBody().write(text);
                exchange.close();
                return;
            }
            try {
                Batch batch = new Batch();
                new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, body);
                batches.add(batch);
                spansAccepted.addAndGet(batch.getSpansSize());
                exchange.sendResponseHeaders(202, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        server.start();
    }

    public static JaegerCollector start() throws IOException {
        return new JaegerCollector();
    }

    /** The next requests get these answers, in order; then 202 again. */
    public JaegerCollector answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/traces";
    }

    public long spansAccepted() {
        return spansAccepted.get();
    }

    public int requests() {
        return requests.get();
    }

    public List<Long> requestNanos() {
        return requestNanos;
    }

    public List<Batch> batches() {
        return batches;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
