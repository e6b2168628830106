package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.limits.BoundedTracer;
import io.traceandtrace.core.settings.ReporterType;
import io.traceandtrace.core.settings.SamplerType;
import io.traceandtrace.core.tracer.TracerFactory;
import io.traceandtrace.core.settings.TracerSettings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * B3's sampling states through the whole tracer, as a server span sees them: ids without a state
 * leave the decision to our sampler, {@code 0} means not sampled, with or without ids.
 */
class B3SamplingTest {

    private static final String TRACE = "463ac35c9f6413ad";
    private static final String SPAN = "a2fb4a1d1a96d312";

    private static JaegerSpanContext serverSpan(boolean ourSamplerSamples, Map<String, String> headers) {
        TracerSettings settings = TracerSettings.builder("b3-test").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(ourSamplerSamples ? 1.0 : 0.0)
                .propagation(List.of(PropagationFormat.B3)).build();
        try (BoundedTracer tracer = TracerFactory.create(settings)) {
            SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(new HashMap<>(headers)));
            Span span = tracer.buildSpan("GET /").asChildOf(parent).ignoreActiveSpan()
                    .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
            span.finish();
            return (JaegerSpanContext) span.context();
        }
    }

    @Test
    void singleHeaderWithoutSamplingStateLetsOurSamplerDecide() {
        JaegerSpanContext sampled = serverSpan(true, Map.of("b3", TRACE + "-" + SPAN));
        assertThat(sampled.isSampled()).isTrue();
        assertThat(sampled.toTraceId()).isEqualTo(TRACE);
        assertThat(sampled.getParentId()).isEqualTo(Long.parseUnsignedLong(SPAN, 16));

        JaegerSpanContext unsampled = serverSpan(false, Map.of("b3", TRACE + "-" + SPAN));
        assertThat(unsampled.isSampled()).isFalse();
        assertThat(unsampled.toTraceId()).isEqualTo(TRACE);
    }

    @Test
    void multiHeaderWithoutSampledLetsOurSamplerDecide() {
        Map<String, String> ids = Map.of("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN);
        assertThat(serverSpan(true, ids).isSampled()).isTrue();
        assertThat(serverSpan(true, ids).toTraceId()).isEqualTo(TRACE);
        assertThat(serverSpan(false, ids).isSampled()).isFalse();
    }

    @Test
    void aCallersDecisionWins() {
        assertThat(serverSpan(true, Map.of("b3", TRACE + "-" + SPAN + "-0")).isSampled()).isFalse();
        assertThat(serverSpan(false, Map.of("b3", TRACE + "-" + SPAN + "-1")).isSampled()).isTrue();
        assertThat(serverSpan(true, Map.of("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "0"))
                .isSampled()).isFalse();
        assertThat(serverSpan(false, Map.of("X-B3-TraceId", TRACE, "X-B3-SpanId", SPAN, "X-B3-Sampled", "1"))
                .isSampled()).isTrue();
    }

    @Test
    void notSampledWithoutIdsIsAnUnsampledNewTrace() {
        JaegerSpanContext single = serverSpan(true, Map.of("b3", "0"));
        assertThat(single.isSampled()).isFalse();
        assertThat(single.getParentId()).isZero();
        assertThat(single.getTraceIdLow()).isNotZero();

        JaegerSpanContext multi = serverSpan(true, Map.of("X-B3-Sampled", "0"));
        assertThat(multi.isSampled()).isFalse();
        assertThat(multi.getParentId()).isZero();
    }

    @Test
    void theDeferredMarkIsNeverWrittenOnward() {
        TracerSettings settings = TracerSettings.builder("b3-test").reporterType(ReporterType.NONE)
                .samplerType(SamplerType.CONST).samplerParam(1.0)
                .propagation(List.of(PropagationFormat.JAEGER, PropagationFormat.B3)).build();
        try (BoundedTracer tracer = TracerFactory.create(settings)) {
            SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS,
                    new TextMapAdapter(new HashMap<>(Map.of("b3", TRACE + "-" + SPAN))));
            Span span = tracer.buildSpan("GET /").asChildOf(parent).start();
            Map<String, String> out = new HashMap<>();
            tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));
            span.finish();
            assertThat(out.get("uber-trace-id")).endsWith(":1");
            assertThat(out.get("X-B3-Sampled")).isEqualTo("1");
        }
    }
}
