package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.propagation.TraceContextCodec;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * W3C Trace Context through jaeger-client's codec, but only for a {@code traceparent} the
 * specification accepts: lower-case hex, version not {@code ff}, non-zero ids, and for version
 * {@code 00} nothing after the flags. jaeger-client alone takes some the specification rejects.
 */
final class StrictTraceContextCodec implements Codec<TextMap> {

    private static final String TRACE_PARENT = "traceparent";
    private static final Pattern VALID = Pattern.compile(
            "(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");

    private final TraceContextCodec delegate = new TraceContextCodec.Builder().build();

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        delegate.inject(context, carrier);
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        for (Map.Entry<String, String> entry : carrier) {
            if (TRACE_PARENT.equalsIgnoreCase(entry.getKey())) {
                return isValid(entry.getValue()) ? delegate.extract(carrier) : null;
            }
        }
        return null;
    }

    static boolean isValid(String traceparent) {
        if (traceparent == null) {
            return false;
        }
        String value = traceparent.trim();
        if (!VALID.matcher(value).matches()) {
            return false;
        }
        // version 00 has exactly four fields; later versions may add fields after the flags
        return !value.startsWith("00-") || value.length() == 55;
    }

    @Override
    public String toString() {
        return "StrictTraceContextCodec";
    }
}
