package io.traceandtrace.core.propagation;

import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.spi.Codec;
import io.opentracing.propagation.TextMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a context in any of the configured formats and writes it in all of them.
 *
 * <p>Extraction takes the first context that carries a trace; a header that fails to parse is
 * skipped with one debug line, never thrown to the caller.
 */
public final class MultiFormatCodec implements Codec<TextMap> {

    private static final Logger log = LoggerFactory.getLogger(MultiFormatCodec.class);

    /** Baggage items taken from one caller at most; the rest are dropped. */
    public static final int MAX_BAGGAGE_ITEMS = 64;
    /** Characters of baggage (keys and values) taken from one caller at most. */
    public static final int MAX_BAGGAGE_CHARS = 8192;

    private final List<Codec<TextMap>> injectors;
    private final List<Codec<TextMap>> extractors;

    private MultiFormatCodec(List<Codec<TextMap>> injectors, List<Codec<TextMap>> extractors) {
        this.injectors = List.copyOf(injectors);
        this.extractors = List.copyOf(extractors);
    }

    /**
     * @param formats     the formats, in the order extraction tries them
     * @param urlEncoding whether Jaeger baggage values are URL-encoded (true for HTTP headers)
     */
    public static MultiFormatCodec of(List<PropagationFormat> formats, boolean urlEncoding) {
        List<Codec<TextMap>> injectors = new ArrayList<>();
        List<Codec<TextMap>> extractors = new ArrayList<>();
        for (PropagationFormat format : formats) {
            List<Codec<TextMap>> codecs = format.codecs(urlEncoding);
            injectors.add(codecs.get(0));
            extractors.addAll(codecs);
        }
        return new MultiFormatCodec(injectors, extractors);
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
        TextMap headers = extractors.size() > 1 ? snapshot(carrier) : carrier;
        JaegerSpanContext baggageOnly = null;
        for (Codec<TextMap> codec : extractors) {
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
            if (context.getTraceIdLow() != 0 || context.getTraceIdHigh() != 0) {
                return boundBaggage(context);
            }
            if (baggageOnly == null) {
                baggageOnly = context;
            }
        }
        return baggageOnly == null ? null : boundBaggage(baggageOnly);
    }

    private static TextMap snapshot(TextMap carrier) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (Map.Entry<String, String> entry : carrier) {
            entries.add(entry);
        }
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

    /** A caller cannot make us carry (and forward) more than the baggage limits. */
    static JaegerSpanContext boundBaggage(JaegerSpanContext context) {
        if (context.baggageCount() == 0) {
            return context;
        }
        int chars = 0;
        for (Map.Entry<String, String> item : context.baggageItems()) {
            chars += item.getKey().length() + (item.getValue() == null ? 0 : item.getValue().length());
        }
        if (context.baggageCount() <= MAX_BAGGAGE_ITEMS && chars <= MAX_BAGGAGE_CHARS) {
            return context;
        }
        Map<String, String> kept = new LinkedHashMap<>();
        int keptChars = 0;
        for (Map.Entry<String, String> item : context.baggageItems()) {
            int size = item.getKey().length() + (item.getValue() == null ? 0 : item.getValue().length());
            if (kept.size() < MAX_BAGGAGE_ITEMS && keptChars + size <= MAX_BAGGAGE_CHARS) {
                kept.put(item.getKey(), item.getValue());
                keptChars += size;
            }
        }
        log.debug("Dropped {} of {} baggage items from a caller ({} characters; limits {} items, {} characters)",
                context.baggageCount() - kept.size(), context.baggageCount(), chars, MAX_BAGGAGE_ITEMS, MAX_BAGGAGE_CHARS);
        return context.withBaggage(kept);
    }

    @Override
    public String toString() {
        return "MultiFormatCodec" + extractors;
    }
}
