package io.traceandtrace.spring.web;

import io.opentracing.propagation.TextMap;
import org.springframework.http.HttpHeaders;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A reactive request's headers as the read-only text map that trace codecs extract from. */
record ServerHttpRequestCarrier(HttpHeaders headers) implements TextMap {

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        // every value of a repeated header: W3C combines tracestate headers and rejects two traceparents
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        headers.forEach((name, values) -> {
            for (String value : values) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
            }
        });
        return entries.iterator();
    }

    @Override
    public void put(String key, String value) {
        throw new UnsupportedOperationException("request headers are read-only");
    }
}
