package io.traceandtrace.spring.contract;

import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server span contract for the HTTP servers (Spring MVC, WebFlux): the test apps answer the same paths. */
abstract class HttpServerSpanContract extends ServerSpanContract {

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    HttpResponse<String> get(String path, Map<String, String> headers) {
        return HttpGets.get(port, path, headers);
    }

    @Override
    protected StatusTags status() {
        return StatusTags.HTTP;
    }

    @Override
    protected CapturingExporter reporter() {
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
    protected String callSkipped() {
        assertThat(get("/internal/ping", Map.of()).body()).isEqualTo("pong");
        return "GET /internal";
    }

    @Override
    protected Object thrownStatus() {
        return 500;
    }
}
