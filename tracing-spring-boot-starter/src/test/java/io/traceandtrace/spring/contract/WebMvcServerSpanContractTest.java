package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server span contract for the servlet filter and its handler interceptor, over real HTTP. */
@WebContractTest
class WebMvcServerSpanContractTest extends HttpServerSpanContract {

    @Override
    protected String callTimingOut() {
        assertThat(get("/contract/timeout", Map.of()).statusCode()).isEqualTo(503);
        return "GET /contract/timeout";
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
