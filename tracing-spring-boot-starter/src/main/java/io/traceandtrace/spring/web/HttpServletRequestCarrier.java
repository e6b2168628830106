package io.traceandtrace.spring.web;

import io.opentracing.propagation.TextMap;
import jakarta.servlet.http.HttpServletRequest;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Map;

/** The request's headers as the read-only text map that trace codecs extract from. */
final class HttpServletRequestCarrier implements TextMap {

    private final HttpServletRequest request;

    HttpServletRequestCarrier(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        Enumeration<String> names = request.getHeaderNames();
        if (names == null) {
            return Collections.emptyIterator();
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return names.hasMoreElements();
            }

            @Override
            public Map.Entry<String, String> next() {
                String name = names.nextElement();
                return new AbstractMap.SimpleImmutableEntry<>(name, request.getHeader(name));
            }
        };
    }

    @Override
    public void put(String key, String value) {
        throw new UnsupportedOperationException("request headers are read-only");
    }
}
