package io.traceandtrace.core.tracer;

import io.traceandtrace.core.settings.TracerSettings;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.settings.ReporterEncoding;
import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.agent.thrift.Agent;
import io.jaegertracing.thriftjava.Batch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.propagation.PropagationFormat;
import io.traceandtrace.core.testing.JaegerCollector;
import io.traceandtrace.core.testing.TestOap;
import org.apache.skywalking.apm.network.language.agent.v3.SegmentObject;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import zipkin2.codec.SpanBytesDecoder;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 128-bit trace ids: the default for new traces, a caller's 64-bit id continued as it is, and the
 * whole id written by every propagation format and received whole by every exporter's receiver.
 */
class TraceId128BitTest {

    /** A 128-bit id whose high half has leading zeros, the case jaeger-client's own hex form shortens. */
    private static final String CALLER_TRACE = "0000000000abcdef0123456789abcdef";
    private static final long CALLER_HIGH = 0xabcdefL;
    private static final long CALLER_LOW = 0x0123456789abcdefL;
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final List<PropagationFormat> ALL_FORMATS = List.of(PropagationFormat.JAEGER, PropagationFormat.W3C,
            PropagationFormat.B3, PropagationFormat.B3_SINGLE, PropagationFormat.SW8);

    private static TracerSettings.Builder settings() {
        return TracerSettings.builder("ids").samplerType(SamplerType.CONST).samplerParam(1.0)
                .reporterType(ReporterType.NONE).flushInterval(Duration.ofMinutes(10));
    }

    private static JaegerSpanContext newTrace(BoundedTracer tracer) {
        Span span = tracer.buildSpan("root").start();
        span.finish();
        return (JaegerSpanContext) span.context();
    }

    @Test
    void newTracesHave128BitIdsByDefault() {
        assertThat(settings().build().traceId128Bit()).isTrue();
        try (BoundedTracer tracer = TracerFactory.create(settings().build())) {
            // a random high half of zero has a chance of 2^-64 per trace; two in a row never happen
            assertThat(List.of(newTrace(tracer).getTraceIdHigh(), newTrace(tracer).getTraceIdHigh()))
                    .anyMatch(high -> high != 0);
        }
    }

    @Test
    void falseKeeps64BitIds_asASettingAndAsJaegerTraceId128Bit() {
        TracerSettings fromSetting = settings().traceId128Bit(false).build();
        TracerSettings fromVariable = TracerSettings.fromEnvironment(Map.of("JAEGER_TRACEID_128BIT", "false")::get)
                .serviceName("ids").samplerType(SamplerType.CONST).samplerParam(1.0).reporterType(ReporterType.NONE)
                .build();
        for (TracerSettings settings : List.of(fromSetting, fromVariable)) {
            assertThat(settings.traceId128Bit()).isFalse();
            try (BoundedTracer tracer = TracerFactory.create(settings)) {
                assertThat(newTrace(tracer).getTraceIdHigh()).isZero();
                assertThat(newTrace(tracer).getTraceIdLow()).isNotZero();
            }
        }
    }

    private static Map<String, String> inject(BoundedTracer tracer, SpanContext context) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        tracer.inject(context, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        return headers;
    }

    private static JaegerSpanContext extract(BoundedTracer tracer, Map<String, String> headers) {
        return (JaegerSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    }

    private static String sw8TraceId(String sw8) {
        return new String(Base64.getDecoder().decode(sw8.split("-")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void everyFormatWritesTheWhole128BitId_andEachReadsItBack() {
        try (BoundedTracer tracer = TracerFactory.create(settings().propagation(ALL_FORMATS).build())) {
            JaegerSpanContext caller = extract(tracer, Map.of("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"));
            Span child = tracer.buildSpan("child").asChildOf(caller).start();
            JaegerSpanContext context = (JaegerSpanContext) child.context();
            assertThat(context.getTraceIdHigh()).isEqualTo(CALLER_HIGH);
            assertThat(context.getTraceIdLow()).isEqualTo(CALLER_LOW);

            Map<String, String> headers = inject(tracer, context);
            child.finish();
            assertThat(headers.get("uber-trace-id")).startsWith(CALLER_TRACE  + ":");
            assertThat(headers.get("traceparent")).startsWith("00-" + CALLER_TRACE + "-");
            assertThat(headers.get("X-B3-TraceId")).isEqualTo(CALLER_TRACE);
            assertThat(headers.get("b3")).startsWith(CALLER_TRACE + "-");
            assertThat(sw8TraceId(headers.get("sw8"))).isEqualTo(CALLER_TRACE);

            for (String header : List.of("uber-trace-id", "traceparent", "X-B3-TraceId", "b3", "sw8")) {
                Map<String, String> one = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                one.put(header, headers.get(header));
                if (header.equals("X-B3-TraceId")) {
                    one.put("X-B3-SpanId", headers.get("X-B3-SpanId"));
                }
                JaegerSpanContext read = extract(tracer, one);
                assertThat(read).as(header).isNotNull();
                assertThat(read.getTraceIdHigh()).as(header).isEqualTo(CALLER_HIGH);
                assertThat(read.getTraceIdLow()).as(header).isEqualTo(CALLER_LOW);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"uber-trace-id", "traceparent", "X-B3-TraceId", "b3"})
    void aCallers64BitIdIsContinuedUnchanged(String format) {
        String low = "48485a3953bb6124";
        Map<String, String> in = switch (format) {
            case "uber-trace-id" -> Map.of(format, low + ":" + CALLER_SPAN + ":0:1");
            case "traceparent" -> Map.of(format, "00-0000000000000000" + low + "-" + CALLER_SPAN + "-01");
            case "X-B3-TraceId" -> Map.of(format, low, "X-B3-SpanId", CALLER_SPAN, "X-B3-Sampled", "1");
            default -> Map.of(format, low + "-" + CALLER_SPAN + "-1");
        };
        try (BoundedTracer tracer = TracerFactory.create(settings().propagation(ALL_FORMATS).build())) {
            Span child = tracer.buildSpan("child").asChildOf(extract(tracer, in)).start();
            JaegerSpanContext context = (JaegerSpanContext) child.context();
            assertThat(context.getTraceIdHigh()).isZero();
            assertThat(Long.toHexString(context.getTraceIdLow())).isEqualTo(low);

            Map<String, String> out = inject(tracer, context);
            child.finish();
            // what a B3 or Jaeger caller sees downstream: its own 16-digit id
            assertThat(out.get("X-B3-TraceId")).isEqualTo(low);
            assertThat(out.get("b3")).startsWith(low + "-");
            assertThat(out.get("uber-trace-id")).startsWith(low  + ":");
            assertThat(out.get("traceparent")).startsWith("00-0000000000000000" + low + "-");
            assertThat(sw8TraceId(out.get("sw8"))).isEqualTo(low);
        }
    }

    // ------------------------------------------------------------- exporters

    /** Finishes a span of the caller's 128-bit trace and one of a new trace; returns their contexts. */
    private static List<JaegerSpanContext> finishSpans(BoundedTracer tracer) {
        JaegerSpanContext caller = extract(tracer, Map.of("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01"));
        Span continued = tracer.buildSpan("continued").asChildOf(caller).start();
        continued.finish();
        Span fresh = tracer.buildSpan("fresh").start();
        fresh.finish();
        tracer.close();
        return List.of((JaegerSpanContext) continued.context(), (JaegerSpanContext) fresh.context());
    }

    private static String hex(JaegerSpanContext context) {
        return String.format("%016x%016x", context.getTraceIdHigh(), context.getTraceIdLow());
    }

    private static void assertThriftIds(List<Batch> batches, List<JaegerSpanContext> sent) {
        List<String> received = batches.stream().flatMap(b -> b.getSpans().stream())
                .map(s -> String.format("%016x%016x", s.getTraceIdHigh(), s.getTraceIdLow())).toList();
        assertThat(received).containsExactlyInAnyOrder(hex(sent.get(0)), hex(sent.get(1)));
        assertThat(received).contains(CALLER_TRACE);
    }

    @Test
    void jaegerUdpSendsTheHighHalf() throws Exception {
        try (DatagramSocket agent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            agent.setSoTimeout(10_000);
            List<JaegerSpanContext> sent = finishSpans(TracerFactory.create(settings().reporterType(ReporterType.JAEGER_UDP)
                    .agentHost("127.0.0.1").agentPort(agent.getLocalPort()).build()));
            List<Batch> batches = new ArrayList<>();
            byte[] buffer = new byte[65_000];
            int spans = 0;
            while (spans < 2) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                agent.receive(packet);
                TCompactProtocol protocol = new TCompactProtocol(
                        new TMemoryInputTransport(Arrays.copyOf(packet.getData(), packet.getLength())));
                protocol.readMessageBegin();
                Agent.emitBatch_args args = new Agent.emitBatch_args();
                args.read(protocol);
                batches.add(args.getBatch());
                spans += args.getBatch().getSpansSize();
            }
            assertThriftIds(batches, sent);
        }
    }

    @Test
    void jaegerHttpSendsTheHighHalf() throws Exception {
        try (JaegerCollector collector = JaegerCollector.start()) {
            List<JaegerSpanContext> sent = finishSpans(TracerFactory.create(settings().reporterType(ReporterType.JAEGER_HTTP)
                    .endpoint(collector.endpoint()).build()));
            assertThriftIds(collector.batches(), sent);
        }
    }

    /** A JDK HTTP server keeping every request body. */
    private static HttpServer receiver(BlockingQueue<byte[]> bodies) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @ParameterizedTest
    @EnumSource(ReporterEncoding.class)
    void zipkinSends32HexDigits(ReporterEncoding encoding) throws Exception {
        BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
        HttpServer server = receiver(bodies);
        try {
            List<JaegerSpanContext> sent = finishSpans(TracerFactory.create(settings().reporterType(ReporterType.ZIPKIN)
                    .encoding(encoding)
                    .endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans").build()));
            SpanBytesDecoder decoder = encoding == ReporterEncoding.PROTO3 ? SpanBytesDecoder.PROTO3 : SpanBytesDecoder.JSON_V2;
            List<String> received = new ArrayList<>();
            while (received.size() < 2) {
                byte[] body = bodies.poll(10, TimeUnit.SECONDS);
                assertThat(body).as("a message").isNotNull();
                decoder.decodeList(body).forEach(span -> received.add(span.traceId()));
            }
            assertThat(received).containsExactlyInAnyOrder(hex(sent.get(0)), hex(sent.get(1)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void otlpSends16Bytes() throws Exception {
        BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
        HttpServer server = receiver(bodies);
        try {
            List<JaegerSpanContext> sent = finishSpans(TracerFactory.create(settings().reporterType(ReporterType.OTLP)
                    .endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces").build()));
            byte[] body = bodies.poll(10, TimeUnit.SECONDS);
            assertThat(body).isNotNull();
            List<String> received = ExportTraceServiceRequest.parseFrom(body).getResourceSpans(0).getScopeSpans(0)
                    .getSpansList().stream().map(span -> hexOf(span.getTraceId().toByteArray())).toList();
            assertThat(received).containsExactlyInAnyOrder(hex(sent.get(0)), hex(sent.get(1)));
        } finally {
            server.stop(0);
        }
    }

    private static String hexOf(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    @Test
    void skywalkingSegmentsCarryThe32DigitId() throws Exception {
        try (TestOap oap = TestOap.start()) {
            List<JaegerSpanContext> sent = finishSpans(TracerFactory.create(settings().reporterType(ReporterType.SKYWALKING)
                    .endpoint(oap.endpoint()).build()));
            await().atMost(Duration.ofSeconds(20)).until(() -> oap.segments().size() >= 2);
            assertThat(oap.segments()).extracting(SegmentObject::getTraceId)
                    .containsExactlyInAnyOrder(hex(sent.get(0)), hex(sent.get(1)));
        }
    }
}
