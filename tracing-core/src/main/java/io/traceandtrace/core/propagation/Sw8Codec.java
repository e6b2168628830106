package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;
import io.traceandtrace.core.skywalking.PeerAddress;
import io.traceandtrace.core.skywalking.Segment;
import io.traceandtrace.core.skywalking.SegmentRef;
import io.traceandtrace.core.skywalking.SkyWalkingSpanContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SkyWalking's cross-process headers: {@code sw8}
 * ({@code sample-b64(traceId)-b64(parentSegmentId)-parentSpanId-b64(service)-b64(instance)-b64(endpoint)-b64(peer)})
 * and {@code sw8-correlation} (baggage, {@code b64(key):b64(value)} pairs joined by commas).
 *
 * <p>The caller's trace id is kept as the opaque string it is; the Jaeger ids of the extracted
 * context stand for it (a 16 or 32 hex digit id is read as is, so two of our services keep one
 * Jaeger trace id; any other id is hashed). A value that does not parse yields no context.
 */
final class Sw8Codec implements Codec<TextMap>, HeaderGate {

    private static final Logger log = LoggerFactory.getLogger(Sw8Codec.class);

    static final String HEADER = "sw8";
    static final String CORRELATION = "sw8-correlation";
    private static final String TRACE_PARENT = "traceparent";
    private static final String UBER_TRACE_ID = "uber-trace-id";
    /** SkyWalking's agents keep {@code sw8} under 2 KB; a longer value is not one of theirs. */
    static final int MAX_HEADER_CHARS = 2048;
    private static final int MAX_FIELD_CHARS = 512;

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        if (!(context instanceof SkyWalkingSpanContext sw) || sw.segment() == null) {
            return; // a context made by a tracer without SkyWalking segments has nothing to say in sw8
        }
        Segment segment = sw.segment();
        String value = (context.isSampled() ? "1" : "0")
                + '-' + b64(segment.traceId())
                + '-' + b64(segment.segmentId())
                + '-' + sw.segmentSpanId()
                + '-' + b64(segment.service())
                + '-' + b64(segment.instance())
                + '-' + b64(orUnknown(segment.endpoint()))
                + '-' + b64(orUnknown(peer(sw.span())));
        carrier.put(HEADER, value);
        if (context.baggageCount() > 0) {
            StringBuilder correlation = new StringBuilder();
            for (Map.Entry<String, String> item : context.baggageItems()) {
                if (item.getValue() == null) {
                    continue;
                }
                if (!correlation.isEmpty()) {
                    correlation.append(',');
                }
                correlation.append(b64(item.getKey())).append(':').append(b64(item.getValue()));
            }
            carrier.put(CORRELATION, correlation.toString());
        }
    }

    /** {@code traceparent} and {@code uber-trace-id} are read too, but only beside an {@code sw8}. */
    @Override
    public int kind(String name) {
        return name.equals(HEADER) ? TRACE : name.equals(CORRELATION) ? EXTRA : NONE;
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        String sw8 = null;
        String correlation = null;
        String traceParent = null;
        String uberTraceId = null;
        for (Map.Entry<String, String> entry : carrier) {
            if (HEADER.equalsIgnoreCase(entry.getKey())) {
                sw8 = entry.getValue();
            } else if (CORRELATION.equalsIgnoreCase(entry.getKey())) {
                correlation = entry.getValue();
            } else if (TRACE_PARENT.equalsIgnoreCase(entry.getKey())) {
                traceParent = entry.getValue();
            } else if (UBER_TRACE_ID.equalsIgnoreCase(entry.getKey())) {
                uberTraceId = entry.getValue();
            }
        }
        Map<String, String> baggage = correlation == null ? Map.of() : parseCorrelation(correlation);
        if (sw8 == null) {
            return baggage.isEmpty() ? null : new JaegerSpanContext(0, 0, 0, 0, (byte) 0).withBaggage(baggage);
        }
        SkyWalkingSpanContext context = parse(sw8, baggage);
        if (context == null) {
            log.debug("Ignoring an sw8 header that is not SkyWalking's format ({} characters)", sw8.length());
            return null;
        }
        long callerSpanId = callerSpanId(context, traceParent, uberTraceId);
        return callerSpanId == 0 ? context : SkyWalkingSpanContext.remote(context.getTraceIdHigh(),
                context.getTraceIdLow(), callerSpanId, context.getFlags(), baggage, context.remoteParent());
    }

    /**
     * The caller's own Jaeger span id when it also sent {@code traceparent} or {@code uber-trace-id}
     * for the same trace (one of our services: all its formats describe one span), else 0.
     */
    private static long callerSpanId(JaegerSpanContext context, String traceParent, String uberTraceId) {
        String traceHex = context.getTraceId();
        try {
            if (traceParent != null) {
                String[] parts = traceParent.trim().split("-");
                if (parts.length >= 4 && parts[1].length() == 32 && parts[2].length() == 16
                        && stripZeros(parts[1]).equals(stripZeros(traceHex))) {
                    return Long.parseUnsignedLong(parts[2], 16);
                }
            }
            if (uberTraceId != null) {
                String[] parts = uberTraceId.trim().split(":");
                if (parts.length == 4 && parts[0].length() <= 32 && parts[1].length() <= 16
                        && stripZeros(parts[0]).equals(stripZeros(traceHex))) {
                    return Long.parseUnsignedLong(parts[1], 16);
                }
            }
        } catch (NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String stripZeros(String hex) {
        int i = 0;
        while (i < hex.length() - 1 && hex.charAt(i) == '0') {
            i++;
        }
        return hex.substring(i).toLowerCase(java.util.Locale.ROOT);
    }

    /** The caller's context, or null when {@code value} is not a well-formed {@code sw8}. */
    static SkyWalkingSpanContext parse(String value, Map<String, String> baggage) {
        if (value == null || value.length() > MAX_HEADER_CHARS) {
            return null;
        }
        String[] parts = value.trim().split("-", -1);
        if (parts.length != 8 || !(parts[0].equals("0") || parts[0].equals("1"))) {
            return null;
        }
        String traceId = unb64(parts[1]);
        String segmentId = unb64(parts[2]);
        int spanId;
        try {
            spanId = Integer.parseInt(parts[3]);
        } catch (NumberFormatException e) {
            return null;
        }
        String service = unb64(parts[4]);
        String instance = unb64(parts[5]);
        String endpoint = unb64(parts[6]);
        String peer = unb64(parts[7]);
        if (traceId == null || segmentId == null || spanId < 0 || service == null || instance == null
                || endpoint == null || peer == null) {
            return null;
        }
        long[] traceIds = jaegerTraceId(traceId);
        long parentId = hash(segmentId + '-' + spanId)[0];
        byte flags = parts[0].equals("1") ? (byte) 1 : (byte) 0;
        SegmentRef caller = new SegmentRef(true, traceId, segmentId, spanId, service, instance, endpoint, peer);
        return SkyWalkingSpanContext.remote(traceIds[0], traceIds[1], parentId == 0 ? 1 : parentId, flags, baggage,
                caller);
    }

    /** {@code [high, low]}: hex ids as they are, anything else hashed; never all zero. */
    static long[] jaegerTraceId(String traceId) {
        try {
            if (traceId.length() == 32 && Hex.isLowerHex(traceId)) {
                long high = Hex.parse(traceId, 0);
                long low = Hex.parse(traceId, 16);
                if (high != 0 || low != 0) {
                    return new long[] {high, low};
                }
            } else if (traceId.length() == 16 && Hex.isLowerHex(traceId)) {
                long low = Hex.parse(traceId, 0);
                if (low != 0) {
                    return new long[] {0, low};
                }
            }
        } catch (NumberFormatException e) {
            // hashed below
        }
        long[] hashed = hash(traceId);
        return hashed[1] == 0 && hashed[0] == 0 ? new long[] {0, 1} : hashed;
    }

    private static long[] hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (digest[i] & 0xff);
                low = (low << 8) | (digest[i + 8] & 0xff);
            }
            return new long[] {high, low};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    static Map<String, String> parseCorrelation(String value) {
        Map<String, String> baggage = new LinkedHashMap<>();
        if (value.length() > MultiFormatCodec.MAX_BAGGAGE_CHARS * 2) {
            return baggage;
        }
        for (String pair : value.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = unb64(pair.substring(0, colon).trim());
            String item = unb64(pair.substring(colon + 1).trim());
            if (key != null && item != null && baggage.size() < MultiFormatCodec.MAX_BAGGAGE_ITEMS) {
                baggage.put(key, item);
            }
        }
        return baggage;
    }

    private static String peer(JaegerSpan span) {
        return span == null ? null : PeerAddress.of(span.getTags());
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? "unknown" : value;
    }

    private static String b64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded text, or null when it is empty, not Base64, too long or holds control characters. */
    private static String unb64(String value) {
        if (value.isEmpty() || value.length() > MAX_FIELD_CHARS * 4 / 3 + 4) {
            return null;
        }
        try {
            String text = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            if (text.isEmpty() || text.length() > MAX_FIELD_CHARS || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return null;
            }
            return text;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "Sw8Codec";
    }
}
