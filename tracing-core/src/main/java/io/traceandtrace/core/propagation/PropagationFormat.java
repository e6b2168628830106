package io.traceandtrace.core.propagation;

import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A trace header format read from incoming and written to outgoing calls. */
public enum PropagationFormat {

    /** Jaeger's {@code uber-trace-id} header and {@code uberctx-*} baggage. */
    JAEGER("jaeger"),
    /** W3C Trace Context ({@code traceparent}, {@code tracestate}) and W3C Baggage ({@code baggage}). */
    W3C("w3c"),
    /** B3 multi-header ({@code X-B3-TraceId}, ...); extraction also reads the single {@code b3} header. */
    B3("b3"),
    /** B3 single header {@code b3: traceId-spanId-sampled}. */
    B3_SINGLE("b3-single"),
    /** SkyWalking's {@code sw8} and {@code sw8-correlation} (baggage); ids it writes come from SkyWalking segments. */
    SW8("sw8");

    private final String id;

    PropagationFormat(String id) {
        this.id = id;
    }

    /** The name used in settings, e.g. {@code b3-single}. */
    public String id() {
        return id;
    }

    /**
     * The format with this name (case-insensitive; {@code tracecontext} is taken for {@code w3c}, as Jaeger does).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static PropagationFormat of(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (key.equals("tracecontext") || key.equals("w3c-tracecontext")) {
            return W3C;
        }
        for (PropagationFormat format : values()) {
            if (format.id.equals(key)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown propagation format '" + name + "', expected one of " + ids());
    }

    static String ids() {
        return Arrays.stream(values()).map(PropagationFormat::id).collect(Collectors.joining(", "));
    }

    /** The codecs this format writes with. */
    List<Codec<TextMap>> injectors(boolean urlEncoding) {
        return switch (this) {
            case JAEGER -> List.of(new JaegerHeadersCodec(urlEncoding));
            case W3C -> List.of(new W3cTraceContextCodec(), new W3cBaggageCodec());
            case B3 -> List.of(new B3MultiHeaderCodec());
            case B3_SINGLE -> List.of(new B3SingleHeaderCodec());
            case SW8 -> List.of(new Sw8Codec());
        };
    }

    /** The codecs this format reads with, in order. */
    List<Codec<TextMap>> extractors(boolean urlEncoding) {
        return switch (this) {
            case B3 -> List.of(new B3MultiHeaderCodec(), new B3SingleHeaderCodec());
            default -> injectors(urlEncoding);
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
