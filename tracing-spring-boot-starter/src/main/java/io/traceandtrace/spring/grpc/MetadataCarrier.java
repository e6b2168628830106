package io.traceandtrace.spring.grpc;

import io.grpc.Metadata;
import io.opentracing.propagation.TextMap;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** gRPC {@link Metadata} as the text map that trace codecs read from and write to (ASCII keys only). */
final class MetadataCarrier implements TextMap {

    private final Metadata metadata;

    MetadataCarrier(Metadata metadata) {
        this.metadata = metadata;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (String name : metadata.keys()) {
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                continue;
            }
            // every value of a repeated key: W3C combines tracestate entries and rejects two traceparents
            Iterable<String> values = metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
            if (values != null) {
                for (String value : values) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
                }
            }
        }
        return entries.iterator();
    }

    @Override
    public void put(String key, String value) {
        Metadata.Key<String> k = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
        metadata.removeAll(k);
        metadata.put(k, value);
    }
}
