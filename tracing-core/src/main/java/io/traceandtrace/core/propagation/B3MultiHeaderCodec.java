package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.propagation.B3TextMapCodec;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;

import java.util.Map;

/**
 * B3's multi-header form ({@code X-B3-TraceId}, ...) through jaeger-client's codec, with B3's sampling
 * semantics, which that codec reads as "not sampled" whenever {@code X-B3-Sampled} is missing: ids
 * without a sampling state defer the decision to our sampler; {@code X-B3-Sampled: 0} without ids
 * makes an unsampled new trace.
 */
final class B3MultiHeaderCodec implements Codec<TextMap>, HeaderGate {

    private static final String SAMPLED = "X-B3-Sampled";
    private static final String FLAGS = "X-B3-Flags";

    private final B3TextMapCodec jaeger = new B3TextMapCodec.Builder().build();

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        jaeger.inject(context, carrier);
    }

    /** {@code X-B3-*} names the trace; jaeger-client's codec reads {@code baggage-*} as baggage. */
    @Override
    public int kind(String name) {
        return name.startsWith("x-b3-") ? TRACE : name.startsWith("baggage-") ? EXTRA : NONE;
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        String sampled = null;
        boolean debug = false;
        for (Map.Entry<String, String> entry : carrier) {
            if (SAMPLED.equalsIgnoreCase(entry.getKey())) {
                sampled = entry.getValue();
            } else if (FLAGS.equalsIgnoreCase(entry.getKey())) {
                debug = "1".equals(entry.getValue());
            }
        }
        JaegerSpanContext context = jaeger.extract(carrier);
        if (context == null || (context.getTraceIdLow() == 0 && context.getTraceIdHigh() == 0)) {
            // "not sampled" without ids is kept; a lone "sampled" leaves the new trace to our sampler
            return sampled != null && !debug && !isSampled(sampled) ? SamplingState.notSampled() : null;
        }
        return sampled == null && !debug ? SamplingState.deferred(context) : context;
    }

    private static boolean isSampled(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    @Override
    public String toString() {
        return "B3MultiHeaderCodec";
    }
}
