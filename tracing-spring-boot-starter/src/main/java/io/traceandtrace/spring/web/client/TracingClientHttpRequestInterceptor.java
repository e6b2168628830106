package io.traceandtrace.spring.web.client;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;

/** A client span around each RestTemplate / RestClient call, its context sent in the request headers. */
public class TracingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

    private final Tracer tracer;
    private final HttpClientSpans spans;

    public TracingClientHttpRequestInterceptor(Tracer tracer) {
        this.tracer = tracer;
        this.spans = new HttpClientSpans(tracer);
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        Span span = spans.start(request.getMethod().name(), request.getURI(), request.getHeaders());
        try (Scope ignored = tracer.activateSpan(span)) {
            ClientHttpResponse response = execution.execute(request, body);
            HttpClientSpans.finish(span, response.getStatusCode().value(), null);
            return response;
        } catch (IOException | RuntimeException e) {
            HttpClientSpans.finish(span, 0, e);
            throw e;
        }
    }
}
