package io.traceandtrace.spring.exemplars;

import io.traceandtrace.spring.testing.CapturedSpans;
import io.traceandtrace.spring.webflux.app.WebFluxTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** WebFlux's request latency histogram in /actuator/prometheus carries our trace id as an exemplar. */
@SpringBootTest(classes = {WebFluxTestApplication.class, CapturedSpans.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.web-application-type=reactive",
                "tracing.sampler.type=const", "tracing.sampler.param=1",
                "management.endpoints.web.exposure.include=prometheus",
                "management.metrics.distribution.percentiles-histogram.http.server.requests=true",
                "management.prometheus.metrics.export.enabled=true", // @SpringBootTest turns metrics export off
                "spring.application.name=exemplars-webflux", "grpc.server.port=-1"})
class WebFluxExemplarsTest extends ServerExemplarsContract {

    @Override
    String okPath() {
        return "/contract/ok/3";
    }

    @Override
    String okRoute() {
        return "/contract/ok/{id}";
    }

    @Test
    void soIsTheTraceIdOfARequestThatEndsOnAnotherThread() {
        PrometheusExemplars.assertExemplarIs(port, "/reactive/hop", call("/reactive/hop", "/reactive/hop", 200));
    }
}
