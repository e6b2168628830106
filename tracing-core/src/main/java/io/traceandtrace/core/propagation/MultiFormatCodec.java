package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a context in any of the configured formats and writes it in all of them.
 *
 * <p>Extraction takes the trace from the first format, in the configured order, whose headers
 * carry a valid one; the baggage from every format (for a key sent in more than one format, the
 * value of the format listed first wins), so a trace from {@code traceparent} keeps the baggage of
 * {@code uberctx-*}; and W3C {@code tracestate} when it came with that same trace. A header that
 * fails to parse is skipped with one debug line, never thrown to the caller, and costs the other
 * headers nothing.
 *
 * <p>The headers are read once to see which formats have any (by {@link HeaderGate}); a format runs
 * only when it has headers, and once a trace is found, only when its headers add to it (baggage,
 * trace state): a caller that sends its trace in three formats costs one parse, not three.
 */
public final class MultiFormatCodec implements Codec<TextMap> {

    private static final Logger log = LoggerFactory.getLogger(MultiFormatCodec.class);

    /** Baggage items taken from one caller at most; the rest are dropped. */
    public static final int MAX_BAGGAGE_ITEMS = 64;
    /** Characters of baggage (keys and values) taken from one caller at most. */
    public static final int MAX_BAGGAGE_CHARS = 8192;

    private final List<Codec<TextMap>> injectors;
    private final List<Codec<TextMap>> extractors;
    // extractors.get(i)'s gate, or null: that one always runs
    private final HeaderGate[] gates;
    private final boolean gated;

    private MultiFormatCodec(List<Codec<TextMap>> injectors, List<Codec<TextMap>> extractors, boolean gated) {
        this.injectors = List.copyOf(injectors);
        this.extractors = List.copyOf(extractors);
        if (this.extractors.size() > Long.SIZE) {
            throw new IllegalArgumentException("at most " + Long.SIZE + " extractors, got " + this.extractors.size());
        }
        this.gates = new HeaderGate[this.extractors.size()];
        for (int i = 0; i < gates.length; i++) {
            gates[i] = this.extractors.get(i) instanceof HeaderGate gate ? gate : null;
        }
        this.gated = gated;
    }

    /**
     * @param formats     the formats, in the order extraction tries them
     * @param urlEncoding whether Jaeger baggage values are URL-encoded (true for HTTP headers)
     */
    public static MultiFormatCodec of(List<PropagationFormat> formats, boolean urlEncoding) {
        return of(formats, urlEncoding, true);
    }

    /** @param gated false: every format reads every carrier (what the gates must not change, in tests) */
    static MultiFormatCodec of(List<PropagationFormat> formats, boolean urlEncoding, boolean gated) {
        List<Codec<TextMap>> injectors = new ArrayList<>();
        List<Codec<TextMap>> extractors = new ArrayList<>();
        for (PropagationFormat format : formats) {
            injectors.addAll(format.injectors(urlEncoding));
            extractors.addAll(format.extractors(urlEncoding));
        }
        return new MultiFormatCodec(injectors, extractors, gated);
    }

    @Override
    public void inject(JaegerSpanContext context, TextMap carrier) {
        for (Codec<TextMap> codec : injectors) {
            codec.inject(context, carrier);
        }
    }

    @Override
    public JaegerSpanContext extract(TextMap carrier) {
        // each format iterates the carrier: read its headers or metadata once, whatever kind it is
        TextMap headers = extractors.size() > 1 && !(carrier instanceof CopiedHeaders) ? snapshot(carrier) : carrier;
        // bit i: extractor i has a header naming a trace / adding to one
        long traceHeaders = 0;
        long extraHeaders = 0;
        if (gated) {
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey() == null) {
                    continue;
                }
                String name = lowerCase(header.getKey());
                for (int i = 0; i < gates.length; i++) {
                    int kind = gates[i] == null ? HeaderGate.NONE : gates[i].kind(name);
                    if (kind == HeaderGate.TRACE) {
                        traceHeaders |= 1L << i;
                    } else if (kind == HeaderGate.EXTRA) {
                        extraHeaders |= 1L << i;
                    }
                }
            }
        }
        JaegerSpanContext first = null;
        List<JaegerSpanContext> found = null;
        boolean traceFound = false;
        for (int i = 0; i < extractors.size(); i++) {
            Codec<TextMap> codec = extractors.get(i);
            if (gated && gates[i] != null && (extraHeaders & 1L << i) == 0
                    && (traceFound || (traceHeaders & 1L << i) == 0)) {
                continue; // nothing to read, or only a trace when one was found
            }
            JaegerSpanContext context;
            try {
                context = codec.extract(headers);
            } catch (RuntimeException e) {
                log.debug("Ignoring a trace header {} could not read: {}", codec, e.toString());
                continue;
            }
            if (context == null) {
                continue;
            }
            traceFound |= hasTrace(context);
            if (first == null) {
                first = context;
            } else {
                if (found == null) {
                    found = new ArrayList<>(4);
                    found.add(first);
                }
                found.add(context);
            }
        }
        if (found == null) {
            return first == null ? null : boundBaggage(first);
        }
        return merge(found);
    }

    /** One context from what several formats found, each in the configured order. */
    static JaegerSpanContext merge(List<JaegerSpanContext> found) {
        JaegerSpanContext trace = null;
        for (JaegerSpanContext context : found) {
            if (hasTrace(context)) {
                trace = context;
                break;
            }
        }
        String traceState = null;
        if (trace != null) {
            for (JaegerSpanContext context : found) {
                if (context.getTraceState() != null && hasTrace(context)
                        && context.getTraceIdHigh() == trace.getTraceIdHigh()
                        && context.getTraceIdLow() == trace.getTraceIdLow()) {
                    traceState = context.getTraceState();
                    break;
                }
            }
        }
        JaegerSpanContext base = trace != null ? trace : found.get(0);
        boolean otherBaggage = false;
        for (JaegerSpanContext context : found) {
            otherBaggage |= context != base && context.baggageCount() > 0;
        }
        if (!otherBaggage && Objects.equals(traceState, base.getTraceState())) {
            return boundBaggage(base); // the other formats only repeated the same trace
        }
        Map<String, String> baggage = new LinkedHashMap<>();
        for (JaegerSpanContext context : found) {
            for (Map.Entry<String, String> item : context.baggageItems()) {
                baggage.putIfAbsent(item.getKey(), item.getValue());
            }
        }
        JaegerSpanContext merged = base.withBaggage(bounded(baggage, baggage.size()));
        return traceState == null ? merged : merged.withTraceState(traceState);
    }

    /** The name itself when it has no upper-case ASCII letter (gRPC's and HTTP/2's never do), else its lower case. */
    static String lowerCase(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    private static boolean hasTrace(JaegerSpanContext context) {
        return context.getTraceIdLow() != 0 || context.getTraceIdHigh() != 0;
    }

    private static TextMap snapshot(TextMap carrier) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (Map.Entry<String, String> entry : carrier) {
            entries.add(entry);
        }
        return JaegerHeadersCodec.readOnly(entries);
    }

    /** A caller cannot make us carry (and forward) more than the baggage limits. */
    static JaegerSpanContext boundBaggage(JaegerSpanContext context) {
        if (context.baggageCount() == 0) {
            return context;
        }
        Map<String, String> items = new LinkedHashMap<>();
        for (Map.Entry<String, String> item : context.baggageItems()) {
            items.put(item.getKey(), item.getValue());
        }
        Map<String, String> kept = bounded(items, context.baggageCount());
        if (kept == items) {
            return context;
        }
        // withBaggage makes a new context without the trace state: put it back
        JaegerSpanContext bounded = context.withBaggage(kept);
        return context.getTraceState() == null ? bounded : bounded.withTraceState(context.getTraceState());
    }

    /** {@code items} itself when within the limits, else the items that fit, in order. */
    private static Map<String, String> bounded(Map<String, String> items, int count) {
        int chars = 0;
        for (Map.Entry<String, String> item : items.entrySet()) {
            chars += size(item);
        }
        if (count <= MAX_BAGGAGE_ITEMS && chars <= MAX_BAGGAGE_CHARS) {
            return items;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        int keptChars = 0;
        for (Map.Entry<String, String> item : items.entrySet()) {
            int size = size(item);
            if (kept.size() < MAX_BAGGAGE_ITEMS && keptChars + size <= MAX_BAGGAGE_CHARS) {
                kept.put(item.getKey(), item.getValue());
                keptChars += size;
            }
        }
        log.debug("Dropped {} of {} baggage items from a caller ({} characters; limits {} items, {} characters)",
                count - kept.size(), count, chars, MAX_BAGGAGE_ITEMS, MAX_BAGGAGE_CHARS);
        return kept;
    }

    private static int size(Map.Entry<String, String> item) {
        return item.getKey().length() + (item.getValue() == null ? 0 : item.getValue().length());
    }

    @Override
    public String toString() {
        return "MultiFormatCodec" + extractors;
    }
}
