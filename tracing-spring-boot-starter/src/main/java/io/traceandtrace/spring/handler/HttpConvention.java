package io.traceandtrace.spring.handler;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import io.traceandtrace.core.export.SafeUrl;
import io.traceandtrace.spring.ErrorLogs;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Our HTTP names and tags. Server spans are named by route template ({@code GET /orders/{id}}) or,
 * when no route matched, by a fixed word, never the raw path; client spans by the method.
 */
final class HttpConvention extends Convention<HttpExchange> {

    private final boolean server;
    private final String component;
    private final List<String> recordedHeaders;

    private HttpConvention(boolean server, String component, List<String> recordedHeaders,
                           List<BiConsumer<HttpExchange, SpanCustomizer>> hooks) {
        super(hooks);
        this.server = server;
        this.component = component;
        this.recordedHeaders = List.copyOf(recordedHeaders);
    }

    static HttpConvention server(String component, List<String> recordedHeaders, List<HttpServerSpanCustomizer> hooks) {
        return new HttpConvention(true, component, recordedHeaders,
                hooks.stream().<BiConsumer<HttpExchange, SpanCustomizer>>map(h -> h::customize).toList());
    }

    static HttpConvention client(String component, List<HttpClientSpanCustomizer> hooks) {
        return new HttpConvention(false, component, List.of(),
                hooks.stream().<BiConsumer<HttpExchange, SpanCustomizer>>map(h -> h::customize).toList());
    }

    @Override
    String name(HttpExchange exchange) {
        return exchange.method();
    }

    @Override
    void onStart(HttpExchange exchange, Span span) {
        span.setTag(Tags.COMPONENT, component);
        span.setTag(Tags.HTTP_METHOD, exchange.method());
        span.setTag(Tags.HTTP_URL, safeUrl(exchange.url()));
        if (server) {
            for (String header : recordedHeaders) {
                String value = exchange.header(header);
                if (value != null) {
                    span.setTag(HttpExchange.REQUEST_HEADER_TAG_PREFIX + header.toLowerCase(Locale.ROOT), value);
                }
            }
        } else {
            try {
                URI uri = URI.create(exchange.url());
                if (uri.getHost() != null) {
                    Tags.PEER_HOSTNAME.set(span, uri.getHost());
                }
                if (uri.getPort() > 0) {
                    Tags.PEER_PORT.set(span, uri.getPort());
                }
            } catch (IllegalArgumentException e) {
                // not a URI: no peer tags
            }
        }
    }

    @Override
    void onFinish(HttpExchange exchange, Span span) {
        int status = exchange.statusCode();
        if (server) {
            String route = exchange.route();
            span.setOperationName(OperationNames.of(exchange.method(), route != null ? route : unmatchedName(status)));
            if (route != null) {
                span.setTag("http.route", route);
            }
        }
        if (status > 0) {
            Tags.HTTP_STATUS.set(span, status);
        }
        if (exchange.error() != null) {
            ErrorLogs.logError(span, exchange.error());
        } else if (status >= 500) {
            Tags.ERROR.set(span, true);
        }
    }

    /** A server's own request URL has no credentials, query or fragment to cut: not parsed then. */
    private static String safeUrl(String url) {
        return url.indexOf('@') < 0 && url.indexOf('?') < 0 && url.indexOf('#') < 0 ? url : SafeUrl.of(url);
    }

    /** A fixed word for requests no handler matched, so raw paths never become span names. */
    static String unmatchedName(int status) {
        if (status == 404) {
            return "NOT_FOUND";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return "UNMATCHED";
    }
}
