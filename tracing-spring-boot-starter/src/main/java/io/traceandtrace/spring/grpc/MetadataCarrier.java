package io.traceandtrace.spring.grpc;

import io.grpc.Metadata;
import io.traceandtrace.core.propagation.CopiedHeaders;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gRPC {@link Metadata} as the text map that trace codecs read from and write to (ASCII keys only):
 * read once, whatever the number of formats reading it; the keys of the header names written are
 * made once per name.
 */
final class MetadataCarrier implements CopiedHeaders {

    /** Header names written: those of the propagation formats, and baggage keys up to the bound. */
    private static final int MAX_KEYS = 256;
    private static final Map<String, Metadata.Key<String>> KEYS = new ConcurrentHashMap<>();

    private final Metadata metadata;
    private List<Map.Entry<String, String>> entries;

    MetadataCarrier(Metadata metadata) {
        this.metadata = metadata;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        if (entries == null) {
            entries = read(metadata);
        }
        return entries.iterator();
    }

    private static List<Map.Entry<String, String>> read(Metadata metadata) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String name : metadata.keys()) {
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                continue;
            }
            // every value of a repeated key: W3C combines tracestate entries and rejects two traceparents
            Iterable<String> values = metadata.getAll(key(name));
            if (values != null) {
                for (String value : values) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
                }
            }
        }
        return entries;
    }

    private static Metadata.Key<String> key(String name) {
        Metadata.Key<String> key = KEYS.get(name);
        if (key == null) {
            key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
            if (KEYS.size() < MAX_KEYS) {
                KEYS.putIfAbsent(name, key);
            }
        }
        return key;
    }

    @Override
    public void put(String key, String value) {
        Metadata.Key<String> k = key(key);
        metadata.removeAll(k);
        metadata.put(k, value);
        entries = null; // read again after a write
    }
}
