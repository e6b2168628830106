package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.spring.webflux.WebFluxAppTest;
import io.traceandtrace.spring.webflux.app.WebFluxTestApplication;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server span contract for the WebFlux filter on Reactor Netty, over real HTTP. */
@WebFluxAppTest
class WebFluxServerSpanContractTest extends HttpServerSpanContract {

    /** The client sends a request the handler never answers, and closes the connection once the handler has it. */
    @Override
    protected String callTimingOut() {
        int before = WebFluxTestApplication.NEVER_ANSWERED.get();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /contract/timeout HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> WebFluxTestApplication.NEVER_ANSWERED.get() > before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "GET /contract/timeout";
    }

    @Override
    protected int leakedScopes() {
        return WebFluxTestApplication.LEAKED_SCOPES.get();
    }

    @Test
    void aRequestNoRouteMatchesIsNamedNotFoundWithoutAnError() {
        assertThat(get("/no/such/orders/42", Map.of()).statusCode()).isEqualTo(404);
        JaegerSpan server = serverSpan("GET NOT_FOUND");
        assertThat(server.getTags()).containsEntry("http.status_code", 404).doesNotContainKey("error")
                .containsEntry("component", "java-spring-webflux");
    }

    @Test
    void theSpanIsTaggedWithItsRouteAndHandler() {
        callOk(Map.of());
        assertThat(serverSpan(okName()).getTags()).containsEntry("http.route", "/contract/ok/{id}")
                .containsEntry("handler.class", "ContractController").containsEntry("handler.method", "ok");
    }

    @Test
    void aRequestTheClientAbandonedHasNoStatus() {
        assertThat(serverSpan(callTimingOut()).getTags()).doesNotContainKey("http.status_code");
    }
}
