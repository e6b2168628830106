package io.traceandtrace.spring.globaltracer;

import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.contrib.kafka.TracingConsumerInterceptor;
import io.opentracing.contrib.kafka.TracingProducerInterceptor;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.TracingAutoConfiguration;
import io.traceandtrace.spring.testing.Spans;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** opentracing-contrib instrumentations that read GlobalTracer, on the JDBC and kafka-clients versions of Boot 3.5, join our traces. */
class OpenTracingContribTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class, TracingGlobalTracerAutoConfiguration.class))
            .withBean(CapturingExporter.class, CapturingExporter::new)
            .withPropertyValues("tracing.sampler.type=const", "tracing.sampler.param=1");

    @Test
    void javaJdbcQueriesAreChildSpansOfTheRequest() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            Span request = tracer.buildSpan("request").start();
            try (Scope ignored = tracer.activateSpan(request);
                 Connection connection = DriverManager.getConnection("jdbc:tracing:h2:mem:contrib");
                 ResultSet result = connection.createStatement().executeQuery("SELECT 42")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(42);
            }
            request.finish();
            JaegerSpan parent = Spans.awaitNamed(reporter, "request");
            List<JaegerSpan> spans = Spans.awaitSpans(reporter, all -> all.stream().anyMatch(s -> "SELECT 42".equals(s.getTags().get("db.statement"))));
            assertThat(spans).filteredOn(s -> "SELECT 42".equals(s.getTags().get("db.statement"))).singleElement()
                    .satisfies(query -> {
                        assertThat(query.getTags()).containsEntry("component", "java-jdbc").containsEntry("db.type", "h2");
                        assertThat(Spans.isChildOf(query, parent)).isTrue();
                    });
        });
    }

    @Test
    void kafkaClientInterceptorsCarryTheTraceFromProducerToConsumer() {
        runner.run(context -> {
            Tracer tracer = context.getBean(Tracer.class);
            CapturingExporter reporter = context.getBean(CapturingExporter.class);
            TracingProducerInterceptor<String, String> producer = new TracingProducerInterceptor<>();
            TracingConsumerInterceptor<String, String> consumer = new TracingConsumerInterceptor<>();
            producer.configure(Map.of());
            consumer.configure(Map.of());
            ProducerRecord<String, String> sent;
            Span request = tracer.buildSpan("request").start();
            try (Scope ignored = tracer.activateSpan(request)) {
                sent = producer.onSend(new ProducerRecord<>("orders", "42", "placed"));
            }
            request.finish();
            assertThat(sent.headers().lastHeader("uber-trace-id")).as("our propagation format in the record").isNotNull();

            ConsumerRecord<String, String> received = new ConsumerRecord<>("orders", 0, 7L, 0L, TimestampType.CREATE_TIME,
                    0, 0, "42", "placed", new RecordHeaders(sent.headers().toArray()), Optional.empty());
            consumer.onConsume(new ConsumerRecords<>(Map.of(new TopicPartition("orders", 0), List.of(received))));

            JaegerSpan parent = Spans.awaitNamed(reporter, "request");
            JaegerSpan send = Spans.awaitNamed(reporter, "To_orders");
            JaegerSpan receive = Spans.awaitNamed(reporter, "From_orders");
            assertThat(Spans.isChildOf(send, parent)).isTrue();
            assertThat(receive.context().getTraceIdLow()).isEqualTo(parent.context().getTraceIdLow());
            assertThat(receive.getReferences()).anySatisfy(reference ->
                    assertThat(reference.getSpanContext().getSpanId()).isEqualTo(send.context().getSpanId()));
        });
    }
}
