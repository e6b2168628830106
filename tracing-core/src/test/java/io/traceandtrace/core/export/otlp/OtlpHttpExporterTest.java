package io.traceandtrace.core.export.otlp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.internal.JaegerObjectFactory;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentracing.References;
import io.opentracing.Scope;
import io.traceandtrace.core.export.DropReason;
import io.traceandtrace.core.export.ExportPipeline;
import io.traceandtrace.core.export.ExportStats;
import io.traceandtrace.core.limits.BoundedSpan;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.Compression;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the otlp reporter puts on the wire, received by a JDK HTTP server and decoded with
 * OpenTelemetry's own generated classes; every field the Collector's Jaeger translation maps.
 */
class OtlpHttpExporterTest {

    private HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        ExportTraceServiceRequest request() throws IOException {
            InputStream in = new ByteArrayInputStream(body);
            if ("gzip".equals(header("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            return ExportTraceServiceRequest.parseFrom(in);
        }
    }

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            byte[] answer = this.answer;
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    private TracerSettings.Builder settings() {
        return TracerSettings.builder("otlp-wire-test")
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .reporterType(ReporterType.OTLP).endpoint(endpoint())
                .tag("region", "test-1")
                .flushInterval(Duration.ofMinutes(10)); // only close() sends: one message
    }

    @Test
    void everyMappedFieldArrivesAsTheCollectorTranslatesJaegerSpans() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().traceId128Bit(false).headers(Map.of("api-key", "s3cret")).build());
        io.opentracing.Span other = tracer.buildSpan("earlier batch").start();
        other.finish();
        io.opentracing.Span root = tracer.buildSpan("GET /hello").withTag("span.kind", "server")
                .withTag("http.status_code", 200).start();
        long rootStart = ((BoundedSpan) root).startTime();
        io.opentracing.Span client;
        io.opentracing.Span traced;
        try (Scope ignored = tracer.activateSpan(root)) {
            traced = tracer.buildSpan("GreetingService.greet").asChildOf(root)
                    .addReference(References.FOLLOWS_FROM, other.context()).start();
            traced.setTag("order.id", 42L).setTag("ratio", 0.5).setTag("cached", false).setTag("user", "ann");
            traced.log(rootStart + 10, Map.of("event", "cache miss", "key", "greeting:ann", "attempt", 2));
            traced.log(rootStart + 20, "plain message");
            try (Scope inner = tracer.activateSpan(traced)) {
                client = tracer.buildSpan("Greeter/SayHello").withTag("span.kind", "client").start();
                client.setTag("error", true);
                client.log(Map.of("event", "error", "message", "UNAVAILABLE: io exception",
                        "error.object", new IllegalStateException("boom")));
                client.finish();
            }
            traced.finish();
        }
        root.finish();
        tracer.close();

        Received message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(received).isEmpty(); // one message for the whole close
        assertThat(message.method()).isEqualTo("POST");
        assertThat(message.path()).isEqualTo("/v1/traces");
        assertThat(message.header("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(message.header("api-key")).isEqualTo("s3cret");
        assertThat(message.header("Content-Encoding")).isNull();

        ExportTraceServiceRequest request = message.request();
        assertThat(request.getResourceSpansCount()).isEqualTo(1);
        ResourceSpans resourceSpans = request.getResourceSpans(0);
        Map<String, AnyValue> resource = attributes(resourceSpans.getResource().getAttributesList());
        assertThat(resource.get("service.name").getStringValue()).isEqualTo("otlp-wire-test");
        assertThat(resource.get("region").getStringValue()).isEqualTo("test-1");
        assertThat(resource.get("host.name").getStringValue()).isNotBlank();
        assertThat(resource).doesNotContainKeys("hostname", "jaeger.version");
        assertThat(resource.get("opencensus.exporterversion").getStringValue()).startsWith("Jaeger-Java-");

        ScopeSpans scopeSpans = resourceSpans.getScopeSpans(0);
        assertThat(resourceSpans.getScopeSpansCount()).isEqualTo(1);
        assertThat(scopeSpans.getScope().getName()).isEqualTo("io.traceandtrace:tracing-spring-boot-starter");
        assertThat(scopeSpans.getScope().getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        Map<String, Span> spans = scopeSpans.getSpansList().stream().collect(Collectors.toMap(Span::getName, Function.identity()));
        assertThat(spans).containsOnlyKeys("earlier batch", "GET /hello", "GreetingService.greet", "Greeter/SayHello");

        Span server = spans.get("GET /hello");
        Span greet = spans.get("GreetingService.greet");
        Span grpc = spans.get("Greeter/SayHello");
        JaegerSpanContext rootContext = (JaegerSpanContext) root.context();
        // 64-bit ids travel as 16 bytes, the high half zeros
        assertThat(server.getTraceId()).isEqualTo(bytes(rootContext.getTraceIdHigh(), rootContext.getTraceIdLow()));
        assertThat(server.getTraceId().substring(0, 8)).isEqualTo(ByteString.copyFrom(new byte[8]));
        assertThat(server.getSpanId()).isEqualTo(bytes(rootContext.getSpanId()));
        assertThat(greet.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(grpc.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(server.getParentSpanId()).isEmpty();
        assertThat(greet.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(grpc.getParentSpanId()).isEqualTo(greet.getSpanId());

        assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(grpc.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(greet.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL); // no span.kind tag: OpenTelemetry's default

        assertThat(server.getStartTimeUnixNano()).isEqualTo(rootStart * 1000);
        assertThat(server.getEndTimeUnixNano()).isGreaterThanOrEqualTo(server.getStartTimeUnixNano());
        assertThat(server.getEndTimeUnixNano() % 1000).isZero();

        // status: error=true wins, its message from the error log; a 200 leaves it unset
        assertThat(grpc.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(grpc.getStatus().getMessage()).isEqualTo("UNAVAILABLE: io exception");
        assertThat(server.hasStatus()).isFalse();
        assertThat(attributes(grpc.getAttributesList())).doesNotContainKeys("span.kind", "error");
        assertThat(attributes(server.getAttributesList())).doesNotContainKey("span.kind")
                .hasEntrySatisfying("http.status_code", v -> assertThat(v.getIntValue()).isEqualTo(200));

        Map<String, AnyValue> tags = attributes(greet.getAttributesList());
        assertThat(tags.get("order.id").getIntValue()).isEqualTo(42L);
        assertThat(tags.get("ratio").getDoubleValue()).isEqualTo(0.5);
        assertThat(tags.get("cached").getBoolValue()).isFalse();
        assertThat(tags.get("user").getStringValue()).isEqualTo("ann");

        // logs: the event field names the event, the rest are its attributes; a bare message is the name
        assertThat(greet.getEventsList()).extracting(Span.Event::getName).containsExactly("cache miss", "plain message");
        Span.Event miss = greet.getEvents(0);
        assertThat(miss.getTimeUnixNano()).isEqualTo((rootStart + 10) * 1000);
        assertThat(attributes(miss.getAttributesList())).containsOnlyKeys("key", "attempt");
        assertThat(attributes(miss.getAttributesList()).get("attempt").getIntValue()).isEqualTo(2);
        assertThat(greet.getEvents(1).getTimeUnixNano()).isEqualTo((rootStart + 20) * 1000);
        Span.Event error = grpc.getEvents(0);
        assertThat(error.getName()).isEqualTo("error");
        assertThat(attributes(error.getAttributesList()).get("error.object").getStringValue()).contains("boom");

        // the parent (CHILD_OF) is not a link; the FOLLOWS_FROM reference is
        JaegerSpanContext otherContext = (JaegerSpanContext) other.context();
        assertThat(greet.getLinksCount()).isEqualTo(1);
        Span.Link link = greet.getLinks(0);
        assertThat(link.getTraceId()).isEqualTo(bytes(otherContext.getTraceIdHigh(), otherContext.getTraceIdLow()));
        assertThat(link.getSpanId()).isEqualTo(bytes(otherContext.getSpanId()));
        assertThat(attributes(link.getAttributesList()).get("opentracing.ref_type").getStringValue()).isEqualTo("follows_from");
        assertThat(grpc.getLinksCount()).isZero();
    }

    @Test
    void statusFollowsTheCollectorsOrderOfTags() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().build());
        tracer.buildSpan("server 404").withTag("span.kind", "server").withTag("http.status_code", 404).start().finish();
        tracer.buildSpan("client 404").withTag("span.kind", "client").withTag("http.status_code", 404).start().finish();
        tracer.buildSpan("server 503").withTag("span.kind", "server").withTag("http.status_code", 503)
                .withTag("http.status_message", "Service Unavailable").start().finish();
        tracer.buildSpan("otel ok").withTag("otel.status_code", "OK").withTag("http.status_code", 500).start().finish();
        tracer.buildSpan("described error").withTag("error", true)
                .withTag("otel.status_description", "quota exceeded").start().finish();
        tracer.buildSpan("not an error").withTag("error", false).start().finish();
        tracer.close();

        Map<String, Span> spans = spans(received.poll(10, TimeUnit.SECONDS).request());
        assertThat(spans.get("server 404").hasStatus()).isFalse(); // the server answered as it should
        assertThat(spans.get("client 404").getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(spans.get("server 503").getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(spans.get("server 503").getStatus().getMessage()).isEqualTo("Service Unavailable");
        assertThat(spans.get("otel ok").getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_OK);
        assertThat(attributes(spans.get("otel ok").getAttributesList())).doesNotContainKey("otel.status_code");
        assertThat(spans.get("described error").getStatus().getMessage()).isEqualTo("quota exceeded");
        assertThat(attributes(spans.get("described error").getAttributesList())).doesNotContainKey("otel.status_description");
        assertThat(spans.get("not an error").hasStatus()).isFalse();
        assertThat(attributes(spans.get("not an error").getAttributesList()).get("error").getBoolValue()).isFalse();
    }

    @Test
    void kindComesFromSpanKind_internalWithoutIt() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().build());
        tracer.buildSpan("local").start().finish();
        for (String kind : List.of("server", "client", "producer", "consumer", "internal", "sideways")) {
            tracer.buildSpan(kind).withTag("span.kind", kind).start().finish();
        }
        tracer.close();

        Map<String, Span> spans = spans(received.poll(10, TimeUnit.SECONDS).request());
        assertThat(spans.get("local").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(spans.get("server").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(spans.get("client").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(spans.get("producer").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
        assertThat(spans.get("consumer").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
        assertThat(spans.get("internal").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(spans.get("sideways").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_UNSPECIFIED); // as the Collector maps it
        assertThat(spans.values()).allSatisfy(span -> assertThat(attributes(span.getAttributesList())).doesNotContainKey("span.kind"));
    }

    @Test
    void statusAndEventsOfUntaggedAndMessagingSpansFollowTheCollector() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().build());
        // a 4xx is an error for every kind but SERVER, the Collector's rule, so for an INTERNAL span too
        tracer.buildSpan("local 404").withTag("http.status_code", "404").start().finish();
        tracer.buildSpan("producer 302").withTag("span.kind", "producer").withTag("http.status_code", 302).start().finish();
        tracer.buildSpan("consumer error").withTag("span.kind", "consumer").withTag("error", true)
                .withTag("otel.status_code", "OK").withTag("http.status_message", "poison message").start().finish();
        tracer.buildSpan("error as text").withTag("error", "true").start().finish();
        io.opentracing.Span logged = tracer.buildSpan("logged").start();
        logged.log(1_000L, Map.of("event", "retry", "attempt", 2));
        logged.log(2_000L, Map.of("attempt", 3));
        logged.finish(3_000L);
        tracer.close();

        Map<String, Span> spans = spans(received.poll(10, TimeUnit.SECONDS).request());
        assertThat(spans.get("local 404").getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(spans.get("producer 302").hasStatus()).isFalse();
        Span consumer = spans.get("consumer error");
        assertThat(consumer.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
        assertThat(consumer.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR); // error=true wins
        assertThat(consumer.getStatus().getMessage()).isEqualTo("poison message");
        assertThat(attributes(consumer.getAttributesList())).doesNotContainKeys("error", "otel.status_code");
        // only a boolean error tag sets the status; a string one stays an attribute
        assertThat(spans.get("error as text").hasStatus()).isFalse();
        assertThat(attributes(spans.get("error as text").getAttributesList()).get("error").getStringValue()).isEqualTo("true");

        List<Span.Event> events = spans.get("logged").getEventsList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getName()).isEqualTo("retry");
        assertThat(events.get(0).getTimeUnixNano()).isEqualTo(1_000_000L);
        assertThat(attributes(events.get(0).getAttributesList())).containsOnlyKeys("attempt");
        assertThat(events.get(1).getName()).isEmpty(); // no event field: a nameless event, as the Collector makes it
        assertThat(attributes(events.get(1).getAttributesList()).get("attempt").getIntValue()).isEqualTo(3);
    }

    @Test
    void a128BitTraceIdIsSentWhole() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().traceId128Bit(true).build());
        io.opentracing.Span span = tracer.buildSpan("wide").start();
        span.finish();
        tracer.close();

        JaegerSpanContext context = (JaegerSpanContext) span.context();
        assertThat(context.getTraceIdHigh()).isNotZero();
        Span sent = spans(received.poll(10, TimeUnit.SECONDS).request()).get("wide");
        assertThat(sent.getTraceId()).isEqualTo(bytes(context.getTraceIdHigh(), context.getTraceIdLow()));
    }

    @Test
    void gzipCompressesTheBodyAndSaysSo() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().compression(Compression.GZIP).build());
        for (int i = 0; i < 50; i++) {
            tracer.buildSpan("repetitive").withTag("http.url", "http://example.com/orders/" + i).start().finish();
        }
        tracer.close();

        Received message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message.header("Content-Encoding")).isEqualTo("gzip");
        ExportTraceServiceRequest request = message.request();
        assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(50);
        assertThat(message.body().length).isLessThan(request.getSerializedSize());
    }

    @Test
    void theSpanContextsTracestateBecomesTraceState() throws Exception {
        // jaeger-client's child contexts drop tracestate; the W3C codec work makes them keep it.
        // Here a context that carries one, made as jaeger-client makes every context.
        JaegerObjectFactory withTraceState = new JaegerObjectFactory() {
            private boolean inside; // withTraceState makes its copy through this factory too

            @Override
            public JaegerSpanContext createSpanContext(long traceIdHigh, long traceIdLow, long spanId, long parentId,
                                                       byte flags, Map<String, String> baggage, String debugId) {
                JaegerSpanContext plain = super.createSpanContext(traceIdHigh, traceIdLow, spanId, parentId, flags,
                        baggage, debugId);
                if (inside) {
                    return plain;
                }
                inside = true;
                try {
                    return plain.withTraceState("vendor=abc,other=x");
                } finally {
                    inside = false;
                }
            }
        };
        TracerSettings settings = settings().build();
        ExportPipeline<Span> pipeline = TracerFactory.pipeline(new OtlpHttpExporter(
                TracerFactory.http(settings, java.net.URI.create(endpoint()), OtlpHttpExporter.CONTENT_TYPE)),
                settings, new ExportStats(), List.of());
        JaegerTracer tracer = new JaegerTracer.Builder("otlp-wire-test", withTraceState) { }
                .withReporter(pipeline).withSampler(new ConstSampler(true)).withManualShutdown().build();
        tracer.buildSpan("with state").start().finish();
        tracer.buildSpan("tag fallback").withTag("w3c.tracestate", "ignored=1").start().finish(); // the context wins
        tracer.close();

        Map<String, Span> spans = spans(received.poll(10, TimeUnit.SECONDS).request());
        assertThat(spans.get("with state").getTraceState()).isEqualTo("vendor=abc,other=x");
        assertThat(spans.get("tag fallback").getTraceState()).isEqualTo("vendor=abc,other=x");
        assertThat(attributes(spans.get("tag fallback").getAttributesList())).doesNotContainKey("w3c.tracestate");
    }

    @Test
    void withoutAContextTracestateTheCollectorsTagIsUsed() throws Exception {
        BoundedTracer tracer = TracerFactory.create(settings().build());
        tracer.buildSpan("tagged").withTag("w3c.tracestate", "vendor=tag").start().finish();
        tracer.buildSpan("plain").start().finish();
        tracer.close();

        Map<String, Span> spans = spans(received.poll(10, TimeUnit.SECONDS).request());
        assertThat(spans.get("tagged").getTraceState()).isEqualTo("vendor=tag");
        assertThat(spans.get("plain").getTraceState()).isEmpty();
    }

    @Test
    void describeNamesTheEndpointButNeverTheHeaders() {
        TracerSettings settings = settings().headers(Map.of("Authorization", "Bearer s3cret")).build();
        String description = TracerFactory.buildExporter(settings).describe();
        assertThat(description).startsWith(endpoint()).contains("otlp").doesNotContain("s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void spansTheReceiverRejectsAreCountedAsRejected_loggedOnceAndNotRetried() throws Exception {
        answer = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(2).setErrorMessage("span name too long")).build().toByteArray();
        Logger logger = (Logger) LoggerFactory.getLogger(ExportPipeline.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            ExportStats stats = new ExportStats();
            BoundedTracer tracer = new TracerFactory(settings().build()).exportStats(stats).create();
            for (int i = 0; i < 3; i++) {
                tracer.buildSpan("span " + i).start().finish();
            }
            tracer.close();

            assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("a partial success is not retried").isNull();
            ExportStats.Snapshot counts = stats.snapshot();
            assertThat(counts.dropped(DropReason.REJECTED)).isEqualTo(2);
            assertThat(counts.sent()).isEqualTo(1);
            assertThat(counts.retries()).isZero();
            assertThat(lines.list).filteredOn(line -> line.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly(endpoint() + " rejected 2 of 3 spans: span name too long");
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void anAnswerThatIsNotProtobufIsNoPartialSuccess() {
        assertThat(OtlpHttpExporter.partialSuccess("ok".getBytes(java.nio.charset.StandardCharsets.UTF_8)).getRejectedSpans()).isZero();
        assertThat(OtlpHttpExporter.partialSuccess(new byte[0]).getRejectedSpans()).isZero();
    }

    private static Map<String, Span> spans(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpansList().stream()
                .collect(Collectors.toMap(Span::getName, Function.identity()));
    }

    private static Map<String, AnyValue> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    private static ByteString bytes(long high, long low) {
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(high).putLong(low).array());
    }

    private static ByteString bytes(long spanId) {
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(spanId).array());
    }
}
