package io.traceandtrace.spring.handler;

import io.traceandtrace.core.sampling.SamplingRequest;

import java.net.URI;

/** An HTTP request and its response, as an adapter translates them; read by our defaults and by hooks. */
public abstract non-sealed class HttpExchange extends Exchange {

    /** Tag prefix of the request headers listed in {@code tracing.web.recorded-headers}. */
    public static final String REQUEST_HEADER_TAG_PREFIX = "http.request.header.";

    /** The request method, e.g. {@code GET}. */
    public abstract String method();

    /** The request URL as sent or received; tags get it without user-info, query or fragment. */
    public abstract String url();

    /** The path without query, within the application for a server ({@code /orders/42}). */
    public abstract String path();

    /** A request header, or null. */
    public abstract String header(String name);

    /** The response status, or 0 when there is none (the call failed before a response). */
    public abstract int statusCode();

    /** The route template that matched ({@code /orders/{id}}), or null; servers only. */
    public String route() {
        return null;
    }

    @Override
    final SamplingRequest samplingRequest() {
        return SamplingRequest.http(method(), path());
    }

    /** {@code url} without user-info, query and fragment: what may leave the process. */
    static String safeUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawAuthority() == null) {
                return stripQuery(url);
            }
            StringBuilder out = new StringBuilder();
            if (uri.getScheme() != null) {
                out.append(uri.getScheme()).append("://");
            }
            if (uri.getHost() != null) {
                out.append(uri.getHost());
                if (uri.getPort() >= 0) {
                    out.append(':').append(uri.getPort());
                }
            } else {
                String authority = uri.getRawAuthority();
                out.append(authority.substring(authority.lastIndexOf('@') + 1));
            }
            if (uri.getRawPath() != null) {
                out.append(uri.getRawPath());
            }
            return out.toString();
        } catch (IllegalArgumentException e) {
            String stripped = stripQuery(url);
            int at = stripped.indexOf('@');
            int scheme = stripped.indexOf("://");
            return at > scheme && scheme >= 0 ? stripped.substring(0, scheme + 3) + stripped.substring(at + 1) : stripped;
        }
    }

    private static String stripQuery(String url) {
        int cut = url.indexOf('?');
        if (cut < 0) {
            cut = url.indexOf('#');
        }
        return cut < 0 ? url : url.substring(0, cut);
    }
}
