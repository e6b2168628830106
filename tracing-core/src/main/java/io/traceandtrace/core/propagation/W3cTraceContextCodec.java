package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W3C Trace Context: {@code traceparent}, with its sampled and random flags ({@link RandomTraceId}),
 * and {@code tracestate} as Level 2 defines them, read and written as the recommendation says
 * (jaeger-client's own codec takes headers it rejects, turns a random flag into its debug flag and
 * drops {@code tracestate} on child spans).
 *
 * <p>A request with no or more than one {@code traceparent}, or one that does not parse, yields
 * no context, so its {@code tracestate} goes with it. Header names are case-insensitive; every
 * {@code tracestate} header is combined in order ({@link TraceState#combine}), and an invalid
 * combined list is dropped whole while the trace is kept.
 */
final class W3cTraceContextCodec implements Codec<TextMap>, HeaderGate {

    private static final Logger log = LoggerFactory.getLogger(W3cTraceContextCodec.class);

    static final String TRACE_PARENT = "traceparent";
    static final String TRACE_STATE = "tracestate";
    // version "-" trace-id "-" parent-id "-" flags
    private static final int LENGTH = 55;
    // the traceparent flags Level 2 defines
    private static final int SAMPLED = 0x01;
    private static final int RANDOM = 0x02;

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        char[] out = new char[LENGTH];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        Hex.write(context.getTraceIdHigh(), out, 3);
        Hex.write(context.getTraceIdLow(), out, 19);
        out[35] = '-';
        Hex.write(context.getSpanId(), out, 36);
        out[52] = '-';
        out[53] = '0';
        out[54] = Character.forDigit((context.isSampled() ? SAMPLED : 0) | (RandomTraceId.isRandom(context) ? RANDOM : 0), 16);
        carrier.put(TRACE_PARENT, new String(out));
        String traceState = context.getTraceState();
        if (traceState != null && !traceState.isEmpty()) {
            carrier.put(TRACE_STATE, traceState);
        }
    }

    @Override
    public int kind(String name) {
        return name.equals(TRACE_PARENT) ? TRACE : name.equals(TRACE_STATE) ? EXTRA : NONE;
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        String traceParent = null;
        int traceParents = 0;
        List<String> traceStates = null;
        for (Map.Entry<String, String> entry : carrier) {
            String key = entry.getKey();
            if (TRACE_PARENT.equalsIgnoreCase(key)) {
                traceParents++;
                traceParent = entry.getValue();
            } else if (TRACE_STATE.equalsIgnoreCase(key)) {
                if (traceStates == null) {
                    traceStates = new ArrayList<>(2);
                }
                traceStates.add(entry.getValue());
            }
        }
        if (traceParents != 1) {
            if (traceParents > 1) {
                log.debug("Ignoring {} traceparent headers: the specification allows one", traceParents);
            }
            return null;
        }
        JaegerSpanContext context = parseTraceParent(traceParent);
        if (context == null) {
            log.debug("Ignoring a traceparent the specification rejects ({} characters)", traceParent == null ? 0 : traceParent.length());
            return null;
        }
        if (traceStates == null) {
            return context;
        }
        String traceState = TraceState.combine(traceStates);
        if (traceState == null) {
            log.debug("Continuing the traceparent without its tracestate: empty, or rejected by the specification");
            return context;
        }
        return context.withTraceState(traceState);
    }

    /**
     * The context of a {@code traceparent}, or null when the recommendation says to restart the
     * trace. A version above {@code 00} is read by its leading fields; what follows them is ignored.
     */
    static JaegerSpanContext parseTraceParent(String header) {
        if (header == null) {
            return null;
        }
        String value = TraceState.stripOws(header);
        if (value.length() < LENGTH || !Hex.isLowerHex(value, 0, 2) || value.startsWith("ff")) {
            return null;
        }
        if (value.startsWith("00") ? value.length() != LENGTH : value.length() > LENGTH && value.charAt(LENGTH) != '-') {
            return null;
        }
        if (value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-'
                || !Hex.isLowerHex(value, 3, 35) || !Hex.isLowerHex(value, 36, 52) || !Hex.isLowerHex(value, 53, LENGTH)) {
            return null;
        }
        long high = Hex.parse(value, 3);
        long low = Hex.parse(value, 19);
        long spanId = Hex.parse(value, 36);
        if ((high == 0 && low == 0) || spanId == 0) {
            return null;
        }
        // sampled goes to Jaeger's sampled bit; random (Jaeger's debug bit, which forces sampling) to a bit of
        // its own; bits Level 2 does not define are dropped
        int received = Character.digit(value.charAt(54), 16);
        byte flags = (byte) ((received & SAMPLED) | ((received & RANDOM) != 0 ? RandomTraceId.FLAG : 0));
        return new JaegerSpanContext(high, low, spanId, 0, flags);
    }

    @Override
    public String toString() {
        return "W3cTraceContextCodec";
    }
}
