package io.traceandtrace.spring.web.client;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.opentracing.tag.Tags;
import org.springframework.http.HttpHeaders;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;

/** The life cycle of an outgoing HTTP call's span, shared by the RestTemplate/RestClient and WebClient adapters. */
final class HttpClientSpans {

    static final String COMPONENT = "spring-http-client";

    private final Tracer tracer;

    HttpClientSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A client span, child of the active span, whose context is written into {@code headers}. */
    Span start(String method, URI uri, HttpHeaders headers) {
        Span span = tracer.buildSpan(method)
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT)
                .withTag(Tags.COMPONENT, COMPONENT)
                .withTag(Tags.HTTP_METHOD, method)
                .withTag(Tags.HTTP_URL, withoutQuery(uri))
                .start();
        if (uri.getHost() != null) {
            Tags.PEER_HOSTNAME.set(span, uri.getHost());
        }
        if (uri.getPort() > 0) {
            Tags.PEER_PORT.set(span, uri.getPort());
        }
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new HeadersCarrier(headers));
        return span;
    }

    static void finish(Span span, int status, Throwable error) {
        if (status > 0) {
            Tags.HTTP_STATUS.set(span, status);
        }
        if (error != null) {
            io.traceandtrace.spring.ErrorLogs.logError(span, error);
        } else if (status >= 500) {
            Tags.ERROR.set(span, true);
        }
        span.finish();
    }

    static String withoutQuery(URI uri) {
        String s = uri.toString();
        int cut = s.indexOf('?');
        if (cut < 0) {
            cut = s.indexOf('#');
        }
        return cut < 0 ? s : s.substring(0, cut);
    }

    private record HeadersCarrier(HttpHeaders headers) implements TextMap {
        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            throw new UnsupportedOperationException("write-only carrier");
        }

        @Override
        public void put(String key, String value) {
            headers.set(key, value);
        }
    }
}
