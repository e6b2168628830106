package io.traceandtrace.spring.web;

import io.traceandtrace.core.propagation.CopiedHeaders;
import jakarta.servlet.http.HttpServletRequest;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The request's headers as the read-only text map that trace codecs extract from: read from the
 * request once, whatever the number of formats reading them.
 */
final class HttpServletRequestCarrier implements CopiedHeaders {

    private final HttpServletRequest request;
    private List<Map.Entry<String, String>> entries;

    HttpServletRequestCarrier(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        if (entries == null) {
            entries = read(request);
        }
        return entries.iterator();
    }

    private static List<Map.Entry<String, String>> read(HttpServletRequest request) {
        Enumeration<String> names = request.getHeaderNames();
        if (names == null) {
            return Collections.emptyList();
        }
        // every value of a repeated header: W3C combines tracestate headers and rejects two traceparents
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(name, values.nextElement()));
            }
        }
        return entries;
    }

    @Override
    public void put(String key, String value) {
        throw new UnsupportedOperationException("request headers are read-only");
    }
}
