package io.traceandtrace.spring.exemplars;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.core.export.CapturingExporter;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.testing.Spans;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every server's latency histogram shows in /actuator/prometheus: the trace id of a sampled request. */
abstract class ServerExemplarsContract {

    @LocalServerPort
    int port;

    @Autowired
    CapturingExporter reporter;

    /** A path the app answers with 200, and its route template. */
    abstract String okPath();

    abstract String okRoute();

    /** Calls {@code path}, expecting {@code status}, and returns its server span. */
    JaegerSpan call(String path, String route, int status) {
        assertThat(HttpGets.get(port, path, Map.of()).statusCode()).isEqualTo(status);
        return Spans.awaitNamed(reporter, "GET " + route);
    }

    @Test
    void aSampledRequestsTraceIdIsTheExemplarOfItsLatencyBucket() {
        JaegerSpan server = call(okPath(), okRoute(), 200);
        PrometheusExemplars.assertExemplarIs(port, okRoute(), server);
    }
}
