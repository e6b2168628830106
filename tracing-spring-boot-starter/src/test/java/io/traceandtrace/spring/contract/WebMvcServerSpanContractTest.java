package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.tracer.MemoryReporter;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server span contract for the servlet filter and its handler interceptor, over real HTTP. */
@WebContractTest
class WebMvcServerSpanContractTest extends ServerSpanContract {

    @LocalServerPort
    int port;

    @Autowired
    MemoryReporter reporter;

    private final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected MemoryReporter reporter() {
        return reporter;
    }

    @Override
    protected String callOk(Map<String, String> headers) {
        HttpResponse<String> response = get("/contract/ok/1", headers);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Override
    protected String okName() {
        return "GET /contract/ok/{id}";
    }

    @Override
    protected String callFailing() {
        assertThat(get("/server-error", Map.of()).statusCode()).isEqualTo(503);
        return "GET /server-error";
    }

    @Override
    protected String callThrowing() {
        assertThat(get("/fail", Map.of()).statusCode()).isEqualTo(500);
        return "GET /fail";
    }

    @Override
    protected Class<? extends Throwable> thrown() {
        return IllegalStateException.class;
    }

    @Override
    protected String callTimingOut() {
        assertThat(get("/contract/timeout", Map.of()).statusCode()).isEqualTo(503);
        return "GET /contract/timeout";
    }

    @Override
    protected String callSkipped() {
        assertThat(get("/internal/ping", Map.of()).body()).isEqualTo("pong");
        return "GET /internal";
    }

    @Override
    protected String statusTag() {
        return "http.status_code";
    }

    @Override
    protected Object okStatus() {
        return 200;
    }

    @Override
    protected Object failingStatus() {
        return 503;
    }

    @Override
    protected Object thrownStatus() {
        return 500;
    }

    @Override
    protected int leakedScopes() {
        return WebTestApplication.LEAKED_SCOPES.get();
    }

    @Test
    void theAsyncDispatchRunsUnderTheRequestsSpanWithItsIdsInTheMdc() throws Exception {
        HttpResponse<String> response = get("/contract/deferred-ids", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        JaegerSpan server = serverSpan("GET /contract/deferred-ids");
        String id = server.context().toSpanId();
        // the body is written in the async dispatch, on another container thread
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(response.body(), Map.class))
                .isEqualTo(Map.of("active", id, "mdc", id));
    }
}
