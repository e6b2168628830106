package io.traceandtrace.spring.web.client;

import io.opentracing.Scope;
import io.traceandtrace.spring.handler.CallSpan;
import io.traceandtrace.spring.handler.ClientSpanHandler;
import io.traceandtrace.spring.handler.HttpExchange;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;

/** The RestTemplate / RestClient adapter of {@link ClientSpanHandler}: a client span around each call. */
public class TracingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

    private final ClientSpanHandler<HttpExchange> handler;

    public TracingClientHttpRequestInterceptor(ClientSpanHandler<HttpExchange> handler) {
        this.handler = handler;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        ClientExchange exchange = new ClientExchange(request.getMethod().name(), request.getURI(), request.getHeaders(), request);
        CallSpan<HttpExchange> call = handler.start(exchange);
        call.inject(new HeadersCarrier(request.getHeaders()));
        try (Scope ignored = call.activate()) {
            ClientHttpResponse response = execution.execute(request, body);
            exchange.status(response.getStatusCode().value());
            return response;
        } catch (IOException | RuntimeException | Error e) {
            call.error(e);
            throw e;
        } finally {
            call.finish();
        }
    }
}
