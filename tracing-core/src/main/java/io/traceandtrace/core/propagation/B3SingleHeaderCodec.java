package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;

import java.util.Map;

/**
 * B3's single header, {@code b3: {traceId}-{spanId}[-{sampled}[-{parentSpanId}]]}, which
 * jaeger-client has no codec for. Ids without a sampling state defer the decision to our sampler;
 * a lone sampling state ({@code b3: 0}) is the caller's decision for a new trace. A header that does
 * not parse yields no context.
 */
final class B3SingleHeaderCodec implements Codec<TextMap>, HeaderGate {

    static final String HEADER = "b3";
    private static final byte SAMPLED = 1;
    private static final byte DEBUG = 2;

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        StringBuilder value = new StringBuilder(68);
        if (context.getTraceIdHigh() != 0) {
            Hex.append(value, context.getTraceIdHigh());
        }
        Hex.append(value, context.getTraceIdLow());
        value.append('-');
        Hex.append(value, context.getSpanId());
        value.append('-').append(context.isDebug() ? "d" : context.isSampled() ? "1" : "0");
        if (context.getParentId() != 0) {
            value.append('-');
            Hex.append(value, context.getParentId());
        }
        carrier.put(HEADER, value.toString());
    }

    @Override
    public int kind(String name) {
        return name.equals(HEADER) ? TRACE : NONE;
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        for (Map.Entry<String, String> entry : carrier) {
            if (HEADER.equalsIgnoreCase(entry.getKey())) {
                return parse(entry.getValue());
            }
        }
        return null;
    }

    static JaegerSpanContext parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.trim().split("-", -1);
        if (parts.length == 1) {
            // a lone "1" or "d" carries no ids either: our sampler decides for the new trace
            return parts[0].equals("0") ? SamplingState.notSampled() : null;
        }
        if (parts.length > 4) {
            return null;
        }
        String traceId = parts[0];
        if ((traceId.length() != 16 && traceId.length() != 32) || parts[1].length() != 16) {
            return null;
        }
        try {
            long high = traceId.length() == 32 ? parseHex(traceId.substring(0, 16)) : 0L;
            long low = parseHex(traceId.substring(traceId.length() - 16));
            long spanId = parseHex(parts[1]);
            byte flags = 0;
            if (parts.length >= 3) {
                switch (parts[2]) {
                    case "1" -> flags = SAMPLED;
                    case "d" -> flags = SAMPLED | DEBUG;
                    case "0" -> flags = 0;
                    default -> {
                        return null;
                    }
                }
            }
            long parentId = 0;
            if (parts.length == 4) {
                if (parts[3].length() != 16) {
                    return null;
                }
                parentId = parseHex(parts[3]);
            }
            if ((high == 0 && low == 0) || spanId == 0) {
                return null;
            }
            JaegerSpanContext context = new JaegerSpanContext(high, low, spanId, parentId, flags);
            return parts.length == 2 ? SamplingState.deferred(context) : context;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseHex(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }

    @Override
    public String toString() {
        return "B3SingleHeaderCodec";
    }
}
