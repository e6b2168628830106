package io.traceandtrace.spring.web.client;

import io.opentracing.propagation.TextMap;
import org.springframework.http.HttpHeaders;

import java.util.Iterator;
import java.util.Map;

/** Outgoing request headers as the text map trace codecs write into. */
record HeadersCarrier(HttpHeaders headers) implements TextMap {

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        throw new UnsupportedOperationException("write-only carrier");
    }

    @Override
    public void put(String key, String value) {
        headers.set(key, value);
    }
}
