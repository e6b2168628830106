package io.traceandtrace.spring.messaging.rabbit;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.HungCollector;
import io.traceandtrace.spring.testing.Spans;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.traceandtrace.spring.testing.Spans.tag;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two services over a real RabbitMQ node (Debian's rabbitmq-server, started here): an HTTP request to
 * "orders" sends a message with RabbitTemplate, "billing" consumes it with a @RabbitListener; both
 * traced by Spring AMQP's Observations, which the starter switches on.
 */
class RabbitTracingTest {

    private static RabbitNode node;
    private static ConfigurableApplicationContext billing;
    private static ConfigurableApplicationContext orders;

    @BeforeAll
    static void start() {
        node = RabbitNode.start();
        billing = run(RabbitApps.Billing.class, "billing");
        orders = run(RabbitApps.Orders.class, "orders");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {orders, billing, node}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                System.err.println("could not close " + closeable + ": " + e);
            }
        }
    }

    static ConfigurableApplicationContext run(Class<?> app, String name, String... more) {
        List<String> properties = new ArrayList<>(List.of("spring.application.name=" + name, "server.port=0",
                "grpc.server.port=-1", "tracing.sampler.type=const", "tracing.sampler.param=1",
                "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + node.port(),
                // a failing message is dropped, not redelivered for ever
                "spring.rabbitmq.listener.simple.default-requeue-rejected=false"));
        properties.addAll(List.of(more));
        return new SpringApplicationBuilder(app, CapturedSpans.class)
                .web(app == RabbitApps.Billing.class ? WebApplicationType.NONE : WebApplicationType.SERVLET)
                .properties(properties.toArray(String[]::new)).run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private static CapturingExporter spans(ConfigurableApplicationContext context) {
        return context.getBean(CapturingExporter.class);
    }

    @SuppressWarnings("unchecked")
    private static BlockingQueue<RabbitApps.Received> received() {
        return billing.getBean("received", BlockingQueue.class);
    }

    @Test
    void aMessageIsOneTraceFromTheRequestThroughItsConsumerInTheOtherService() throws Exception {
        HttpResponse<String> response = HttpGets.get(port(orders), "/orders/7", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("sent 7");

        RabbitApps.Received got = received().poll(30, TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(got.body()).isEqualTo("order 7");

        JaegerSpan server = serverSpan(spans(orders), "GET /orders/{id}", "7");
        List<JaegerSpan> producerSide = Spans.settledTrace(spans(orders), server);
        List<JaegerSpan> consumerSide = Spans.settledTrace(spans(billing), server);
        // one span a hop: the request, its send, the delivery
        assertThat(producerSide).hasSize(2);
        assertThat(consumerSide).hasSize(1);
        JaegerSpan send = producerSide.stream().filter(s -> s != server).findFirst().orElseThrow();
        JaegerSpan receive = consumerSide.get(0);

        assertThat(Spans.isChildOf(send, server)).isTrue();
        assertThat(Spans.isChildOf(receive, send)).as("the consumer span continues the producer's, across services").isTrue();
        assertThat(tag(send, "span.kind")).isEqualTo("producer");
        assertThat(tag(receive, "span.kind")).isEqualTo("consumer");
        assertThat(send.getOperationName()).isEqualTo("/orders send");
        assertThat(receive.getOperationName()).isEqualTo("orders receive");
        assertThat(send.getTags()).containsEntry("messaging.destination.name", "").containsEntry("messaging.rabbitmq.destination.routing_key", "orders")
                .doesNotContainKey("error");
        assertThat(receive.getTags()).containsEntry("messaging.destination.name", "orders").doesNotContainKey("error");
        // the listener ran inside its span: its logs and its own calls carry the trace
        assertThat(got.traceId()).isEqualTo(server.context().toTraceId());
    }

    @Test
    void aListenerThatThrowsIsAnErrorConsumerSpanInTheSameTrace() {
        HttpResponse<String> response = HttpGets.get(port(orders), "/orders/8/declined", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);

        JaegerSpan server = serverSpan(spans(orders), "GET /orders/{id}/declined", "8");
        JaegerSpan receive = Spans.inTrace(Spans.awaitSpans(spans(billing), list -> !Spans.inTrace(list, server).isEmpty()), server).get(0);
        assertThat(receive.getOperationName()).isEqualTo("orders.declined receive");
        assertThat(tag(receive, "span.kind")).isEqualTo("consumer");
        assertThat(tag(receive, "error")).isEqualTo(true);
        // Spring AMQP reports the listener's exception wrapped, as its error handler sees it
        assertThat(Spans.logs(receive)).anySatisfy(log -> assertThat(log).containsEntry("event", "error")
                .containsEntry("error.kind", "org.springframework.amqp.rabbit.support.ListenerExecutionFailedException"));
        // the send itself succeeded, and says so
        JaegerSpan send = Spans.settledTrace(spans(orders), server).stream().filter(s -> s != server).findFirst().orElseThrow();
        assertThat(send.getTags()).doesNotContainKey("error");
        assertThat(Spans.settledTrace(spans(billing), server)).hasSize(1);
    }

    @Test
    void withTheProducersCollectorHungEveryOrderIsStillSentAndConsumedInItsTrace() throws Exception {
        try (HungCollector collector = new HungCollector();
             ConfigurableApplicationContext hung = run(RabbitApps.Orders.class, "orders-hung", collector.reporterProperties())) {
            received().clear();
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> response = HttpGets.get(port(hung), "/orders/h" + i, Map.of());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("sent h" + i);
            }
            List<RabbitApps.Received> got = new ArrayList<>();
            while (got.size() < 50) {
                RabbitApps.Received next = received().poll(30, TimeUnit.SECONDS);
                assertThat(next).as("message %d of 50", got.size() + 1).isNotNull();
                got.add(next);
            }
            assertThat(got).extracting(RabbitApps.Received::body)
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).mapToObj(i -> "order h" + i).toList());
            // each message still carried its trace: the consumer's span continues it, one trace per order
            assertThat(got).extracting(RabbitApps.Received::traceId).doesNotContainNull().doesNotHaveDuplicates();
            List<JaegerSpan> consumed = Spans.awaitSpans(spans(billing), list -> list.stream()
                    .filter(s -> got.stream().anyMatch(r -> r.traceId().equals(s.context().toTraceId()))).count() == 50);
            assertThat(consumed).filteredOn(s -> got.stream().anyMatch(r -> r.traceId().equals(s.context().toTraceId())))
                    .allMatch(s -> s.context().getParentId() != 0);
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> HungCollector.droppedQueueFull(hung.getBean(ExportStats.class)) > 0);
        }
    }

    private static JaegerSpan serverSpan(CapturingExporter reporter, String name, String id) {
        return Spans.awaitSpans(reporter, list -> list.stream().anyMatch(s -> isServer(s, name, id))).stream()
                .filter(s -> isServer(s, name, id)).findFirst().orElseThrow();
    }

    private static boolean isServer(JaegerSpan span, String name, String id) {
        return span.getOperationName().equals(name) && String.valueOf(span.getTags().get("http.url")).contains("/orders/" + id);
    }



}
