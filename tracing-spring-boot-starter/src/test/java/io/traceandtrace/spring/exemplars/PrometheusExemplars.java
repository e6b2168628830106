package io.traceandtrace.spring.exemplars;

import io.jaegertracing.internal.JaegerSpan;
import io.traceandtrace.spring.testing.HttpGets;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads /actuator/prometheus in the OpenMetrics format, where exemplars are written. */
final class PrometheusExemplars {

    private PrometheusExemplars() {
    }

    /** The latency histogram's bucket lines of one route. */
    static List<String> bucketsOf(int port, String uri) {
        HttpResponse<String> scrape = HttpGets.get(port, "/actuator/prometheus",
                Map.of("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        return scrape.body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_bucket{") && line.contains("uri=\"" + uri + "\""))
                .toList();
    }

    /** Some bucket of the route's histogram has the span's trace and span ids as its exemplar. */
    static void assertExemplarIs(int port, String uri, JaegerSpan server) {
        assertThat(bucketsOf(port, uri)).anySatisfy(line -> assertThat(line).contains("# {")
                .contains("trace_id=\"" + server.context().toTraceId() + "\"")
                .contains("span_id=\"" + server.context().toSpanId() + "\""));
    }
}
