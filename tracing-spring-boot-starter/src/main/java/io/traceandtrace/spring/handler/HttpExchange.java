package io.traceandtrace.spring.handler;

import io.traceandtrace.core.sampling.SamplingRequest;

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
}
