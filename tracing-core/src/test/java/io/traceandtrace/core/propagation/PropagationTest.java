package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropagationTest {

    private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String TRACE_HIGH = "463ac35c9f6413ad";
    private static final String TRACE_LOW = "48485a3953bb6124";
    private static final String SPAN = "a2fb4a1d1a96d312";

    private BoundedTracer tracer;

    private BoundedTracer tracer(List<PropagationFormat> formats) {
        tracer = TracerFactory.create(TracerSettings.builder("svc").reporterType(ReporterType.MEMORY)
                .samplerType(SamplerType.CONST).samplerParam(1.0).propagation(formats).build());
        return tracer;
    }

    @AfterEach
    void close() {
        if (tracer != null) {
            tracer.close();
        }
    }

    private static Map<String, String> headers(String... kv) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private JaegerSpanContext extract(Map<String, String> headers) {
        return (JaegerSpanContext) tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    }

    private void assertContinues(Map<String, String> headers) {
        JaegerSpanContext parent = extract(headers);
        assertThat(parent).as("context from %s", headers).isNotNull();
        assertThat(Long.toHexString(parent.getTraceIdHigh())).isEqualTo(TRACE_HIGH);
        assertThat(Long.toHexString(parent.getTraceIdLow())).isEqualTo(TRACE_LOW);
        assertThat(parent.toSpanId()).isEqualTo(SPAN);
        assertThat(parent.isSampled()).isTrue();
        Span child = tracer.buildSpan("child").asChildOf(parent).start();
        JaegerSpanContext childContext = (JaegerSpanContext) child.context();
        assertThat(childContext.getTraceIdLow()).isEqualTo(parent.getTraceIdLow());
        assertThat(childContext.getParentId()).isEqualTo(parent.getSpanId());
        child.finish();
    }

    @Test
    void continuesATraceFromEveryFormat() {
        tracer(TracerSettings.DEFAULT_PROPAGATION);
        assertContinues(headers("uber-trace-id", TRACE + ":" + SPAN + ":0:1"));
        assertContinues(headers("traceparent", "00-" + TRACE + "-" + SPAN + "-01"));
        assertContinues(headers("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "1"));
        assertContinues(headers("b3", TRACE + "-" + SPAN + "-1"));
        assertContinues(headers("B3", TRACE + "-" + SPAN + "-d-" + "0000000000000001"));
    }

    @Test
    void injectWritesEveryConfiguredFormatAndReadsBack() {
        tracer(List.of(PropagationFormat.JAEGER, PropagationFormat.W3C, PropagationFormat.B3, PropagationFormat.B3_SINGLE));
        Span span = tracer.buildSpan("out").start();
        span.setBaggageItem("tenant", "a b");
        Map<String, String> out = new HashMap<>();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));
        JaegerSpanContext context = (JaegerSpanContext) span.context();
        String traceId = String.format("%016x%016x", context.getTraceIdHigh(), context.getTraceIdLow());
        String spanId = String.format("%016x", context.getSpanId());

        assertThat(out).containsKeys("uber-trace-id", "traceparent", "X-B3-TraceId", "X-B3-SpanId", "b3");
        // a trace of ours: sampled and random in traceparent, Jaeger's sampled flag alone in uber-trace-id
        assertThat(out.get("traceparent")).isEqualTo("00-" + traceId + "-" + spanId + "-03");
        // uber-trace-id writes the span id as jaeger-client does, without leading zeros (1 span in 16 has one)
        assertThat(out.get("uber-trace-id")).isEqualTo(traceId + ":" + Long.toHexString(context.getSpanId()) + ":0:1");
        assertThat(out.get("b3")).isEqualTo(traceId + "-" + spanId + "-1");
        assertThat(out.get("uberctx-tenant")).isNotBlank().doesNotContain(" ");
        assertThat(extract(out).getBaggageItem("tenant")).isEqualTo("a b");

        // each format alone is enough to continue the trace
        for (String key : List.of("uber-trace-id", "traceparent", "b3")) {
            SpanContext back = extract(headers(key, out.get(key)));
            assertThat(back.toSpanId()).as(key).isEqualTo(span.context().toSpanId());
        }
        span.finish();
    }

    @Test
    void onlyConfiguredFormatsAreReadAndWritten() {
        tracer(List.of(PropagationFormat.W3C));
        assertThat(extract(headers("uber-trace-id", TRACE + ":" + SPAN + ":0:1"))).isNull();
        assertContinues(headers("traceparent", "00-" + TRACE + "-" + SPAN + "-01"));
        Map<String, String> out = new HashMap<>();
        Span span = tracer.buildSpan("out").start();
        tracer.inject(span.context(), Format.Builtin.TEXT_MAP, new TextMapAdapter(out));
        assertThat(out).containsOnlyKeys("traceparent");
        span.finish();
    }

    @Test
    void unsampledCallersStayUnsampled() {
        tracer(TracerSettings.DEFAULT_PROPAGATION);
        assertThat(extract(headers("traceparent", "00-" + TRACE + "-" + SPAN + "-00")).isSampled()).isFalse();
        assertThat(extract(headers("b3", TRACE + "-" + SPAN + "-0")).isSampled()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "1-2-3-4-5", "zzzzzzzzzzzzzzzz-a2fb4a1d1a96d312-1",
            "463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-x", "0000000000000000-a2fb4a1d1a96d312-1",
            "463ac35c9f6413ad-0000000000000000-1", "1", "d", "463ac35c9f6413ad-a2fb"})
    void malformedB3SingleHeadersGiveNoContext(String value) {
        assertThat(B3SingleHeaderCodec.parse(value)).isNull();
    }

    @Test
    void malformedHeadersInAnyFormatAreIgnoredNotThrown() {
        tracer(TracerSettings.DEFAULT_PROPAGATION);
        List<Map<String, String>> bad = List.of(
                headers("uber-trace-id", "not:a:valid"),
                headers("uber-trace-id", "zz:yy:xx:ww"),
                headers("uber-trace-id", ":::"),
                headers("traceparent", "00-xyz-abc-01"),
                headers("traceparent", "00-" + TRACE + "-" + SPAN),
                headers("X-B3-TraceId", "nothex", "X-B3-SpanId", "nothex"),
                headers("b3", "%%%"),
                headers("uberctx-k", "%zz"));
        for (Map<String, String> h : bad) {
            JaegerSpanContext context = extract(h);
            if (context != null) {
                assertThat(context.getTraceIdLow() == 0 && context.getTraceIdHigh() == 0).as("%s", h).isTrue();
            }
        }
        // a valid header later in the order still wins over a broken one earlier
        assertContinues(headers("uber-trace-id", "broken", "traceparent", "00-" + TRACE + "-" + SPAN + "-01"));
    }

    @Test
    void formatNamesAreChecked() {
        assertThat(PropagationFormat.of("W3C")).isEqualTo(PropagationFormat.W3C);
        assertThat(PropagationFormat.of("tracecontext")).isEqualTo(PropagationFormat.W3C);
        assertThat(PropagationFormat.of("b3_single")).isEqualTo(PropagationFormat.B3_SINGLE);
        assertThatThrownBy(() -> PropagationFormat.of("smoke-signals"))
                .hasMessageContaining("smoke-signals").hasMessageContaining("jaeger, w3c, b3, b3-single");
    }

    @Test
    void baggageFromACallerIsBounded() {
        tracer(TracerSettings.DEFAULT_PROPAGATION);
        Map<String, String> many = headers("uber-trace-id", TRACE + ":" + SPAN + ":0:1");
        for (int i = 0; i < 500; i++) {
            many.put("uberctx-item" + i, "v" + i);
        }
        assertThat(extract(many).baggageCount()).isEqualTo(MultiFormatCodec.MAX_BAGGAGE_ITEMS);

        Map<String, String> big = headers("uber-trace-id", TRACE + ":" + SPAN + ":0:1",
                "uberctx-small", "ok", "uberctx-huge", "x".repeat(1_000_000));
        JaegerSpanContext context = extract(big);
        assertThat(context.getBaggageItem("huge")).isNull();
        assertThat(context.getBaggageItem("small")).isEqualTo("ok");
        assertThat(context.getTraceIdLow()).isEqualTo(Long.parseUnsignedLong(TRACE_LOW, 16));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ff-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01",
            "00-463AC35C9F6413AD48485A3953BB6124-a2fb4a1d1a96d312-01",
            "00-00000000000000000000000000000000-a2fb4a1d1a96d312-01",
            "00-463ac35c9f6413ad48485a3953bb6124-0000000000000000-01",
            "00-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01-extra",
            "00-463ac35c9f6413ad48485a3953bb612-a2fb4a1d1a96d312-01",
            "0-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01",
            "00-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312"})
    void traceparentsTheSpecificationRejectsGiveNoContext(String traceparent) {
        tracer(List.of(PropagationFormat.W3C));
        assertThat(extract(headers("traceparent", traceparent))).isNull();
    }

    @Test
    void laterTraceparentVersionsMayCarryMoreFields() {
        tracer(List.of(PropagationFormat.W3C));
        assertThat(W3cTraceContextCodec.parseTraceParent("01-" + TRACE + "-" + SPAN + "-01-future")).isNotNull();
        assertThat(W3cTraceContextCodec.parseTraceParent("00-" + TRACE + "-" + SPAN + "-00")).isNotNull();
    }
}
