package io.traceandtrace.spring.contract;

import io.jaegertracing.internal.JaegerSpan;
import io.opentracing.Tracer;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.FreePorts;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The client span contract for the HTTP clients, plus what only HTTP has: URLs. */
abstract class HttpClientSpanContract extends ClientSpanContract {

    /** How long clients wait for an answer before giving up; the slow endpoint takes 5 s (room for a loaded machine). */
    static final int READ_TIMEOUT_MILLIS = 2_000;

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    @Autowired
    Tracer tracer;

    /** Calls GET {@code url} and returns the body; throws what the client throws. */
    abstract String get(String url);

    static SimpleClientHttpRequestFactory requestFactory() {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setReadTimeout(READ_TIMEOUT_MILLIS);
        return factory;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    private void getExpectingFailure(String url) {
        try {
            get(url);
        } catch (RuntimeException expected) {
            // the adapter rethrows; the span is what is checked
        }
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
    protected Tracer tracer() {
        return tracer;
    }

    @Override
    protected void callOk() {
        assertThat(get(base() + "/contract/ok/1")).isNotBlank();
    }

    @Override
    protected void callFailing() {
        getExpectingFailure(base() + "/server-error");
    }

    @Override
    protected void callUnreachable() {
        getExpectingFailure("http://127.0.0.1:" + FreePorts.next() + "/nothing");
    }

    @Override
    protected void callTimingOut() {
        getExpectingFailure(base() + "/contract/slow");
    }

    @Override
    protected String slowServerName() {
        return "GET /contract/slow";
    }

    @Override
    protected String clientName() {
        return "GET";
    }

    @Override
    protected String serverName() {
        return "GET /contract/ok/{id}";
    }

    @Override
    protected Map<String, String> lastHeadersReceived() {
        return WebTestApplication.LAST_TRACE_HEADERS;
    }

    @Test
    void theUrlTagKeepsNeitherCredentialsNorQuery() {
        getExpectingFailure("http://user:s3cret@127.0.0.1:" + port + "/contract/ok/2?token=abc#frag");
        JaegerSpan client = span("client", clientName());
        assertThat(client.getTags()).containsEntry("http.url", base() + "/contract/ok/2")
                .containsEntry("peer.hostname", "127.0.0.1").containsEntry("peer.port", port);
    }
}
