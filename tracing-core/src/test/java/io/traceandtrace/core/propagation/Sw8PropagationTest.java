package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.skywalking.SkyWalkingSpanContext;
import io.traceandtrace.core.settings.InvalidTracerSettingException;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Sw8PropagationTest {

    private final List<BoundedTracer> tracers = new ArrayList<>();

    private BoundedTracer tracer(String service, List<PropagationFormat> formats) {
        BoundedTracer tracer = TracerFactory.create(TracerSettings.builder(service).reporterType(ReporterType.MEMORY)
                .samplerType(SamplerType.CONST).samplerParam(1.0).propagation(formats).build());
        tracers.add(tracer);
        return tracer;
    }

    @AfterEach
    void close() {
        tracers.forEach(BoundedTracer::close);
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A valid sw8 with one field replaced. */
    static String sw8(int field, String value) {
        String[] parts = {"1", b64("trace-1"), b64("segment-1"), "2", b64("svc"), b64("inst"), b64("/ep"), b64("host:1")};
        if (field >= 0) {
            parts[field] = value;
        }
        return String.join("-", parts);
    }

    @Test
    void twoOfOurServicesKeepOneTraceOverSw8Alone() {
        BoundedTracer a = tracer("a", List.of(PropagationFormat.SW8));
        BoundedTracer b = tracer("b", List.of(PropagationFormat.SW8));
        Span entry = a.buildSpan("GET /x").start();
        Span exit = a.buildSpan("call").asChildOf(entry).start();
        exit.setTag("peer.address", "b:9090");
        Map<String, String> headers = new HashMap<>();
        a.inject(exit.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertThat(headers).containsOnlyKeys("sw8");

        JaegerSpanContext extracted = (JaegerSpanContext) b.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        Span server = b.buildSpan("GET /y").asChildOf(extracted).start();
        JaegerSpanContext sent = (JaegerSpanContext) exit.context();
        JaegerSpanContext got = (JaegerSpanContext) server.context();
        assertThat(got.getTraceId()).as("the Jaeger trace id survives sw8").isEqualTo(sent.getTraceId());
        SkyWalkingSpanContext sw = (SkyWalkingSpanContext) got;
        SkyWalkingSpanContext caller = (SkyWalkingSpanContext) sent;
        assertThat(sw.segment().traceId()).isEqualTo(caller.segment().traceId()).isEqualTo(sent.getTraceId());
        assertThat(sw.segment().ref().parentSegmentId()).isEqualTo(caller.segment().segmentId());
        assertThat(sw.segment().ref().parentSpanId()).isEqualTo(1);
        assertThat(sw.segment().ref().networkAddressUsedAtPeer()).isEqualTo("b:9090");
        assertThat(sw.segmentSpanId()).isZero();
    }

    @Test
    void besideJaegerHeadersOfTheSameTraceTheCallersJaegerSpanIsTheParent() {
        BoundedTracer a = tracer("a", List.of(PropagationFormat.SW8, PropagationFormat.JAEGER));
        BoundedTracer b = tracer("b", List.of(PropagationFormat.SW8, PropagationFormat.JAEGER));
        Span exit = a.buildSpan("call").start();
        Map<String, String> headers = new HashMap<>();
        a.inject(exit.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertThat(headers).containsKeys("sw8", "uber-trace-id");
        Span server = b.buildSpan("serve").asChildOf(b.extract(Format.Builtin.HTTP_HEADERS,
                new TextMapAdapter(headers))).start();
        assertThat(((JaegerSpanContext) server.context()).getParentId())
                .isEqualTo(((JaegerSpanContext) exit.context()).getSpanId());
        assertThat(((SkyWalkingSpanContext) server.context()).segment().ref().parentSegmentId())
                .isEqualTo(((SkyWalkingSpanContext) exit.context()).segment().segmentId());

        // another trace's Jaeger header cannot lend its span id
        headers.put("uber-trace-id", "1:2:0:1");
        Span other = b.buildSpan("serve").asChildOf(b.extract(Format.Builtin.HTTP_HEADERS,
                new TextMapAdapter(headers))).start();
        assertThat(((JaegerSpanContext) other.context()).getParentId()).isNotEqualTo(2L);
    }

    @Test
    void withTheSkywalkingReporterSw8IsReadFirstAndWrittenUnlessFormatsAreSet() {
        TracerSettings.Builder b = TracerSettings.builder("svc").reporterType(ReporterType.SKYWALKING);
        assertThat(b.build().propagation()).containsExactly(PropagationFormat.SW8, PropagationFormat.JAEGER,
                PropagationFormat.W3C, PropagationFormat.B3);
        assertThat(b.propagation(List.of(PropagationFormat.W3C)).build().propagation())
                .containsExactly(PropagationFormat.W3C);
        assertThat(PropagationFormat.of("SW8")).isEqualTo(PropagationFormat.SW8);
        assertThat(TracerSettings.builder("svc").build().skywalkingInstance()).matches("[0-9a-f]{32}@.+");
    }

    @Test
    void theSkywalkingReporterTakesHostAndPortAndNamesTheSettingOtherwise() {
        assertThat(TracerSettings.builder("svc").reporterType(ReporterType.SKYWALKING).endpoint("oap.internal:11800")
                .build().endpoint()).isEqualTo("oap.internal:11800");
        assertThatThrownBy(() -> TracerSettings.builder("svc").reporterType(ReporterType.SKYWALKING)
                .endpoint("http://oap:12800/v3/segments").build())
                .isInstanceOf(InvalidTracerSettingException.class)
                .hasMessageContaining("reporter.endpoint").hasMessageContaining("host:port");
    }

    static Stream<String> hostileSw8() {
        String huge = b64("x".repeat(3000));
        return Stream.of("", "garbage", "1", "1-2-3", sw8(0, "2"), sw8(0, ""), sw8(1, "!!notbase64!!"), sw8(1, ""),
                sw8(2, b64("")), sw8(3, "-1"), sw8(3, "9999999999"), sw8(3, "x"), sw8(4, b64("svc\r\nSet-Cookie: a=b")),
                sw8(6, huge), sw8(-1, null) + "-extra", sw8(7, b64("\u0000")), "1-" + "A".repeat(5000),
                sw8(1, "AAAA=AAA"));
    }

    @ParameterizedTest
    @MethodSource("hostileSw8")
    void aHostileSw8StartsANewTraceAndNeverThrows(String value) {
        BoundedTracer tracer = tracer("svc", List.of(PropagationFormat.SW8, PropagationFormat.JAEGER));
        Map<String, String> headers = new HashMap<>();
        headers.put("sw8", value);
        headers.put("sw8-correlation", value);
        Object extracted = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertThat(extracted).isNull();
        Span span = tracer.buildSpan("GET /").asChildOf((JaegerSpanContext) extracted).start();
        assertThat(((JaegerSpanContext) span.context()).getParentId()).isZero();
        span.finish();
    }

    @Test
    void aValidSw8StillParsesSoTheHostileOnesAreRejectedForTheirFault() {
        BoundedTracer tracer = tracer("svc", List.of(PropagationFormat.SW8));
        Map<String, String> headers = Map.of("sw8", sw8(-1, null));
        SkyWalkingSpanContext context = (SkyWalkingSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS,
                new TextMapAdapter(headers));
        assertThat(context.remoteParent().traceId()).isEqualTo("trace-1");
        assertThat(context.remoteParent().parentSpanId()).isEqualTo(2);
        assertThat(context.isSampled()).isTrue();
    }
}
