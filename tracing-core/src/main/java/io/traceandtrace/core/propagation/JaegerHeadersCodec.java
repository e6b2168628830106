package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.propagation.TextMapCodec;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Jaeger's {@code uber-trace-id}, {@code uberctx-*} and {@code jaeger-baggage} headers through
 * jaeger-client's codec, which throws away the whole context for one bad header: here a baggage
 * value that does not URL-decode is dropped alone, and a broken {@code uber-trace-id} still lets
 * the baggage through.
 */
final class JaegerHeadersCodec implements Codec<TextMap>, HeaderGate {

    private static final Logger log = LoggerFactory.getLogger(JaegerHeadersCodec.class);

    private static final String TRACE_ID = "uber-trace-id";
    private static final String BAGGAGE_PREFIX = "uberctx-";
    private static final String BAGGAGE_HEADER = "jaeger-baggage";
    private static final String DEBUG_ID = "jaeger-debug-id";
    // bits of the context's flags this project uses for itself: a caller's header must not set them
    private static final int OWN_FLAGS = SamplingState.DEFERRED | SamplingState.ROOT | RandomTraceId.FLAG;

    private final TextMapCodec delegate;
    private final boolean urlEncoding;

    JaegerHeadersCodec(boolean urlEncoding) {
        this.delegate = new TextMapCodec.Builder().withUrlEncoding(urlEncoding).build();
        this.urlEncoding = urlEncoding;
    }

    @Override
    public void inject(JaegerSpanContext span, TextMap carrier) {
        // uber-trace-id's flags are Jaeger's: the W3C random flag is not one of them
        JaegerSpanContext context = RandomTraceId.isRandom(span)
                ? span.withFlags((byte) (span.getFlags() & ~RandomTraceId.FLAG)) : span;
        if (context.getTraceIdHigh() == 0) {
            delegate.inject(context, carrier);
            return;
        }
        delegate.inject(context, new TextMap() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                throw new UnsupportedOperationException("injection only writes");
            }

            @Override
            public void put(String key, String value) {
                carrier.put(key, TRACE_ID.equals(key) ? fullTraceId(context) : value);
            }
        });
    }

    /** jaeger-client drops the high half's leading zeros; a 128-bit id is written as 32 digits, as W3C and B3 write it. */
    private static String fullTraceId(JaegerSpanContext context) {
        char[] traceId = new char[32];
        Hex.write(context.getTraceIdHigh(), traceId, 0);
        Hex.write(context.getTraceIdLow(), traceId, 16);
        return new String(traceId) + ':' + Long.toHexString(context.getSpanId()) + ':'
                + Long.toHexString(context.getParentId()) + ':' + Integer.toHexString(context.getFlags() & 0xff);
    }

    @Override
    public int kind(String name) {
        if (name.equals(TRACE_ID)) {
            return TRACE;
        }
        return name.startsWith(BAGGAGE_PREFIX) || name.equals(BAGGAGE_HEADER) || name.equals(DEBUG_ID) ? EXTRA : NONE;
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        boolean hasTraceId = false;
        for (Map.Entry<String, String> entry : carrier) {
            int kind = entry.getKey() == null ? NONE : kind(MultiFormatCodec.lowerCase(entry.getKey()));
            if (kind == NONE) {
                continue; // not ours: the delegate would skip it anyway
            }
            hasTraceId |= kind == TRACE;
            if (urlEncoding && !decodes(entry.getValue())) {
                log.debug("Ignoring the header {}: its value does not URL-decode", entry.getKey());
                continue;
            }
            kept.add(entry);
        }
        if (kept.isEmpty()) {
            return null;
        }
        try {
            return withoutOwnFlags(delegate.extract(readOnly(kept)));
        } catch (RuntimeException e) {
            if (!hasTraceId) {
                throw e;
            }
            log.debug("Ignoring an uber-trace-id jaeger-client could not read: {}", e.toString());
            kept.removeIf(entry -> TRACE_ID.equalsIgnoreCase(entry.getKey()));
            return kept.isEmpty() ? null : delegate.extract(readOnly(kept));
        }
    }

    private static JaegerSpanContext withoutOwnFlags(JaegerSpanContext context) {
        return context == null || (context.getFlags() & OWN_FLAGS) == 0
                ? context : context.withFlags((byte) (context.getFlags() & ~OWN_FLAGS));
    }

    private static boolean decodes(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return true;
        }
        try {
            URLDecoder.decode(value, StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static TextMap readOnly(List<Map.Entry<String, String>> entries) {
        return new TextMap() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return entries.iterator();
            }

            @Override
            public void put(String key, String value) {
                throw new UnsupportedOperationException("extraction only reads");
            }
        };
    }

    @Override
    public String toString() {
        return "JaegerHeadersCodec";
    }
}
