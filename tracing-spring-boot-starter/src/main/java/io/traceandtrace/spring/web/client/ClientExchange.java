package io.traceandtrace.spring.web.client;

import io.traceandtrace.spring.handler.HttpExchange;
import org.springframework.http.HttpHeaders;

import java.net.URI;

/** An outgoing call of RestTemplate, RestClient or WebClient in the handler's terms. */
final class ClientExchange extends HttpExchange {

    private final String method;
    private final URI uri;
    private final HttpHeaders headers;
    private final Object request;
    private volatile int status;

    ClientExchange(String method, URI uri, HttpHeaders headers, Object request) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.request = request;
    }

    void status(int status) {
        this.status = status;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String url() {
        return uri.toString();
    }

    @Override
    public String path() {
        return uri.getRawPath() == null ? "" : uri.getRawPath();
    }

    @Override
    public String header(String name) {
        return headers.getFirst(name);
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public Object unwrap() {
        return request;
    }
}
