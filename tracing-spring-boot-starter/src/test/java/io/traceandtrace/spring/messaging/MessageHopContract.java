package io.traceandtrace.spring.messaging;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every broker must do, over a real broker between two application contexts that each run the
 * starter: a producer service (an HTTP endpoint that sends the message) and a consumer service (a
 * listener). The same cases for Kafka and JMS; a subclass starts the broker and the two services.
 */
public abstract class MessageHopContract {

    /** Properties every service of a messaging test starts with. */
    protected static final String[] SERVICE = {"tracing.sampler.type=const",
            "tracing.sampler.param=1", "grpc.server.port=-1"};

    /** The producer service, its HTTP endpoint {@code GET /send?payload=...} answering the trace id it saw. */
    protected static ConfigurableApplicationContext producer;

    /** The consumer service: its {@link Inbox} holds what the listener received; it throws for a payload starting "fail". */
    protected static ConfigurableApplicationContext consumer;

    /**
     * A producer service like {@link #producer} whose tracer drops what it records: its collector refuses
     * connections and its queue holds one span.
     */
    protected static ConfigurableApplicationContext droppingProducer;

    private final String destination;
    private final String producerSpanName;
    private final String consumerSpanName;

    /**
     * @param destination      the topic or queue the services use
     * @param producerSpanName the name of the span of a send
     * @param consumerSpanName the name of the span of a delivery to the listener
     */
    protected MessageHopContract(String destination, String producerSpanName, String consumerSpanName) {
        this.destination = destination;
        this.producerSpanName = producerSpanName;
        this.consumerSpanName = consumerSpanName;
    }

    /**
     * Starts the consumer, the producer and the dropping producer, each with {@link #SERVICE}, the broker's
     * properties and its own.
     */
    protected static void startServices(Class<?> consumerService, Class<?> producerService, List<String> broker) throws IOException {
        consumer = start(consumerService, broker, "spring.application.name=consumer", "spring.main.web-application-type=none");
        producer = start(producerService, broker, "spring.application.name=producer", "server.port=0");
        droppingProducer = start(producerService, broker, "spring.application.name=dropping-producer", "server.port=0",
                "tracing.reporter.type=zipkin", "tracing.reporter.max-queue-size=1", "tracing.reporter.shutdown-timeout=1s",
                "tracing.reporter.endpoint=http://127.0.0.1:" + freePort() + "/api/v2/spans");
    }

    private static ConfigurableApplicationContext start(Class<?> service, List<String> broker, String... own) {
        List<String> all = new ArrayList<>(List.of(SERVICE));
        all.addAll(broker);
        all.addAll(List.of(own));
        return new SpringApplicationBuilder(service, CapturedSpans.class).properties(all.toArray(String[]::new)).run();
    }

    /** Closes the services, before the broker stops. */
    protected static void closeServices() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[]{droppingProducer, producer, consumer}) {
            if (context != null) {
                context.close();
            }
        }
        droppingProducer = producer = consumer = null;
    }

    /** A port nothing listens on (for a collector that refuses, or for a broker to take). */
    protected static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theConsumerSpanIsAChildOfTheProducerSpanInTheRequestsTrace() {
        String payload = "hello-" + UUID.randomUUID();
        String traceId = send(producer, payload);

        JaegerSpan server = await(producerSpans(), traceId, s -> "server".equals(tag(s, "span.kind")));
        JaegerSpan send = await(producerSpans(), traceId, s -> "producer".equals(tag(s, "span.kind")));
        JaegerSpan receive = await(consumerSpans(), traceId, s -> "consumer".equals(tag(s, "span.kind")));
        assertThat(server.getOperationName()).isEqualTo("GET /send");
        assertThat(send.getOperationName()).isEqualTo(producerSpanName);
        assertThat(receive.getOperationName()).isEqualTo(consumerSpanName);
        assertThat(Spans.isChildOf(send, server)).isTrue();
        assertThat(Spans.isChildOf(receive, send)).isTrue();
        assertThat(send.getTags()).containsEntry("messaging.destination.name", destination).doesNotContainKey("error");
        assertThat(receive.getTags()).doesNotContainKey("error");
        assertThat(receive.getTags().values()).contains(destination);
        // the consumer span was active in the listener: its log lines carry the producer's trace id
        assertThat(inbox().await(payload)).isEqualTo(traceId);
    }

    @Test
    void aListenerThatThrowsMakesAnErrorConsumerSpan() {
        String traceId = send(producer, "fail-" + UUID.randomUUID());

        JaegerSpan send = await(producerSpans(), traceId, s -> "producer".equals(tag(s, "span.kind")));
        JaegerSpan receive = await(consumerSpans(), traceId, s -> "consumer".equals(tag(s, "span.kind")));
        assertThat(Spans.isChildOf(receive, send)).isTrue();
        assertThat(tag(receive, "error")).isEqualTo(true);
        assertThat(Spans.logs(receive)).anySatisfy(log -> assertThat(log).containsEntry("event", "error")
                .containsKey("error.kind"));
        assertThat(tag(send, "error")).isNull();
    }

    @Test
    void eachHopIsOneSpan() {
        String payload = "once-" + UUID.randomUUID();
        String traceId = send(producer, payload);
        inbox().await(payload);
        await(consumerSpans(), traceId, s -> "consumer".equals(tag(s, "span.kind")));

        // no second span from the client library, the template or the listener container, in either service
        assertThat(settled(producerSpans(), traceId)).extracting(s -> tag(s, "span.kind"))
                .containsExactlyInAnyOrder("server", "producer");
        assertThat(settled(consumerSpans(), traceId)).extracting(s -> tag(s, "span.kind")).containsExactly("consumer");
    }

    @Test
    void aTracerThatDropsSpansLeavesEverySendAndItsTraceAlone() {
        for (int i = 0; i < 20; i++) {
            String payload = "dropped-" + i + "-" + UUID.randomUUID();
            String traceId = send(droppingProducer, payload);
            assertThat(traceId).hasSizeGreaterThan(15);
            // the message arrived, and its headers still carried the trace
            assertThat(inbox().await(payload)).isEqualTo(traceId);
            JaegerSpan receive = await(consumerSpans(), traceId, s -> "consumer".equals(tag(s, "span.kind")));
            assertThat(receive.getOperationName()).isEqualTo(consumerSpanName);
        }
    }

    private CapturingExporter producerSpans() {
        return producer.getBean(CapturingExporter.class);
    }

    private CapturingExporter consumerSpans() {
        return consumer.getBean(CapturingExporter.class);
    }

    private Inbox inbox() {
        return consumer.getBean(Inbox.class);
    }

    /** Asks the service to send the payload; returns the trace id of its request. */
    private static String send(ConfigurableApplicationContext service, String payload) {
        int port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        HttpResponse<String> response = HttpGets.get(port, "/send?payload=" + payload, Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static JaegerSpan await(CapturingExporter reporter, String traceId, Predicate<JaegerSpan> which) {
        Predicate<JaegerSpan> match = s -> s.context().toTraceId().equals(traceId) && which.test(s);
        return Spans.awaitSpans(reporter, spans -> spans.stream().anyMatch(match)).stream().filter(match).findFirst()
                .orElseThrow();
    }

    /** The trace's spans in one service, once no new one has arrived for half a second. */
    private static List<JaegerSpan> settled(CapturingExporter reporter, String traceId) {
        AtomicInteger seen = new AtomicInteger(-1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> seen.getAndSet(reporter.spans().size()) == reporter.spans().size());
        return reporter.spans().stream().filter(s -> s.context().toTraceId().equals(traceId)).toList();
    }
}
