package io.traceandtrace.spring.exemplars;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.traceandtrace.spring.testing.HttpGets;
import io.traceandtrace.spring.web.app.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Spring MVC's request latency histogram in /actuator/prometheus carries our trace id as an exemplar. */
@SpringBootTest(classes = {WebTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracing.sampler.type=const", "tracing.sampler.param=1",
                "tracing.sampler.rules[0].path=/advised/**", "tracing.sampler.rules[0].type=const", "tracing.sampler.rules[0].param=0",
                "management.endpoints.web.exposure.include=prometheus",
                "management.metrics.distribution.percentiles-histogram.http.server.requests=true",
                "management.prometheus.metrics.export.enabled=true", // @SpringBootTest turns metrics export off
                "spring.application.name=exemplars-mvc", "grpc.server.port=-1"})
class WebMvcExemplarsTest extends ServerExemplarsContract {

    @Override
    String okPath() {
        return "/orders/7";
    }

    @Override
    String okRoute() {
        return "/orders/{id}";
    }

    @Test
    void anUnsampledRequestIsNobodysExemplar() {
        assertThat(HttpGets.get(port, "/advised/1", Map.of()).statusCode()).isEqualTo(409);
        assertThat(PrometheusExemplars.bucketsOf(port, "/advised/{id}")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain("trace_id"));
    }
}
